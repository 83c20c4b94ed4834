"""PSNR and SSIM, GyroEdge's one convention (reference/deblurring.md, "Measuring quality").

Both take 8-bit RGB (H, W, 3) uint8 arrays (a float result is rounded to 8 bits first, as
`photos.to_uint8` does), the whole image, no border crop:
- PSNR: 10 log10(255^2 / MSE), MSE over every pixel and channel; identical images give +inf.
- SSIM (Wang et al. 2004): Gaussian window 11x11, sigma 1.5, normalised to sum 1; C1 = (0.01 *
  255)^2, C2 = (0.03 * 255)^2; local statistics over the 'valid' positions only (the window
  never leaves the image, as in the authors' MATLAB code), population (biased) variances; the
  SSIM map is averaged per channel, then the three channel means are averaged.

Computed in float64. The daemon's C# implementation checks the same golden values
(tests/golden/quality_metrics.json, made by tests/golden/generate_quality.py).
"""
from __future__ import annotations

import math

import numpy as np

PEAK = 255.0
WINDOW = 11
SIGMA = 1.5
K1, K2 = 0.01, 0.03


def _check(a: np.ndarray, b: np.ndarray) -> None:
    if a.shape != b.shape or a.ndim != 3 or a.shape[2] != 3:
        raise ValueError(f"need two (H, W, 3) images of the same size, got {a.shape} and {b.shape}")
    if a.dtype != np.uint8 or b.dtype != np.uint8:
        raise ValueError(f"PSNR and SSIM are defined on 8-bit images, got {a.dtype} and {b.dtype}")


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    _check(a, b)
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return math.inf if mse == 0 else 10.0 * math.log10(PEAK * PEAK / mse)


def gaussian_window() -> np.ndarray:
    """1-D taps; the 2-D window is their outer product (separable), summing to 1."""
    x = np.arange(WINDOW, dtype=np.float64) - (WINDOW - 1) / 2.0
    g = np.exp(-(x * x) / (2.0 * SIGMA * SIGMA))
    return g / g.sum()


def _filter_valid(image: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Separable 'valid' correlation of (H, W) with g along both axes."""
    n = len(g)
    rows = sum(g[i] * image[i:image.shape[0] - n + 1 + i, :] for i in range(n))
    return sum(g[j] * rows[:, j:rows.shape[1] - n + 1 + j] for j in range(n))


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    _check(a, b)
    if min(a.shape[0], a.shape[1]) < WINDOW:
        raise ValueError(f"SSIM needs images of at least {WINDOW}x{WINDOW}, got {a.shape[1]}x{a.shape[0]}")
    g = gaussian_window()
    c1, c2 = (K1 * PEAK) ** 2, (K2 * PEAK) ** 2
    means = []
    for c in range(3):
        x = a[:, :, c].astype(np.float64)
        y = b[:, :, c].astype(np.float64)
        mx, my = _filter_valid(x, g), _filter_valid(y, g)
        sxx = _filter_valid(x * x, g) - mx * mx
        syy = _filter_valid(y * y, g) - my * my
        sxy = _filter_valid(x * y, g) - mx * my
        index = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
        means.append(index.mean())
    return float(np.mean(means))
