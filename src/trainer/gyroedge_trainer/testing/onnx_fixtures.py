"""Small deterministic ONNX models, their inputs and PyTorch's outputs, for the C# binding tests.

The C# tests (tests/GyroEdge.Inference.Tests) run every fixture through ONNX Runtime and compare
each output element with what PyTorch computed here, so the binding is checked against the one
definition of each model: this code.

Export them with:
    python3 -m gyroedge_trainer.testing.onnx_fixtures --out build/test-fixtures
(from src/trainer, or with src/trainer on PYTHONPATH), or run the trainer tests with
GYROEDGE_TEST_FIXTURES=build/test-fixtures /usr/bin/python3 -m pytest tests/trainer -q

Format per fixture NAME (read by tests/GyroEdge.TestSupport/TrainerFixture.cs):
    NAME.onnx
    NAME.io.json  {"inputs": [{"name", "shape", "file"}], "outputs": [...], "atol": float}
    one file per tensor: raw little-endian float32, C order, named in io.json relative to it.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# GridSample entered ONNX at opset 16 and torch 1.13 exports F.grid_sample there; DESIGN.md caps
# exports at 17 so that TensorRT 8.6 parses them.
OPSET = 16

# contract_probe's sizes: M rotations across the exposure, a 64x96 image (DESIGN.md model contract).
PROBE_ROTATIONS = 5
PROBE_HEIGHT = 64
PROBE_WIDTH = 96


class ConvStack(nn.Module):
    """Three 3x3 convolutions with ReLUs between them: RGB in, RGB out, same size."""

    def __init__(self, channels: int = 8) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(channels, 3, 3, padding=1),
        )

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.body(image)


def invert_intrinsics(intrinsics: torch.Tensor) -> torch.Tensor:
    """K^-1 of pinhole intrinsics [B,3,3] = [[fx, s, cx], [0, fy, cy], [0, 0, 1]], in closed form.

    torch.inverse does not export to standard ONNX (Inverse exists only in ORT's contrib domain,
    which TensorRT does not parse), so the upper-triangular inverse is written out.
    """
    fx = intrinsics[:, 0, 0]
    skew = intrinsics[:, 0, 1]
    cx = intrinsics[:, 0, 2]
    fy = intrinsics[:, 1, 1]
    cy = intrinsics[:, 1, 2]
    zero = torch.zeros_like(fx)
    one = torch.ones_like(fx)
    row0 = torch.stack([1 / fx, -skew / (fx * fy), (skew * cy - cx * fy) / (fx * fy)], dim=-1)
    row1 = torch.stack([zero, 1 / fy, -cy / fy], dim=-1)
    row2 = torch.stack([zero, zero, one], dim=-1)
    return torch.stack([row0, row1, row2], dim=-2)


class ContractProbe(nn.Module):
    """The DESIGN.md model contract with nothing learned in it.

    inputs:  image [1,3,H,W] in [0,1], rotations [1,M,3,3], intrinsics [1,3,3] (pixels)
    output:  sharp [1,3,H,W] in [0,1]

    For each rotation R_m it forms the homography H_m = K R_m K^-1, maps every pixel (x, y, 1)
    through it, samples the image there with GridSample (the op a real model uses for gyro-guided
    sampling), averages the M samples, sharpens with a fixed 3x3 kernel and clamps to [0,1]. It
    exercises every input and the graph constructs a deblurring model exports, at a few kilobytes.
    """

    def __init__(self) -> None:
        super().__init__()
        kernel = torch.tensor([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]])
        # One kernel per colour channel (depthwise), so colours never mix.
        self.register_buffer("sharpen", kernel.expand(3, 1, 3, 3).clone())

    def forward(self, image: torch.Tensor, rotations: torch.Tensor, intrinsics: torch.Tensor) -> torch.Tensor:
        height, width = image.shape[2], image.shape[3]
        count = rotations.shape[1]

        homographies = intrinsics.unsqueeze(1) @ rotations @ invert_intrinsics(intrinsics).unsqueeze(1)

        xs = torch.arange(width, dtype=image.dtype).view(1, -1).expand(height, width)
        ys = torch.arange(height, dtype=image.dtype).view(-1, 1).expand(height, width)
        pixels = torch.stack([xs, ys, torch.ones_like(xs)], dim=-1).reshape(1, 1, -1, 3)
        mapped = pixels @ homographies.transpose(-1, -2)  # [1,M,H*W,3]
        xy = mapped[..., :2] / mapped[..., 2:3]

        # grid_sample's coordinates with align_corners=True: -1 is pixel 0, +1 is pixel W-1 (H-1).
        gx = xy[..., 0] * (2.0 / (width - 1)) - 1.0
        gy = xy[..., 1] * (2.0 / (height - 1)) - 1.0
        grid = torch.stack([gx, gy], dim=-1).reshape(count, height, width, 2)

        frames = image.expand(count, -1, -1, -1)
        sampled = F.grid_sample(frames, grid, mode="bilinear", padding_mode="border", align_corners=True)
        blurred = sampled.mean(dim=0, keepdim=True)
        sharp = F.conv2d(blurred, self.sharpen, padding=1, groups=3)
        return sharp.clamp(0.0, 1.0)


def make_conv_small(seed: int = 0) -> ConvStack:
    """conv_small's model with weights fixed by `seed`."""
    torch.manual_seed(seed)
    return ConvStack().eval()


