#!/usr/bin/env python3
"""Train a small CNN teacher in PyTorch and save it as TorchScript for Prunescope.

The module takes N x C x H x W float images normalised with transforms.Normalize(MEAN, STD) of
pixels in [0, 1], returns N x classes logits, and exports features(x) (the penultimate embedding),
which Prunescope's embedding-based pruning methods read. Import it with

    "teacher": {"file": "teacher.pt", "input": {"mean": [0.2860], "std": [0.3530]}}

or check it first with `prunescope-cli teacher check teacher.pt --mean 0.2860 --std 0.3530`.

--reference-logits writes the module's logits for the first --count training images (.npy), to
compare with `prunescope-cli teacher check ... --logits ours.npy --count N`.
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
from torch import nn

MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST's training-set pixel statistics, in [0, 1] units


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit(f"{folder}: no {stem}[.gz]")


class Teacher(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU())
        self.head = nn.Linear(128, classes)

    @torch.jit.export
    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.body(x))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default="teacher.pt")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--classes", type=int, default=10, help="output width (another value makes a teacher Prunescope must refuse)")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--reference-logits", help="write logits of the first --count training images (.npy)")
    p.add_argument("--count", type=int, default=256)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    x = torch.from_numpy(read_idx(find(a.dataset, "train-images-idx3-ubyte")).copy()).unsqueeze(1)
    y = torch.from_numpy(read_idx(find(a.dataset, "train-labels-idx1-ubyte")).astype(np.int64))
    xt = torch.from_numpy(read_idx(find(a.dataset, "t10k-images-idx3-ubyte")).copy()).unsqueeze(1)
    yt = torch.from_numpy(read_idx(find(a.dataset, "t10k-labels-idx1-ubyte")).astype(np.int64))
    norm = lambda u8: (u8.float() / 255.0 - MEAN) / STD

    model = Teacher(a.classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    start = time.time()
    for epoch in range(a.epochs):
        model.train()
        for idx in torch.randperm(len(y)).split(128):
            loss = nn.functional.cross_entropy(model(norm(x[idx])), y[idx] % a.classes)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = sum((model(norm(xt[i:i + 1000])).argmax(1) == yt[i:i + 1000]).sum().item()
                      for i in range(0, len(yt), 1000)) / len(yt)
        print(f"epoch {epoch + 1}: test accuracy {100 * acc:.2f} % ({time.time() - start:.0f} s)")

    model.eval()
    scripted = torch.jit.script(model)
    torch.jit.save(scripted, a.out)
    print(f"saved {a.out} (TorchScript; input: transforms.Normalize(mean={MEAN}, std={STD}) of [0, 1] pixels)")
    if a.reference_logits:
        with torch.no_grad():
            logits = torch.jit.load(a.out)(norm(x[:a.count])).numpy().astype(np.float32)
        np.save(a.reference_logits, logits)
        print(f"logits of training images 0..{a.count - 1} written to {a.reference_logits}")


if __name__ == "__main__":
    main()
