"""The ONNX fixtures the C# binding tests compare ONNX Runtime against.

Exports into $GYROEDGE_TEST_FIXTURES when set (./gyroedge test sets it, and the C# tests read the
same folder), else into a temporary folder.
"""
import json
import os

import numpy as np
import onnx
import pytest

from gyroedge_trainer.testing import onnx_fixtures

FIXTURE_NAMES = ["conv_small", "contract_probe", "dynamic_hw", "contract_probe_any_size"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out_dir = os.environ.get("GYROEDGE_TEST_FIXTURES") or str(tmp_path_factory.mktemp("onnx_fixtures"))
    names = onnx_fixtures.export_all(out_dir)
    return out_dir, names


def read_manifest(out_dir, name):
    with open(os.path.join(out_dir, name + ".io.json"), encoding="utf-8") as f:
        return json.load(f)


def read_tensor(out_dir, entry):
    values = np.fromfile(os.path.join(out_dir, entry["file"]), dtype="<f4")
    assert values.size == int(np.prod(entry["shape"])), entry
    return values.reshape(entry["shape"])


def graph_dims(value_info):
    return [d.dim_value if d.HasField("dim_value") else d.dim_param for d in value_info.type.tensor_type.shape.dim]


def test_export_all_returns_every_fixture_name(exported):
    _, names = exported
    assert names == FIXTURE_NAMES


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_model_passes_the_onnx_checker_at_opset_16(exported, name):
    out_dir, _ = exported
    model = onnx.load(os.path.join(out_dir, name + ".onnx"))
    onnx.checker.check_model(model, full_check=True)
    default_domain = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    assert default_domain == [onnx_fixtures.OPSET]
    assert onnx_fixtures.OPSET <= 17  # DESIGN.md: exportable by torch 1.13, parsed by TensorRT 8.6


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_manifest_names_and_shapes_match_the_graph(exported, name):
    out_dir, _ = exported
    manifest = read_manifest(out_dir, name)
    graph = onnx.load(os.path.join(out_dir, name + ".onnx")).graph
    initializers = {i.name for i in graph.initializer}
    graph_inputs = [i for i in graph.input if i.name not in initializers]

    assert [e["name"] for e in manifest["inputs"]] == [i.name for i in graph_inputs]
    assert [e["name"] for e in manifest["outputs"]] == [o.name for o in graph.output]
    for entry, info in zip(manifest["inputs"] + manifest["outputs"], graph_inputs + list(graph.output)):
        dims = graph_dims(info)
        assert len(dims) == len(entry["shape"])
        for graph_dim, saved in zip(dims, entry["shape"]):
            assert isinstance(graph_dim, str) or graph_dim == saved
        assert os.path.getsize(os.path.join(out_dir, entry["file"])) == 4 * int(np.prod(entry["shape"]))
    assert 0 < manifest["atol"] <= 1e-3


@pytest.mark.parametrize("fixture", onnx_fixtures.fixtures() + onnx_fixtures.demo_fixtures(), ids=lambda f: f.name)
def test_saved_output_is_what_pytorch_computes_from_the_saved_input(exported, fixture):
    out_dir, _ = exported
    manifest = read_manifest(out_dir, fixture.name)
    saved_inputs = {e["name"]: read_tensor(out_dir, e) for e in manifest["inputs"]}
    for name, values in fixture.inputs.items():
        np.testing.assert_array_equal(saved_inputs[name], values)

    fixture.inputs = saved_inputs
    recomputed = onnx_fixtures.run_pytorch(fixture)
    saved_outputs = [read_tensor(out_dir, e) for e in manifest["outputs"]]
    assert len(recomputed) == len(saved_outputs)
    for again, saved in zip(recomputed, saved_outputs):
        np.testing.assert_allclose(again, saved, rtol=0, atol=1e-6)


def test_contract_probe_samples_with_grid_sample_and_follows_the_model_contract(exported):
    out_dir, _ = exported
    graph = onnx.load(os.path.join(out_dir, "contract_probe.onnx")).graph
    assert "GridSample" in {n.op_type for n in graph.node}
    inputs = {i.name: graph_dims(i) for i in graph.input}
    assert inputs["image"] == [1, 3, onnx_fixtures.PROBE_HEIGHT, onnx_fixtures.PROBE_WIDTH]
    assert inputs["rotations"] == [1, onnx_fixtures.PROBE_ROTATIONS, 3, 3]
    assert inputs["intrinsics"] == [1, 3, 3]
    assert [o.name for o in graph.output] == ["sharp"]
    assert graph_dims(graph.output[0]) == [1, 3, onnx_fixtures.PROBE_HEIGHT, onnx_fixtures.PROBE_WIDTH]


def test_contract_probe_input_rotations_move_the_output(exported):
    out_dir, _ = exported
    manifest = read_manifest(out_dir, "contract_probe")
    rotations = read_tensor(out_dir, manifest["inputs"][1])
    middle = rotations[0, onnx_fixtures.PROBE_ROTATIONS // 2]
    np.testing.assert_allclose(middle, np.eye(3), atol=1e-7)  # relative to mid-exposure
    assert np.abs(rotations[0, 0] - np.eye(3)).max() > 1e-2

    still = onnx_fixtures.fixtures()[1]
    still.inputs["rotations"] = np.broadcast_to(np.eye(3, dtype=np.float32), rotations.shape).copy()
    without_motion = onnx_fixtures.run_pytorch(still)[0]
    with_motion = read_tensor(out_dir, manifest["outputs"][0])
    assert np.abs(with_motion - without_motion).mean() > 0.05


def test_contract_probe_output_is_clamped_to_the_unit_range(exported):
    out_dir, _ = exported
    manifest = read_manifest(out_dir, "contract_probe")
    sharp = read_tensor(out_dir, manifest["outputs"][0])
    assert sharp.min() >= 0.0 and sharp.max() <= 1.0


def test_invert_intrinsics_matches_numpy_for_a_skewed_camera():
    import torch

    k = np.array([[[412.0, 1.5, 319.5], [0.0, 405.0, 239.5], [0.0, 0.0, 1.0]]], dtype=np.float64)
    inverse = onnx_fixtures.invert_intrinsics(torch.from_numpy(k)).numpy()
    np.testing.assert_allclose(inverse, np.linalg.inv(k), rtol=1e-12, atol=1e-15)


def test_dynamic_hw_declares_symbolic_height_and_width(exported):
    out_dir, _ = exported
    graph = onnx.load(os.path.join(out_dir, "dynamic_hw.onnx")).graph
    assert graph_dims(graph.input[0]) == [1, 3, "height", "width"]
    assert graph_dims(graph.output[0]) == [1, 3, "height", "width"]


def test_contract_probe_any_size_declares_symbolic_height_and_width_and_keeps_the_contract(exported):
    out_dir, _ = exported
    graph = onnx.load(os.path.join(out_dir, "contract_probe_any_size.onnx")).graph
    inputs = {i.name: graph_dims(i) for i in graph.input}
    assert inputs["image"] == [1, 3, "height", "width"]
    assert inputs["rotations"] == [1, onnx_fixtures.PROBE_ROTATIONS, 3, 3]
    assert graph_dims(graph.output[0]) == [1, 3, "height", "width"]


def test_cli_exports_into_the_given_folder(tmp_path, capsys):
    assert onnx_fixtures.main(["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(tmp_path / (n + ".onnx")) for n in FIXTURE_NAMES]
    assert all((tmp_path / (n + ".io.json")).is_file() for n in FIXTURE_NAMES)
