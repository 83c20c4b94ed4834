"""Blur synthesis from real gyro (DESIGN.md "Training data"): one sharp crop + one stretch of a
real gyro log -> the blurred frame a camera would have taken, its ground truth, and the gyro the
model gets to see (corrupted the way real sensors and calibrations are wrong).

Per frame:
1. an exposure of A..B ms inside one gap-free segment of the log (gyrolog.py), with margins for
   the time-offset error and the rolling-shutter readout;
2. intrinsics of the whole photo from a horizontal field of view in 50..90 degrees, so a crop keeps
   the photo's blur scale and gets an off-centre principal point;
3. orientations over the exposure from motion.py (the one integrator the daemon shares via golden
   vectors), relative to mid-exposure, at sub-instants dense enough that no border pixel moves
   more than MAX_STEP_PX between consecutive ones;
4. warp by H = K R(t) K^-1 (the crop's pixel p samples the photo at H p), average in linear light,
   shot + read noise, highlight clipping, 8-bit sRGB with rounding. The target is the crop at
   mid-exposure through the same gain, clip and encoding;
5. the model's `rotations` are integrated (by motion.py again) from the corrupted gyro.

Everything random comes from one numpy Generator, so a seed fixes every byte.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

from . import motion
from .gyrolog import GyroLog
from .photos import Photo, linear_to_srgb, to_uint8

# DESIGN.md: "no warp moves a pixel more than about half a pixel from the previous one"; finer
# steps change the average by far less than the 8-bit quantisation.
MAX_STEP_PX = 0.5

# Sub-instants are capped so that a wild stretch of log cannot eat the memory; at 0.5 px per
# step this is 1000 px of travel, far beyond any blur a 80 ms exposure of a hand-held phone makes.
MAX_SUB_INSTANTS = 2001

# The model contract's M. GyroDeblurNet: M=8 gives 27.28 dB, M=16 27.32 (deblurring.md), so the
# extra instants buy nothing; odd so that the middle rotation is exactly the identity (DESIGN.md).
DEFAULT_ROTATION_COUNT = 9

# The research log's device axes against camera axes (x right, y down, z forward): the original
# camera-motion-field code negates x and y (../shared/data/README.md). Calibration, not a constant
# of the code: synthesis takes it from here, session.json records it, the reader uses it.
NOMINAL_IMU_TO_CAMERA = ((-1.0, 0.0, 0.0), (0.0, -1.0, 0.0), (0.0, 0.0, 1.0))

# Extra gyro kept on each side of the exposure: covers the largest time-offset error (harsh,
# 15 ms) plus two samples of the 210 Hz log, so the corrupted gyro still spans the exposure.
WINDOW_MARGIN_NS = 25_000_000


@dataclass(frozen=True)
class GyroErrorLevel:
    """Issue 4's fixed definitions of how wrong the model's gyro is."""

    name: str
    noise_std: float  # rad/s, white, per sample and axis
    bias: float  # rad/s, uniform in +-bias per axis
    scale: float  # per-axis scale uniform in 1 +- scale
    misalignment_deg: float  # IMU-to-camera rotation error about a random axis, uniform in [0, this]
    time_offset_ms: float  # uniform in +-this
    drop_fraction: float  # share of samples lost


REALISTIC = GyroErrorLevel("realistic", 0.005, 0.01, 0.02, 2.0, 5.0, 0.01)
HARSH = GyroErrorLevel("harsh", 0.015, 0.03, 0.06, 6.0, 15.0, 0.03)  # three times each
NONE = GyroErrorLevel("none", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
ERROR_LEVELS: Dict[str, GyroErrorLevel] = {lvl.name: lvl for lvl in (NONE, REALISTIC, HARSH)}


@dataclass(frozen=True)
class SynthesisSettings:
    size: Tuple[int, int] = (128, 128)  # crop width, height
    exposure_ms: Tuple[float, float] = (10.0, 80.0)  # DESIGN.md
    fov_deg: Tuple[float, float] = (50.0, 90.0)  # DESIGN.md, horizontal, of the whole photo
    rolling_shutter_ms: float = 0.0  # readout of the whole photo height; 0 = global shutter
    rotation_count: int = DEFAULT_ROTATION_COUNT
    imu_to_camera: Tuple[Tuple[float, ...], ...] = NOMINAL_IMU_TO_CAMERA
    # Shot noise variance per unit linear signal and read noise sigma, drawn log-uniformly: from
    # a clean daylight phone frame to a dim indoor one after the ISP (RSBlur's pipeline scale).
    shot_noise: Tuple[float, float] = (1e-4, 2e-3)
    read_noise: Tuple[float, float] = (5e-4, 4e-3)
    # Share of frames whose exposure is pushed (gain up to saturation_gain) so highlights clip,
    # as in over-exposed lamps and skies; the target goes through the same gain and clip.
    saturation_share: float = 0.25
    saturation_gain: float = 1.6
    flip: bool = True  # mirror the photo at random: more scenes for the same images

    def __post_init__(self):
        w, h = self.size
        if w < 8 or h < 8:
            raise ValueError(f"crop size {w}x{h} is too small; use at least 8x8")
        a, b = self.exposure_ms
        if not 0 < a <= b:
            raise ValueError(f"exposure range {a}-{b} ms must satisfy 0 < A <= B")
        if not 0 < self.fov_deg[0] <= self.fov_deg[1] < 180:
            raise ValueError(f"field of view {self.fov_deg} must lie in (0, 180) degrees")
        if self.rolling_shutter_ms < 0:
            raise ValueError(f"rolling-shutter readout {self.rolling_shutter_ms} ms cannot be negative")


class ExposureTooLongError(ValueError):
    """No gap-free stretch of the gyro log covers the exposure asked for."""


@dataclass
class SynthesisedFrame:
    blurred: np.ndarray  # (h,w,3) uint8 sRGB
    sharp: np.ndarray  # (h,w,3) uint8 sRGB, the crop at mid-exposure
    intrinsics: np.ndarray  # (3,3) float64, pixels of the crop
    exposure_ns: int
    readout_ns: int
    gyro_t_ns: np.ndarray  # the model's gyro: corrupted, relative to exposure start (int64)
    gyro_omega: np.ndarray  # (N,3) IMU axes
    rotations: np.ndarray  # (M,3,3) from the corrupted gyro and the nominal calibration
    true_rotations: np.ndarray  # (M,3,3) from the true gyro
    sub_instants: int
    max_step_px: float
    truth: Dict = field(default_factory=dict)


def homographies(k: np.ndarray, rotations: np.ndarray) -> np.ndarray:
    """H = K R K^-1 for each rotation (..., 3, 3)."""
    return k @ rotations @ np.linalg.inv(k)


def border_points(x0: float, y0: float, w: int, h: int, per_edge: int = 9) -> np.ndarray:
    """(P,3) homogeneous points along the crop's border, in photo pixels (pixel centres at integers)."""
    xs = np.linspace(x0, x0 + w - 1, per_edge)
    ys = np.linspace(y0, y0 + h - 1, per_edge)
    pts = np.concatenate([np.stack([xs, np.full_like(xs, y0)], 1), np.stack([xs, np.full_like(xs, y0 + h - 1)], 1),
                          np.stack([np.full_like(ys, x0), ys], 1), np.stack([np.full_like(ys, x0 + w - 1), ys], 1)])
    return np.concatenate([pts, np.ones((len(pts), 1))], 1)


