"""The model manifest: the JSON file beside every exported .onnx that the daemon checks before it
runs the model. models/MANIFEST.md documents each field; this module writes it, and the daemon's
reader (src/GyroEdge.Inference/Models) refuses a model whose manifest does not match.

The facts a manifest can get wrong by hand are read from the exported file itself: its sha256,
its opset, and its inputs and outputs (names, element types, shapes with symbolic height and
width). What only the trainer knows (name, version, kind, twin, align, training, metrics) comes
from the caller. The manifest is checked against the model contract (DESIGN.md) before it is
written, so a model the daemon would refuse is refused here first.

    from gyroedge_trainer.manifest import build_manifest, write_manifest, manifest_path_for
    manifest = build_manifest("out/gyrodeblur.onnx", name="gyrodeblur-s", version="1.0.0", kind="gyro",
                              twin="gyrodeblur-s-blind", align=16, training={"data": ..., "recipe": ...})
    write_manifest(manifest, manifest_path_for("out/gyrodeblur.onnx"))

or from a shell:
    python3 -m gyroedge_trainer.manifest out/gyrodeblur.onnx --name gyrodeblur-s --version 1.0.0 \
        --kind gyro --twin gyrodeblur-s-blind --align 16
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import onnx

# Bumped only when a field changes meaning; the daemon refuses any other value.
SCHEMA = 1

GYRO = "gyro"
BLIND = "blind"
KINDS = (GYRO, BLIND)

# DESIGN.md: exports from torch 1.13 that TensorRT 8.6 parses, so opset 17 at most.
MAX_OPSET = 17

# The oldest ONNX Runtime the model contract is checked on (DESIGN.md, "ORT 1.22+").
DEFAULT_MIN_ONNXRUNTIME = "1.22.0"

# 8-bit sRGB values divided by 255, channels in R, G, B order (DESIGN.md model contract).
COLOR_ENCODING = "srgb"

# The contract's tensors, in the order a gyro model declares them; a blind twin takes `image` only.
IMAGE, ROTATIONS, INTRINSICS, SHARP = "image", "rotations", "intrinsics", "sharp"
CONTRACT_INPUTS = {GYRO: [IMAGE, ROTATIONS, INTRINSICS], BLIND: [IMAGE]}
CONTRACT_OUTPUTS = [SHARP]

Dimension = Union[int, str]

# onnx.TensorProto element types by the names the manifest uses (numpy's spelling).
_ELEMENT_TYPES = {
    onnx.TensorProto.FLOAT: "float32",
    onnx.TensorProto.FLOAT16: "float16",
    onnx.TensorProto.DOUBLE: "float64",
    onnx.TensorProto.UINT8: "uint8",
    onnx.TensorProto.INT8: "int8",
    onnx.TensorProto.INT32: "int32",
    onnx.TensorProto.INT64: "int64",
    onnx.TensorProto.BOOL: "bool",
}

_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")


class ManifestError(ValueError):
    """The model or the metadata given for it breaks the model contract; the message lists every difference."""


def manifest_path_for(onnx_path: str) -> str:
    """Where the daemon looks for the manifest of `onnx_path`: NAME.onnx -> NAME.manifest.json."""
    root, _ = os.path.splitext(onnx_path)
    return root + ".manifest.json"


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dims(value_info: onnx.ValueInfoProto) -> List[Dimension]:
    # A dimension with neither value nor name is still dynamic: name it by position so the
    # manifest never holds a null the daemon would have to guess about.
    dims: List[Dimension] = []
    for index, dim in enumerate(value_info.type.tensor_type.shape.dim):
        if dim.HasField("dim_value"):
            dims.append(int(dim.dim_value))
        else:
            dims.append(dim.dim_param or f"{value_info.name}_dim{index}")
    return dims


def _tensor_entry(value_info: onnx.ValueInfoProto) -> Dict[str, Any]:
    elem = value_info.type.tensor_type.elem_type
    return {
        "name": value_info.name,
        "type": _ELEMENT_TYPES.get(elem, onnx.TensorProto.DataType.Name(elem).lower()),
        "shape": _dims(value_info),
    }


def read_graph_io(model: onnx.ModelProto) -> Dict[str, List[Dict[str, Any]]]:
    """The graph's inputs (initializers excluded: older exporters list them as inputs) and outputs."""
    initializers = {i.name for i in model.graph.initializer}
    return {
        "inputs": [_tensor_entry(i) for i in model.graph.input if i.name not in initializers],
        "outputs": [_tensor_entry(o) for o in model.graph.output],
    }


def read_opset(model: onnx.ModelProto) -> int:
    """The default-domain ("" or "ai.onnx") opset the model imports."""
    versions = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    if len(versions) != 1:
        raise ManifestError(f"the model imports the default ONNX domain {len(versions)} times; an exported model imports it once")
    return int(versions[0])


