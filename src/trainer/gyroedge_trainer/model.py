"""GyroEdge deblurring network: a GyroDeblurNet-inspired NAFNet U-Net sized for the edge.

Inputs are exactly the model contract (DESIGN.md): `image` [B,3,H,W] in [0,1], `rotations`
[B,M,3,3] (camera orientation at M instants across the exposure relative to mid-exposure, camera
axes) and `intrinsics` [B,3,3] in pixels of `image`. Output `sharp` [B,3,H,W] = image + residual.

Pieces, top to bottom:
- camera motion field (GyroDeblurNet's CMF): for every pixel p of a half-resolution grid and each
  rotation, the displacement H_m p - p with H_m = K R_m K^-1, the same sampling convention the
  synthesis warps with (synthesis.py). Computed here, in the graph, so the daemon never
  re-implements it (DESIGN.md);
- gyro refinement blocks: the gyro feature is re-weighted by image features at each encoder level
  and downsampled alongside it (a motion estimate is only trustworthy where the image agrees);
- gyro deblurring blocks: every pixel gathers features at its M positions along the blur
  trajectory (the motion field, plus a learned correction for gyro error), each tap weighted by a
  learned mask, then mixes them with a 1x1 convolution: a modulated deformable convolution whose
  kernel follows the camera path, written with GridSample and ordinary convolutions because
  torch 1.13 cannot export DeformConv and ORT < 1.25 cannot run it (reference/onnxruntime.md);
- gyro deconvolution (gyro models with `deconvolution_iterations` > 0): before any learned layer,
  a few Richardson-Lucy iterations with the blur the gyro describes: the synthesis's own forward
  model, the mean over the exposure of the frame sampled at H(t) p, in linear light, with the
  M rotations subdivided (linear interpolation of the matrices: the rotations within one
  exposure are a few degrees at most) so that neighbouring taps are close. It has no weights:
  it is physics the network does not have to learn, and on the validation set it alone lifts
  PSNR by about 1.8 dB over the blurred input (models/MODEL_CARD.md). Gyro error makes it ring;
  the network sees the blurred frame beside it and learns how far to trust it;
- NAF blocks (SimpleGate, simplified channel attention) WITHOUT LayerNorm: NAFNet's LayerNorm
  gives NaN under TensorRT FP16 (reference/onnxruntime.md). Instead every residual branch is
  scaled by a per-channel factor that starts at zero, so each block starts as the identity and
  the un-normalised network still trains stably.

The blind twin is the same class with `gyro=False`: no motion field, no refinement blocks, and the
deblurring blocks' taps come from image features alone (the learned correction, starting at the
pixel itself). Same widths, depths and tap count: the same budget minus the gyro.

Variants are configuration (CONFIGS), not copies of code:
    python3 -m gyroedge_trainer.model --config edge   # prints parameters and GMAC at 720x1280
"""
from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class ModelArgs:
    width: int = 16  # channels at full resolution; doubled at every level down
    encoder_blocks: Tuple[int, ...] = (1, 1, 1)  # NAF blocks per level before each downsampling
    middle_blocks: int = 2
    decoder_blocks: Tuple[int, ...] = (1, 1, 1)
    deblur_levels: Tuple[int, ...] = (1, 2)  # decoder levels (0 = full res) with a gyro deblurring block
    rotation_count: int = 9  # the contract's M
    gyro: bool = True  # False: the blind twin
    # Displacements (px) are divided by this before entering the network so that typical blur
    # (5-40 px) maps to O(1) activations; taps use the raw pixels.
    field_scale: float = 16.0
    # Gyro deconvolution in front of the network (0: none, the default so that checkpoints made
    # before it existed rebuild unchanged); taps = (M - 1) * subdivisions + 1.
    deconvolution_iterations: int = 0
    deconvolution_subdivisions: int = 2

    @property
    def align(self) -> int:
        """H and W are padded to a multiple of this inside forward (the manifest's `align`)."""
        return 2 ** len(self.encoder_blocks)

    def __post_init__(self):
        if len(self.encoder_blocks) != len(self.decoder_blocks):
            raise ValueError("encoder_blocks and decoder_blocks need one entry per level")
        for level in self.deblur_levels:
            if not 1 <= level <= len(self.encoder_blocks):
                raise ValueError(f"deblur level {level} must be 1..{len(self.encoder_blocks)} (the motion field starts at half resolution)")


