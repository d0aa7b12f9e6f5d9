#!/usr/bin/python3
"""Pillow reference timing of the HCX image preprocessing on the JMH benchmark's JPEGs.

Usage: bench_pillow_preprocess.py IMAGE_DIR [SECONDS_PER_MODE]
Prints one line per mode: "<mode> <ops/s> <megapixels/s>", for
decode (open + exif_transpose + convert RGB), tile (global view + anyres tiles, uint8) and
decodeAndTile, single thread, same steps as golden_preprocess.py.
"""
import glob
import io
import os
import sys
import time

import numpy as np
import PIL
from PIL import Image, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_preprocess as gp  # noqa: E402


def decode(data):
    with Image.open(io.BytesIO(data)) as im:
        return ImageOps.exif_transpose(im).convert("RGB")


def tile(img):
    glob_view = np.asarray(gp.expand2square(gp.resize_longside(img)))
    tiles, _, _ = gp.local_tiles(img)
    return [glob_view] + tiles


def measure(fn, inputs, seconds):
    for x in inputs[:2]:
        fn(x)  # warm-up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(inputs[n % len(inputs)])
        n += 1
    return n / (time.perf_counter() - start)


def main():
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*.jpg")))
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    data = [open(f, "rb").read() for f in files]
    imgs = [decode(d) for d in data]
    mpx = imgs[0].size[0] * imgs[0].size[1] / 1e6
    print(f"# pillow {PIL.__version__}, {len(files)} images {imgs[0].size[0]}x{imgs[0].size[1]}")
    for name, fn, inputs in [
        ("decode", decode, data),
        ("tile", tile, imgs),
        ("decodeAndTile", lambda d: tile(decode(d)), data),
    ]:
        ops = measure(fn, inputs, seconds)
        print(f"{name} {ops:.2f} {ops * mpx:.2f}")


if __name__ == "__main__":
    main()
