"""Training: sharp photos + a real gyro log -> a deblurring model, synthesised on the fly.

    ./gyroedge train --model=edge --gyro=true --out=build/train/edge-gyro --steps=2000
    ./gyroedge train --out=build/train/edge-gyro --resume           # continue from its checkpoint
    torchrun --nproc_per_node=4 -m gyroedge_trainer.cli train --model=large --batch_size=16 ...

Every `--key=value` overrides a field of TrainConfig (type-checked; an unknown key is an error).
Writes into --out: ckpt.pt (model arguments, config, weights, optimiser, history: enough to
rebuild or resume from the file alone), curve.png (training loss and validation PSNR),
history.json, and a progress bar on stderr.

Validation runs on a fixed synthetic recording (written once, with a fixed seed, from photos and
a stretch of gyro log that training never sees) every `val_every` steps.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from . import dataset, metrics
from .gyrolog import read_gyro_log
from .model import GyroDeblurNet, ModelArgs, model_args
from .photos import list_photos, load_photo, to_uint8
from .recording import RecordingError, read_recording
from .synthesis import SynthesisSettings

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHARED_DATA = os.path.join(REPO, "..", "shared", "data")


@dataclass
class TrainConfig:
    model: str = "edge"  # model.CONFIGS
    gyro: bool = True  # False trains the blind twin: same everything, no gyro branch
    out: str = "build/train/edge-gyro"
    sharp_dir: str = os.path.join(SHARED_DATA, "sharp", "bsds500")
    gyro_log: str = os.path.join(SHARED_DATA, "gyro", "smartphone_gyro_train.txt")
    # BSDS500's own split: train_ and val_ photos for training, test_ for validation.
    train_prefixes: Tuple[str, ...] = ("train_", "val_")
    val_prefixes: Tuple[str, ...] = ("test_",)
    # The log is split by time: the last 15% (about 28 s of shake) is never trained on.
    train_log_span: Tuple[float, float] = (0.0, 0.85)
    val_log_span: Tuple[float, float] = (0.85, 1.0)
    crop: int = 96  # training crops: a CPU hour affords 96 px; GyroDeblurNet used 256 on GPUs
    exposure_ms: Tuple[float, float] = (10.0, 80.0)  # DESIGN.md's synthesis range
    rolling_shutter_ms: float = 0.0
    batch_size: int = 16  # >= 16 also puts torch 1.13's 1x1 convolutions on oneDNN on CPU (6x faster)
    steps: int = 2000
    lr: float = 1e-3  # NAFNet's GoPro recipe (Adam 1e-3, betas 0.9/0.9, cosine)
    betas: Tuple[float, float] = (0.9, 0.9)
    min_lr: float = 1e-6
    warmup_steps: int = 100  # the un-normalised blocks start at identity; a short warm-up keeps the first steps sane
    grad_clip: float = 1.0
    loss: str = "psnr"  # "psnr" (GyroDeblurNet) or "charbonnier"
    # Curriculum (GyroDeblurNet): the share of samples with erroneous gyro rises by 0.1 in ten
    # equal stages over the first third of training, then stays 1. Picking erroneous gyro with a
    # rising probability (not blending two gyro features) costs one forward pass per sample.
    curriculum_share: float = 1 / 3
    harsh_share: float = 0.3  # of the erroneous samples, this share is `harsh`, the rest `realistic`
    val_every: int = 250
    val_recording: str = ""  # default: build/val/<level>-<size>-s<seed>, written on first use
    val_count: int = 48
    val_size: Tuple[int, int] = (256, 192)  # fits BSDS500's 481x321 photos in both orientations
    val_exposure_ms: Tuple[float, float] = (20.0, 60.0)  # issue 4's validation range
    val_error: str = "realistic"
    val_seed: int = 20261121
    seed: int = 0
    threads: int = 0  # torch intra-op threads; 0 = torch's default
    amp: bool = True  # bfloat16 autocast, CUDA only
    # Wall-clock budget in minutes (0: none). With one, the schedule (learning rate, curriculum)
    # runs on max(step / steps, elapsed / budget) and training stops when that reaches 1, so a
    # run on a shared machine still ends on time with a fully decayed learning rate. Results
    # then depend on the machine's speed: leave it 0 for reproducible runs.
    time_budget_min: float = 0.0
    log_every: int = 25
    checkpoint_every: int = 250


def _coerce(name: str, current: Any, text: str) -> Any:
    if isinstance(current, bool):
        if text.lower() in ("1", "true", "yes"):
            return True
        if text.lower() in ("0", "false", "no"):
            return False
        raise ValueError(f"--{name}={text}: expected true or false")
    if isinstance(current, tuple):
        parts = text.replace("x", ",").replace("-", ",").split(",") if not isinstance(current[0], str) else text.split(",")
        if len(parts) != len(current) and not isinstance(current[0], str):
            raise ValueError(f"--{name}={text}: expected {len(current)} values like {','.join(map(str, current))}")
        return tuple(type(current[0])(p) for p in parts)
    try:
        return type(current)(text)
    except ValueError:
        raise ValueError(f"--{name}={text}: expected a {type(current).__name__}") from None


def parse_overrides(argv: Sequence[str], config: Optional[TrainConfig] = None) -> Tuple[TrainConfig, bool]:
    """`--key=value` overrides and `--resume`; an unknown key or a bad value is an error."""
    config = config or TrainConfig()
    names = {f.name for f in dataclasses.fields(TrainConfig)}
    resume = False
    for arg in argv:
        if arg == "--resume":
            resume = True
            continue
        if not arg.startswith("--") or "=" not in arg:
            raise ValueError(f"{arg!r}: overrides are written --key=value (or --resume)")
        key, value = arg[2:].split("=", 1)
        key = key.replace("-", "_")
        if key not in names:
            raise ValueError(f"--{key}: not a training setting; known: {', '.join(sorted(names))}")
        setattr(config, key, _coerce(key, getattr(config, key), value))
    if config.loss not in ("psnr", "charbonnier"):
        raise ValueError(f"--loss={config.loss}: expected psnr or charbonnier")
    return config, resume


def learning_rate(config: TrainConfig, step: int, progress: Optional[float] = None) -> float:
    """Linear warm-up, then cosine from lr to min_lr over the rest of training (`progress` in [0, 1])."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    if progress is None:
        progress = step / config.steps
    warm = config.warmup_steps / config.steps
    rest = (progress - warm) / max(1e-9, 1 - warm)
    return config.min_lr + 0.5 * (config.lr - config.min_lr) * (1 + math.cos(math.pi * min(1.0, max(0.0, rest))))


