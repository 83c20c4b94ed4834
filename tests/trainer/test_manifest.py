"""The model manifest writer (gyroedge_trainer.manifest), and the two model packages the C# engine
tests load: the contract probe (any size) as a gyro model and its blind twin, each an .onnx with
a manifest written here by Python, so the daemon's reader is tested on what the trainer writes.

Exports into $GYROEDGE_TEST_FIXTURES when set (./gyroedge test sets it, and the C# tests read the
same folder), else into a temporary folder:
    contract_probe_gyro.{onnx,manifest.json,io.json}   the fixture contract_probe_any_size
    contract_probe_blind.{onnx,manifest.json,io.json}  the same probe without the rotations
"""
import dataclasses
import hashlib
import json
import os

import numpy as np
import onnx
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from gyroedge_trainer import manifest as mf
from gyroedge_trainer.testing import onnx_fixtures

GYRO_NAME = "contract_probe_gyro"
BLIND_NAME = "contract_probe_blind"
# The probe runs at any size; 8 makes the daemon pad frames whose sides are not multiples of 8,
# which its tests exercise.
PACKAGE_ALIGN = 8
TRAINING = {"data": "none: fixed weights", "recipe": "gyroedge_trainer.testing.onnx_fixtures.ContractProbe"}


class BlindProbe(nn.Module):
    """The blind twin of ContractProbe: the same sharpening and clamp with no rotations, so the
    only input is `image` (the blind contract, models/MANIFEST.md). With identity rotations the
    gyro probe gives the same output, which the C# tests use."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("sharpen", onnx_fixtures.make_contract_probe().sharpen.clone())

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return F.conv2d(image, self.sharpen, padding=1, groups=3).clamp(0.0, 1.0)


def package_fixtures():
    """The two packaged models with inputs for the C# engine tests. The image is quantised to
    k/255, what an 8-bit camera frame becomes in the engine, so the engine's output for that
    frame can be compared with PyTorch's output saved here."""
    any_size = next(f for f in onnx_fixtures.demo_fixtures() if f.name == "contract_probe_any_size")
    image = (np.round(any_size.inputs["image"] * 255.0) / 255.0).astype(np.float32)
    gyro = dataclasses.replace(any_size, name=GYRO_NAME, inputs={**any_size.inputs, "image": image})
    blind = onnx_fixtures.Fixture(
        name=BLIND_NAME,
        model=BlindProbe().eval(),
        inputs={"image": image},
        output_names=["sharp"],
        atol=any_size.atol,
        dynamic_axes={"image": {2: "height", 3: "width"}, "sharp": {2: "height", 3: "width"}},
    )
    return gyro, blind


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    out_dir = os.environ.get("GYROEDGE_TEST_FIXTURES") or str(tmp_path_factory.mktemp("packages"))
    gyro, blind = package_fixtures()
    paths = {}
    for fixture, kind, twin in ((gyro, mf.GYRO, BLIND_NAME), (blind, mf.BLIND, GYRO_NAME)):
        onnx_path = onnx_fixtures.export_fixture(fixture, out_dir)
        manifest = mf.build_manifest(
            onnx_path, name=fixture.name, version="0.1.0", kind=kind, twin=twin, align=PACKAGE_ALIGN,
            training=TRAINING, metrics={"psnr_db": None},
        )
        mf.write_manifest(manifest, mf.manifest_path_for(onnx_path))
        paths[kind] = onnx_path
    return paths


def load(onnx_path):
    return mf.read_manifest(mf.manifest_path_for(onnx_path))


def test_manifest_sits_beside_its_model_named_after_it():
    assert mf.manifest_path_for("/models/gyrodeblur-s.onnx") == "/models/gyrodeblur-s.manifest.json"


def test_manifest_records_the_sha256_of_the_exact_file(packages):
    for path in packages.values():
        with open(path, "rb") as f:
            expected = hashlib.sha256(f.read()).hexdigest()
        assert load(path)["sha256"] == expected
        assert load(path)["file"] == os.path.basename(path)


