"""Evaluation in PyTorch over a recording with ground truth (development path).

    python3 -m gyroedge_trainer.cli eval-torch --recording DIR --checkpoint C [--baseline B] --json F

`./gyroedge eval` is the daemon's own path (C#, ONNX Runtime) and reports the same JSON; this one
runs the checkpoints in PyTorch, for development and for the model card. Rotations come from the
recording's gyro.csv, session.json calibration and frames.csv exposures, integrated by motion.py
as the daemon integrates them; metrics follow metrics.py (8-bit, whole image).

JSON: {"recording", "input": {psnr, ssim}, "model": {name, psnr, ssim}, "baseline": {...} or null,
"images": [{"id", "file", "input": {...}, "model": {...}, "baseline": {...}}]}.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import torch

from . import metrics
from .photos import from_uint8, to_uint8
from .recording import read_recording
from .train import load_checkpoint, model_from_checkpoint


def _scores(output: np.ndarray, target: np.ndarray) -> Dict[str, float]:
    return {"psnr": metrics.psnr(output, target), "ssim": metrics.ssim(output, target)}


def _mean(rows: List[Dict[str, Any]], key: str) -> Dict[str, float]:
    return {m: float(np.mean([r[key][m] for r in rows])) for m in ("psnr", "ssim")}


@torch.no_grad()
def evaluate_recording(folder: str, model_path: str, baseline_path: Optional[str] = None,
                       limit: Optional[int] = None) -> Dict[str, Any]:
    recording = read_recording(folder)
    nets = {"model": model_from_checkpoint(load_checkpoint(model_path))}
    if baseline_path:
        nets["baseline"] = model_from_checkpoint(load_checkpoint(baseline_path))
    rows = []
    for frame in recording.frames[:limit]:
        blurred = recording.image(frame)
        target = recording.sharp(frame)
        image = from_uint8(blurred)[None]
        row: Dict[str, Any] = {"id": frame.id, "file": frame.file, "input": _scores(blurred, target)}
        k = torch.from_numpy(recording.intrinsics_of(frame)).float()[None]
        for key, net in nets.items():
            if net.args.gyro:
                r = torch.from_numpy(recording.rotations_of(frame, net.args.rotation_count)).float()[None]
                out = net(image, r, k)
            else:
                out = net(image)
            row[key] = _scores(to_uint8(out[0]), target)
        rows.append(row)
    return {
        "recording": os.path.abspath(folder),
        "runtime": "pytorch",
        "input": _mean(rows, "input"),
        "model": {"name": model_path, **_mean(rows, "model")},
        "baseline": {"name": baseline_path, **_mean(rows, "baseline")} if baseline_path else None,
        "images": rows,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="gyroedge_trainer.cli eval-torch")
    p.add_argument("--recording", required=True)
    p.add_argument("--checkpoint", "--model", dest="model", required=True)
    p.add_argument("--baseline")
    p.add_argument("--json", required=True)
    p.add_argument("--limit", type=int)
    a = p.parse_args(argv)
    report = evaluate_recording(a.recording, a.model, a.baseline, a.limit)
    with open(a.json, "w") as f:
        json.dump(report, f, indent=1)
    for key in ("input", "model", "baseline"):
        if report[key]:
            print(f"{key:9s} PSNR {report[key]['psnr']:.2f} dB  SSIM {report[key]['ssim']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
