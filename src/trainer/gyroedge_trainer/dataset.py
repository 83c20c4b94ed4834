"""Synthetic recordings (`./gyroedge synth`) and the on-the-fly training stream, both made by
synthesis.synthesise, so training data and evaluation sets come from one recipe.

A synthetic recording lays its frames on one timeline, a second apart: frame i's exposure starts
at (i + 1) s and gyro.csv holds the model's (corrupted) gyro around it, so gyro.csv, frames.csv
and session.json's calibration give exactly the `rotations` the model was meant to see, through
the same integration the daemon runs (Recording.rotations_of). The second between frames is a
gap far above the log's gap threshold, so no integration ever crosses from one frame to the next.
"""
from __future__ import annotations

import os
from dataclasses import asdict
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import __version__, motion
from .gyrolog import DEFAULT_MAX_GAP_NS, GyroLog
from .photos import Photo, from_uint8, load_photo
from .recording import Recording, RecordingWriter
from .synthesis import ERROR_LEVELS, SynthesisSettings, synthesise

FRAME_SPACING_NS = 1_000_000_000


def write_synthetic_recording(out: str, sharp_paths: Sequence[str], log: GyroLog, settings: SynthesisSettings,
                              count: int, seed: int, error_level: str,
                              log_span: Tuple[float, float] = (0.0, 1.0), progress=None) -> str:
    """Writes `count` frames (photos in a seeded order, each used once before any repeats)."""
    if count < 1:
        raise ValueError(f"--count must be at least 1, got {count}")
    if error_level not in ERROR_LEVELS:
        raise ValueError(f"gyro error level {error_level!r} is not one of {sorted(ERROR_LEVELS)}")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(sharp_paths))
    w, h = settings.size
    with RecordingWriter(out) as writer:
        gyro_t: List[np.ndarray] = []
        gyro_w: List[np.ndarray] = []
        truth = []
        for i in range(count):
            photo = load_photo(sharp_paths[order[i % len(order)]])
            frame = synthesise(rng, photo, log, settings, error_level, log_span)
            start = (i + 1) * FRAME_SPACING_NS
            writer.add_frame(i, start, start + frame.exposure_ns, frame.blurred, frame.sharp, frame.intrinsics)
            gyro_t.append(frame.gyro_t_ns + start)
            gyro_w.append(frame.gyro_omega)
            truth.append({"id": i, **frame.truth, "rotations": frame.rotations.tolist()})
            if progress is not None:
                progress(i + 1)
        writer.write_gyro(np.concatenate(gyro_t), np.concatenate(gyro_w))
        writer.write_json("session.json", {
            "format": 1,
            "device": "synthetic",
            "software": f"gyroedge_trainer {__version__}",
            "camera": {"model": "synthetic (crops of sharp photos)", "width": w, "height": h,
                       "intrinsics": None, "readout_ns": int(round(settings.rolling_shutter_ms * 1e6)),
                       "intrinsics_note": "per frame in frames.csv (each frame is a crop of another photo)"},
            "exposure": {"range_ms": list(settings.exposure_ms)},
            "imu": {"model": os.path.basename(log.path), "axes": "IMU (device) axes", "max_gap_ns": DEFAULT_MAX_GAP_NS},
            "calibration": motion.ImuCalibration(np.array(settings.imu_to_camera)).to_dict(),
            "synthesis": {"seed": seed, "count": count, "gyro_error": error_level, "log_span": list(log_span),
                          "gyro_log": os.path.basename(log.path), "rotation_count": settings.rotation_count,
                          "settings": {k: v for k, v in asdict(settings).items()}},
        })
        writer.write_json("truth.json", {"frames": truth})
    return os.path.abspath(out)


def recording_tensors(recording: Recording, m: int):
    """Per frame: (image [3,H,W], target [3,H,W], rotations [M,3,3], intrinsics [3,3]) float32."""
    items = []
    for frame in recording.frames:
        items.append((from_uint8(recording.image(frame)), from_uint8(recording.sharp(frame)),
                      torch.from_numpy(recording.rotations_of(frame, m)).float(),
                      torch.from_numpy(recording.intrinsics_of(frame)).float()))
    return items


class TrainingStream:
    """Endless batches synthesised on the fly; what a step sees depends only on (seed, rank, step)."""

    def __init__(self, photos: Sequence[Photo], log: GyroLog, settings: SynthesisSettings,
                 log_span: Tuple[float, float], seed: int, rank: int = 0,
                 harsh_share: float = 0.3) -> None:
        self.photos = list(photos)
        self.log = log
        self.settings = settings
        self.log_span = log_span
        self.seed = seed
        self.rank = rank
        self.harsh_share = harsh_share

    def batch(self, step: int, size: int, erroneous_share: float):
        rng = np.random.default_rng([self.seed, self.rank, step])
        images, targets, rotations, intrinsics = [], [], [], []
        for _ in range(size):
            photo = self.photos[int(rng.integers(len(self.photos)))]
            if rng.random() < erroneous_share:
                level = "harsh" if rng.random() < self.harsh_share else "realistic"
            else:
                level = "none"
            frame = synthesise(rng, photo, self.log, self.settings, level, self.log_span)
            images.append(from_uint8(frame.blurred))
            targets.append(from_uint8(frame.sharp))
            rotations.append(torch.from_numpy(frame.rotations).float())
            intrinsics.append(torch.from_numpy(frame.intrinsics).float())
        return torch.stack(images), torch.stack(targets), torch.stack(rotations), torch.stack(intrinsics)