def test_gyro_manifest_reads_opset_and_io_from_the_graph(packages):
    manifest = load(packages[mf.GYRO])
    assert manifest["opset"] == onnx_fixtures.OPSET
    assert manifest["inputs"] == [
        {"name": "image", "type": "float32", "shape": [1, 3, "height", "width"]},
        {"name": "rotations", "type": "float32", "shape": [1, onnx_fixtures.PROBE_ROTATIONS, 3, 3]},
        {"name": "intrinsics", "type": "float32", "shape": [1, 3, 3]},
    ]
    assert manifest["outputs"] == [{"name": "sharp", "type": "float32", "shape": [1, 3, "height", "width"]}]
    assert manifest["rotation_count"] == onnx_fixtures.PROBE_ROTATIONS


def test_blind_twin_takes_the_image_only_and_no_rotation_count(packages):
    manifest = load(packages[mf.BLIND])
    assert [i["name"] for i in manifest["inputs"]] == ["image"]
    assert manifest["rotation_count"] is None
    graph = onnx.load(packages[mf.BLIND]).graph
    assert "GridSample" not in {n.op_type for n in graph.node}


def test_twins_name_each_other_and_state_their_kind(packages):
    gyro, blind = load(packages[mf.GYRO]), load(packages[mf.BLIND])
    assert (gyro["kind"], gyro["name"], gyro["twin"]) == ("gyro", GYRO_NAME, BLIND_NAME)
    assert (blind["kind"], blind["name"], blind["twin"]) == ("blind", BLIND_NAME, GYRO_NAME)


def test_manifest_carries_every_documented_field(packages):
    manifest = load(packages[mf.GYRO])
    assert set(manifest) == {
        "schema", "name", "version", "kind", "twin", "file", "sha256", "opset", "inputs", "outputs",
        "rotation_count", "align", "color_encoding", "min_onnxruntime", "training", "metrics",
    }
    assert manifest["schema"] == 1
    assert manifest["align"] == PACKAGE_ALIGN
    assert manifest["color_encoding"] == "srgb"
    assert manifest["min_onnxruntime"] == "1.22.0"
    assert manifest["training"] == TRAINING


def test_package_images_are_whole_8_bit_levels(packages):
    gyro, blind = package_fixtures()
    for fixture in (gyro, blind):
        levels = fixture.inputs["image"] * 255.0
        np.testing.assert_allclose(levels, np.round(levels), rtol=0, atol=1e-4)


def test_blind_probe_equals_the_gyro_probe_when_the_camera_did_not_move():
    gyro, blind = package_fixtures()
    still = np.broadcast_to(np.eye(3, dtype=np.float32), gyro.inputs["rotations"].shape).copy()
    gyro.inputs["rotations"] = still
    # K I K^-1 is the identity only up to float32 rounding, which the sharpening kernel amplifies.
    np.testing.assert_allclose(onnx_fixtures.run_pytorch(blind)[0], onnx_fixtures.run_pytorch(gyro)[0], rtol=0, atol=gyro.atol)


def export(tmp_path, fixture):
    return onnx_fixtures.export_fixture(fixture, str(tmp_path))


def build(path, **overrides):
    arguments = dict(name="m", version="1.0.0", kind="gyro", twin="m-blind", align=8)
    arguments.update(overrides)
    return mf.build_manifest(path, **arguments)


def test_refuses_a_model_whose_output_is_not_named_sharp(tmp_path):
    conv_small = next(f for f in onnx_fixtures.fixtures() if f.name == "conv_small")
    with pytest.raises(mf.ManifestError) as error:
        build(export(tmp_path, conv_small), kind="blind", twin="m-gyro")
    assert "outputs are ['output'], the contract gives ['sharp']" in str(error.value)


def test_refuses_a_blind_model_packaged_as_gyro(tmp_path):
    _, blind = package_fixtures()
    with pytest.raises(mf.ManifestError) as error:
        build(export(tmp_path, blind), kind="gyro")
    message = str(error.value)
    assert "inputs are ['image'], a gyro model takes ['image', 'rotations', 'intrinsics']" in message
    assert "rotation_count (M) is None" in message


