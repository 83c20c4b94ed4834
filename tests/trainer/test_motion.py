"""gyroedge_trainer.motion: the golden vectors shared with the daemon, and hand-computed cases
that depend on neither implementation."""
import json
import math
import os

import numpy as np
import pytest

from gyroedge_trainer import motion

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "frame_motion.json")
T0 = 1_000_000_000_000
MS = 1_000_000


def load_golden():
    with open(GOLDEN, encoding="utf-8") as f:
        return json.load(f)


GOLDEN_DOC = load_golden()


def rodrigues(axis, angle):
    """Independent of motion.py: R = I + sin(a) K + (1 - cos(a)) K^2."""
    x, y, z = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    k = np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])
    return np.eye(3) + math.sin(angle) * k + (1.0 - math.cos(angle)) * (k @ k)


def constant_samples(omega, n=201, period_ns=MS):
    t = np.array([T0 + i * period_ns for i in range(n)], dtype=np.int64)
    return t, np.tile(np.asarray(omega, dtype=float), (n, 1))


@pytest.mark.parametrize("case", GOLDEN_DOC["cases"], ids=[c["name"] for c in GOLDEN_DOC["cases"]])
def test_golden_case_matches_within_atol(case):
    cal = motion.ImuCalibration.from_dict(case["calibration"])
    exposure = case["exposure"]
    args = (np.array(case["samples"]["t_ns"], dtype=np.int64), np.array(case["samples"]["omega"]), cal,
            exposure["start_ns"], exposure["end_ns"], case["m"], exposure["readout_ns"])
    if not case["covered"]:
        with pytest.raises(motion.NotCoveredError):
            motion.frame_rotations(*args)
        return
    got = motion.frame_rotations(*args)
    expected = np.array(case["expected_rotations"])
    assert got.shape == (case["m"], 3, 3)
    np.testing.assert_allclose(got, expected, rtol=0, atol=GOLDEN_DOC["atol"])


def test_golden_file_holds_every_kind_of_case_the_contract_needs():
    names = {c["name"] for c in GOLDEN_DOC["cases"]}
    ms = {c["m"] for c in GOLDEN_DOC["cases"]}
    assert {1, 5, 8} <= ms
    assert any(c["exposure"]["readout_ns"] > 0 for c in GOLDEN_DOC["cases"])
    assert any(c["calibration"]["time_offset_ns"] != 0 for c in GOLDEN_DOC["cases"])
    assert any(not c["covered"] for c in GOLDEN_DOC["cases"])
    assert any("phone_like" in n for n in names)
    assert all(len(c["samples"]["t_ns"]) <= 120 for c in GOLDEN_DOC["cases"])


@pytest.mark.parametrize("axis", [(1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)])
@pytest.mark.parametrize("m", [2, 5, 8])
def test_constant_rate_about_one_axis_rotates_by_rate_times_time_from_mid_exposure(axis, m):
    rate = 1.7
    t, w = constant_samples(np.array(axis) * rate)
    start, end = T0 + 20 * MS + 333, T0 + 70 * MS + 333
    got = motion.frame_rotations(t, w, motion.ImuCalibration(), start, end, m)
    duration = (end - start) / 1e9
    for k in range(m):
        t_k = duration * k / (m - 1)
        np.testing.assert_allclose(got[k], rodrigues(axis, rate * (t_k - duration / 2)), rtol=0, atol=1e-12)


def test_odd_m_puts_the_exact_identity_in_the_middle():
    t, w = constant_samples((0.3, -2.0, 0.9))
    got = motion.frame_rotations(t, w, motion.ImuCalibration(), T0 + 10 * MS + 1, T0 + 60 * MS + 1, 7)
    assert np.array_equal(got[3], np.eye(3))


def test_single_rotation_is_the_identity_at_mid_exposure():
    t, w = constant_samples((0.3, -2.0, 0.9))
    got = motion.frame_rotations(t, w, motion.ImuCalibration(), T0 + 10 * MS, T0 + 60 * MS, 1)
    assert got.shape == (1, 3, 3)
    assert np.array_equal(got[0], np.eye(3))


def test_imu_to_camera_rotation_maps_the_rotation_axis_into_camera_axes():
    # The IMU's x axis is the camera's y axis: a turn about IMU x is a turn about camera y.
    imu_to_camera = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    t, w = constant_samples((0.9, 0.0, 0.0))
    got = motion.frame_rotations(t, w, motion.ImuCalibration(imu_to_camera), T0 + 20 * MS, T0 + 60 * MS, 2)
    np.testing.assert_allclose(got[1], rodrigues((0.0, 1.0, 0.0), 0.9 * 0.02), rtol=0, atol=1e-12)


def test_bias_is_removed_before_integrating():
    bias = np.array([0.02, -0.01, 0.03])
    t, w = constant_samples(np.array([0.0, 0.0, 1.5]) + bias)
    got = motion.frame_rotations(t, w, motion.ImuCalibration(gyro_bias=bias), T0 + 20 * MS, T0 + 60 * MS, 2)
    np.testing.assert_allclose(got[1], rodrigues((0.0, 0.0, 1.0), 1.5 * 0.02), rtol=0, atol=1e-12)


