import json
import math
import os

import numpy as np
import pytest

from gyroedge_trainer import metrics

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "quality_metrics.json")


def golden_cases():
    with open(GOLDEN) as f:
        data = json.load(f)
    return [(c["name"], np.array(c["a"], dtype=np.uint8), np.array(c["b"], dtype=np.uint8), c["psnr"], c["ssim"])
            for c in data["cases"]]


@pytest.mark.parametrize("name, a, b, psnr, ssim", golden_cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_psnr_and_ssim_match_the_golden_values(name, a, b, psnr, ssim):
    assert metrics.psnr(a, b) == pytest.approx(psnr, abs=1e-9)
    assert metrics.ssim(a, b) == pytest.approx(ssim, abs=1e-9)


def test_identical_images_score_infinite_psnr_and_ssim_one():
    a = np.random.default_rng(0).integers(0, 256, (20, 20, 3), dtype=np.uint8)
    assert metrics.psnr(a, a) == math.inf
    assert metrics.ssim(a, a) == pytest.approx(1.0, abs=1e-12)


def test_float_images_are_refused_rather_than_guessed():
    a = np.zeros((16, 16, 3))
    with pytest.raises(ValueError, match="8-bit"):
        metrics.psnr(a, a)