def erroneous_share(config: TrainConfig, progress: float) -> float:
    """0, 0.1, ..., 1 in ten equal stages over the first `curriculum_share` of training."""
    if config.curriculum_share <= 0:
        return 1.0
    return min(1.0, int(10 * progress / config.curriculum_share) / 10)


def loss_fn(config: TrainConfig, output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    if config.loss == "psnr":
        # Negative PSNR per image (peak 1), averaged: weighs every image's dB equally, as the metric does.
        mse = ((output - target) ** 2).mean(dim=(1, 2, 3))
        return (10 * torch.log10(mse + 1e-8)).mean()
    return torch.sqrt((output - target) ** 2 + 1e-6).mean()


def save_atomically(obj: Any, path: str) -> None:
    temporary = path + ".tmp"
    torch.save(obj, temporary)
    with open(temporary, "rb") as f:
        os.fsync(f.fileno())
    os.replace(temporary, path)


def load_checkpoint(path: str) -> Dict[str, Any]:
    try:
        return torch.load(path, map_location="cpu")
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no checkpoint there; train first (./gyroedge train --out=...)") from None


def model_from_checkpoint(checkpoint: Dict[str, Any]) -> GyroDeblurNet:
    """The model rebuilt from the checkpoint alone: its arguments are stored beside the weights."""
    args = {k: tuple(v) if isinstance(v, list) else v for k, v in checkpoint["model_args"].items()}
    net = GyroDeblurNet(ModelArgs(**args))
    net.load_state_dict(checkpoint["model"])
    return net.eval()


def config_from_checkpoint(checkpoint: Dict[str, Any]) -> TrainConfig:
    return TrainConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in checkpoint["config"].items()})


