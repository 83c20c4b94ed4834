import json
import os

import numpy as np
import pytest
import torch

from gyroedge_trainer import cli
from gyroedge_trainer.export import PARITY_TOLERANCE
from gyroedge_trainer.manifest import contract_problems, read_manifest, sha256_of
from gyroedge_trainer.train import load_checkpoint, model_from_checkpoint, parse_overrides, train

from trainer_inputs import write_gyro_log, write_photos


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A gyro run and its blind twin, one step each, on tiny inputs."""
    root = tmp_path_factory.mktemp("export")
    sharp = str(root / "sharp")
    write_photos(sharp, count=2, size=(80, 64), prefix="train_")
    write_photos(sharp, count=2, size=(80, 64), prefix="test_", seed=1)
    gyro = write_gyro_log(str(root / "gyro.txt"), seconds=6.0)
    common = [f"--sharp_dir={sharp}", f"--gyro_log={gyro}", "--crop=32", "--batch_size=2", "--steps=1", "--val_count=2",
              "--val_size=32x32", f"--val_recording={root / 'val'}", "--warmup_steps=1", "--threads=1"]
    for kind in ("gyro", "blind"):
        train(parse_overrides(common + [f"--out={root / kind}", f"--gyro={kind == 'gyro'}"])[0])
    return root


@pytest.mark.parametrize("kind", ["gyro", "blind"])
def test_export_writes_the_model_its_manifest_and_a_parity_bundle(runs, tmp_path, kind):
    # Under ./gyroedge test the export lands among the fixtures, where the C# suite runs it through
    # the daemon's own ONNX Runtime binding and compares it with PyTorch (the parity check:
    # GyroEdge.Inference.Tests, ExportedModelParity_Tests).
    fixtures = os.environ.get("GYROEDGE_TEST_FIXTURES")
    folder = fixtures if fixtures else str(tmp_path)
    parity = fixtures if fixtures else str(tmp_path / "parity")
    name = f"exported_edge_{kind}"
    out = os.path.join(folder, name + ".onnx")
    assert cli.main(["export", "--checkpoint", str(runs / kind / "ckpt.pt"), "--out", out, "--name", name,
                     "--twin", "other", "--parity-dir", parity]) == 0
    manifest = read_manifest(os.path.join(folder, name + ".manifest.json"))
    assert contract_problems(manifest) == []
    assert manifest["kind"] == kind and manifest["sha256"] == sha256_of(out) and manifest["align"] == 8
    assert "1 steps x batch 2" in manifest["training"]["recipe"]
    assert os.path.getsize(out) < 10 * 1024 * 1024
    # The bundle's expected output is PyTorch's for the bundle's inputs.
    io = json.load(open(os.path.join(parity, name + ".io.json")))
    assert io["atol"] == PARITY_TOLERANCE
    tensors = {e["name"]: torch.from_numpy(np.fromfile(os.path.join(parity, e["file"]), dtype="<f4").reshape(e["shape"]))
               for e in io["inputs"] + io["outputs"]}
    assert sorted(tensors) == (sorted(["image", "rotations", "intrinsics", "sharp"]) if kind == "gyro" else ["image", "sharp"])
    net = model_from_checkpoint(load_checkpoint(str(runs / kind / "ckpt.pt")))
    with torch.no_grad():
        again = net(tensors["image"], tensors["rotations"], tensors["intrinsics"]) if kind == "gyro" else net(tensors["image"])
    assert torch.equal(again, tensors["sharp"])


def test_eval_torch_reports_input_model_baseline_and_every_image(runs, tmp_path):
    report_path = str(tmp_path / "eval.json")
    assert cli.main(["eval-torch", "--recording", str(runs / "val"), "--checkpoint", str(runs / "gyro" / "ckpt.pt"),
                     "--baseline", str(runs / "blind" / "ckpt.pt"), "--json", report_path]) == 0
    report = json.load(open(report_path))
    for key in ("input", "model", "baseline"):
        assert set(report[key]) >= {"psnr", "ssim"}
    assert len(report["images"]) == 2
    assert report["input"]["psnr"] == pytest.approx(np.mean([r["input"]["psnr"] for r in report["images"]]))
    assert all(set(r) >= {"id", "file", "input", "model", "baseline"} for r in report["images"])