def build_manifest(
    onnx_path: str,
    *,
    name: str,
    version: str,
    kind: str,
    twin: str,
    align: int,
    training: Optional[Mapping[str, Any]] = None,
    metrics: Optional[Mapping[str, Any]] = None,
    min_onnxruntime: str = DEFAULT_MIN_ONNXRUNTIME,
) -> Dict[str, Any]:
    """The manifest of the exported model at `onnx_path`, checked against the model contract.

    sha256, opset, inputs, outputs and the rotation count M come from the file; the rest from the
    arguments. `training` holds {"data": ..., "recipe": ...}; `metrics` the validation figures.
    Raises ManifestError naming every way the model or the arguments break the contract.
    """
    model = onnx.load(onnx_path)
    io = read_graph_io(model)
    rotations = next((i for i in io["inputs"] if i["name"] == ROTATIONS), None)
    rotation_count = rotations["shape"][1] if rotations is not None and len(rotations["shape"]) == 4 else None
    manifest = {
        "schema": SCHEMA,
        "name": name,
        "version": version,
        "kind": kind,
        "twin": twin,
        "file": os.path.basename(onnx_path),
        "sha256": sha256_of(onnx_path),
        "opset": read_opset(model),
        "inputs": io["inputs"],
        "outputs": io["outputs"],
        "rotation_count": rotation_count if kind == GYRO else None,
        "align": align,
        "color_encoding": COLOR_ENCODING,
        "min_onnxruntime": min_onnxruntime,
        "training": dict(training or {"data": "unspecified", "recipe": "unspecified"}),
        "metrics": dict(metrics or {}),
    }
    problems = contract_problems(manifest)
    if problems:
        raise ManifestError(f"{onnx_path} cannot be packaged: " + "; ".join(problems))
    return manifest


def _shape_problems(entry: Mapping[str, Any], expected: Sequence[Optional[Dimension]]) -> List[str]:
    """`expected` holds fixed sizes, or None where the contract lets the model choose (H, W, M)."""
    shape = entry.get("shape")
    label = f"{entry.get('name')} shape {shape}"
    if not isinstance(shape, list) or len(shape) != len(expected):
        return [f"{label} has rank {len(shape) if isinstance(shape, list) else '?'}, the contract needs rank {len(expected)}"]
    problems = []
    for axis, (got, want) in enumerate(zip(shape, expected)):
        if want is not None and got != want:
            problems.append(f"{label}: dimension {axis} is {got!r}, the contract needs {want}")
    return problems


