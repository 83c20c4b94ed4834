import math

import numpy as np
import pytest
import torch

from gyroedge_trainer import motion, synthesis
from gyroedge_trainer.gyrolog import read_gyro_log
from gyroedge_trainer.photos import PhotoError, linear_to_srgb, load_photo, read_rgb8, srgb_to_linear
from gyroedge_trainer.synthesis import (ERROR_LEVELS, HARSH, REALISTIC, ExposureTooLongError, SynthesisSettings,
                                        corrupt_gyro, synthesise)

from trainer_inputs import gyro_samples, write_gyro_log, write_photos


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    photo = load_photo(write_photos(str(folder / "photos"), count=1)[0])
    shaky = read_gyro_log(write_gyro_log(str(folder / "shaky.txt")))
    still = read_gyro_log(write_gyro_log(str(folder / "still.txt"), still=True))
    return photo, shaky, still


def test_srgb_and_linear_round_trip_every_8_bit_value():
    x = torch.arange(256, dtype=torch.float64) / 255
    back = linear_to_srgb(srgb_to_linear(x))
    assert torch.max(torch.abs(back - x)) < 1e-12
    # The exact formula, not a 2.2 gamma: mid-grey 0.5 is 0.21404 in linear light.
    assert abs(float(srgb_to_linear(torch.tensor(0.5, dtype=torch.float64))) - 0.21404114) < 1e-7


def test_an_unreadable_image_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(PhotoError, match="broken.jpg: cannot decode"):
        read_rgb8(str(path))


def test_the_same_seed_gives_the_same_frame(inputs):
    photo, shaky, _ = inputs
    settings = SynthesisSettings(size=(64, 48))
    a = synthesise(np.random.default_rng(5), photo, shaky, settings, "realistic")
    b = synthesise(np.random.default_rng(5), photo, shaky, settings, "realistic")
    c = synthesise(np.random.default_rng(6), photo, shaky, settings, "realistic")
    assert np.array_equal(a.blurred, b.blurred) and np.array_equal(a.rotations, b.rotations)
    assert np.array_equal(a.gyro_omega, b.gyro_omega)
    assert not np.array_equal(a.blurred, c.blurred)


def test_a_still_camera_blurs_nothing_but_noise(inputs):
    photo, _, still = inputs
    settings = SynthesisSettings(size=(64, 48), saturation_share=0.0, shot_noise=(1e-6, 1.1e-6), read_noise=(1e-4, 1.1e-4))
    frame = synthesise(np.random.default_rng(1), photo, still, settings, "none")
    difference = np.abs(frame.blurred.astype(int) - frame.sharp.astype(int))
    assert difference.max() <= 2  # noise of ~1e-3 linear is at most a couple of 8-bit steps
    assert np.allclose(frame.true_rotations, np.eye(3), atol=1e-12)
    assert frame.sub_instants == 9  # nothing moves, so the first density already holds


def test_a_shaking_camera_blurs(inputs):
    photo, shaky, _ = inputs
    frame = synthesise(np.random.default_rng(2), photo, shaky, SynthesisSettings(size=(64, 48), exposure_ms=(60, 60)), "none")
    assert np.abs(frame.blurred.astype(int) - frame.sharp.astype(int)).mean() > 3


