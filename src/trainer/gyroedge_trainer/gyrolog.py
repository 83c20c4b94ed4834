"""Real gyro logs: reading, validating, and cutting them into gap-free segments.

Two formats hold the same thing, angular velocity in IMU axes (rad/s) at CLOCK_MONOTONIC-like
integer nanosecond timestamps:
- the research logs (GyroBlur-Synth): one sample per line, `timestamp_ns wx wy wz`, whitespace;
- a recording's gyro.csv (DESIGN.md "Recordings"): a header `t_ns,wx,wy,wz`, then one sample per line.

Every problem a user can meet names the file and the line. A gap longer than `max_gap_ns` is
never bridged (integrating across it would invent motion the sensor never saw): the log is split
into segments there, and synthesis only draws exposures that fit inside one segment.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional

import numpy as np

# The smartphone log steps about 4.8 ms (210 Hz); one lost sample doubles that. Twenty
# milliseconds is four nominal steps: more than that and linear interpolation of omega across
# the hole (motion.py rule 2) would smear a whole hand tremor cycle (~8-12 Hz).
DEFAULT_MAX_GAP_NS = 20_000_000


class GyroLogError(ValueError):
    """A gyro log that cannot be used; the message names the file and, where there is one, the line."""


@dataclass(frozen=True)
class GyroSegment:
    """Gap-free run of samples: t_ns strictly increasing int64 (N,), omega float64 (N, 3), IMU axes."""

    t_ns: np.ndarray
    omega: np.ndarray

    @property
    def duration_ns(self) -> int:
        return int(self.t_ns[-1] - self.t_ns[0]) if len(self.t_ns) else 0


@dataclass(frozen=True)
class GyroLog:
    path: str
    t_ns: np.ndarray
    omega: np.ndarray
    segments: List[GyroSegment]

    def longest_segment_ns(self) -> int:
        return max((s.duration_ns for s in self.segments), default=0)


def _parse_line(path: str, number: int, line: str, csv: bool):
    parts = [p.strip() for p in line.split(",")] if csv else line.split()
    if len(parts) != 4:
        expected = "t_ns,wx,wy,wz" if csv else "timestamp_ns wx wy wz"
        raise GyroLogError(f"{path}:{number}: expected 4 fields '{expected}', got {len(parts)} in {line.strip()!r}; "
                           "fix or delete the line")
    try:
        t = int(parts[0])
    except ValueError:
        raise GyroLogError(f"{path}:{number}: timestamp {parts[0]!r} is not an integer number of nanoseconds") from None
    w = []
    for axis, text in zip("xyz", parts[1:]):
        try:
            value = float(text)
        except ValueError:
            raise GyroLogError(f"{path}:{number}: w{axis} {text!r} is not a number (rad/s)") from None
        if not math.isfinite(value):
            raise GyroLogError(f"{path}:{number}: w{axis} is {text!r}; a gyro reading must be finite")
        w.append(value)
    return t, w


def read_gyro_log(path: str, max_gap_ns: int = DEFAULT_MAX_GAP_NS) -> GyroLog:
    """Reads either format (a first line starting with `t_ns` marks gyro.csv) and validates it.

    Raises GyroLogError for an unreadable file, a malformed line, a timestamp that does not
    increase, or a log without samples. Gaps longer than max_gap_ns split the log into segments.
    """
    try:
        with open(path, encoding="ascii") as f:
            lines = f.readlines()
    except OSError as e:
        raise GyroLogError(f"{path}: cannot read the gyro log ({e.strerror}); check the path") from None
    except UnicodeDecodeError as e:
        raise GyroLogError(f"{path}: not a text gyro log (byte {e.start} is not ASCII)") from None
    csv = bool(lines) and lines[0].strip().replace(" ", "").startswith("t_ns")
    t_list, w_list = [], []
    previous: Optional[int] = None
    for number, line in enumerate(lines, 1):
        if csv and number == 1:
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        t, w = _parse_line(path, number, line, csv)
        if previous is not None and t <= previous:
            raise GyroLogError(f"{path}:{number}: timestamp {t} does not increase (previous {previous}); "
                               "a gyro log must be in time order without duplicates")
        previous = t
        t_list.append(t)
        w_list.append(w)
    if len(t_list) < 2:
        raise GyroLogError(f"{path}: {len(t_list)} samples; a gyro log needs at least two")
    t_ns = np.array(t_list, dtype=np.int64)
    omega = np.array(w_list, dtype=np.float64)
    return GyroLog(path, t_ns, omega, split_at_gaps(t_ns, omega, max_gap_ns))


def split_at_gaps(t_ns: np.ndarray, omega: np.ndarray, max_gap_ns: int) -> List[GyroSegment]:
    cuts = np.nonzero(np.diff(t_ns) > max_gap_ns)[0] + 1
    bounds = [0, *cuts.tolist(), len(t_ns)]
    return [GyroSegment(t_ns[a:b], omega[a:b]) for a, b in zip(bounds, bounds[1:]) if b - a >= 2]


def write_gyro_csv(f, t_ns: np.ndarray, omega: np.ndarray) -> None:
    """gyro.csv rows; %.17g keeps every float64 bit so a reader integrates exactly what was written."""
    f.write("t_ns,wx,wy,wz\n")
    for t, (x, y, z) in zip(t_ns.tolist(), omega.tolist()):
        f.write(f"{t},{x:.17g},{y:.17g},{z:.17g}\n")
