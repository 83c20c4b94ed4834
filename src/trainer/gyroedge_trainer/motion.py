"""Camera motion from gyro samples: the trainer's half of the daemon/trainer contract.

The daemon turns the gyro samples over a frame's exposure into M rotations
(src/GyroEdge.Domain/Motion/MotionIntegrator.cs); the trainer turns real gyro logs into the
orientations it blurs sharp photos with and into the same M rotations it feeds the model. Both
follow ONE definition, written out in tests/golden/README.md and pinned by
tests/golden/frame_motion.json, which the C# and the Python test suites both check:

1. Time is seconds after an origin instant: s_i = (t_i - origin_ns) / 1e9, the difference taken
   in integer nanoseconds first (an instant of uptime as a float64 loses sub-microsecond detail).
2. omega(s) is piecewise linear between samples; at a sample time it is that sample's value.
   Samples must cover every instant asked for: nothing is extrapolated.
3. dR/ds = R [omega(s)]x with omega in the body (camera) frame. From the reference instant to an
   instant the span is cut at every sample time and every requested instant; on each piece
   [a, b] the increment is exp(theta) with theta = (omega(a) + omega(b)) * 0.5 * (b - a), the
   exact integral of the linear omega over the piece.
4. Increments are composed outward from the reference as unit quaternions: forwards
   q <- q * exp(theta), backwards p <- exp(theta) * p and the result is conj(p); every result is
   normalised. The result is R_ref^-1 R(s): the camera's orientation at s relative to the
   reference, mapping camera-frame vectors at s into the camera frame at the reference.

Calibration (ImuCalibration) comes first: omega_camera = R_imu_to_camera (omega_imu - bias) and
t_camera = t_imu + time_offset_ns.

The model contract's M instants (exposure_instants) are evenly spaced over the exposure, the
first and last at its ends, relative to mid-exposure; with a rolling-shutter readout time the
window is the middle row's, delayed by readout_ns // 2.

Typical use (synthesis, issue 4)::

    cal = ImuCalibration(imu_to_camera=np.diag([-1.0, -1.0, 1.0]))
    t_cam, w_cam = to_camera(t_ns, omega, cal)
    instants, ref = exposure_instants(end_ns - start_ns, 64)
    R = orientation_matrices(t_cam, w_cam, start_ns, instants, ref)   # (64, 3, 3)

Pure numpy, float64 throughout; the loops are plain Python floats so the arithmetic is the
daemon's, operation for operation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence, Tuple

import numpy as np

# Below this rotation-vector length (rad) exp uses the limit of sin(theta/2)/theta (0.5); the
# same constant as UnitQuaternion.SmallAngle in C#.
SMALL_ANGLE = 1e-12

# How far from a rotation a calibration matrix may be (RotationMatrix.Tolerance in C#).
ROTATION_TOLERANCE = 1e-6

Quaternion = Tuple[float, float, float, float]


class NotCoveredError(ValueError):
    """The gyro samples do not reach every instant asked for (the daemon's quality "none")."""


@dataclass(frozen=True)
class ImuCalibration:
    """How the IMU sits against the camera (src/GyroEdge.Domain/Calibration/ImuCalibration.cs).

    imu_to_camera: rotates IMU-axis vectors into camera axes (x right, y down, z forward).
    time_offset_ns: added to an IMU timestamp to get the camera-side time of its motion.
    gyro_bias: zero-rate output in IMU axes, rad/s, removed before rotating.
    """

    imu_to_camera: np.ndarray = field(default_factory=lambda: np.eye(3))
    time_offset_ns: int = 0
    gyro_bias: np.ndarray = field(default_factory=lambda: np.zeros(3))

    def __post_init__(self):
        r = np.asarray(self.imu_to_camera, dtype=np.float64)
        b = np.asarray(self.gyro_bias, dtype=np.float64)
        if r.shape != (3, 3):
            raise ValueError(f"imu_to_camera must be 3x3, got shape {r.shape}")
        error = np.abs(r @ r.T - np.eye(3)).max()
        det = np.linalg.det(r)
        if not (error <= ROTATION_TOLERANCE and abs(det - 1.0) <= ROTATION_TOLERANCE):
            raise ValueError(
                f"imu_to_camera is not a rotation (max |RR^T - I| = {error:.3g}, det = {det:.6g}); "
                "a determinant of -1 means one axis is flipped: negate one row")
        if b.shape != (3,) or not np.all(np.isfinite(b)):
            raise ValueError(f"gyro_bias must be 3 finite values, got {self.gyro_bias!r}")
        object.__setattr__(self, "imu_to_camera", r)
        object.__setattr__(self, "gyro_bias", b)
        object.__setattr__(self, "time_offset_ns", int(self.time_offset_ns))

    def to_dict(self) -> dict:
        return {
            "imu_to_camera": self.imu_to_camera.tolist(),
            "time_offset_ns": self.time_offset_ns,
            "gyro_bias": self.gyro_bias.tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "ImuCalibration":
        return cls(np.array(d["imu_to_camera"], dtype=np.float64), int(d["time_offset_ns"]),
                   np.array(d["gyro_bias"], dtype=np.float64))


def to_camera(t_ns, omega_imu, calibration: ImuCalibration) -> Tuple[np.ndarray, np.ndarray]:
    """IMU samples to camera time (int64 ns) and camera axes (rad/s): what GyroStream stores."""
    t = np.asarray(t_ns, dtype=np.int64) + np.int64(calibration.time_offset_ns)
    d = np.asarray(omega_imu, dtype=np.float64) - calibration.gyro_bias
    r = calibration.imu_to_camera
    # Written out row by row (not matmul) so the sums run in the daemon's order.
    w = np.stack([r[i, 0] * d[:, 0] + r[i, 1] * d[:, 1] + r[i, 2] * d[:, 2] for i in range(3)], axis=1)
    return t, w


def exposure_instants(duration_ns: int, m: int) -> Tuple[np.ndarray, float]:
    """The contract's M instants (seconds after exposure start) and the reference, mid-exposure.

    Instant k is T * (k / (M - 1)) with T = duration_ns / 1e9; M = 1 gives T * 0.5. For odd M the
    middle instant equals the reference exactly, so its rotation is exactly the identity.
    """
    if m < 1:
        raise ValueError(f"M must be at least 1, got {m}")
    if duration_ns < 0:
        raise ValueError(f"an exposure cannot last {duration_ns} ns")
    duration = int(duration_ns) / 1e9
    if m == 1:
        return np.array([duration * 0.5]), duration * 0.5
    return np.array([duration * (k / float(m - 1)) for k in range(m)]), duration * 0.5


def quat_exp(x: float, y: float, z: float) -> Quaternion:
    """The rotation by |v| about v/|v| as a unit quaternion (w, x, y, z)."""
    angle = math.sqrt(x * x + y * y + z * z)
    half = 0.5 * angle
    k = math.sin(half) / angle if angle > SMALL_ANGLE else 0.5
    return (math.cos(half), k * x, k * y, k * z)


def quat_mul(p: Quaternion, q: Quaternion) -> Quaternion:
    """Hamilton product: q first, then p."""
    pw, px, py, pz = p
    qw, qx, qy, qz = q
    return (
        pw * qw - px * qx - py * qy - pz * qz,
        pw * qx + px * qw + py * qz - pz * qy,
        pw * qy - px * qz + py * qw + pz * qx,
        pw * qz + px * qy - py * qx + pz * qw,
    )


def quat_normalized(q: Quaternion) -> Quaternion:
    w, x, y, z = q
    n = math.sqrt(w * w + x * x + y * y + z * z)
    return (w / n, x / n, y / n, z / n)


def quat_to_matrix(q) -> np.ndarray:
    """Rotation matrix (active: v' = q v q*) of one quaternion (w, x, y, z)."""
    w, x, y, z = (float(v) for v in q)
    xx, yy, zz = x * x, y * y, z * z
    xy, xz, yz = x * y, x * z, y * z
    wx, wy, wz = w * x, w * y, w * z
    return np.array([
        [1 - 2 * (yy + zz), 2 * (xy - wz), 2 * (xz + wy)],
        [2 * (xy + wz), 1 - 2 * (xx + zz), 2 * (yz - wx)],
        [2 * (xz - wy), 2 * (yz + wx), 1 - 2 * (xx + yy)],
    ])


def axis_angle_matrix(axis: Sequence[float], angle: float) -> np.ndarray:
    """Rodrigues' formula: rotation by angle (rad) about axis (any non-zero length)."""
    a = np.asarray(axis, dtype=np.float64)
    n = np.linalg.norm(a)
    if not n > 0:
        raise ValueError(f"a rotation axis must be non-zero, got {axis!r}")
    x, y, z = a / n
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * (k @ k)


def orientations(t_ns, omega, origin_ns: int, instants_s, reference_s: float) -> np.ndarray:
    """Orientation at each instant relative to the reference, as unit quaternions (K, 4).

    t_ns: strictly increasing int64 timestamps; omega: (N, 3) rad/s, both already in camera
    time and axes (to_camera). instants_s: ascending, seconds after origin_ns; reference_s
    likewise. Raises NotCoveredError when the samples do not reach every instant and the reference.
    """
    t = np.asarray(t_ns, dtype=np.int64)
    w = np.asarray(omega, dtype=np.float64)
    inst = [float(v) for v in np.asarray(instants_s, dtype=np.float64).reshape(-1)]
    ref = float(reference_s)
    if t.ndim != 1 or w.shape != (t.shape[0], 3):
        raise ValueError(f"need N timestamps and (N, 3) angular velocities, got {t.shape} and {w.shape}")
    if t.shape[0] > 1 and not np.all(np.diff(t) > 0):
        raise ValueError("sample timestamps must be strictly increasing")
    if any(b < a for a, b in zip(inst, inst[1:])):
        raise ValueError("instants must be ascending")
    if not math.isfinite(ref):
        raise ValueError(f"the reference instant must be finite, got {reference_s}")
    out = np.zeros((len(inst), 4))
    if not inst:
        return out
    # int64 difference first, then one float division: the daemon's (t - origin) / 1e9.
    s = [float(v) for v in (t - np.int64(origin_ns)) / 1e9]
    ws = [tuple(float(c) for c in row) for row in w]
    earliest, latest = min(ref, inst[0]), max(ref, inst[-1])
    if not s or s[0] > earliest or s[-1] < latest:
        span = f"[{s[0]:.9f}, {s[-1]:.9f}] s" if s else "no samples"
        raise NotCoveredError(f"gyro samples cover {span} after the origin; "
                              f"the instants need [{earliest:.9f}, {latest:.9f}] s")

    def interpolate(j: int, x: float):
        s0 = s[j]
        f = (x - s0) / (s[j + 1] - s0)
        a, b = ws[j], ws[j + 1]
        return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)

    def increment(wa, wb, dt: float) -> Quaternion:
        return quat_exp((wa[0] + wb[0]) * 0.5 * dt, (wa[1] + wb[1]) * 0.5 * dt, (wa[2] + wb[2]) * 0.5 * dt)

    # Forwards from the reference through the instants at or after it.
    k = 0
    while k < len(inst) and inst[k] < ref:
        k += 1
    if k < len(inst):
        j = 0
        while j + 1 < len(s) and s[j + 1] <= ref:
            j += 1
        a = ref
        wa = ws[j] if s[j] == a else interpolate(j, a)
        q: Quaternion = (1.0, 0.0, 0.0, 0.0)
        for k in range(k, len(inst)):
            target = inst[k]
            while a < target:
                nxt = s[j + 1]
                if nxt <= target:
                    b, wb = nxt, ws[j + 1]
                    j += 1
                else:
                    b, wb = target, interpolate(j, target)
                q = quat_mul(q, increment(wa, wb, b - a))
                a, wa = b, wb
            out[k] = quat_normalized(q)

    # Backwards from the reference through the instants before it.
    k = len(inst) - 1
    while k >= 0 and inst[k] >= ref:
        k -= 1
    if k >= 0:
        j = len(s) - 1
        while j > 0 and s[j - 1] >= ref:
            j -= 1
        b = ref
        wb = ws[j] if s[j] == b else interpolate(j - 1, b)
        p: Quaternion = (1.0, 0.0, 0.0, 0.0)
        for k in range(k, -1, -1):
            target = inst[k]
            while b > target:
                prv = s[j - 1]
                if prv >= target:
                    a, wa = prv, ws[j - 1]
                    j -= 1
                else:
                    a, wa = target, interpolate(j - 1, target)
                p = quat_mul(increment(wa, wb, b - a), p)
                b, wb = a, wa
            pw, px, py, pz = quat_normalized(p)
            out[k] = (pw, -px, -py, -pz)
    return out


def orientation_matrices(t_ns, omega, origin_ns: int, instants_s, reference_s: float) -> np.ndarray:
    """As orientations, as rotation matrices (K, 3, 3): what synthesis warps with (H = K R K^-1)."""
    q = orientations(t_ns, omega, origin_ns, instants_s, reference_s)
    return np.stack([quat_to_matrix(v) for v in q]) if len(q) else np.zeros((0, 3, 3))


def frame_rotations(t_ns, omega_imu, calibration: ImuCalibration, start_ns: int, end_ns: int,
                    m: int, readout_ns: int = 0) -> np.ndarray:
    """The model's `rotations` input for one frame, (M, 3, 3) float64: FrameMotionBuilder's result.

    start_ns/end_ns: the first row's exposure in camera time; with readout_ns > 0 the middle
    row's window (delayed by readout_ns // 2) is used. Raises NotCoveredError where the daemon
    reports quality "none".
    """
    if end_ns < start_ns:
        raise ValueError(f"an exposure cannot end ({end_ns}) before it starts ({start_ns})")
    if readout_ns < 0:
        raise ValueError(f"a readout time cannot be negative ({readout_ns} ns)")
    shift = int(readout_ns) // 2
    start, end = int(start_ns) + shift, int(end_ns) + shift
    t_cam, w_cam = to_camera(t_ns, omega_imu, calibration)
    instants, ref = exposure_instants(end - start, m)
    return orientation_matrices(t_cam, w_cam, start, instants, ref)


def load_gyro_text(path: str) -> Tuple[np.ndarray, np.ndarray]:
    """A whitespace-separated `t_ns wx wy wz` log (GyroBlur-Synth's gyro sequences): (t int64, omega (N, 3))."""
    t, w = [], []
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise ValueError(f"{path}:{number}: expected 't_ns wx wy wz', got {line.strip()!r}")
            t.append(int(parts[0]))
            w.append([float(v) for v in parts[1:]])
    return np.array(t, dtype=np.int64), np.array(w, dtype=np.float64).reshape(-1, 3)