def project(hs: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Apply homographies (..., 3, 3) to points (P, 3) -> (..., P, 2)."""
    q = np.einsum("...ij,pj->...pi", hs, pts)
    return q[..., :2] / q[..., 2:3]


def max_step(hs: np.ndarray, pts: np.ndarray) -> float:
    """Largest distance a border point moves between consecutive sub-instants; hs (S, 3, 3)."""
    p = project(hs, pts)
    return float(np.sqrt(((p[1:] - p[:-1]) ** 2).sum(-1)).max()) if len(hs) > 1 else 0.0


def corrupt_gyro(rng: np.random.Generator, t_ns: np.ndarray, omega: np.ndarray,
                 level: GyroErrorLevel) -> Tuple[np.ndarray, np.ndarray, Dict]:
    """The gyro a model would get from a real sensor and calibration, and what was done to it.

    Order as in a MEMS gyro: scale and axis misalignment act on the true rate, then bias and white
    noise add; the timestamps are off by the time offset; dropped samples vanish, except the
    first and the last, so the window still covers the exposure. Every level draws the same
    random numbers, so one seed gives the same blur at every level: only the gyro differs.
    """
    n = len(t_ns)
    bias = rng.uniform(-level.bias, level.bias, 3)
    scale = 1.0 + rng.uniform(-level.scale, level.scale, 3)
    axis = rng.normal(size=3)
    angle = math.radians(rng.uniform(0.0, level.misalignment_deg))
    misalignment = motion.axis_angle_matrix(axis, angle)
    offset_ns = int(round(rng.uniform(-level.time_offset_ms, level.time_offset_ms) * 1e6))
    noise = rng.normal(0.0, 1.0, (n, 3)) * level.noise_std
    interior = np.arange(1, n - 1)
    drop = interior[rng.random(len(interior)) < level.drop_fraction]
    if level.name == NONE.name:
        return t_ns.copy(), omega.copy(), {"level": NONE.name}
    w = (omega * scale) @ misalignment.T + bias + noise
    mask = np.ones(n, dtype=bool)
    mask[drop] = False
    info = {"level": level.name, "bias": bias.tolist(), "scale": scale.tolist(),
            "misalignment_axis": (axis / np.linalg.norm(axis)).tolist(), "misalignment_deg": math.degrees(angle),
            "time_offset_ns": offset_ns, "dropped": int(len(drop)), "samples": int(n)}
    return (t_ns + offset_ns)[mask], w[mask], info


def pick_window(rng: np.random.Generator, log: GyroLog, need_ns: int, span: Tuple[float, float] = (0.0, 1.0)):
    """A random start inside one segment such that [start - margin, start + need + margin] fits;
    `span` restricts starts to a share of the log (train/validation split by time)."""
    t_all0, t_all1 = int(log.t_ns[0]), int(log.t_ns[-1])
    lo_t = t_all0 + int((t_all1 - t_all0) * span[0])
    hi_t = t_all0 + int((t_all1 - t_all0) * span[1])
    choices = []
    for seg in log.segments:
        a = max(int(seg.t_ns[0]) + WINDOW_MARGIN_NS, lo_t)
        b = min(int(seg.t_ns[-1]) - WINDOW_MARGIN_NS - need_ns, hi_t)
        if b > a:
            choices.append((a, b))
    if not choices:
        raise ExposureTooLongError(
            f"{log.path}: no gap-free stretch covers {need_ns / 1e6:.1f} ms of exposure and readout plus "
            f"{2 * WINDOW_MARGIN_NS / 1e6:.0f} ms of margin (longest segment {log.longest_segment_ns() / 1e6:.1f} ms); "
            "use shorter exposures or a longer log")
    lengths = np.array([b - a for a, b in choices], dtype=np.float64)
    i = int(rng.choice(len(choices), p=lengths / lengths.sum()))
    a, b = choices[i]
    return a + int(rng.integers(0, b - a))


def photo_intrinsics(width: int, height: int, fov_deg: float) -> np.ndarray:
    """Square pixels, principal point at the image centre (pixel centres at integer coordinates)."""
    f = (width / 2.0) / math.tan(math.radians(fov_deg) / 2.0)
    return np.array([[f, 0.0, (width - 1) / 2.0], [0.0, f, (height - 1) / 2.0], [0.0, 0.0, 1.0]])


def _log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def synthesise(rng: np.random.Generator, photo: Photo, log: GyroLog, settings: SynthesisSettings,
               error_level: str = "realistic", log_span: Tuple[float, float] = (0.0, 1.0),
               crop_origin: Optional[Tuple[int, int]] = None) -> SynthesisedFrame:
    """One blurred frame with its ground truth and the model's (corrupted) gyro; see the module doc."""
    level = ERROR_LEVELS[error_level]
    w, h = settings.size
    linear = photo.linear
    if settings.flip and rng.random() < 0.5:
        linear = torch.flip(linear, dims=[2])
    ph, pw = int(linear.shape[1]), int(linear.shape[2])
    if w > pw or h > ph:
        raise ValueError(f"{photo.name}: {pw}x{ph} is smaller than the crop {w}x{h}")
    x0, y0 = crop_origin if crop_origin is not None else (int(rng.integers(0, pw - w + 1)), int(rng.integers(0, ph - h + 1)))
    fov = float(rng.uniform(*settings.fov_deg))
    k_photo = photo_intrinsics(pw, ph, fov)

    exposure_ns = int(round(rng.uniform(*settings.exposure_ms) * 1e6))
    readout_ns = int(round(settings.rolling_shutter_ms * 1e6))
    start = pick_window(rng, log, exposure_ns + readout_ns, log_span)
    lo = int(np.searchsorted(log.t_ns, start - WINDOW_MARGIN_NS, side="right")) - 1
    hi = int(np.searchsorted(log.t_ns, start + exposure_ns + readout_ns + WINDOW_MARGIN_NS, side="left")) + 1
    true_t = log.t_ns[max(lo, 0):hi + 1] - start  # relative to exposure start
    true_w = log.omega[max(lo, 0):hi + 1]
    calibration = motion.ImuCalibration(np.array(settings.imu_to_camera, dtype=np.float64))
    t_cam, w_cam = motion.to_camera(true_t, true_w, calibration)

    # Rows of the crop, their exposure delay and the reference: mid-exposure of the photo's middle
    # row, the daemon's convention (motion.frame_rotations shifts by readout_ns // 2).
    rows = np.arange(y0, y0 + h)
    row_delay = (readout_ns * rows) // ph if readout_ns else np.zeros(h, dtype=np.int64)
    reference = (exposure_ns / 2.0 + (readout_ns // 2)) / 1e9
    pts = border_points(x0, y0, w, h)
    pts_rows = (pts[:, 1] - y0).round().astype(int)

    def homographies_at(s: int) -> np.ndarray:
        """(S, h_or_1, 3, 3): per sub-instant, per crop row when the shutter rolls."""
        base = np.array([exposure_ns * (i / (s - 1)) for i in range(s)]) / 1e9
        if readout_ns:
            times = (base[:, None] + row_delay[None, :] / 1e9).reshape(-1)
            order = np.argsort(times, kind="stable")
            r = np.empty((len(times), 3, 3))
            r[order] = motion.orientation_matrices(t_cam, w_cam, 0, times[order], reference)
            return homographies(k_photo, r.reshape(s, h, 3, 3))
        return homographies(k_photo, motion.orientation_matrices(t_cam, w_cam, 0, base, reference))[:, None]

    def step_of(hs: np.ndarray) -> float:
        if hs.shape[1] == 1:
            return max_step(hs[:, 0], pts)
        p = np.stack([project(hs[:, r], pts[i:i + 1])[:, 0] for i, r in enumerate(pts_rows)], 1)
        return float(np.sqrt(((p[1:] - p[:-1]) ** 2).sum(-1)).max())

    s = 9
    hs = homographies_at(s)
    step = step_of(hs)
    while step > MAX_STEP_PX:
        if s >= MAX_SUB_INSTANTS:
            raise ValueError(f"the camera moves {step:.2f} px between {s} sub-instants; the gyro segment is implausible")
        s = min(MAX_SUB_INSTANTS, int(math.ceil((s - 1) * step / MAX_STEP_PX * 1.05)) + 1)
        hs = homographies_at(s)
        step = step_of(hs)

    gain = float(rng.uniform(1.0, settings.saturation_gain)) if rng.random() < settings.saturation_share else 1.0
    blurred_linear = warp_average(linear, hs, x0, y0, w, h) * gain
    sharp_linear = (linear[:, y0:y0 + h, x0:x0 + w] * gain).clamp(0, 1)
    shot = _log_uniform(rng, *settings.shot_noise)
    read = _log_uniform(rng, *settings.read_noise)
    clean = blurred_linear.clamp(0, 1)
    std = torch.sqrt(clean * shot + read * read)
    noise = torch.from_numpy(rng.normal(0.0, 1.0, tuple(clean.shape)).astype(np.float32))
    blurred = (clean + std * noise).clamp(0, 1)

    # The model's gyro. Truth and corrupted both relative to exposure start (ns), IMU axes.
    gyro_t, gyro_w, errors = corrupt_gyro(rng, true_t, true_w, level)
    k_crop = k_photo.copy()
    k_crop[0, 2] -= x0
    k_crop[1, 2] -= y0
    m = settings.rotation_count
    rotations = motion.frame_rotations(gyro_t, gyro_w, calibration, 0, exposure_ns, m, readout_ns)
    true_rotations = motion.frame_rotations(true_t, true_w, calibration, 0, exposure_ns, m, readout_ns)
    truth = {
        "photo": photo.name, "crop_origin": [x0, y0], "fov_deg": fov, "log_exposure_start_ns": int(start),
        "gyro_error": errors, "gain": gain, "shot_noise": shot, "read_noise": read,
        "sub_instants": s, "max_step_px": step, "true_rotations": true_rotations.tolist(),
    }
    return SynthesisedFrame(to_uint8(linear_to_srgb(blurred)), to_uint8(linear_to_srgb(sharp_linear)), k_crop,
                            exposure_ns, readout_ns, gyro_t, gyro_w, rotations, true_rotations, s, step, truth)


# Sub-instants warped per grid_sample call: bounds memory at large crops (S x 3 x h x w floats).
_CHUNK = 32


def warp_average(linear: torch.Tensor, hs: np.ndarray, x0: int, y0: int, w: int, h: int) -> torch.Tensor:
    """Mean over sub-instants of the photo sampled at H p for the crop's pixels p (bilinear, border
    padding: the crop's surroundings come from the photo itself, only the photo's edge repeats)."""
    ph, pw = int(linear.shape[1]), int(linear.shape[2])
    ys, xs = torch.meshgrid(torch.arange(y0, y0 + h, dtype=torch.float64),
                            torch.arange(x0, x0 + w, dtype=torch.float64), indexing="ij")
    p = torch.stack([xs, ys, torch.ones_like(xs)], -1)  # (h, w, 3)
    hs_t = torch.from_numpy(np.ascontiguousarray(hs))  # (S, h|1, 3, 3)
    total = torch.zeros(3, h, w, dtype=torch.float32)
    for a in range(0, hs_t.shape[0], _CHUNK):
        part = hs_t[a:a + _CHUNK]
        q = torch.einsum("srij,rwj->srwi", part, p)  # (c, h, w, 3)
        xy = q[..., :2] / q[..., 2:3]
        grid = torch.stack([xy[..., 0] / (pw - 1) * 2 - 1, xy[..., 1] / (ph - 1) * 2 - 1], -1).float()
        src = linear.unsqueeze(0).expand(grid.shape[0], -1, -1, -1)
        warped = F.grid_sample(src, grid, mode="bilinear", padding_mode="border", align_corners=True)
        total += warped.sum(0)
    return total / hs_t.shape[0]
