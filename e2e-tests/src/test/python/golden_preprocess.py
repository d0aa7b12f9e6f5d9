#!/usr/bin/python3
"""Golden outputs of the HCX image/video preprocessing, computed with real Pillow.

Independent Python statement of HCX-MODEL-SPEC sections 2 and 5 (resize_longside, expand2square,
select_best_resolution, local resize + pad, row-major tiles, rescale/normalise; video canvases of
9 frames fitted like NAVER's resize_image(max_side=378, LANCZOS)). The Java test
(hcx-model GoldenPreprocessTest) writes inputs, runs this script and compares byte for byte.

Usage:
  golden_preprocess.py --make-extra IN_DIR      write Pillow-only inputs (WebP, CMYK JPEG), print names
  golden_preprocess.py IN_DIR OUT_DIR           read IN_DIR/cases.json, write OUT_DIR/<case>/...

Per case: meta.json, decoded.u8 (images: RGB after exif_transpose + convert("RGB")), tiles.u8
(all tiles concatenated, [n, 378, 378, 3], global first for images), norm.f32 (first and last
tile normalised to [3, 378, 378] float32 little-endian).
"""
import json
import warnings
import math
import os
import sys

import numpy as np
import PIL
from PIL import Image, ImageOps

G = 378
# Pillow warns that palette+tRNS images "should be converted to RGBA"; convert("RGB") is what we test.
warnings.filterwarnings("ignore", category=UserWarning)
BG = (127, 127, 127)


def candidates(max_grids=9):
    return [(i * G, j * G) for i in range(1, max_grids + 1) for j in range(1, max_grids + 1) if i * j <= max_grids]


def select_best(h, w):
    best, max_eff, min_waste = None, 0, float("inf")
    for ch, cw in candidates():
        s = min(cw / w, ch / h)
        dw, dh = int(w * s), int(h * s)
        eff = min(dw * dh, w * h)
        waste = ch * cw - eff
        if eff > max_eff or (eff == max_eff and waste < min_waste):
            best, max_eff, min_waste = (ch, cw), eff, waste
    return best


def local_size(h, w, th, tw):
    sw, sh = tw / w, th / h
    if sw < sh:
        return min(math.ceil(h * sw), th), tw
    return th, min(math.ceil(w * sh), tw)


def resize_longside(img):
    w, h = img.size
    if w == h:
        size = (G, G)
    elif w > h:
        size = (G, math.ceil(h / w * G))
    else:
        size = (math.ceil(w / h * G), G)
    return img.resize(size, Image.BICUBIC)