@pytest.mark.parametrize("rolling_ms", [0.0, 20.0])
def test_no_border_pixel_moves_more_than_half_a_pixel_between_sub_instants(inputs, rolling_ms):
    photo, shaky, _ = inputs
    settings = SynthesisSettings(size=(64, 48), exposure_ms=(80, 80), fov_deg=(50, 50), rolling_shutter_ms=rolling_ms)
    frame = synthesise(np.random.default_rng(3), photo, shaky, settings, "none")
    assert frame.sub_instants > 9  # the shake needed subdividing
    # Recompute independently: the crop's corners under consecutive homographies of the true motion.
    x0, y0 = frame.truth["crop_origin"]
    k = synthesis.photo_intrinsics(photo.width, photo.height, frame.truth["fov_deg"])
    start = frame.truth["log_exposure_start_ns"]
    cal = motion.ImuCalibration(np.array(settings.imu_to_camera))
    t_cam, w_cam = motion.to_camera(shaky.t_ns - start, shaky.omega, cal)
    s = frame.sub_instants
    readout = int(rolling_ms * 1e6)
    reference = (frame.exposure_ns / 2 + readout // 2) / 1e9
    for corner in [(x0, y0), (x0 + 63, y0), (x0, y0 + 47), (x0 + 63, y0 + 47)]:
        delay = (readout * corner[1]) // photo.height / 1e9
        times = np.array([frame.exposure_ns * (i / (s - 1)) for i in range(s)]) / 1e9 + delay
        r = motion.orientation_matrices(t_cam, w_cam, 0, times, reference)
        p = synthesis.project(synthesis.homographies(k, r), np.array([[corner[0], corner[1], 1.0]]))[:, 0]
        steps = np.sqrt(((p[1:] - p[:-1]) ** 2).sum(-1))
        assert steps.max() <= synthesis.MAX_STEP_PX + 1e-9


def test_rolling_shutter_rotations_follow_the_middle_row(inputs):
    photo, shaky, _ = inputs
    settings = SynthesisSettings(size=(64, 48), exposure_ms=(30, 30), rolling_shutter_ms=20.0)
    frame = synthesise(np.random.default_rng(4), photo, shaky, settings, "none")
    start = frame.truth["log_exposure_start_ns"]
    expected = motion.frame_rotations(shaky.t_ns - start, shaky.omega, motion.ImuCalibration(np.array(settings.imu_to_camera)),
                                      0, frame.exposure_ns, settings.rotation_count, 20_000_000)
    assert np.array_equal(frame.true_rotations, expected)
    assert frame.readout_ns == 20_000_000


def test_the_error_levels_have_their_defined_statistics():
    t_ns, omega = gyro_samples(seconds=20.0)
    for level, factor in ((REALISTIC, 1), (HARSH, 3)):
        rng = np.random.default_rng(11)
        draws = [corrupt_gyro(rng, t_ns, omega, level) for _ in range(40)]
        infos = [d[2] for d in draws]
        bias = np.array([i["bias"] for i in infos])
        scale = np.array([i["scale"] for i in infos])
        assert np.abs(bias).max() <= 0.01 * factor and np.abs(bias).max() > 0.008 * factor
        assert np.abs(scale - 1).max() <= 0.02 * factor and np.abs(scale - 1).max() > 0.015 * factor
        assert max(i["misalignment_deg"] for i in infos) <= 2.0 * factor
        offsets = np.array([i["time_offset_ns"] for i in infos])
        assert np.abs(offsets).max() <= 5e6 * factor and np.abs(offsets).max() > 4e6 * factor
        dropped = sum(i["dropped"] for i in infos) / sum(i["samples"] for i in infos)
        assert 0.7 * 0.01 * factor < dropped < 1.3 * 0.01 * factor
        # White noise: what is left after removing the known bias, scale and misalignment.
        t, w, info = draws[0]
        keep = np.isin(t_ns, t - info["time_offset_ns"])
        m = motion.axis_angle_matrix(info["misalignment_axis"], math.radians(info["misalignment_deg"]))
        clean = (omega[keep] * np.array(info["scale"])) @ m.T + np.array(info["bias"])
        assert abs(np.std(w - clean) - 0.005 * factor) < 0.0005 * factor


def test_every_level_blurs_the_same_way_for_one_seed(inputs):
    photo, shaky, _ = inputs
    settings = SynthesisSettings(size=(48, 32))
    frames = [synthesise(np.random.default_rng(9), photo, shaky, settings, level) for level in ("none", "realistic", "harsh")]
    assert all(np.array_equal(f.blurred, frames[0].blurred) for f in frames)
    assert not np.array_equal(frames[0].rotations, frames[2].rotations)


def test_no_error_leaves_the_gyro_untouched():
    t_ns, omega = gyro_samples(seconds=1.0)
    t, w, info = corrupt_gyro(np.random.default_rng(0), t_ns, omega, ERROR_LEVELS["none"])
    assert np.array_equal(t, t_ns) and np.array_equal(w, omega) and info == {"level": "none"}


def test_an_exposure_longer_than_any_gap_free_stretch_is_refused(tmp_path, inputs):
    photo = inputs[0]
    log = read_gyro_log(write_gyro_log(str(tmp_path / "short.txt"), seconds=0.08))
    with pytest.raises(ExposureTooLongError, match="short.txt: no gap-free stretch covers 80.0 ms"):
        synthesise(np.random.default_rng(0), photo, log, SynthesisSettings(size=(32, 32), exposure_ms=(80, 80)), "none")
