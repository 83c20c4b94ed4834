import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest

from gyroedge_trainer import cli
from gyroedge_trainer.recording import RecordingError, RecordingWriter, read_recording

from trainer_inputs import write_gyro_log, write_photos

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rec")
    write_photos(str(folder / "sharp"), count=3)
    return str(folder / "sharp"), write_gyro_log(str(folder / "gyro.txt"))


def synth_args(sharp, gyro, out, *extra):
    return ["synth", "--sharp", sharp, "--gyro", gyro, "--out", out, "--count", "3", "--seed", "42",
            "--size", "64x48", "--exposure-ms", "20-60", *extra]


def tree_hashes(folder):
    result = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                result[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return result


def test_synth_writes_identical_bytes_for_identical_arguments(inputs, tmp_path):
    sharp, gyro = inputs
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "src", "trainer"))
    for out in ("a", "b"):
        # Through the real entry point, as a user runs it.
        done = subprocess.run([os.path.join(REPO, "gyroedge"), *synth_args(sharp, gyro, str(tmp_path / out), "--rolling-shutter-ms", "10")],
                              capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    a, b = tree_hashes(tmp_path / "a"), tree_hashes(tmp_path / "b")
    assert sorted(a) == sorted(["session.json", "gyro.csv", "frames.csv", "truth.json"] +
                               [f"{d}/{i:06d}.png" for d in ("frames", "sharp") for i in range(3)])
    assert a == b


def test_a_recording_gives_back_the_rotations_the_model_was_meant_to_see(inputs, tmp_path):
    sharp, gyro = inputs
    out = str(tmp_path / "r")
    assert cli.main(synth_args(sharp, gyro, out, "--gyro-error", "harsh")) == 0
    recording = read_recording(out)
    assert len(recording.frames) == 3
    for frame, truth in zip(recording.frames, recording.truth["frames"]):
        # From gyro.csv + session.json + frames.csv, as the daemon would integrate them.
        assert np.array_equal(recording.rotations_of(frame, 9), np.array(truth["rotations"]))
        assert not np.allclose(truth["rotations"], truth["true_rotations"], atol=1e-6)  # harsh: the gyro is wrong
        assert recording.image(frame).shape == (48, 64, 3) and recording.sharp(frame).shape == (48, 64, 3)
    assert recording.session["calibration"]["imu_to_camera"] == [[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]]


def test_an_existing_out_is_refused_and_left_alone(inputs, tmp_path, capsys):
    sharp, gyro = inputs
    out = tmp_path / "exists"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert cli.main(synth_args(sharp, gyro, str(out))) == cli.EX_CANTCREAT
    assert "already exists" in capsys.readouterr().err
    assert os.listdir(out) == ["keep.txt"]


def test_a_failure_midway_leaves_nothing_in_out(inputs, tmp_path, capsys):
    sharp, gyro = inputs
    broken = tmp_path / "sharp"
    write_photos(str(broken), count=2)
    (broken / "train_zzz.jpg").write_bytes(b"not an image")
    out = tmp_path / "never"
    assert cli.main(["synth", "--sharp", str(broken), "--gyro", gyro, "--out", str(out), "--count", "3", "--seed", "1",
                     "--size", "32x32"]) == cli.EX_DATAERR
    assert "train_zzz.jpg: cannot decode" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["sharp"]  # no OUT, no OUT.partial-*


def test_a_bad_gyro_log_names_file_and_line(inputs, tmp_path, capsys):
    sharp, _ = inputs
    gyro = write_gyro_log(str(tmp_path / "bad.txt"), lines=["1000 0 0 0\n", "2000 0 0\n"])
    assert cli.main(synth_args(sharp, gyro, str(tmp_path / "o"))) == cli.EX_DATAERR
    assert f"{gyro}:2: expected 4 fields" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_an_exposure_longer_than_the_log_is_refused(inputs, tmp_path, capsys):
    sharp, _ = inputs
    gyro = write_gyro_log(str(tmp_path / "short.txt"), seconds=0.05)
    assert cli.main(synth_args(sharp, gyro, str(tmp_path / "o"))) == cli.EX_DATAERR
    assert "no gap-free stretch covers" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["short.txt"]


def test_the_writer_never_overwrites_an_out_that_appears_meanwhile(tmp_path):
    out = tmp_path / "race"
    writer = RecordingWriter(str(out))
    out.mkdir()
    with pytest.raises(RecordingError, match="appeared while"):
        writer.commit()
    assert os.listdir(out) == [] and sorted(os.listdir(tmp_path)) == ["race"]
