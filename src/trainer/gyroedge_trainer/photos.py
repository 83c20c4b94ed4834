"""Sharp photos and the sRGB transfer function.

Blur happens in linear light (light adds up on the sensor; sRGB values do not), so photos are
decoded once to linear float32 and every synthesised image is encoded back to 8-bit sRGB with
rounding, exactly as a camera's output would be.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List, Sequence

import numpy as np
import torch

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")


class PhotoError(ValueError):
    """A sharp photo that cannot be used; the message names the file."""


def srgb_to_linear(x: torch.Tensor) -> torch.Tensor:
    """IEC 61966-2-1 decoding, the exact piecewise formula (not a 2.2 gamma)."""
    return torch.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(x: torch.Tensor) -> torch.Tensor:
    """IEC 61966-2-1 encoding; the input must already be clipped to [0, 1]."""
    return torch.where(x <= 0.0031308, x * 12.92, 1.055 * x.clamp_min(0.0031308) ** (1 / 2.4) - 0.055)


def to_uint8(srgb: torch.Tensor) -> np.ndarray:
    """[3,H,W] sRGB in [0,1] -> (H,W,3) uint8, rounded half away from zero as a camera's ISP does."""
    return np.floor(srgb.clamp(0, 1).permute(1, 2, 0).double().numpy() * 255.0 + 0.5).astype(np.uint8)


def from_uint8(pixels: np.ndarray) -> torch.Tensor:
    """(H,W,3) uint8 -> [3,H,W] float32 in [0,1]: the model contract's `image` encoding."""
    return torch.from_numpy(np.ascontiguousarray(pixels.transpose(2, 0, 1))).float() / 255.0


def read_rgb8(path: str) -> np.ndarray:
    """Any image PIL reads, as (H,W,3) uint8 RGB. Raises PhotoError naming the file."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"), dtype=np.uint8).copy()
    except FileNotFoundError:
        raise PhotoError(f"{path}: no such image file") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise PhotoError(f"{path}: cannot decode the image ({e}); expected a JPEG or PNG photo") from None


@dataclass(frozen=True)
class Photo:
    name: str
    linear: torch.Tensor  # [3,H,W] float32, linear light

    @property
    def height(self) -> int:
        return int(self.linear.shape[1])

    @property
    def width(self) -> int:
        return int(self.linear.shape[2])


def load_photo(path: str) -> Photo:
    return Photo(os.path.basename(path), srgb_to_linear(from_uint8(read_rgb8(path))))


def list_photos(folder: str, prefixes: Sequence[str] = ("",)) -> List[str]:
    """Image files in `folder` whose names start with one of `prefixes`, sorted (so a seed means
    the same photos on every machine)."""
    if not os.path.isdir(folder):
        raise PhotoError(f"{folder}: not a folder of sharp photos")
    names = sorted(n for n in os.listdir(folder)
                   if n.lower().endswith(IMAGE_EXTENSIONS) and any(n.startswith(p) for p in prefixes))
    if not names:
        raise PhotoError(f"{folder}: no photos ({', '.join(IMAGE_EXTENSIONS)}) named {list(prefixes)}*")
    return [os.path.join(folder, n) for n in names]
