"""Golden values for PSNR and SSIM (reference/deblurring.md, "Measuring quality").

    /usr/bin/python3 tests/golden/generate_quality.py > tests/golden/quality_metrics.json

Writes a few small 8-bit RGB image pairs and their expected PSNR and SSIM, computed here by a
deliberately plain implementation, independent of the code under test: float64, one loop per
window position, the 2-D Gaussian built directly (not as a separable product). The trainer
(tests/trainer/test_metrics.py, gyroedge_trainer/metrics.py) and the daemon's C# metrics both
check this file.

The convention: PSNR over every pixel and channel of the 8-bit images, peak 255. SSIM (Wang et al.
2004) per RGB channel with an 11x11 Gaussian window, sigma 1.5, normalised to sum 1, only at
window positions inside the image ('valid'), population variances, C1 = (0.01*255)^2,
C2 = (0.03*255)^2; the map's mean per channel, then the mean of the three channels.
Images are stored as nested lists [row][column][R, G, B].
"""
import json
import math
import random

SIZE, SIGMA = 11, 1.5
C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2


def window():
    c = (SIZE - 1) / 2
    w = [[math.exp(-((u - c) ** 2 + (v - c) ** 2) / (2 * SIGMA * SIGMA)) for v in range(SIZE)] for u in range(SIZE)]
    total = sum(sum(row) for row in w)
    return [[x / total for x in row] for row in w]


def psnr(a, b):
    n, s = 0, 0.0
    for ra, rb in zip(a, b):
        for pa, pb in zip(ra, rb):
            for x, y in zip(pa, pb):
                s += (float(x) - float(y)) ** 2
                n += 1
    mse = s / n
    return 10 * math.log10(255.0 ** 2 / mse)


def ssim(a, b):
    w = window()
    h, wd = len(a), len(a[0])
    channel_means = []
    for c in range(3):
        values = []
        for i in range(h - SIZE + 1):
            for j in range(wd - SIZE + 1):
                mx = my = 0.0
                for u in range(SIZE):
                    for v in range(SIZE):
                        mx += w[u][v] * a[i + u][j + v][c]
                        my += w[u][v] * b[i + u][j + v][c]
                vx = vy = cxy = 0.0
                for u in range(SIZE):
                    for v in range(SIZE):
                        dx = a[i + u][j + v][c] - mx
                        dy = b[i + u][j + v][c] - my
                        vx += w[u][v] * dx * dx
                        vy += w[u][v] * dy * dy
                        cxy += w[u][v] * dx * dy
                values.append(((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2)))
        channel_means.append(sum(values) / len(values))
    return sum(channel_means) / 3


def clip(x):
    return max(0, min(255, int(round(x))))


def pairs():
    rng = random.Random(20261121)
    h, w = 16, 24
    gradient = [[[clip(10 * j + 3 * i), clip(200 - 6 * i), clip(128 + 40 * math.sin(j / 3))] for j in range(w)] for i in range(h)]
    noisy = [[[clip(v + rng.gauss(0, 12)) for v in px] for px in row] for row in gradient]
    yield "gradient_vs_noisy", gradient, noisy
    h, w = 12, 11
    a = [[[rng.randrange(256) for _ in range(3)] for _ in range(w)] for _ in range(h)]
    b = [[[rng.randrange(256) for _ in range(3)] for _ in range(w)] for _ in range(h)]
    yield "random_vs_random_12x11", a, b
    h, w = 13, 13
    yield "flat_vs_offset", [[[90, 140, 200] for _ in range(w)] for _ in range(h)], [[[100, 135, 255] for _ in range(w)] for _ in range(h)]
    h, w = 18, 20
    board = [[[255 if (i // 3 + j // 3) % 2 else 0, 128, 255 if (i // 3 + j // 3) % 2 == 0 else 30] for j in range(w)] for i in range(h)]
    shifted = [[board[i][max(0, j - 1)] for j in range(w)] for i in range(h)]
    yield "checkerboard_vs_shifted", board, shifted
    blur = [[[clip(sum(board[i][min(w - 1, max(0, j + d))][c] for d in (-2, -1, 0, 1, 2)) / 5) for c in range(3)] for j in range(w)] for i in range(h)]
    yield "checkerboard_vs_box_blurred", board, blur


def main():
    cases = [{"name": n, "height": len(a), "width": len(a[0]), "a": a, "b": b, "psnr": psnr(a, b), "ssim": ssim(a, b)}
             for n, a, b in pairs()]
    print(json.dumps({"about": "PSNR/SSIM golden values; see tests/golden/generate_quality.py for the convention",
                      "tolerance": {"psnr": 1e-9, "ssim": 1e-9}, "cases": cases}, separators=(",", ":")))


if __name__ == "__main__":
    main()
