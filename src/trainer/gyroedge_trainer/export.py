"""Export: a training checkpoint -> NAME.onnx + NAME.manifest.json (+ a parity bundle).

    ./gyroedge export --checkpoint build/train/edge-gyro/ckpt.pt --out models/gyroedge-edge.onnx \
        --name gyroedge-edge --twin gyroedge-edge-blind [--metrics eval.json]

The graph takes exactly the model contract's inputs (DESIGN.md, models/MANIFEST.md): a gyro
model `image`, `rotations`, `intrinsics`; its blind twin `image` only; output `sharp`. Height and
width are symbolic. Opset 16: GridSample's first opset, and torch 1.13 exports it there.

Parity: the exported file must compute what PyTorch computes. The export writes a parity bundle
(build/parity/NAME.io.json + raw float32 tensors, the TrainerFixture format the C# tests read)
with a probe input and PyTorch's output, for the daemon's own ORT binding to run; the largest
absolute difference must be <= 1e-4 (issue 4).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from typing import Any, Dict, Optional, Sequence

import numpy as np
import onnx
import torch

from . import manifest as manifest_module
from .model import BlindContract, GyroDeblurNet
from .train import REPO, config_from_checkpoint, load_checkpoint, model_from_checkpoint

OPSET = 16
PARITY_TOLERANCE = 1e-4
# The graph is traced at one size and the parity probe runs at another (neither square nor the
# training crop), so a graph that baked in a size or swapped H and W fails the parity check.
TRACE_HEIGHT, TRACE_WIDTH = 64, 96
PROBE_HEIGHT, PROBE_WIDTH = 96, 160


def probe_inputs(net: GyroDeblurNet, height: int = PROBE_HEIGHT, width: int = PROBE_WIDTH, seed: int = 7):
    """A deterministic probe: a smooth random image, a real-looking rotation sweep, 60 degree FOV."""
    g = torch.Generator().manual_seed(seed)
    image = torch.nn.functional.interpolate(torch.rand(1, 3, height // 8, width // 8, generator=g), size=(height, width),
                                            mode="bilinear", align_corners=False)
    m = net.args.rotation_count
    angles = torch.linspace(-1, 1, m)[:, None] * torch.tensor([0.012, -0.008, 0.004])
    rotations = torch.stack([_rodrigues(a) for a in angles])[None]
    f = (width / 2) / np.tan(np.radians(30))
    intrinsics = torch.tensor([[[f, 0.0, (width - 1) / 2], [0.0, f, (height - 1) / 2], [0.0, 0.0, 1.0]]], dtype=torch.float32)
    return image, rotations.float(), intrinsics


def _rodrigues(v: torch.Tensor) -> torch.Tensor:
    angle = float(v.norm())
    if angle == 0:
        return torch.eye(3)
    x, y, z = (v / angle).tolist()
    k = torch.tensor([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return torch.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def export_onnx(net: GyroDeblurNet, path: str) -> None:
    """Writes the contract graph to `path` (through a temporary file: no torn .onnx) and checks it."""
    net = net.eval()
    image, rotations, intrinsics = probe_inputs(net, TRACE_HEIGHT, TRACE_WIDTH)
    hw = {2: "height", 3: "width"}
    if net.args.gyro:
        module, args, names = net, (image, rotations, intrinsics), ["image", "rotations", "intrinsics"]
    else:
        module, args, names = BlindContract(net), (image,), ["image"]
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        with torch.no_grad():
            torch.onnx.export(module, args, temporary, opset_version=OPSET, input_names=names, output_names=["sharp"],
                              dynamic_axes={"image": hw, "sharp": hw}, do_constant_folding=True)
        model = onnx.load(temporary)
        # The exporter leaves the output's batch and channel symbolic (they come out of an Add);
        # the contract fixes them, and the manifest reads them from here.
        dims = model.graph.output[0].type.tensor_type.shape.dim
        dims[0].dim_value, dims[1].dim_value = 1, 3
        onnx.save(model, temporary)
        onnx.checker.check_model(onnx.load(temporary), full_check=True)
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a model package is meant to be copied
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_parity_bundle(net: GyroDeblurNet, onnx_path: str, folder: str, name: str) -> str:
    """The probe and PyTorch's output in the TrainerFixture format (io.json + raw float32 files)."""
    os.makedirs(folder, exist_ok=True)
    image, rotations, intrinsics = probe_inputs(net)
    with torch.no_grad():
        sharp = net(image, rotations, intrinsics) if net.args.gyro else net(image)
    tensors = {"image": image, "rotations": rotations, "intrinsics": intrinsics} if net.args.gyro else {"image": image}

    def entry(key: str, value: torch.Tensor) -> Dict[str, Any]:
        file = f"{name}.{key}.f32"
        value.detach().numpy().astype("<f4").tofile(os.path.join(folder, file))
        return {"name": key, "shape": list(value.shape), "file": file}

    # The bundle is self-contained (TrainerFixture reads NAME.onnx beside NAME.io.json), unless the
    # model was exported into the bundle's folder already.
    bundled = os.path.join(folder, name + ".onnx")
    if os.path.abspath(onnx_path) != os.path.abspath(bundled):
        shutil.copyfile(onnx_path, bundled)
    io = {"inputs": [entry(k, v) for k, v in tensors.items()], "outputs": [entry("sharp", sharp)], "atol": PARITY_TOLERANCE}
    path = os.path.join(folder, name + ".io.json")
    with open(path, "w") as f:
        json.dump(io, f, indent=2)
    return path