def validation_recording(config: TrainConfig) -> str:
    """The fixed validation set, written once (two runs starting together may race: the loser reads)."""
    path = config.val_recording or os.path.join(
        REPO, "build", "val", f"{config.val_error}-{config.val_size[0]}x{config.val_size[1]}-"
                              f"{config.val_exposure_ms[0]:g}-{config.val_exposure_ms[1]:g}ms-n{config.val_count}-s{config.val_seed}")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        settings = SynthesisSettings(size=tuple(config.val_size), exposure_ms=tuple(config.val_exposure_ms),
                                     rolling_shutter_ms=config.rolling_shutter_ms)
        try:
            dataset.write_synthetic_recording(path, list_photos(config.sharp_dir, config.val_prefixes),
                                              read_gyro_log(config.gyro_log), settings, config.val_count,
                                              config.val_seed, config.val_error, tuple(config.val_log_span))
        except RecordingError:
            if not os.path.exists(path):
                raise
    return path


def run_model(net: GyroDeblurNet, image: torch.Tensor, rotations: torch.Tensor, intrinsics: torch.Tensor) -> torch.Tensor:
    return net(image, rotations, intrinsics) if net.args.gyro else net(image)


@torch.no_grad()
def evaluate(net: GyroDeblurNet, items, device: torch.device) -> Dict[str, float]:
    """Mean PSNR/SSIM (metrics.py convention) of the model and of the blurred input."""
    net.eval()
    rows = {"input_psnr": [], "psnr": [], "input_ssim": [], "ssim": []}
    for image, target, rotations, intrinsics in items:
        out = run_model(net, image[None].to(device), rotations[None].to(device), intrinsics[None].to(device))[0].float().cpu()
        t8, o8, i8 = to_uint8(target), to_uint8(out), to_uint8(image)
        rows["psnr"].append(metrics.psnr(o8, t8))
        rows["input_psnr"].append(metrics.psnr(i8, t8))
        rows["ssim"].append(metrics.ssim(o8, t8))
        rows["input_ssim"].append(metrics.ssim(i8, t8))
    net.train()
    return {k: float(np.mean(v)) for k, v in rows.items()}


def plot_curve(history: Dict[str, List], path: str, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    if history["train"]:
        steps, losses = zip(*[(h["step"], h["loss"]) for h in history["train"]])
        a.plot(steps, losses)
    a.set_xlabel("step")
    a.set_ylabel("training loss")
    a.set_title("training loss")
    if history["val"]:
        steps = [h["step"] for h in history["val"]]
        b.plot(steps, [h["psnr"] for h in history["val"]], marker="o", label="model")
        b.plot(steps, [h["input_psnr"] for h in history["val"]], linestyle="--", label="blurred input")
        b.legend()
    b.set_xlabel("step")
    b.set_ylabel("PSNR (dB)")
    b.set_title("validation PSNR")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=90)
    plt.close(fig)
    os.replace(path + ".tmp.png", path)


