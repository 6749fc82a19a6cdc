"""Writes a conv teacher as TorchScript and its logits for the first N images of an IDX dataset.

Used by tst_torchscript_teacher when PyTorch-Python is installed: the C++ side loads the module
through Prunescope's importer and must reproduce these logits to 1e-5.
usage: make_torchscript_teacher.py DATASET_DIR OUT.pt OUT_LOGITS.f32 N
"""
import gzip
import sys

import numpy as np
import torch
from torch import nn

dataset, out_pt, out_logits, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(8 * 14 * 14, 10))
with torch.no_grad():  # non-trivial running statistics, so eval-mode batch norm matters
    model[1].running_mean.uniform_(-0.2, 0.2)
    model[1].running_var.uniform_(0.5, 2.0)
model.eval()
with gzip.open(f"{dataset}/train-images-idx3-ubyte.gz", "rb") as f:
    raw = f.read()
images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)[:n]
x = torch.from_numpy(images.astype(np.float32) / 255.0)  # the "unit" input
scripted = torch.jit.script(model)
torch.jit.save(scripted, out_pt)
with torch.no_grad():
    scripted(x).numpy().astype("<f4").tofile(out_logits)
