#!/usr/bin/python3
"""PyTorch peer of bench/train_throughput.cpp: the same models, data path and optimiser.

The whole training set sits in memory as uint8; each step gathers a batch by a shuffled index,
optionally crops (zero padding) and flips it with two gathers, standardises it and takes one SGD
step (momentum 0.9, Nesterov, weight decay 5e-4, constant learning rate 0.05). Images per second
are measured between the warm-up step and the last step, as on the Prunescope side.
--model resnet20 is the CIFAR ResNet-20 of engine/models/cifar_resnet.cpp; --dataset generated is
10,000 random 3x32x32 images. --kd cached|online distils (alpha 0.5, tau 4, tau^2) from a teacher
whose logits are precomputed in eval mode, or computed per batch under torch.inference_mode().
"""
import argparse
import gzip
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path, offset):
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


class SmallCnn(nn.Module):
    def __init__(self, channels=1, size=28, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * (size // 4) ** 2, 128)
        self.fc2 = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + (self.shortcut(x) if self.shortcut is not None else x))


class ResNet20(nn.Module):
    def __init__(self, channels=3, classes=10, n=3):
        super().__init__()
        self.stem = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for b in range(n):
                blocks.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn(self.stem(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


class ResNet18(nn.Module):
    """ImageNet-style ResNet-18 with the small-image stem (3x3 stride-1 convolution, no max pooling):
    torchvision's resnet18 as CIFAR repositories adapt it, 11.2 M parameters."""

    def __init__(self, channels=3, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(channels, 64, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(64)
        blocks, cin = [], 64
        for stage, cout in enumerate((64, 128, 256, 512)):
            for b in range(2):
                blocks.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn(self.stem(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


def build(name, channels, size):
    if name == "smallcnn":
        return SmallCnn(channels, size)
    return ResNet18(channels) if name == "resnet18" else ResNet20(channels)


def augment(x, padding, flip, generator, device):
    b, c, h, w = x.shape
    oy = torch.randint(0, 2 * padding + 1, (b, 1), generator=generator).to(device)
    ox = torch.randint(0, 2 * padding + 1, (b, 1), generator=generator).to(device)
    flips = (torch.rand((b, 1), generator=generator) < 0.5 if flip else torch.zeros((b, 1), dtype=torch.bool)).to(device)
    rows = oy + torch.arange(h, device=device).view(1, h)
    ascending = torch.arange(w, device=device).view(1, w)
    cols = ox + torch.where(flips, (w - 1) - ascending, ascending)
    padded = F.pad(x, (padding,) * 4) if padding > 0 else x
    by_rows = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, padded.shape[3]))
    return by_rows.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--crop-padding", type=int, default=0)
    p.add_argument("--flip", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--model", default="smallcnn", choices=["smallcnn", "resnet20", "resnet18"])
    p.add_argument("--kd", default="none", choices=["none", "cached", "online"])
    p.add_argument("--teacher", default="", help="teacher architecture (default: the model's)")
    p.add_argument("--amp", type=int, default=0,
                   help="1: bf16 autocast for forward passes on a GPU, as Prunescope does there")
    p.add_argument("--channels-last", type=int, default=0,
                   help="1: keep weights and inputs channels-last (NHWC), as Prunescope does")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.dataset == "generated":
        g = torch.Generator().manual_seed(12345)
        images = torch.randint(0, 256, (10000, 3, 32, 32), generator=g, dtype=torch.uint8)
        labels = torch.randint(0, 10, (10000,), generator=g)
    else:
        suffix = ".gz"
        images = torch.from_numpy(read_idx(f"{a.dataset}/train-images-idx3-ubyte{suffix}", 16).copy()).view(-1, 1, 28, 28)
        labels = torch.from_numpy(read_idx(f"{a.dataset}/train-labels-idx1-ubyte{suffix}", 8).astype(np.int64))
    device = torch.device(a.device)
    pixels = images.double() / 255
    dims = (0, 2, 3)
    mean, std = pixels.mean(dims, keepdim=True), pixels.std(dims, unbiased=False, keepdim=True)
    scale, shift = (1.0 / (255 * std)).float().to(device), (-mean / std).float().to(device)
    channels, size = images.shape[1], images.shape[2]

    memory_format = torch.channels_last if a.channels_last else torch.contiguous_format
    torch.manual_seed(0)
    model = build(a.model, channels, size).to(device, memory_format=memory_format)
    images, labels = images.to(device), labels.to(device)
    teacher, cached = None, None
    if a.kd != "none":
        torch.manual_seed(1)
        teacher = build(a.teacher or a.model, channels, size).to(device, memory_format=memory_format).eval()
        for q in teacher.parameters():
            q.requires_grad_(False)
        if a.kd == "cached":
            with torch.inference_mode():
                cached = torch.cat([teacher(images[i:i + 1000].float() * scale + shift)
                                    for i in range(0, images.shape[0], 1000)])
    alpha, tau = 0.5, 4.0
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    generator = torch.Generator().manual_seed(1)
    n = labels.shape[0]
    order, position = None, n
    start = None
    for step in range(1, a.steps + 1):
        if position >= n:
            order, position = torch.randperm(n, generator=generator), 0
        index = order[position:position + a.batch].to(device)
        position += index.shape[0]
        x, y = images.index_select(0, index), labels.index_select(0, index)
        if a.crop_padding > 0 or a.flip:
            x = augment(x, a.crop_padding, a.flip, generator, device)
        x = x.contiguous(memory_format=memory_format).float() * scale + shift
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bool(a.amp) and device.type == "cuda"):
            logits = model(x).float()
            loss = F.cross_entropy(logits, y)
            if teacher is not None:
                if cached is not None:
                    target = cached.index_select(0, index)
                else:
                    with torch.inference_mode():
                        target = teacher(x)
                    target = target.float().clone()  # an inference tensor cannot enter autograd's graph
                kl = F.kl_div(F.log_softmax(logits / tau, 1), F.softmax(target / tau, 1), reduction="batchmean")
                loss = (1 - alpha) * loss + alpha * tau * tau * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step == a.warmup:
            if device.type == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(f"pytorch model={a.model} kd={a.kd} batch={a.batch} steps={a.steps - a.warmup} threads={torch.get_num_threads()} "
          f"images_per_second={(a.steps - a.warmup) * a.batch / seconds:.1f}")


if __name__ == "__main__":
    main()
