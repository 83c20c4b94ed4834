"""Small inputs the trainer tests make for themselves: sharp photos and a gyro log.

The real data (../shared/data) stays outside the repository and outside the fast suite; these
stand-ins have what synthesis needs: texture and edges to blur, and hand-shake-like angular
velocity (a few hertz, about half a radian per second) at the research log's 210 Hz.
"""
import math
import os

import numpy as np
from PIL import Image

RATE_HZ = 210.0
START_NS = 250_285_705_039_633  # an uptime-sized origin, like the research log's


def write_photos(folder, count=3, size=(160, 120), prefix="train_", seed=0):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        w, h = size
        coarse = rng.random((h // 8, w // 8, 3))
        img = np.asarray(Image.fromarray((coarse * 255).astype(np.uint8)).resize((w, h), Image.BILINEAR), dtype=np.float64)
        yy, xx = np.mgrid[0:h, 0:w]
        img[((xx // 12 + yy // 12) % 2 == 0)] *= 0.5  # hard edges, so blur shows
        path = os.path.join(folder, f"{prefix}{i:03d}.png")
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(path)
        paths.append(path)
    return paths


def shake(t_s):
    """Angular velocity (rad/s) of a hand tremor: a few sines per axis."""
    return np.stack([0.5 * np.sin(2 * math.pi * 3.1 * t_s) + 0.2 * np.sin(2 * math.pi * 9 * t_s + 1),
                     0.4 * np.cos(2 * math.pi * 2.3 * t_s) + 0.15 * np.sin(2 * math.pi * 11 * t_s),
                     0.1 * np.sin(2 * math.pi * 1.7 * t_s)], 1)


def gyro_samples(seconds=3.0, rate_hz=RATE_HZ, still=False):
    n = int(seconds * rate_hz)
    t_ns = START_NS + np.round(np.arange(n) * (1e9 / rate_hz)).astype(np.int64)
    omega = np.zeros((n, 3)) if still else shake((t_ns - START_NS) / 1e9)
    return t_ns, omega


def write_gyro_log(path, seconds=3.0, still=False, lines=None):
    t_ns, omega = gyro_samples(seconds, still=still)
    with open(path, "w") as f:
        if lines is None:
            for t, (x, y, z) in zip(t_ns.tolist(), omega.tolist()):
                f.write(f"{t}  {x:.9g}  {y:.9g}  {z:.9g}\n")
        else:
            f.write("".join(lines))
    return path