CONFIGS: Dict[str, ModelArgs] = {
    # <= 30 GMAC at 720x1280 (issue 4); trains on a CPU in an hour at 96-128 px crops.
    "edge": ModelArgs(deconvolution_iterations=10),
    # GyroDeblurNet's proportions at width 32 (deblurring.md: encoder [2,2,2], decoder [1,1,1]),
    # with fewer middle blocks; for a GPU run.
    "large": ModelArgs(width=32, encoder_blocks=(2, 2, 2), middle_blocks=8, decoder_blocks=(1, 1, 1),
                       deblur_levels=(1, 2, 3), deconvolution_iterations=10),
}


def model_args(config: str, gyro: bool = True) -> ModelArgs:
    if config not in CONFIGS:
        raise ValueError(f"unknown model config {config!r}; choose one of {sorted(CONFIGS)}")
    return replace(CONFIGS[config], gyro=gyro)


class SimpleGate(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a, b = x.chunk(2, dim=1)
        return a * b


def _scale(channels: int) -> nn.Parameter:
    """Residual scale starting at zero: the block starts as the identity (NAFNet's beta/gamma)."""
    return nn.Parameter(torch.zeros(1, channels, 1, 1))


class NAFBlock(nn.Module):
    """NAFNet's block without LayerNorm (see the module doc)."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.expand = nn.Conv2d(c, 2 * c, 1)
        self.depthwise = nn.Conv2d(2 * c, 2 * c, 3, padding=1, groups=2 * c)
        self.gate = SimpleGate()
        self.attention = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(c, c, 1))
        self.project = nn.Conv2d(c, c, 1)
        self.ffn_expand = nn.Conv2d(c, 2 * c, 1)
        self.ffn_project = nn.Conv2d(c, c, 1)
        self.beta = _scale(c)
        self.gamma = _scale(c)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.gate(self.depthwise(self.expand(x)))
        y = self.project(y * self.attention(y))
        x = x + self.beta * y
        return x + self.gamma * self.ffn_project(self.gate(self.ffn_expand(x)))


class GyroRefinementBlock(nn.Module):
    """Gyro feature re-weighted by image features: g + s * conv(gate(dw(conv([g, f]))))."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.mix = nn.Conv2d(2 * c, 2 * c, 1)
        self.depthwise = nn.Conv2d(2 * c, 2 * c, 3, padding=1, groups=2 * c)
        self.gate = SimpleGate()
        self.project = nn.Conv2d(c, c, 1)
        self.scale = _scale(c)

    def forward(self, g: torch.Tensor, f: torch.Tensor) -> torch.Tensor:
        return g + self.scale * self.project(self.gate(self.depthwise(self.mix(torch.cat([g, f], 1)))))


def pixel_grid(h, w, like: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Pixel-centre coordinates of an h x w grid (ys [h,1], xs [1,w]); sizes traced from a
    tensor's shape stay dynamic in the exported graph."""
    ys = torch.arange(h, device=like.device).to(like.dtype).view(-1, 1)
    xs = torch.arange(w, device=like.device).to(like.dtype).view(1, -1)
    return ys, xs


class TrajectoryDeblurBlock(nn.Module):
    """Gathers features at M taps along the blur path, masks them, mixes with a 1x1 conv.

    Tap m of pixel p sits at p + d_m(p) + e_m(p): d_m from the motion field (gyro models; zero for
    the blind twin), e_m a learned correction starting at zero. Masks start at 0.5 (sigmoid(0)).
    """

    def __init__(self, c: int, taps: int, gyro: bool) -> None:
        super().__init__()
        self.taps = taps
        self.gyro = gyro
        guide = 2 * c if gyro else c
        # 1x1: the guide features already see a neighbourhood, and a 3x3 here would cost 5 GMAC
        # of the edge budget at 720p.
        self.offsets = nn.Conv2d(guide, 2 * taps, 1)
        self.masks = nn.Conv2d(guide, taps, 1)
        for conv in (self.offsets, self.masks):
            nn.init.zeros_(conv.weight)
            nn.init.zeros_(conv.bias)
        self.mix = nn.Conv2d(taps * c, c, 1)
        self.scale = _scale(c)
        self.after = NAFBlock(c)

    def forward(self, f: torch.Tensor, g: Optional[torch.Tensor], field_px: Optional[torch.Tensor]) -> torch.Tensor:
        guide = torch.cat([f, g], 1) if self.gyro else f
        offsets = self.offsets(guide)
        if self.gyro:
            offsets = offsets + field_px
        masks = torch.sigmoid(self.masks(guide))
        h, w = f.shape[-2], f.shape[-1]
        ys, xs = pixel_grid(h, w, f)
        gathered = []
        for m in range(self.taps):
            # align_corners=False: pixel x sits at normalised (2x + 1) / W - 1.
            gx = (2 * (xs + offsets[:, 2 * m]) + 1) / w - 1
            gy = (2 * (ys + offsets[:, 2 * m + 1]) + 1) / h - 1
            tap = F.grid_sample(f, torch.stack([gx, gy], -1), mode="bilinear", padding_mode="border", align_corners=False)
            gathered.append(tap * masks[:, m:m + 1])
        return self.after(f + self.scale * self.mix(torch.cat(gathered, 1)))


def motion_field(rotations: torch.Tensor, intrinsics: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """Per-pixel displacement (px of the full image) of each homography K R_m K^-1, sampled at the
    centres of 2x2 pixel blocks: [B, 2M, h/2, w/2], channels (dx_0, dy_0, dx_1, ...)."""
    b, m = rotations.shape[0], rotations.shape[1]
    k_inv = _k_inverse(intrinsics).view(b, 1, 3, 3)
    hom = torch.matmul(torch.matmul(intrinsics.view(b, 1, 3, 3), rotations), k_inv)  # [B,M,3,3]
    hh, hw = h // 2, w // 2
    ys, xs = pixel_grid(hh, hw, rotations)
    ys = ys * 2 + 0.5
    xs = xs * 2 + 0.5
    px = xs + ys * 0
    py = ys + xs * 0
    pts = torch.stack([px, py, torch.ones_like(px)], 0).view(1, 1, 3, -1)  # [1,1,3,N]
    q = torch.matmul(hom, pts)  # [B,M,3,N]
    dx = q[:, :, 0] / q[:, :, 2] - pts[:, :, 0]
    dy = q[:, :, 1] / q[:, :, 2] - pts[:, :, 1]
    return torch.stack([dx, dy], 2).reshape(b, 2 * m, hh, hw)


def srgb_to_linear(x: torch.Tensor) -> torch.Tensor:
    """IEC 61966-2-1, as synthesis.py (the blur happens in linear light)."""
    x = x.clamp(0, 1)
    return torch.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(x: torch.Tensor) -> torch.Tensor:
    x = x.clamp(1e-8, 1)  # pow's gradient at 0 is infinite
    return torch.where(x <= 0.0031308, x * 12.92, 1.055 * x ** (1 / 2.4) - 0.055)


class GyroDeconvolution(nn.Module):
    """Richardson-Lucy with the gyro's blur: x <- x * B^T(y / B x), B x(p) = mean_t x(H_t p).

    H_t = K R_t K^-1 is the synthesis's sampling convention (synthesis.warp_average); B^T samples
    at H_t^-1 = K R_t^T K^-1 (a rotation's inverse is its transpose), which ignores the warp's
    Jacobian, close to 1 for rotations of a few degrees. Border padding as in synthesis. The
    sampling grids are built once and reused by every iteration.
    """

    def __init__(self, rotation_count: int, subdivisions: int, iterations: int) -> None:
        super().__init__()
        self.iterations = iterations
        taps = (rotation_count - 1) * subdivisions + 1 if rotation_count > 1 else 1
        # Interpolation weights from the M contract instants to the taps, a constant [T, M].
        weights = torch.zeros(taps, rotation_count)
        for t in range(taps):
            position = t / subdivisions if rotation_count > 1 else 0.0
            lower = min(int(position), rotation_count - 1)
            upper = min(lower + 1, rotation_count - 1)
            share = position - lower
            weights[t, lower] += 1 - share
            if upper != lower:
                weights[t, upper] += share
        self.register_buffer("weights", weights, persistent=False)

    def grids(self, rotations: torch.Tensor, intrinsics: torch.Tensor, h, w, transpose: bool) -> List[torch.Tensor]:
        b = rotations.shape[0]
        r = torch.einsum("tm,bmij->btij", self.weights.to(rotations.dtype), rotations)
        if transpose:
            r = r.transpose(2, 3)
        hom = torch.matmul(torch.matmul(intrinsics.view(b, 1, 3, 3), r), _k_inverse(intrinsics).view(b, 1, 3, 3))
        ys, xs = pixel_grid(h, w, rotations)
        px = (xs + ys * 0).reshape(1, 1, -1)
        py = (ys + xs * 0).reshape(1, 1, -1)
        # H p written out per row: three [B,T,N] planes instead of a matmul against a [3,N] stack.
        qx = hom[:, :, 0, 0:1] * px + hom[:, :, 0, 1:2] * py + hom[:, :, 0, 2:3]
        qy = hom[:, :, 1, 0:1] * px + hom[:, :, 1, 1:2] * py + hom[:, :, 1, 2:3]
        qz = hom[:, :, 2, 0:1] * px + hom[:, :, 2, 1:2] * py + hom[:, :, 2, 2:3]
        gx = (2 * qx / qz + 1) / w - 1
        gy = (2 * qy / qz + 1) / h - 1
        grid = torch.stack([gx, gy], -1).view(b, -1, h, w, 2)
        return [grid[:, t] for t in range(grid.shape[1])]

    @staticmethod
    def blur(x: torch.Tensor, grids: List[torch.Tensor]) -> torch.Tensor:
        total = F.grid_sample(x, grids[0], mode="bilinear", padding_mode="border", align_corners=False)
        for grid in grids[1:]:
            total = total + F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
        return total / len(grids)

    def forward(self, image: torch.Tensor, rotations: torch.Tensor, intrinsics: torch.Tensor) -> torch.Tensor:
        h, w = image.shape[-2], image.shape[-1]
        forward_grids = self.grids(rotations, intrinsics, h, w, transpose=False)
        adjoint_grids = self.grids(rotations, intrinsics, h, w, transpose=True)
        y = srgb_to_linear(image)
        x = y
        for _ in range(self.iterations):
            # 1e-3 on both sides keeps the ratio finite in black regions (read noise is ~1e-3 of
            # full scale) without biasing it: where x already explains y the ratio is exactly 1.
            x = x * self.blur((y + 1e-3) / (self.blur(x, forward_grids) + 1e-3), adjoint_grids)
        return linear_to_srgb(x)


def _k_inverse(intrinsics: torch.Tensor) -> torch.Tensor:
    """K^-1 of an upper-triangular pinhole matrix in closed form (ONNX has no matrix inverse)."""
    b = intrinsics.shape[0]
    fx, fy = intrinsics[:, 0, 0], intrinsics[:, 1, 1]
    s, cx, cy = intrinsics[:, 0, 1], intrinsics[:, 0, 2], intrinsics[:, 1, 2]
    zero, one = torch.zeros_like(fx), torch.ones_like(fx)
    return torch.stack([1 / fx, -s / (fx * fy), (s * cy - cx * fy) / (fx * fy),
                        zero, 1 / fy, -cy / fy, zero, zero, one], -1).view(b, 3, 3)


class GyroDeblurNet(nn.Module):
    def __init__(self, args: ModelArgs) -> None:
        super().__init__()
        self.args = args
        c = args.width
        levels = len(args.encoder_blocks)
        deconvolve = args.gyro and args.deconvolution_iterations > 0
        self.deconvolution = (GyroDeconvolution(args.rotation_count, args.deconvolution_subdivisions,
                                                args.deconvolution_iterations) if deconvolve else None)
        # With deconvolution the network sees the blurred frame and the deconvolved one side by side.
        self.intro = nn.Conv2d(6 if deconvolve else 3, c, 3, padding=1)
        self.encoders = nn.ModuleList()
        self.downs = nn.ModuleList()
        widths = []
        for n in args.encoder_blocks:
            widths.append(c)
            self.encoders.append(nn.Sequential(*[NAFBlock(c) for _ in range(n)]))
            self.downs.append(nn.Conv2d(c, 2 * c, 2, stride=2))
            c *= 2
        self.middle = nn.Sequential(*[NAFBlock(c) for _ in range(args.middle_blocks)])
        widths.append(c)
        self.ups = nn.ModuleList()
        self.decoders = nn.ModuleList()
        for n in reversed(args.decoder_blocks):
            self.ups.append(nn.Sequential(nn.Conv2d(c, 2 * c, 1, bias=False), nn.PixelShuffle(2)))
            c //= 2
            self.decoders.append(nn.Sequential(*[NAFBlock(c) for _ in range(n)]))
        self.ending = nn.Conv2d(args.width, 3, 3, padding=1)
        # Zero: the untrained network returns its input, so training starts at the blurred
        # image's PSNR instead of below it.
        nn.init.zeros_(self.ending.weight)
        nn.init.zeros_(self.ending.bias)
        self.deblur = nn.ModuleDict({str(l): TrajectoryDeblurBlock(widths[l], args.rotation_count, args.gyro)
                                     for l in args.deblur_levels})
        if args.gyro:
            two_m = 2 * args.rotation_count
            # The gyro feature at level 1 (half resolution), refined at each encoder level >= 1
            # and carried down beside the image features (GyroDeblurNet's refinement blocks).
            self.gyro_intro = nn.Sequential(nn.Conv2d(two_m, 2 * widths[1], 1), SimpleGate())
            self.refine = nn.ModuleList([GyroRefinementBlock(widths[l]) for l in range(1, levels + 1)])
            self.gyro_downs = nn.ModuleList([nn.Conv2d(widths[l], widths[l + 1], 2, stride=2) for l in range(1, levels)])

    def forward(self, image: torch.Tensor, rotations: Optional[torch.Tensor] = None,
                intrinsics: Optional[torch.Tensor] = None) -> torch.Tensor:
        h, w = image.shape[-2], image.shape[-1]
        a = self.args.align
        x = F.pad(image, [0, (a - w % a) % a, 0, (a - h % a) % a], mode="replicate")
        ph, pw = x.shape[-2], x.shape[-1]
        gyro_at: Dict[int, torch.Tensor] = {}
        field_at: Dict[int, torch.Tensor] = {}
        if self.args.gyro:
            if rotations is None or intrinsics is None:
                raise ValueError("a gyro model needs rotations and intrinsics")
            # Padding adds rows/columns at the bottom/right only, so the image's pixel
            # coordinates, hence the intrinsics, stay valid for the padded frame.
            field = motion_field(rotations, intrinsics, ph, pw)
            for level in self.args.deblur_levels:
                k = 2 ** (level - 1)
                field_at[level] = (F.avg_pool2d(field, k) if k > 1 else field) / (2 ** level)
            g = self.gyro_intro(field / self.args.field_scale)
        base = image
        if self.deconvolution is not None:
            with torch.no_grad():  # no weights inside: nothing to learn through it
                base = self.deconvolution(image, rotations, intrinsics)
            x = torch.cat([x, F.pad(base, [0, pw - w, 0, ph - h], mode="replicate")], 1)
        f = self.intro(x)
        skips = []
        for level, (encoder, down) in enumerate(zip(self.encoders, self.downs)):
            f = encoder(f)
            if self.args.gyro and level >= 1:
                g = self.refine[level - 1](g, f)
                gyro_at[level] = g
                g = self.gyro_downs[level - 1](g)
            skips.append(f)
            f = down(f)
        f = self.middle(f)
        levels = len(self.encoders)
        if self.args.gyro:
            gyro_at[levels] = self.refine[levels - 1](g, f)
        if str(levels) in self.deblur:
            f = self.deblur[str(levels)](f, gyro_at.get(levels), field_at.get(levels))
        for i, (up, decoder) in enumerate(zip(self.ups, self.decoders)):
            level = levels - 1 - i
            f = decoder(up(f) + skips[level])
            if str(level) in self.deblur:
                f = self.deblur[str(level)](f, gyro_at.get(level), field_at.get(level))
        return base + self.ending(f)[:, :, :h, :w]


class BlindContract(nn.Module):
    """The blind twin as exported: the contract's `image` only (models/MANIFEST.md)."""

    def __init__(self, net: GyroDeblurNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.net(image)


def count_macs(model: GyroDeblurNet, height: int, width: int) -> int:
    """Multiply-accumulates of one forward pass at height x width: every convolution and matmul
    (GridSample, gates and additions are not MACs and are left out). The convolutions are not
    computed while counting, only their output shapes, so a 720p count takes a moment."""
    total = [0]
    original_conv = nn.Conv2d.forward
    original_matmul = torch.matmul

    def counting_conv(module: nn.Conv2d, x: torch.Tensor) -> torch.Tensor:
        (kh, kw), (sh, sw), (ph, pw) = module.kernel_size, module.stride, module.padding
        shape = (x.shape[0], module.out_channels, (x.shape[2] + 2 * ph - kh) // sh + 1, (x.shape[3] + 2 * pw - kw) // sw + 1)
        total[0] += int(np.prod(shape)) * (module.in_channels // module.groups) * kh * kw
        return torch.zeros(shape)

    def counting_matmul(a, b):
        out = original_matmul(a, b)
        total[0] += out.numel() * a.shape[-1]
        return out

    nn.Conv2d.forward = counting_conv
    torch.matmul = counting_matmul
    try:
        m = model.args.rotation_count
        with torch.no_grad():
            model(torch.zeros(1, 3, height, width), torch.eye(3).expand(1, m, 3, 3).contiguous(),
                  torch.tensor([[[1000.0, 0, width / 2], [0, 1000.0, height / 2], [0, 0, 1]]]))
    finally:
        nn.Conv2d.forward = original_conv
        torch.matmul = original_matmul
    return total[0]


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m gyroedge_trainer.model")
    parser.add_argument("--config", default="edge", choices=sorted(CONFIGS))
    args = parser.parse_args(argv)
    for gyro in (True, False):
        net = GyroDeblurNet(model_args(args.config, gyro)).eval()
        params = sum(p.numel() for p in net.parameters())
        print(f"{args.config} {'gyro ' if gyro else 'blind'}: {params / 1e6:.3f} M parameters, "
              f"{count_macs(net, 720, 1280) / 1e9:.2f} GMAC at 720x1280, align {net.args.align}")


if __name__ == "__main__":
    main()
