#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (small valid files of each format) into corpus/.
Needs python3-numpy and python3-pil (packaging/install-deps.sh --bench). Run once; the files are
kept in the repository, so this is only for remaking them."""
import gzip, io, json, os, struct, sys
import numpy as np
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def put(target, name, data):
    with open(os.path.join(here, 'corpus', target, name), 'wb') as f:
        f.write(data)


rng = np.random.default_rng(0)

# IDX: 3 images of 4x4, 3 labels; plain and gzip.
images = struct.pack('>IIII', 0x803, 3, 4, 4) + rng.integers(0, 256, 48, dtype=np.uint8).tobytes()
labels = struct.pack('>II', 0x801, 3) + bytes([0, 7, 9])
put('idx', 'images', images)
put('idx', 'labels', labels)
put('idx', 'images.gz', gzip.compress(images))
put('idx', 'labels.gz', gzip.compress(labels))

# CIFAR: two records of CIFAR-10 (label, 3072 pixels) and of CIFAR-100 (coarse, fine, pixels).
pixels = rng.integers(0, 256, 3072, dtype=np.uint8).tobytes()
put('cifar', 'cifar10', bytes([3]) + pixels + bytes([9]) + pixels)
put('cifar', 'cifar100', bytes([1, 42]) + pixels + bytes([19, 99]) + pixels)


def mat_element(kind, payload):
    pad = (8 - len(payload) % 8) % 8
    return struct.pack('<II', kind, len(payload)) + payload + b'\0' * pad


def mat_matrix(name, mx_class, dims, data_kind, data):
    body = mat_element(6, struct.pack('<II', mx_class, 0))  # miUINT32 array flags
    body += mat_element(5, struct.pack('<' + 'i' * len(dims), *dims))  # miINT32 dimensions
    body += mat_element(1, name.encode())  # miINT8 name
    body += mat_element(data_kind, data)
    return struct.pack('<II', 14, len(body)) + body  # miMATRIX


def mat_file(*elements):
    text = b'MATLAB 5.0 MAT-file, written by prunescope make-corpus.py'
    header = text.ljust(116, b' ') + b'\0' * 8 + struct.pack('<H', 0x0100) + b'IM'
    return header + b''.join(elements)


x = rng.integers(0, 256, 32 * 32 * 3 * 2, dtype=np.uint8).tobytes()
y = struct.pack('<dd', 3.0, 10.0)
put('svhn_mat', 'two-images.mat',
    mat_file(mat_matrix('X', 9, [32, 32, 3, 2], 2, x), mat_matrix('y', 6, [2, 1], 9, y)))

# Images: grey and RGB JPEG (baseline and progressive) and PNG (8 and 16 bit, palette, alpha).
def image_bytes(mode, size, fmt, **kw):
    out = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, size + ((3,) if mode == 'RGB' else ()),
                                 dtype=np.uint8), mode).save(out, fmt, **kw)
    return out.getvalue()


put('image', 'rgb.jpg', image_bytes('RGB', (12, 9), 'JPEG', quality=80))
put('image', 'grey-progressive.jpg', image_bytes('L', (9, 12), 'JPEG', progressive=True))
put('image', 'rgb.png', image_bytes('RGB', (5, 7), 'PNG'))
put('image', 'grey.png', image_bytes('L', (7, 5), 'PNG'))
palette = io.BytesIO()
Image.fromarray(rng.integers(0, 256, (6, 6, 3), dtype=np.uint8), 'RGB').convert(
    'P', palette=Image.ADAPTIVE, colors=4).save(palette, 'PNG')
put('image', 'palette.png', palette.getvalue())
rgba = io.BytesIO()
Image.fromarray(rng.integers(0, 256, (4, 4, 4), dtype=np.uint8), 'RGBA').save(rgba, 'PNG')
put('image', 'rgba.png', rgba.getvalue())

# Score and subset files: the first byte picks CSV (even) or .npy (odd); n = 16.
scores = rng.random(16)
csv = '# prunescope method=el2n dataset="x" fingerprint=- n=16\nindex,score\n' + ''.join(
    f'{i},{v!r}\n' for i, v in enumerate(scores))
put('score_files', 'scores.csv', b'\0' + csv.encode())
put('score_files', 'one-column.csv', b'\0' + ''.join(f'{v}\n' for v in scores).encode())
put('score_files', 'subset.csv', b'\0' + b'index\n' + b'\n'.join(b'%d' % i for i in range(0, 16, 3)))


def npy(array):
    out = io.BytesIO()
    np.save(out, array)
    return b'\1' + out.getvalue()


put('score_files', 'scores-f8.npy', npy(scores))
put('score_files', 'scores-f4.npy', npy(scores.astype('<f4')))
put('score_files', 'pairs.npy', npy(np.stack([np.arange(16.0), scores], axis=1)))
records = np.zeros(16, dtype=[('index', '<i8'), ('score', '<f8')])
records['index'] = np.arange(16)[::-1]
records['score'] = scores
put('score_files', 'records.npy', npy(records))
put('score_files', 'subset-i8.npy', npy(np.array([1, 4, 9], dtype='<i8')))

# Specs: the presets and examples as they ship.
for folder in ('resources/presets', 'examples'):
    for name in sorted(os.listdir(os.path.join(root, folder))):
        if name.endswith('.json'):
            with open(os.path.join(root, folder, name), 'rb') as f:
                put('spec', name, f.read())
