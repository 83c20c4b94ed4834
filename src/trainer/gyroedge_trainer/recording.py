"""Recordings (DESIGN.md "Recordings"): one folder format for field data, replay and evaluation.

    session.json   device, camera (intrinsics), exposure and readout, IMU, calibration, software
    gyro.csv       t_ns,wx,wy,wz   every gyro sample (rad/s, IMU axes)
    frames.csv     id,exposure_start_ns,exposure_end_ns,file,sharp_file,fx,fy,cx,cy
    frames/        the images (PNG)
    sharp/         synthetic ground truth (PNG), when there is one
    truth.json     synthetic sets only: how each frame was made (true gyro error, true rotations, ...)

fx,fy,cx,cy in frames.csv are per-frame intrinsics in pixels of that frame; empty means the
session camera's. Synthetic sets fill them because every frame is a crop of a different photo
(field recordings leave them empty).

Writing is crash-safe twice over: every file goes to a temporary name, is fsynced and renamed;
the whole recording is built in OUT.partial-XXXX beside OUT and renamed to OUT only when complete,
so a failure or power cut never leaves a half-written OUT (and OUT is never overwritten).
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

import numpy as np

from . import motion
from .gyrolog import GyroLog, read_gyro_log, write_gyro_csv
from .photos import read_rgb8

FRAME_COLUMNS = ["id", "exposure_start_ns", "exposure_end_ns", "file", "sharp_file", "fx", "fy", "cx", "cy"]
RECORDING_FORMAT = 1


class RecordingError(ValueError):
    """A recording that cannot be read or written; the message names the file (and line)."""


def write_file_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def fsync_folder(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def png_bytes(pixels: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    # Fixed settings: the same pixels always give the same bytes (synth's reproducibility test).
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


class RecordingWriter:
    """Builds a recording in OUT.partial-XXXX; `commit` renames it to OUT, `abort` deletes it.

    Use as a context manager: leaving the block commits, an exception inside it aborts, so
    nothing half-written ever appears at OUT.
    """

    def __init__(self, out: str) -> None:
        self.out = os.path.abspath(out)
        if os.path.lexists(self.out):
            raise RecordingError(f"{out}: already exists; the recording writer never overwrites: choose a new --out or remove it")
        parent = os.path.dirname(self.out)
        if not os.path.isdir(parent):
            raise RecordingError(f"{out}: the parent folder {parent} does not exist; create it first")
        self.partial = tempfile.mkdtemp(prefix=os.path.basename(self.out) + ".partial-", dir=parent)
        os.mkdir(os.path.join(self.partial, "frames"))
        os.mkdir(os.path.join(self.partial, "sharp"))
        self.rows: List[Dict[str, Any]] = []
        self.committed = False

    def __enter__(self) -> "RecordingWriter":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()
        elif not self.committed:
            self.commit()

    def add_frame(self, frame_id: int, start_ns: int, end_ns: int, blurred: np.ndarray,
                  sharp: Optional[np.ndarray] = None, intrinsics: Optional[np.ndarray] = None) -> None:
        name = f"{frame_id:06d}.png"
        write_file_atomically(os.path.join(self.partial, "frames", name), png_bytes(blurred))
        if sharp is not None:
            write_file_atomically(os.path.join(self.partial, "sharp", name), png_bytes(sharp))
        k = intrinsics
        self.rows.append({"id": frame_id, "exposure_start_ns": int(start_ns), "exposure_end_ns": int(end_ns),
                          "file": f"frames/{name}", "sharp_file": f"sharp/{name}" if sharp is not None else "",
                          "fx": "" if k is None else repr(float(k[0, 0])), "fy": "" if k is None else repr(float(k[1, 1])),
                          "cx": "" if k is None else repr(float(k[0, 2])), "cy": "" if k is None else repr(float(k[1, 2]))})

    def write_gyro(self, t_ns: np.ndarray, omega: np.ndarray) -> None:
        text = io.StringIO()
        write_gyro_csv(text, t_ns, omega)
        write_file_atomically(os.path.join(self.partial, "gyro.csv"), text.getvalue().encode("ascii"))

    def write_json(self, name: str, content: Dict[str, Any]) -> None:
        write_file_atomically(os.path.join(self.partial, name), (json.dumps(content, indent=2) + "\n").encode("utf-8"))

    def commit(self) -> str:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=FRAME_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        write_file_atomically(os.path.join(self.partial, "frames.csv"), text.getvalue().encode("ascii"))
        for sub in ("frames", "sharp", "."):
            fsync_folder(os.path.join(self.partial, sub))
        if os.path.lexists(self.out):
            self.abort()
            raise RecordingError(f"{self.out}: appeared while the recording was being written; nothing was overwritten")
        os.rename(self.partial, self.out)
        self.committed = True
        fsync_folder(os.path.dirname(self.out))
        return self.out

    def abort(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


@dataclass(frozen=True)
class RecordedFrame:
    id: int
    exposure_start_ns: int
    exposure_end_ns: int
    file: str
    sharp_file: str
    intrinsics: Optional[np.ndarray]


@dataclass
class Recording:
    path: str
    session: Dict[str, Any]
    gyro: GyroLog
    frames: List[RecordedFrame]
    truth: Optional[Dict[str, Any]]

    @property
    def calibration(self) -> motion.ImuCalibration:
        return motion.ImuCalibration.from_dict(self.session["calibration"])

    @property
    def readout_ns(self) -> int:
        return int(self.session.get("camera", {}).get("readout_ns", 0))

    def intrinsics_of(self, frame: RecordedFrame) -> np.ndarray:
        if frame.intrinsics is not None:
            return frame.intrinsics
        k = self.session.get("camera", {}).get("intrinsics")
        if k is None:
            raise RecordingError(f"{self.path}/frames.csv: frame {frame.id} has no intrinsics and session.json's camera has none")
        return np.array(k, dtype=np.float64)

    def rotations_of(self, frame: RecordedFrame, m: int) -> np.ndarray:
        """The model's `rotations` for a frame, integrated from gyro.csv exactly as the daemon does."""
        for segment in self.gyro.segments:
            if segment.t_ns[0] <= frame.exposure_start_ns and frame.exposure_end_ns <= segment.t_ns[-1]:
                return motion.frame_rotations(segment.t_ns, segment.omega, self.calibration, frame.exposure_start_ns,
                                              frame.exposure_end_ns, m, self.readout_ns)
        raise RecordingError(f"{self.path}/gyro.csv: no gap-free gyro covers frame {frame.id}'s exposure "
                             f"[{frame.exposure_start_ns}, {frame.exposure_end_ns}] ns")

    def image(self, frame: RecordedFrame) -> np.ndarray:
        return read_rgb8(os.path.join(self.path, frame.file))

    def sharp(self, frame: RecordedFrame) -> np.ndarray:
        if not frame.sharp_file:
            raise RecordingError(f"{self.path}/frames.csv: frame {frame.id} has no sharp ground truth")
        return read_rgb8(os.path.join(self.path, frame.sharp_file))