def train(config: TrainConfig, resume: bool = False) -> Dict[str, Any]:
    from tqdm import tqdm

    distributed = "RANK" in os.environ and "WORLD_SIZE" in os.environ
    rank, world = 0, 1
    if distributed:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
        rank, world = torch.distributed.get_rank(), torch.distributed.get_world_size()
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device(f"cuda:{local_rank}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    if config.threads > 0:
        torch.set_num_threads(config.threads)
    main_process = rank == 0
    os.makedirs(config.out, exist_ok=True)
    checkpoint_path = os.path.join(config.out, "ckpt.pt")

    torch.manual_seed(config.seed)
    net = GyroDeblurNet(model_args(config.model, config.gyro)).to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=config.lr, betas=tuple(config.betas))
    history: Dict[str, List] = {"train": [], "val": []}
    start_step = 0
    elapsed_before = 0.0
    if resume:
        checkpoint = load_checkpoint(checkpoint_path)
        net.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        history = checkpoint["history"]
        start_step = checkpoint["step"]
        elapsed_before = checkpoint.get("elapsed_s", 0.0)
    model = torch.nn.parallel.DistributedDataParallel(net, device_ids=[local_rank] if device.type == "cuda" else None) \
        if distributed else net
    use_amp = config.amp and device.type == "cuda"

    log = read_gyro_log(config.gyro_log)
    photos = [load_photo(p) for p in list_photos(config.sharp_dir, config.train_prefixes)]
    settings = SynthesisSettings(size=(config.crop, config.crop), exposure_ms=tuple(config.exposure_ms),
                                 rolling_shutter_ms=config.rolling_shutter_ms)
    stream = dataset.TrainingStream(photos, log, settings, tuple(config.train_log_span), config.seed, rank, config.harsh_share)
    val_items = None
    if main_process:
        val_items = dataset.recording_tensors(read_recording(validation_recording(config)), net.args.rotation_count)

    def save(step: int) -> None:
        save_atomically({"model_args": asdict(net.args), "config": asdict(config), "model": net.state_dict(),
                         "optimizer": optimizer.state_dict(), "step": step, "history": history,
                         "elapsed_s": elapsed_before + time.time() - started}, checkpoint_path)
        with open(os.path.join(config.out, "history.json"), "w") as f:
            json.dump(history, f, indent=1)
        plot_curve(history, os.path.join(config.out, "curve.png"),
                   f"{config.model} {'gyro' if config.gyro else 'blind'}, batch {config.batch_size}x{config.crop}px")

    def validate(step: int) -> None:
        t = time.time()
        figures = evaluate(net, val_items, device)
        history["val"].append({"step": step, **figures, "seconds": time.time() - t})
        tqdm.write(f"step {step}: val PSNR {figures['psnr']:.2f} dB (input {figures['input_psnr']:.2f}), "
                   f"SSIM {figures['ssim']:.4f} (input {figures['input_ssim']:.4f})")

    net.train()
    bar = tqdm(range(start_step, config.steps), initial=start_step, total=config.steps, disable=not main_process,
               mininterval=5.0, desc=f"{config.model}-{'gyro' if config.gyro else 'blind'}")
    running, started = [], time.time()
    budget_s = config.time_budget_min * 60.0

    def progress_at(step: int) -> float:
        p = step / config.steps
        if budget_s > 0:
            elapsed = elapsed_before + time.time() - started
            if distributed:  # every rank must stop at the same step
                t = torch.tensor([elapsed], device=device)
                torch.distributed.broadcast(t, 0)
                elapsed = float(t)
            p = max(p, elapsed / budget_s)
        return min(1.0, p)

    done = start_step
    for step in bar:
        progress = progress_at(step)
        if progress >= 1.0 and step > start_step:
            break
        lr = learning_rate(config, step, progress)
        for group in optimizer.param_groups:
            group["lr"] = lr
        share = erroneous_share(config, progress)
        image, target, rotations, intrinsics = (t.to(device) for t in stream.batch(step, config.batch_size, share))
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16) if use_amp else contextlib.nullcontext():
            output = model(image, rotations, intrinsics) if config.gyro else model(image)
        loss = loss_fn(config, output.float(), target)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if config.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), config.grad_clip)
        optimizer.step()
        running.append(float(loss))
        done = step + 1
        if main_process:
            bar.set_postfix(loss=f"{np.mean(running[-config.log_every:]):.3f}", lr=f"{lr:.2e}", err=f"{share:.1f}")
            if done % config.log_every == 0:
                history["train"].append({"step": done, "loss": float(np.mean(running[-config.log_every:])), "lr": lr,
                                         "erroneous_share": share, "elapsed_s": elapsed_before + time.time() - started})
            if done % config.val_every == 0:
                validate(done)
            if done % config.checkpoint_every == 0:
                save(done)
    bar.close()
    if main_process and (not history["val"] or history["val"][-1]["step"] != done):
        validate(done)
    if main_process:
        save(done)
    if distributed:
        torch.distributed.destroy_process_group()
    return history
