"""Regenerates tests/golden/frame_motion.json: gyro samples in, the model's rotations out.

    PYTHONPATH=src/trainer /usr/bin/python3 tests/golden/generate.py [--out tests/golden/frame_motion.json]

run from the repository root. The expected rotations are computed by the trainer's
gyroedge_trainer.motion in float64; the C# suite (GyroEdge.Domain.Tests) and the Python suite
(tests/trainer/test_motion.py) both check their implementation against the file. Regenerate only
when the definition in tests/golden/README.md changes, and change both implementations with it.

Inputs are deterministic: closed-form or drawn from a seeded generator. No sample of
../shared/data is copied here (the shared data stays out of the repository); the phone-like cases
imitate the GyroBlur-Synth smartphone log's character instead: about 210 Hz with jittered steps
(mean 4.77 ms), a hand shake of a few rad/s, white noise and a bias.
"""
import argparse
import json
import math
import os
import re
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "trainer"))

from gyroedge_trainer import motion  # noqa: E402

ATOL = 1e-6
PHONE_SAMPLES = 30
MS = 1_000_000
# 1000 s of uptime: large enough that instants lose precision as float64 seconds, which is why
# the definition subtracts in integer nanoseconds first.
T0 = 1_000_000_000_000


def regular_times(n, period_ns, t0=T0):
    return [t0 + i * period_ns for i in range(n)]


def constant(n, omega):
    return [list(omega) for _ in range(n)]


def smooth_shake(times_ns, t0=T0):
    """A hand-shake-like signal: a few sinusoids per axis, rad/s."""
    out = []
    for t in times_ns:
        s = (t - t0) / 1e9
        out.append([
            0.9 * math.sin(2 * math.pi * 7.0 * s) + 0.3 * math.sin(2 * math.pi * 23.0 * s + 0.4),
            -0.7 * math.cos(2 * math.pi * 5.0 * s) + 0.25 * math.sin(2 * math.pi * 31.0 * s),
            0.4 * math.sin(2 * math.pi * 11.0 * s + 1.1) + 0.1,
        ])
    return out


def phone_like_trace(rng):
    """30 samples shaped like the smartphone log (README of ../shared/data): steps of 4.77 ms on
    average with +-0.4 ms jitter, a hand shake up to about 2 rad/s, sensor noise of 0.01 rad/s."""
    steps = rng.integers(4_370_000, 5_170_001, size=PHONE_SAMPLES - 1)
    t = [T0 + int(v) for v in np.concatenate([[0], np.cumsum(steps)])]
    shake = smooth_shake(t)
    noise = rng.normal(0.0, 0.01, size=(PHONE_SAMPLES, 3))
    w = [[2.0 * a + n for a, n in zip(row, noise_row)] for row, noise_row in zip(shake, noise)]
    return t, w


def case(name, description, t_ns, omega, calibration, start_ns, end_ns, m, readout_ns=0):
    try:
        expected = motion.frame_rotations(np.array(t_ns, dtype=np.int64), np.array(omega), calibration,
                                          start_ns, end_ns, m, readout_ns).tolist()
        covered = True
    except motion.NotCoveredError:
        expected, covered = None, False
    return {
        "name": name,
        "description": description,
        "samples": {"t_ns": [int(v) for v in t_ns], "omega": [[float(c) for c in row] for row in omega]},
        "calibration": calibration.to_dict(),
        "exposure": {"start_ns": int(start_ns), "end_ns": int(end_ns), "readout_ns": int(readout_ns)},
        "m": m,
        "covered": covered,
        "expected_rotations": expected,
    }