def test_refuses_a_static_size_that_is_not_a_multiple_of_align(tmp_path):
    static = next(f for f in onnx_fixtures.fixtures() if f.name == "contract_probe")  # 64x96
    with pytest.raises(mf.ManifestError) as error:
        build(export(tmp_path, static), align=64)
    assert "image width 96 is not a multiple of align 64" in str(error.value)
    assert "height" not in str(error.value).split("cannot be packaged:")[1]


def test_refuses_a_twin_that_names_the_model_itself_and_an_unknown_kind(tmp_path):
    gyro, _ = package_fixtures()
    path = export(tmp_path, gyro)
    with pytest.raises(mf.ManifestError) as same:
        build(path, twin="m")
    with pytest.raises(mf.ManifestError) as kind:
        build(path, kind="deblur")
    assert "twin names the model itself ('m')" in str(same.value)
    assert "kind is 'deblur', expected one of ['gyro', 'blind']" in str(kind.value)


def test_contract_problems_name_a_file_outside_the_manifests_folder(tmp_path):
    gyro, _ = package_fixtures()
    manifest = build(export(tmp_path, gyro))
    manifest["file"] = "../elsewhere/model.onnx"
    assert mf.contract_problems(manifest) == [
        "file '../elsewhere/model.onnx' must be the name of an .onnx file beside the manifest, without a folder"
    ]


def test_contract_problems_name_an_opset_above_17_and_a_wrong_rotation_shape(tmp_path):
    gyro, _ = package_fixtures()
    manifest = build(export(tmp_path, gyro))
    assert mf.contract_problems(manifest) == []
    manifest["opset"] = 18
    manifest["rotation_count"] = 7
    problems = mf.contract_problems(manifest)
    assert "opset is 18, the contract allows 1 to 17 (torch 1.13 export, TensorRT 8.6)" in problems
    assert "rotations shape [1, 5, 3, 3]: dimension 1 is 5, the contract needs 7" in problems
    assert len(problems) == 2


def test_write_manifest_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    path = str(tmp_path / "m.manifest.json")
    mf.write_manifest({"name": "old"}, path)
    mf.write_manifest({"name": "new", "align": 8}, path)
    assert mf.read_manifest(path) == {"name": "new", "align": 8}
    assert os.listdir(tmp_path) == ["m.manifest.json"]


def test_write_manifest_keeps_the_old_file_when_writing_fails(tmp_path):
    path = str(tmp_path / "m.manifest.json")
    mf.write_manifest({"name": "old"}, path)
    with pytest.raises(TypeError):
        mf.write_manifest({"name": object()}, path)  # not JSON: fails half-way through the dump
    assert mf.read_manifest(path) == {"name": "old"}
    assert os.listdir(tmp_path) == ["m.manifest.json"]


def test_cli_writes_the_manifest_beside_the_model(tmp_path, capsys):
    _, blind = package_fixtures()
    path = export(tmp_path, blind)
    code = mf.main([path, "--name", "b", "--version", "2.0.0", "--kind", "blind", "--twin", "g", "--align", "4",
                    "--metrics", '{"psnr_db": 30.5}'])
    assert code == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / (BLIND_NAME + ".manifest.json"))
    written = mf.read_manifest(mf.manifest_path_for(path))
    assert (written["name"], written["kind"], written["twin"], written["align"]) == ("b", "blind", "g", 4)
    assert written["metrics"] == {"psnr_db": 30.5}


def test_cli_refuses_a_model_that_breaks_the_contract_with_exit_code_65(tmp_path, capsys):
    _, blind = package_fixtures()
    path = export(tmp_path, blind)
    code = mf.main([path, "--name", "b", "--version", "1", "--kind", "gyro", "--twin", "g", "--align", "4"])
    assert code == 65
    assert "a gyro model takes ['image', 'rotations', 'intrinsics']" in capsys.readouterr().err
    assert not os.path.exists(mf.manifest_path_for(path))


def test_written_manifest_is_plain_json_the_daemon_reads(packages):
    with open(mf.manifest_path_for(packages[mf.GYRO]), encoding="utf-8") as f:
        text = f.read()
    assert json.loads(text)["name"] == GYRO_NAME
    assert text.endswith("\n")