def make_contract_probe() -> ContractProbe:
    """The contract probe model (it has no random weights)."""
    return ContractProbe().eval()


def exposure_rotations(axis: Sequence[float], half_angle_rad: float, count: int) -> np.ndarray:
    """`count` rotations about `axis`, evenly spaced from -half_angle to +half_angle: the camera's
    orientation across an exposure relative to mid-exposure, so the middle one is the identity
    (Rodrigues' formula, float64 then float32). Returns [1,count,3,3]."""
    unit = np.asarray(axis, dtype=np.float64)
    unit = unit / np.linalg.norm(unit)
    k = np.array([[0.0, -unit[2], unit[1]], [unit[2], 0.0, -unit[0]], [-unit[1], unit[0], 0.0]])
    mats = [
        np.eye(3) + math.sin(angle) * k + (1.0 - math.cos(angle)) * (k @ k)
        for angle in np.linspace(-half_angle_rad, half_angle_rad, count)
    ]
    return np.stack(mats)[None].astype(np.float32)


def pinhole_intrinsics(height: int, width: int, horizontal_fov_deg: float) -> np.ndarray:
    """[1,3,3] intrinsics for a centred pinhole camera with the given horizontal field of view."""
    focal = (width / 2.0) / math.tan(math.radians(horizontal_fov_deg) / 2.0)
    k = np.array([[focal, 0.0, (width - 1) / 2.0], [0.0, focal, (height - 1) / 2.0], [0.0, 0.0, 1.0]])
    return k[None].astype(np.float32)


def uniform_image(shape: Sequence[int], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(tuple(shape), dtype=np.float32)


def textured_image(height: int, width: int, seed: int) -> np.ndarray:
    """[1,3,H,W] of random sinusoidal gratings plus a little noise, within [0.1, 0.9].

    Photographs are mostly smooth; pure noise would make the sharpening kernel clip most pixels
    to 0 or 1, hiding the warp the probe exists to check.
    """
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float64)
    channels = []
    for _ in range(3):
        fx, fy = rng.uniform(0.05, 0.35, size=2)
        phase = rng.uniform(0.0, 2.0 * math.pi)
        grating = np.sin(fx * xs + fy * ys + phase) * np.cos(0.5 * fy * xs - 0.7 * fx * ys)
        channels.append(0.5 + 0.3 * grating + 0.05 * rng.standard_normal((height, width)))
    return np.clip(np.stack(channels)[None], 0.1, 0.9).astype(np.float32)


@dataclass
class Fixture:
    """One model to export with the inputs to feed it (in the model's input order)."""

    name: str
    model: nn.Module
    inputs: Dict[str, np.ndarray]
    output_names: List[str]
    atol: float
    dynamic_axes: Optional[Dict[str, Dict[int, str]]] = field(default=None)