def build_cases():
    identity = motion.ImuCalibration()
    rng = np.random.default_rng(20250505)
    cases = []

    t = regular_times(61, MS)
    cases.append(case("constant_x_m8", "0.8 rad/s about x at 1 kHz, 30 ms exposure between samples",
                      t, constant(61, (0.8, 0.0, 0.0)), identity, T0 + 10 * MS + 250_000, T0 + 40 * MS + 250_000, 8))
    cases.append(case("constant_y_m5", "-1.2 rad/s about y at 1 kHz, 40 ms exposure",
                      t, constant(61, (0.0, -1.2, 0.0)), identity, T0 + 5 * MS + 123_457, T0 + 45 * MS + 123_457, 5))
    cases.append(case("constant_z_on_sample_times_m5", "2 rad/s about z; every instant falls on a sample time",
                      t, constant(61, (0.0, 0.0, 2.0)), identity, T0 + 10 * MS, T0 + 50 * MS, 5))

    log_t, log_w = phone_like_trace(rng)
    # The original camera-motion-field code negates x and y before building rotations: that is
    # a phone's IMU-to-camera calibration. The bias is made up, to exercise its removal.
    phone = motion.ImuCalibration(np.diag([-1.0, -1.0, 1.0]), 0, np.array([0.003, -0.002, 0.001]))
    log_start = log_t[0] + 31_234_567
    cases.append(case("phone_like_m8", "30 phone-like samples (~210 Hz, jittered steps, noise), 50 ms exposure",
                      log_t, log_w, phone, log_start, log_start + 50 * MS, 8))
    cases.append(case("phone_like_m1", "the phone-like trace with M = 1: the identity at mid-exposure", log_t, log_w, phone,
                      log_start, log_start + 50 * MS, 1))
    cases.append(case("phone_like_rolling_shutter_m8", "the phone-like trace, 33 ms exposure, 20.000001 ms readout (middle row)",
                      log_t, log_w, phone, log_start, log_start + 33 * MS, 8, readout_ns=20_000_001))

    steps = rng.integers(300_000, 1_700_001, size=80)
    irregular_t = [T0 + int(v) for v in np.concatenate([[0], np.cumsum(steps)])]
    cases.append(case("irregular_timestamps_m8", "steps drawn uniformly from 0.3 to 1.7 ms, smooth shake",
                      irregular_t, smooth_shake(irregular_t), identity, T0 + 12 * MS + 345, T0 + 52 * MS + 345, 8))

    t = regular_times(101, MS)
    offset = motion.ImuCalibration(time_offset_ns=-3_500_000)
    cases.append(case("time_offset_m8", "smooth shake; IMU timestamps 3.5 ms late (offset -3 500 000 ns)",
                      t, smooth_shake(t), offset, T0 + 20 * MS + 77, T0 + 70 * MS + 77, 8))

    tilted = motion.ImuCalibration(motion.axis_angle_matrix((1.0, 2.0, 3.0), math.radians(30.0)), 1_250_000,
                                   np.array([0.01, -0.02, 0.005]))
    cases.append(case("imu_to_camera_rotation_m5", "smooth shake through a 30 degree IMU-to-camera rotation, bias and offset",
                      t, smooth_shake(t), tilted, T0 + 15 * MS + 500_000, T0 + 75 * MS + 500_000, 5))

    axis = np.array([0.3, -0.5, 0.8]) / np.linalg.norm([0.3, -0.5, 0.8])
    cases.append(case("fast_spin_m8", "20 rad/s about an oblique axis over 80 ms (1.6 rad)",
                      t, constant(101, axis * 20.0), identity, T0 + 10 * MS, T0 + 90 * MS, 8))

    cases.append(case("not_covered", "the exposure ends after the last sample: no rotations (quality none)",
                      t, smooth_shake(t), identity, T0 + 80 * MS, T0 + 120 * MS, 8))
    return cases


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "frame_motion.json"))
    args = parser.parse_args(argv)
    document = {
        "description": "Gyro samples in, the model's rotations out; definition in tests/golden/README.md. "
                       "Generated by tests/golden/generate.py; do not edit by hand.",
        "atol": ATOL,
        "cases": build_cases(),
    }
    text = json.dumps(document, indent=1)
    # One line per innermost list (a sample, a matrix row) keeps the file readable and diffable.
    text = re.sub(r"\[\s+([^\[\]{}]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"wrote {len(document['cases'])} cases to {args.out}")


if __name__ == "__main__":
    main()