def expand2square(img):
    w, h = img.size
    if w == h:
        return img
    out = Image.new("RGB", (max(w, h), max(w, h)), BG)
    out.paste(img, (0, (w - h) // 2) if w > h else ((h - w) // 2, 0))
    return out


def local_tiles(img):
    w, h = img.size
    th, tw = select_best(h, w)
    nh, nw = local_size(h, w, th, tw)
    resized = img.resize((nw, nh), Image.BICUBIC)
    canvas = Image.new("RGB", (tw, th), BG)
    canvas.paste(resized, ((tw - nw) // 2, (th - nh) // 2))
    arr = np.asarray(canvas)
    tiles = [arr[i:i + G, j:j + G] for i in range(0, th, G) for j in range(0, tw, G)]
    return tiles, th // G, tw // G


def normalise(tile):
    x = (tile.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.float32(0.5)) / np.float32(0.5)
    return np.ascontiguousarray(x.transpose(2, 0, 1)).astype("<f4")


def load(path):
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        return im.convert("RGB")


def fit_frame(img):
    w, h = img.size
    m = max(w, h)
    if m <= G:
        return img
    s = G / m
    return img.resize((max(1, int(w * s)), max(1, int(h * s))), Image.LANCZOS)


def video_canvases(frames):
    out = []
    for start in range(0, len(frames), 9):
        chunk = frames[start:start + 9]
        k = len(chunk)
        rows, cols = (k + 2) // 3, min(k, 3)
        canvas = Image.new("RGB", (cols * G, rows * G), BG)
        for i, f in enumerate(chunk):
            f = fit_frame(f)
            fw, fh = f.size
            canvas.paste(f, ((i % 3) * G + (G - fw) // 2, (i // 3) * G + (G - fh) // 2))
        out.append(canvas)
    return out


def write(out_dir, meta, tiles, decoded=None):
    os.makedirs(out_dir, exist_ok=True)
    meta["pillow"] = PIL.__version__
    meta["tiles"] = len(tiles)
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f)
    np.stack(tiles).astype(np.uint8).tofile(os.path.join(out_dir, "tiles.u8"))
    np.concatenate([normalise(tiles[0]), normalise(tiles[-1])]).tofile(os.path.join(out_dir, "norm.f32"))
    if decoded is not None:
        np.asarray(decoded).astype(np.uint8).tofile(os.path.join(out_dir, "decoded.u8"))


def run(in_dir, out_dir):
    with open(os.path.join(in_dir, "cases.json")) as f:
        cases = json.load(f)
    for case in cases:
        dst = os.path.join(out_dir, case["name"])
        try:
            if case["kind"] == "image":
                img = load(os.path.join(in_dir, case["file"]))
                glob = np.asarray(expand2square(resize_longside(img)))
                tiles, rows, cols = local_tiles(img)
                meta = {"width": img.size[0], "height": img.size[1], "rows": rows, "cols": cols}
                write(dst, meta, [glob] + tiles, img)
            else:
                frames = [load(os.path.join(in_dir, p)) for p in case["frames"]]
                all_tiles, shapes = [], []
                for canvas in video_canvases(frames):
                    tiles, rows, cols = local_tiles(canvas)
                    all_tiles += tiles
                    shapes.append([rows, cols])
                write(dst, {"canvases": shapes}, all_tiles)
        except Exception as e:  # report per case; the Java side fails on a missing meta.json
            os.makedirs(dst, exist_ok=True)
            with open(os.path.join(dst, "error.txt"), "w") as f:
                f.write(repr(e))
    print("pillow", PIL.__version__, "cases", len(cases))


def make_extra(in_dir):
    """Inputs Java cannot encode: WebP (lossless, lossy, alpha, EXIF) and an Adobe CMYK JPEG."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:301, 0:517]
    rgb = np.stack([(x * 255 // 516), (y * 255 // 300), ((x + y) * 3) % 256], axis=-1).astype(np.uint8)
    rgb[::7, ::5] = rng.integers(0, 256, size=rgb[::7, ::5].shape, dtype=np.uint8)
    names = []
    if PIL.features.check("webp"):
        Image.fromarray(rgb).save(os.path.join(in_dir, "extra_lossless.webp"), lossless=True)
        Image.fromarray(rgb).save(os.path.join(in_dir, "extra_lossy.webp"), quality=80)
        rgba = np.dstack([rgb, (x % 256).astype(np.uint8)])
        Image.fromarray(rgba, "RGBA").save(os.path.join(in_dir, "extra_alpha.webp"), lossless=True)
        exif = Image.Exif()
        exif[0x0112] = 8  # orientation: rotate 90 (counter-clockwise)
        Image.fromarray(rgb).save(os.path.join(in_dir, "extra_exif8.webp"), lossless=True, exif=exif.tobytes())
        names += ["extra_lossless.webp", "extra_lossy.webp", "extra_alpha.webp", "extra_exif8.webp"]
    Image.fromarray(rgb).convert("CMYK").save(os.path.join(in_dir, "extra_cmyk.jpg"), quality=90)
    Image.fromarray(rgb).convert("CMYK").save(os.path.join(in_dir, "extra_cmyk.tiff"))
    names += ["extra_cmyk.jpg", "extra_cmyk.tiff"]
    print("\n".join(names))


if __name__ == "__main__":
    import PIL.features  # noqa: F401  (used by make_extra)

    if len(sys.argv) == 3 and sys.argv[1] == "--make-extra":
        make_extra(sys.argv[2])
    elif len(sys.argv) == 3:
        run(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