def training_description(checkpoint: Dict[str, Any]) -> Dict[str, str]:
    c = config_from_checkpoint(checkpoint)
    data = (f"on-the-fly synthesis (gyroedge_trainer.synthesis) from {os.path.basename(c.sharp_dir)} "
            f"{'+'.join(c.train_prefixes)}* photos and {os.path.basename(c.gyro_log)} "
            f"(log span {c.train_log_span[0]:g}-{c.train_log_span[1]:g}), {c.crop}px crops, exposures "
            f"{c.exposure_ms[0]:g}-{c.exposure_ms[1]:g} ms, FOV 50-90 deg")
    recipe = (f"config {c.model} gyro={c.gyro}; {checkpoint['step']} steps x batch {c.batch_size}; Adam lr {c.lr:g} "
              f"cosine, {c.loss} loss; gyro-error curriculum over the first {c.curriculum_share:.2f} of training "
              f"({c.harsh_share:g} harsh); seed {c.seed}; {checkpoint.get('elapsed_s', 0) / 60:.0f} min")
    return {"data": data, "recipe": recipe}


def default_twin(name: str, gyro: bool) -> str:
    return name + "-blind" if gyro else (name[:-len("-blind")] if name.endswith("-blind") else name + "-gyro")


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="gyroedge export", description="Export a checkpoint as ONNX with its manifest.")
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True, help="NAME.onnx; the manifest goes beside it as NAME.manifest.json")
    p.add_argument("--name", help="model name (default: the file name without .onnx)")
    p.add_argument("--twin", help="the twin's name (default: NAME-blind for a gyro model, NAME without -blind for a blind one)")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--metrics", help="a JSON object of validation figures for the manifest (e.g. from eval)")
    p.add_argument("--parity-dir", default=os.path.join(REPO, "build", "parity"))
    a = p.parse_args(argv)
    checkpoint = load_checkpoint(a.checkpoint)
    net = model_from_checkpoint(checkpoint)
    name = a.name or os.path.splitext(os.path.basename(a.out))[0]
    export_onnx(net, a.out)
    metrics: Dict[str, Any] = {}
    if checkpoint.get("history", {}).get("val"):
        last = checkpoint["history"]["val"][-1]
        metrics.update({"train_val_psnr_db": round(last["psnr"], 3), "train_val_ssim": round(last["ssim"], 4),
                        "train_val_input_psnr_db": round(last["input_psnr"], 3)})
    if a.metrics:
        with open(a.metrics) as f:
            metrics.update(json.load(f))
    built = manifest_module.build_manifest(
        a.out, name=name, version=a.version, kind=manifest_module.GYRO if net.args.gyro else manifest_module.BLIND,
        twin=a.twin or default_twin(name, net.args.gyro), align=net.args.align,
        training=training_description(checkpoint), metrics=metrics)
    manifest_path = manifest_module.manifest_path_for(a.out)
    manifest_module.write_manifest(built, manifest_path)
    os.chmod(manifest_path, 0o644)
    parity = write_parity_bundle(net, a.out, a.parity_dir, name)
    print(f"{a.out}\n{manifest_path}\nparity bundle (for the daemon's ORT binding, atol {PARITY_TOLERANCE:g}): {parity}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
