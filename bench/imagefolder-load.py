#!/usr/bin/env python3
"""Image-folder loading: Prunescope's reader against a PIL peer on the same 10,000 JPEGs.

Writes (once) a folder of JPEG photographs: Fashion-MNIST product photos enlarged to --size
pixels, tinted per class and saved at quality 90, 80 % train / 20 % test, one sub-folder per class.
Then times, each to the same --target pixels (shorter side resized, centre crop, RGB uint8):
  1. `prunescope-cli datasets inspect` with an empty cache: decoding (all threads);
  2. the same again: reading the memory-mapped cache;
  3. the peer: PIL decode + convert + resize + crop, in a multiprocessing pool of --threads
     workers (what a torchvision ImageFolder DataLoader does), decoding at full size as
     torchvision does; and with PIL's JPEG draft mode (DCT scaling), the fair match for
     Prunescope's scaled decoding.
Prints images/s for each and the ratios. Needs python3-pil and python3-numpy (bench deps only).
"""
import argparse
import gzip
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time

import numpy as np
from PIL import Image


def fashion_images(folder):
    with gzip.open(os.path.join(folder, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(folder, "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    return x, y


def write_folder(root, count, size, dataset):
    marker = os.path.join(root, f".made-{count}-{size}")
    if os.path.exists(marker):
        return
    shutil.rmtree(root, ignore_errors=True)
    x, y = fashion_images(dataset)
    tints = np.array([[1.0, 0.6, 0.5], [0.5, 1.0, 0.6], [0.6, 0.5, 1.0], [1.0, 1.0, 0.5], [0.5, 1.0, 1.0],
                      [1.0, 0.5, 1.0], [0.9, 0.8, 0.6], [0.6, 0.8, 0.9], [0.8, 0.9, 0.6], [0.9, 0.9, 0.9]])
    for i in range(count):
        split = "test" if i % 5 == 4 else "train"
        folder = os.path.join(root, split, f"class{y[i]}")
        os.makedirs(folder, exist_ok=True)
        grey = Image.fromarray(x[i]).resize((size, size * 3 // 4), Image.BICUBIC)
        rgb = (np.asarray(grey, np.float32)[..., None] * tints[y[i]]).clip(0, 255).astype(np.uint8)
        Image.fromarray(rgb).save(os.path.join(folder, f"{i:05d}.jpg"), quality=90)
    open(marker, "w").close()


def pil_load(args):
    path, target, draft = args
    image = Image.open(path)
    if draft:
        image.draft("RGB", (target, target))
    image = image.convert("RGB")
    w, h = image.size
    scale = target / min(w, h)
    rw, rh = max(target, round(w * scale)), max(target, round(h * scale))
    image = image.resize((rw, rh), Image.BILINEAR)
    left, top = (rw - target) // 2, (rh - target) // 2
    return np.asarray(image.crop((left, top, left + target, top + target))).tobytes()


def peer(root, target, threads, draft):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".jpg"))
    start = time.time()
    with multiprocessing.Pool(threads) as pool:
        out = pool.map(pil_load, [(f, target, draft) for f in files], chunksize=64)
    return len(out), time.time() - start


def ours(cli, root, target, cache):
    start = time.time()
    text = subprocess.run([cli, "datasets", "inspect", root, "--image-size", str(target), "--cache", cache],
                          check=True, capture_output=True, text=True).stdout
    wall = time.time() - start
    line = next(l for l in text.splitlines() if "loaded" in l)
    return wall, line.split("loaded", 1)[1].strip()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default="build/app/prunescope-cli")
    p.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--folder", default=os.path.join(tempfile.gettempdir(), "prunescope-bench-jpegs"))
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--size", type=int, default=320, help="width of the written photos (height 3/4 of it)")
    p.add_argument("--target", type=int, default=32)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    write_folder(a.folder, a.count, a.size, a.dataset)
    print(f"{a.count} JPEGs of {a.size}×{a.size * 3 // 4} in {a.folder}, to {a.target}×{a.target} RGB, "
          f"{a.threads} threads")
    cache = tempfile.mkdtemp(prefix="prunescope-bench-cache-")
    try:
        cold, cold_note = ours(a.cli, a.folder, a.target, cache)
        warm, warm_note = ours(a.cli, a.folder, a.target, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    n_full, t_full = peer(a.folder, a.target, a.threads, False)
    n_draft, t_draft = peer(a.folder, a.target, a.threads, True)
    rate = lambda n, t: n / t
    cold_rate = float(re.search(r"\(([\d,]+) images/s\)", cold_note).group(1).replace(",", ""))
    print(f"prunescope decode      {cold_note}   (whole command {cold:.2f} s)")
    print(f"prunescope from cache  {warm_note}   (whole command {warm:.2f} s)")
    print(f"PIL peer, full decode  {rate(n_full, t_full):,.0f} images/s ({t_full:.2f} s)")
    print(f"PIL peer, draft mode   {rate(n_draft, t_draft):,.0f} images/s ({t_draft:.2f} s)")
    print(f"ratio prunescope ÷ PIL full decode: {cold_rate / rate(n_full, t_full):.2f}")
    print(f"ratio prunescope ÷ PIL draft mode:  {cold_rate / rate(n_draft, t_draft):.2f}")


if __name__ == "__main__":
    main()
