#!/usr/bin/python3
"""PyTorch peer of a whole Prunescope sweep (resources/presets/fashion-mnist-el2n-kd.json run for
EL2N and for random): a competent script that trains the teacher once and the EL2N proxies once,
then every student of methods x kept fractions x alphas x seeds, with the same recipe as the spec
(small CNN, SGD momentum 0.9 Nesterov, weight decay 5e-4, one-cycle learning rate without momentum
cycling, batch 128, random crop with padding 2 and flips, KD (1 - a) CE + a tau^2 KL at tau 4 with
the frozen teacher run on every augmented batch under inference mode). Prints the mean and sample
standard deviation of test accuracy per cell and the wall time; --json writes them.
The spec's numbers are read from the preset so both sides run the same grid.
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

from train_smallcnn import SmallCnn, augment, read_idx


def load(dataset):
    split = {}
    for name, prefix in (("train", "train"), ("test", "t10k")):
        x = torch.from_numpy(read_idx(f"{dataset}/{prefix}-images-idx3-ubyte.gz", 16).copy()).view(-1, 1, 28, 28)
        y = torch.from_numpy(read_idx(f"{dataset}/{prefix}-labels-idx1-ubyte.gz", 8).astype(np.int64))
        split[name] = (x, y)
    pixels = split["train"][0].double() / 255
    mean, std = pixels.mean().item(), pixels.std(unbiased=False).item()
    return split, 1.0 / (255 * std), -mean / std


def train(indices, steps, recipe, seed, images, labels, scale, shift, teacher=None, alpha=0.0, tau=4.0):
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = SmallCnn()
    opt = torch.optim.SGD(model.parameters(), lr=recipe["lr"], momentum=recipe["momentum"],
                          nesterov=recipe["nesterov"], weight_decay=recipe["weight_decay"])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=recipe["lr"], total_steps=steps, pct_start=0.3,
                                                div_factor=25, final_div_factor=1e4, cycle_momentum=False)
    batch, n = recipe["batch_size"], indices.shape[0]
    model.train()
    order, position = None, n
    for _ in range(steps):
        if position >= n:
            order, position = indices[torch.randperm(n, generator=generator)], 0
        index = order[position:position + batch]
        position += index.shape[0]
        x = augment(images.index_select(0, index), recipe["crop_padding"], int(recipe["flip"]), generator,
                    torch.device("cpu")).float() * scale + shift
        y = labels.index_select(0, index)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        if teacher is not None and alpha > 0:
            with torch.inference_mode():
                t = teacher(x)
            kd = F.kl_div(F.log_softmax(logits / tau, 1), F.softmax(t.clone() / tau, 1), reduction="batchmean")
            loss = (1 - alpha) * loss + alpha * tau * tau * kd
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    model.eval()
    return model


def predict(model, images, scale, shift):
    with torch.inference_mode():
        return torch.cat([model(images[s:s + 1000].float() * scale + shift) for s in range(0, images.shape[0], 1000)])


def steps_of(recipe, n):
    if "steps" in recipe:
        return recipe["steps"]
    return recipe["epochs"] * math.ceil(n / recipe["batch_size"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spec", default="resources/presets/fashion-mnist-el2n-kd.json")
    p.add_argument("--methods", default="el2n,random")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--json", default="")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    spec = json.load(open(a.spec))
    start = time.perf_counter()
    split, scale, shift = load(spec["dataset"]["path"])
    (images, labels), (test_x, test_y) = split["train"], split["test"]
    n = labels.shape[0]
    t_recipe, s_recipe = spec["teacher"]["train"], spec["student"]["train"]
    p_recipe = spec["pruning"]["proxy"]["train"]
    teacher = train(torch.arange(n), steps_of(t_recipe, n), t_recipe, 7, images, labels, scale, shift)
    t_acc = (predict(teacher, test_x, scale, shift).argmax(1) == test_y).double().mean().item()
    print(f"teacher {100 * t_acc:.2f} % at {time.perf_counter() - start:.0f} s", flush=True)
    proxies = spec["pruning"]["settings"]["proxies"]
    el2n = torch.zeros(n, dtype=torch.float64)
    for k in range(proxies):
        proxy = train(torch.arange(n), steps_of(p_recipe, n), p_recipe, 1000 + k, images, labels, scale, shift)
        prob = F.softmax(predict(proxy, images, scale, shift), 1)
        el2n += (prob - F.one_hot(labels, 10).float()).norm(dim=1).double() / proxies
    print(f"el2n of {n} samples from {proxies} proxies at {time.perf_counter() - start:.0f} s", flush=True)
    cells = {}
    for method in a.methods.split(","):
        for f in spec["pruning"]["fractions"]:
            kept_n = round(f * n)
            for alpha in spec["distillation"]["alphas"]:
                for seed in spec["seeds"]:
                    if method == "el2n":
                        kept = torch.argsort(el2n, descending=True)[:kept_n]
                    else:
                        kept = torch.randperm(n, generator=torch.Generator().manual_seed(seed))[:kept_n]
                    student = train(kept, steps_of(s_recipe, kept_n), s_recipe, 100 + seed, images, labels, scale,
                                    shift, teacher, alpha, spec["distillation"]["tau"])
                    acc = (predict(student, test_x, scale, shift).argmax(1) == test_y).double().mean().item()
                    cells.setdefault(f"{method} f={f} alpha={alpha}", []).append(100 * acc)
                    print(f"{method} f={f} alpha={alpha} seed {seed}: {100 * acc:.2f} % "
                          f"at {time.perf_counter() - start:.0f} s", flush=True)
    wall = time.perf_counter() - start
    for cell, accs in cells.items():
        sd = float(np.std(accs, ddof=1)) if len(accs) > 1 else float("nan")
        print(f"cell {cell}: {np.mean(accs):.2f} +- {sd:.2f} ({len(accs)} seeds)")
    print(f"wall_seconds={wall:.1f}")
    if a.json:
        json.dump({"teacher": 100 * t_acc, "cells": cells, "wall_seconds": wall}, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