def test_time_offset_moves_a_step_in_rate_by_the_offset():
    # The IMU sees the turn start at T0 + 50 ms, but its timestamps run 10 ms late: in camera
    # time the rate ramps from 0 (39 ms) to 2 rad/s (40 ms, mid-exposure) and stays there.
    t = np.array([T0 + i * MS for i in range(101)], dtype=np.int64)
    w = np.array([[0.0, 0.0, 2.0] if i >= 50 else [0.0, 0.0, 0.0] for i in range(101)])
    got = motion.frame_rotations(t, w, motion.ImuCalibration(time_offset_ns=-10 * MS), T0 + 30 * MS, T0 + 50 * MS, 3)
    # Before mid-exposure only the ramp turned the camera: 1 rad/s on average for 1 ms.
    np.testing.assert_allclose(got[0], rodrigues((0.0, 0.0, 1.0), -0.001), rtol=0, atol=1e-12)
    np.testing.assert_allclose(got[2], rodrigues((0.0, 0.0, 1.0), 0.010 * 2.0), rtol=0, atol=1e-12)
    unshifted = motion.frame_rotations(t, w, motion.ImuCalibration(), T0 + 30 * MS, T0 + 50 * MS, 3)
    np.testing.assert_allclose(unshifted[2], rodrigues((0.0, 0.0, 1.0), 0.001), rtol=0, atol=1e-12)


def test_rolling_shutter_uses_the_middle_rows_window():
    t = np.array([T0 + i * MS for i in range(101)], dtype=np.int64)
    w = np.array([[0.0, 0.0, 2.0] if i >= 50 else [0.0, 0.0, 0.0] for i in range(101)])
    # The first row exposes 30..50 ms; with 40 ms of readout the middle row exposes 50..70 ms,
    # all of it after the turn started (the ramp ends at 50 ms).
    global_shutter = motion.frame_rotations(t, w, motion.ImuCalibration(), T0 + 30 * MS, T0 + 50 * MS, 3)
    rolling = motion.frame_rotations(t, w, motion.ImuCalibration(), T0 + 30 * MS, T0 + 50 * MS, 3, readout_ns=40 * MS)
    np.testing.assert_allclose(global_shutter[0], np.eye(3), rtol=0, atol=1e-15)
    np.testing.assert_allclose(rolling[0], rodrigues((0.0, 0.0, 1.0), -0.010 * 2.0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(rolling[2], rodrigues((0.0, 0.0, 1.0), 0.010 * 2.0), rtol=0, atol=1e-12)


def test_orientations_compose_across_reference_instants():
    rng = np.random.default_rng(3)
    t = np.cumsum(rng.integers(400_000, 1_600_000, size=120)).astype(np.int64) + T0
    w = rng.normal(0.0, 1.0, size=(120, 3))
    origin = int(t[0])
    instants = np.linspace(0.005, 0.08, 9)
    r1 = motion.orientation_matrices(t, w, origin, instants, instants[2])
    r2 = motion.orientation_matrices(t, w, origin, instants, instants[6])
    # R_ref1^-1 R(t) = (R_ref1^-1 R_ref2) (R_ref2^-1 R(t)).
    for k in range(len(instants)):
        np.testing.assert_allclose(r1[k], r1[6] @ r2[k], rtol=0, atol=1e-12)


def test_orientations_refuse_instants_the_samples_do_not_reach():
    t, w = constant_samples((0.0, 0.0, 1.0), n=11)
    with pytest.raises(motion.NotCoveredError, match="cover"):
        motion.orientations(t, w, T0, [0.0, 0.011], 0.005)


def test_orientations_refuse_timestamps_that_do_not_increase():
    t = np.array([T0, T0 + MS, T0 + MS], dtype=np.int64)
    with pytest.raises(ValueError, match="strictly increasing"):
        motion.orientations(t, np.zeros((3, 3)), T0, [0.0], 0.0)


def test_calibration_refuses_a_reflection():
    with pytest.raises(ValueError, match="negate one row"):
        motion.ImuCalibration(np.diag([-1.0, 1.0, 1.0]))


def test_calibration_round_trips_through_its_dict():
    cal = motion.ImuCalibration(rodrigues((1, 2, 3), 0.4), -1234, np.array([0.1, 0.2, 0.3]))
    again = motion.ImuCalibration.from_dict(json.loads(json.dumps(cal.to_dict())))
    assert np.array_equal(again.imu_to_camera, cal.imu_to_camera)
    assert again.time_offset_ns == -1234
    assert np.array_equal(again.gyro_bias, cal.gyro_bias)


def test_exposure_instants_span_the_exposure_with_the_reference_in_the_middle():
    instants, ref = motion.exposure_instants(40 * MS, 5)
    np.testing.assert_array_equal(instants, [0.0, 0.01, 0.02, 0.03, 0.04])
    assert ref == 0.02


def test_load_gyro_text_reads_the_smartphone_log_format(tmp_path):
    path = tmp_path / "gyro.txt"
    path.write_text("250285705039633\t0.28435755\t-0.18906265\t0.13545926\n"
                    "250285709797133\t0.23777911\t-0.11728604\t0.10384701\n", encoding="ascii")
    t, w = motion.load_gyro_text(str(path))
    assert t.dtype == np.int64 and t.tolist() == [250285705039633, 250285709797133]
    assert w[1].tolist() == [0.23777911, -0.11728604, 0.10384701]


def test_load_gyro_text_names_the_bad_line(tmp_path):
    path = tmp_path / "gyro.txt"
    path.write_text("1 0 0 0\n2 0 0\n", encoding="ascii")
    with pytest.raises(ValueError, match=":2:"):
        motion.load_gyro_text(str(path))
