"""Writes the PNG fixtures for PngDecoder_Tests, with the pixels each must decode to.

    /usr/bin/python3 tests/GyroEdge.Hardware.Tests/Frames/Fixtures/make_png_fixtures.py

Two independent encoders: Pillow (grey, RGBA, grey+alpha, 16-bit, palette, multi-IDAT) and a
filter-forcing writer below (one file per PNG filter type, every line filtered that way, which
Pillow cannot be told to do). Every file is read back with Pillow and compared with the
pixels it was made from before anything is written, so the fixtures do not depend on the C#
decoder they test. The refused_*.png files are ones the decoder must turn down (Adam7 interlace, 1-bit).
Expected output: <name>.expected, raw bytes of the decoded frame (RGB24 or
GREY, packed rows): what GyroEdge's decoder must produce (alpha dropped, 16-bit reduced to the
high byte).
"""
import os
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 13, 7  # odd sizes: rows that are not a multiple of anything


def pixels(channels, seed, dtype=np.uint8):
    rng = np.random.default_rng(seed)
    hi = 256 if dtype == np.uint8 else 65536
    # Half noise, half gradient, so every filter has both smooth and rough lines to work on.
    a = rng.integers(0, hi, size=(H, W, channels), dtype=np.int64)
    ramp = (np.arange(W)[None, :, None] * (hi // W) + np.arange(H)[:, None, None] * 7) % hi
    a[H // 2:] = np.broadcast_to(ramp, a.shape)[H // 2:]
    return a.astype(dtype)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filtered_rgb_png(rgb, filter_type, idat_pieces=1):
    """An 8-bit RGB PNG whose every line uses filter_type (PNG spec 9.2), written by hand."""
    bpp = 3
    rows = rgb.reshape(H, W * 3).astype(np.int64)
    out = bytearray()
    for y in range(H):
        row, up = rows[y], rows[y - 1] if y > 0 else np.zeros(W * 3, dtype=np.int64)
        line = []
        for i in range(W * 3):
            left = row[i - bpp] if i >= bpp else 0
            upleft = up[i - bpp] if i >= bpp else 0
            predictor = [0, left, up[i], (left + up[i]) // 2, paeth(left, up[i], upleft)][filter_type]
            line.append((row[i] - predictor) % 256)
        out.append(filter_type)
        out.extend(line)
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)
    data = zlib.compress(bytes(out), 9)
    cut = [len(data) * k // idat_pieces for k in range(idat_pieces + 1)]
    idat = b"".join(chunk(b"IDAT", data[cut[k]:cut[k + 1]]) for k in range(idat_pieces))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


def write(name, png_bytes, expected, pil_check):
    path = os.path.join(HERE, name + ".png")
    with open(path, "wb") as f:
        f.write(png_bytes)
    decoded = np.asarray(Image.open(path))
    assert np.array_equal(decoded, pil_check), name
    expected.astype(np.uint8).tofile(os.path.join(HERE, name + ".expected"))


def pil_png(image, **save):
    import io
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **save)
    return buffer.getvalue()


def main():
    rgb = pixels(3, 1)
    for f in range(5):
        write(f"rgb8_filter{f}", filtered_rgb_png(rgb, f), rgb, rgb)

    grey = pixels(1, 2)[:, :, 0]
    write("grey8", pil_png(Image.fromarray(grey, "L")), grey, grey)

    rgba = pixels(4, 3)
    write("rgba8", pil_png(Image.fromarray(rgba, "RGBA")), rgba[:, :, :3], rgba)

    la = pixels(2, 4)
    write("grey_alpha8", pil_png(Image.fromarray(la, "LA")), la[:, :, 0], la)

    grey16 = pixels(1, 5, np.uint16)[:, :, 0]
    write("grey16", pil_png(Image.fromarray(grey16.astype(np.int32), "I").convert("I;16")), grey16 >> 8, grey16)

    palette_index = pixels(1, 6)[:, :, 0] % 40
    colours = np.random.default_rng(7).integers(0, 256, size=(40, 3)).astype(np.uint8)
    p = Image.fromarray(palette_index.astype(np.uint8), "P")
    p.putpalette(colours.reshape(-1).tolist())
    write("palette8", pil_png(p), colours[palette_index], palette_index)

    # Small IDAT chunks: the decoder must join them before inflating.
    split = pixels(3, 8)
    write("rgb8_split_idat", filtered_rgb_png(split, 4, idat_pieces=3), split, split)

    # Files the decoder must refuse, with a reason (no .expected).
    interlaced = bytearray(filtered_rgb_png(rgb, 0))
    interlaced[28] = 1  # IHDR interlace method: Adam7
    interlaced[29:33] = struct.pack(">I", zlib.crc32(bytes(interlaced[12:29])) & 0xFFFFFFFF)
    with open(os.path.join(HERE, "refused_interlaced.png"), "wb") as f:
        f.write(interlaced)
    with open(os.path.join(HERE, "refused_1bit.png"), "wb") as f:
        f.write(pil_png(Image.fromarray(grey > 127)))


if __name__ == "__main__":
    main()