def contract_problems(manifest: Mapping[str, Any]) -> List[str]:
    """Every way `manifest` breaks the model contract (DESIGN.md, models/MANIFEST.md); empty if none.

    The daemon makes the same checks (ModelContract.cs), plus those that need the file and the
    loaded ONNX Runtime.
    """
    problems: List[str] = []
    if manifest.get("schema") != SCHEMA:
        problems.append(f"schema is {manifest.get('schema')!r}, this trainer writes {SCHEMA}")
    for key in ("name", "version", "twin", "file"):
        if not isinstance(manifest.get(key), str) or not manifest.get(key):
            problems.append(f"{key} must be a non-empty string, got {manifest.get(key)!r}")
    file_name = manifest.get("file")
    if isinstance(file_name, str) and file_name and (os.path.basename(file_name) != file_name or not file_name.endswith(".onnx")):
        problems.append(f"file {file_name!r} must be the name of an .onnx file beside the manifest, without a folder")
    kind = manifest.get("kind")
    if kind not in KINDS:
        problems.append(f"kind is {kind!r}, expected one of {list(KINDS)}")
    if manifest.get("twin") == manifest.get("name"):
        problems.append(f"twin names the model itself ({manifest.get('name')!r}); it must name the {'blind' if kind == GYRO else 'gyro'} twin")
    sha = manifest.get("sha256")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        problems.append(f"sha256 must be 64 lowercase hex digits, got {sha!r}")
    opset = manifest.get("opset")
    if not isinstance(opset, int) or isinstance(opset, bool) or not 1 <= opset <= MAX_OPSET:
        problems.append(f"opset is {opset!r}, the contract allows 1 to {MAX_OPSET} (torch 1.13 export, TensorRT 8.6)")
    align = manifest.get("align")
    if not isinstance(align, int) or isinstance(align, bool) or align < 1:
        problems.append(f"align is {align!r}, expected a positive integer (the stride H and W must be multiples of)")
        align = None
    if manifest.get("color_encoding") != COLOR_ENCODING:
        problems.append(f"color_encoding is {manifest.get('color_encoding')!r}, the contract is {COLOR_ENCODING!r} (RGB in [0,1])")
    min_ort = manifest.get("min_onnxruntime")
    if not isinstance(min_ort, str) or not _VERSION.match(min_ort):
        problems.append(f"min_onnxruntime is {min_ort!r}, expected a version such as {DEFAULT_MIN_ONNXRUNTIME!r}")
    training = manifest.get("training")
    if not isinstance(training, dict) or not all(isinstance(training.get(k), str) for k in ("data", "recipe")):
        problems.append("training must be an object with string fields data and recipe")
    if not isinstance(manifest.get("metrics"), dict):
        problems.append("metrics must be an object (empty when there are none yet)")

    inputs = manifest.get("inputs") if isinstance(manifest.get("inputs"), list) else []
    outputs = manifest.get("outputs") if isinstance(manifest.get("outputs"), list) else []
    if kind in KINDS:
        input_names = [i.get("name") for i in inputs]
        if input_names != CONTRACT_INPUTS[kind]:
            problems.append(f"inputs are {input_names}, a {kind} model takes {CONTRACT_INPUTS[kind]}")
    output_names = [o.get("name") for o in outputs]
    if output_names != CONTRACT_OUTPUTS:
        problems.append(f"outputs are {output_names}, the contract gives {CONTRACT_OUTPUTS}")
    for entry in inputs + outputs:
        if entry.get("type") != "float32":
            problems.append(f"{entry.get('name')} is {entry.get('type')}, the contract is float32 throughout")

    by_name = {e.get("name"): e for e in inputs + outputs}
    rotation_count = manifest.get("rotation_count")
    if kind == GYRO:
        if not isinstance(rotation_count, int) or isinstance(rotation_count, bool) or rotation_count < 1:
            problems.append(f"rotation_count (M) is {rotation_count!r}, a gyro model needs a positive integer")
            rotation_count = None
    elif kind == BLIND and rotation_count is not None:
        problems.append(f"rotation_count is {rotation_count!r}, a blind model takes no rotations (null)")
    if IMAGE in by_name:
        problems += _shape_problems(by_name[IMAGE], [1, 3, None, None])
        shape = by_name[IMAGE].get("shape")
        if isinstance(shape, list) and len(shape) == 4:
            for axis, label in ((2, "height"), (3, "width")):
                if isinstance(shape[axis], int) and align and shape[axis] % align:
                    problems.append(f"image {label} {shape[axis]} is not a multiple of align {align}")
            if SHARP in by_name and isinstance(by_name[SHARP].get("shape"), list) and by_name[SHARP]["shape"][2:] != shape[2:]:
                problems.append(f"sharp's height and width {by_name[SHARP]['shape'][2:]} differ from image's {shape[2:]}")
    if ROTATIONS in by_name:
        problems += _shape_problems(by_name[ROTATIONS], [1, rotation_count, 3, 3])
    if INTRINSICS in by_name:
        problems += _shape_problems(by_name[INTRINSICS], [1, 3, 3])
    if SHARP in by_name:
        problems += _shape_problems(by_name[SHARP], [1, 3, None, None])
    return problems


def write_manifest(manifest: Mapping[str, Any], path: str) -> None:
    """Writes `manifest` as JSON at `path` atomically: a temporary file in the same folder,
    fsynced, then renamed over `path` (and the folder fsynced), so a crash or power cut leaves
    the old manifest or the new one, never a torn file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read_manifest(path: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m gyroedge_trainer.manifest",
        description="Write the manifest (NAME.manifest.json) of an exported GyroEdge model, checked against the model contract.",
    )
    parser.add_argument("onnx", help="the exported model")
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--twin", required=True, help="the name of the twin model (blind for a gyro model, gyro for a blind one)")
    parser.add_argument("--align", required=True, type=int, help="H and W must be multiples of this")
    parser.add_argument("--training-data", default="unspecified")
    parser.add_argument("--training-recipe", default="unspecified")
    parser.add_argument("--metrics", default="{}", help="validation metrics as a JSON object")
    parser.add_argument("--min-onnxruntime", default=DEFAULT_MIN_ONNXRUNTIME)
    args = parser.parse_args(argv)
    try:
        manifest = build_manifest(
            args.onnx, name=args.name, version=args.version, kind=args.kind, twin=args.twin, align=args.align,
            training={"data": args.training_data, "recipe": args.training_recipe},
            metrics=json.loads(args.metrics), min_onnxruntime=args.min_onnxruntime,
        )
    except ManifestError as e:
        print(f"manifest: {e}", file=sys.stderr)
        return 65  # EX_DATAERR, as the daemon's command line uses for a bad model
    path = manifest_path_for(args.onnx)
    write_manifest(manifest, path)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
