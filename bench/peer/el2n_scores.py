#!/usr/bin/python3
"""EL2N scores of Fashion-MNIST computed independently in PyTorch, for cross-checking Prunescope.

K proxies (the small CNN) are trained on the full training set with the recipe of
resources/presets/fashion-mnist-el2n-kd.json (batch 128, SGD momentum 0.9 Nesterov, weight decay
5e-4, one-cycle to 0.1 over the given steps as torch.optim.lr_scheduler.OneCycleLR without momentum
cycling, random crop with 2-pixel zero padding and horizontal flips, inputs standardised by the
training mean and std). EL2N = ||softmax(f(x)) - onehot(y)||_2 in eval mode on the unaugmented
images, averaged over the proxies. Writes a 1-D float64 .npy that `"method": "file"` imports.

  /usr/bin/python3 bench/peer/el2n_scores.py --out el2n-pytorch.npy [--proxies 3 --steps 900]
"""
import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F

from train_smallcnn import SmallCnn, augment, read_idx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--proxies", type=int, default=3)
    p.add_argument("--steps", type=int, default=900)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    images = torch.from_numpy(read_idx(f"{a.dataset}/train-images-idx3-ubyte.gz", 16).copy()).view(-1, 1, 28, 28)
    labels = torch.from_numpy(read_idx(f"{a.dataset}/train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    pixels = images.double() / 255
    mean, std = pixels.mean().item(), pixels.std(unbiased=False).item()
    scale, shift = 1.0 / (255 * std), -mean / std
    n = labels.shape[0]
    total = torch.zeros(n, dtype=torch.float64)
    start = time.perf_counter()
    for k in range(a.proxies):
        torch.manual_seed(1000 * a.seed + k)
        generator = torch.Generator().manual_seed(1000 * a.seed + k)
        model = SmallCnn()
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=a.steps, pct_start=0.3,
                                                    div_factor=25, final_div_factor=1e4, cycle_momentum=False)
        model.train()
        order, position = None, n
        for _ in range(a.steps):
            if position >= n:
                order, position = torch.randperm(n, generator=generator), 0
            index = order[position:position + 128]
            position += index.shape[0]
            x = augment(images.index_select(0, index), 2, 1, generator, torch.device("cpu"))
            loss = F.cross_entropy(model(x.float() * scale + shift), labels.index_select(0, index))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            parts = []
            for s in range(0, n, 1000):
                z = model(images[s:s + 1000].float() * scale + shift)
                p_ = F.softmax(z, 1)
                parts.append((p_ - F.one_hot(labels[s:s + 1000], 10).float()).norm(dim=1).double())
            total += torch.cat(parts)
        print(f"proxy {k + 1}/{a.proxies} done at {time.perf_counter() - start:.1f} s", flush=True)
    np.save(a.out, (total / a.proxies).numpy())
    print(f"wrote {a.out}: EL2N of {n} samples from {a.proxies} proxies x {a.steps} steps "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