def fixtures() -> List[Fixture]:
    """Every fixture, built fresh (same seeds, same values) on each call."""
    # 1.5 degrees either side of mid-exposure about a tilted axis moves pixels by about 2 px at
    # this focal length: enough that a binding feeding the rotations wrongly gives other output.
    rotations = exposure_rotations(axis=(0.3, -0.5, 0.8), half_angle_rad=math.radians(1.5), count=PROBE_ROTATIONS)
    return [
        Fixture(
            name="conv_small",
            model=make_conv_small(seed=0),
            inputs={"image": uniform_image((1, 3, 32, 48), seed=1)},
            output_names=["output"],
            # ORT's convolutions sum in another order than PyTorch's; float32 rounding stays
            # far below this for three small layers on values in [0,1].
            atol=1e-5,
        ),
        Fixture(
            name="contract_probe",
            model=make_contract_probe(),
            inputs={
                "image": textured_image(PROBE_HEIGHT, PROBE_WIDTH, seed=2),
                "rotations": rotations,
                "intrinsics": pinhole_intrinsics(PROBE_HEIGHT, PROBE_WIDTH, horizontal_fov_deg=70.0),
            },
            output_names=["sharp"],
            # Sample positions come from a matmul and a division that each runtime computes in
            # its own order; a 1e-6 px shift changes a sample by about 1e-6 and the sharpening
            # kernel (L1 norm 9) amplifies that.
            atol=1e-4,
        ),
        Fixture(
            name="dynamic_hw",
            model=make_conv_small(seed=3),
            # Not the size of any static fixture, so a binding that ignores the dynamic axes fails.
            inputs={"image": uniform_image((1, 3, 24, 40), seed=4)},
            output_names=["output"],
            atol=1e-5,
            dynamic_axes={"image": {2: "height", 3: "width"}, "output": {2: "height", 3: "width"}},
        ),
    ]


def demo_fixtures() -> List[Fixture]:
    """contract_probe with dynamic height and width, so any frame size runs: the demo feeds it a
    whole photo. Its saved input is contract_probe's, so both graphs must give the same output."""
    probe = next(f for f in fixtures() if f.name == "contract_probe")
    return [
        Fixture(
            name="contract_probe_any_size",
            model=probe.model,
            inputs=probe.inputs,
            output_names=probe.output_names,
            atol=probe.atol,
            dynamic_axes={"image": {2: "height", 3: "width"}, "sharp": {2: "height", 3: "width"}},
        )
    ]


def run_pytorch(fixture: Fixture) -> List[np.ndarray]:
    """The fixture model's outputs for its inputs, as float32 arrays."""
    with torch.no_grad():
        result = fixture.model(*(torch.from_numpy(v) for v in fixture.inputs.values()))
    if isinstance(result, torch.Tensor):
        result = (result,)
    return [r.detach().numpy().astype(np.float32) for r in result]


def _write_tensor(path: str, values: np.ndarray) -> None:
    np.ascontiguousarray(values, dtype="<f4").tofile(path)


def _tensor_entry(out_dir: str, fixture: str, role: str, name: str, values: np.ndarray) -> dict:
    file_name = f"{fixture}.{role}.{name}.f32"
    _write_tensor(os.path.join(out_dir, file_name), values)
    return {"name": name, "shape": [int(d) for d in values.shape], "file": file_name}


def export_fixture(fixture: Fixture, out_dir: str) -> str:
    """Writes NAME.onnx, NAME.io.json and the tensors; returns the .onnx path."""
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, fixture.name + ".onnx")
    args = tuple(torch.from_numpy(v) for v in fixture.inputs.values())
    torch.onnx.export(
        fixture.model,
        args,
        onnx_path,
        opset_version=OPSET,
        input_names=list(fixture.inputs),
        output_names=fixture.output_names,
        dynamic_axes=fixture.dynamic_axes,
        do_constant_folding=True,
    )
    outputs = run_pytorch(fixture)
    manifest = {
        "inputs": [_tensor_entry(out_dir, fixture.name, "input", n, v) for n, v in fixture.inputs.items()],
        "outputs": [_tensor_entry(out_dir, fixture.name, "output", n, v) for n, v in zip(fixture.output_names, outputs)],
        "atol": fixture.atol,
    }
    with open(os.path.join(out_dir, fixture.name + ".io.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return onnx_path


def export_all(out_dir: str) -> List[str]:
    """Exports every fixture into `out_dir`; returns their names (TrainerFixture.Load takes them)."""
    return [os.path.splitext(os.path.basename(export_fixture(f, out_dir)))[0] for f in fixtures() + demo_fixtures()]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m gyroedge_trainer.testing.onnx_fixtures",
        description="Export the ONNX fixtures (models, inputs, PyTorch outputs) the C# tests and the demo use.",
    )
    parser.add_argument("--out", required=True, help="folder to write NAME.onnx, NAME.io.json and tensors into")
    args = parser.parse_args(argv)
    for name in export_all(args.out):
        print(os.path.join(args.out, name + ".onnx"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