def _int_field(path: str, line: int, row: Dict[str, str], key: str) -> int:
    try:
        return int(row[key])
    except (TypeError, ValueError):
        raise RecordingError(f"{path}:{line}: {key} {row.get(key)!r} is not an integer") from None


def read_recording(folder: str) -> Recording:
    session_path = os.path.join(folder, "session.json")
    try:
        with open(session_path, encoding="utf-8") as f:
            session = json.load(f)
    except FileNotFoundError:
        raise RecordingError(f"{session_path}: missing; {folder} is not a recording") from None
    except json.JSONDecodeError as e:
        raise RecordingError(f"{session_path}:{e.lineno}: not valid JSON ({e.msg})") from None
    max_gap = int(session.get("imu", {}).get("max_gap_ns", 20_000_000))
    gyro = read_gyro_log(os.path.join(folder, "gyro.csv"), max_gap)
    frames_path = os.path.join(folder, "frames.csv")
    frames = []
    try:
        with open(frames_path, encoding="ascii", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in FRAME_COLUMNS[:5] if c not in (reader.fieldnames or [])]
            if missing:
                raise RecordingError(f"{frames_path}:1: header lacks {missing}; expected {','.join(FRAME_COLUMNS)}")
            for line, row in enumerate(reader, 2):
                start = _int_field(frames_path, line, row, "exposure_start_ns")
                end = _int_field(frames_path, line, row, "exposure_end_ns")
                if end < start:
                    raise RecordingError(f"{frames_path}:{line}: exposure ends ({end}) before it starts ({start})")
                k = None
                if row.get("fx"):
                    try:
                        fx, fy, cx, cy = (float(row[c]) for c in ("fx", "fy", "cx", "cy"))
                    except (TypeError, ValueError):
                        raise RecordingError(f"{frames_path}:{line}: fx,fy,cx,cy must be numbers or all empty") from None
                    k = np.array([[fx, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])
                frames.append(RecordedFrame(_int_field(frames_path, line, row, "id"), start, end, row["file"],
                                            row.get("sharp_file") or "", k))
    except FileNotFoundError:
        raise RecordingError(f"{frames_path}: missing; {folder} is not a recording") from None
    truth = None
    truth_path = os.path.join(folder, "truth.json")
    if os.path.exists(truth_path):
        with open(truth_path, encoding="utf-8") as f:
            truth = json.load(f)
    return Recording(folder, session, gyro, frames, truth)
