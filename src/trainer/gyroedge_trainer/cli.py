"""The trainer's command line, run by ./gyroedge (synth, train, export) or directly:

    PYTHONPATH=src/trainer /usr/bin/python3 -m gyroedge_trainer.cli synth --sharp DIR --gyro FILE --out DIR --count N --seed S
    PYTHONPATH=src/trainer /usr/bin/python3 -m gyroedge_trainer.cli train --out=build/train/edge-gyro --steps=2000
    PYTHONPATH=src/trainer /usr/bin/python3 -m gyroedge_trainer.cli export --checkpoint C --out models/NAME.onnx
    PYTHONPATH=src/trainer /usr/bin/python3 -m gyroedge_trainer.cli eval-torch --recording DIR --checkpoint C [--baseline B] --json F

Errors a user can meet print one line `gyroedge <command>: ...` and exit with a sysexits code
(64 usage, 65 bad data, 66 missing input, 73 cannot create output), as the daemon's program does.
"""
from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_CANTCREAT = 64, 65, 66, 73


def _range(text: str):
    parts = text.split("-")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"{text!r}: expected A-B, e.g. 20-60")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected two numbers A-B") from None


def _size(text: str):
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WxH, e.g. 256x192") from None
    return w, h


def cmd_synth(argv: Sequence[str]) -> int:
    from .dataset import write_synthetic_recording
    from .gyrolog import read_gyro_log
    from .photos import list_photos
    from .synthesis import ERROR_LEVELS, SynthesisSettings

    p = argparse.ArgumentParser(prog="gyroedge synth",
                                description="Write a synthetic recording with ground truth (identical for identical arguments).")
    p.add_argument("--sharp", required=True, help="folder of sharp photos")
    p.add_argument("--gyro", required=True, help="gyro log: 'timestamp_ns wx wy wz' lines or a recording's gyro.csv")
    p.add_argument("--out", required=True, help="recording folder to create (must not exist)")
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--seed", required=True, type=int)
    p.add_argument("--size", type=_size, default=(256, 192), help="frame size WxH (default 256x192)")
    p.add_argument("--exposure-ms", type=_range, default=(10.0, 80.0), help="exposure range A-B in ms (default 10-80)")
    p.add_argument("--gyro-error", choices=sorted(ERROR_LEVELS), default="realistic")
    p.add_argument("--rolling-shutter-ms", type=float, default=0.0, help="readout time of the whole photo (default 0: global shutter)")
    p.add_argument("--prefix", action="append", default=None, help="only photos whose names start with this (repeatable)")
    p.add_argument("--log-span", type=_range, default=(0.0, 1.0), help="share of the log to draw from, e.g. 0.85-1")
    a = p.parse_args(argv)
    settings = SynthesisSettings(size=a.size, exposure_ms=a.exposure_ms, rolling_shutter_ms=a.rolling_shutter_ms)
    log = read_gyro_log(a.gyro)
    out = write_synthetic_recording(a.out, list_photos(a.sharp, a.prefix or ("",)), log, settings, a.count, a.seed,
                                    a.gyro_error, a.log_span)
    print(out)
    return 0


def cmd_train(argv: Sequence[str]) -> int:
    from .train import TrainConfig, parse_overrides, train

    if any(a in ("-h", "--help") for a in argv):
        print(__import__("gyroedge_trainer.train", fromlist=["x"]).__doc__)
        print("settings (defaults):")
        for key, value in TrainConfig().__dict__.items():
            print(f"  --{key}={value}")
        return 0
    config, resume = parse_overrides(argv)
    train(config, resume)
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    from .export import main as export_main

    return export_main(argv)


def cmd_eval_torch(argv: Sequence[str]) -> int:
    from .evaluation import main as eval_main

    return eval_main(argv)


COMMANDS = {"synth": cmd_synth, "train": cmd_train, "export": cmd_export, "eval-torch": cmd_eval_torch}


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python3 -m gyroedge_trainer.cli {{{'|'.join(COMMANDS)}}} ...", file=sys.stderr)
        return EX_USAGE
    name, rest = argv[0], argv[1:]
    from .gyrolog import GyroLogError
    from .photos import PhotoError
    from .recording import RecordingError
    from .synthesis import ExposureTooLongError

    try:
        return COMMANDS[name](rest)
    except (GyroLogError, PhotoError, ExposureTooLongError) as e:
        print(f"gyroedge {name}: {e}", file=sys.stderr)
        return EX_DATAERR
    except RecordingError as e:
        print(f"gyroedge {name}: {e}", file=sys.stderr)
        return EX_CANTCREAT if "exists" in str(e) else EX_DATAERR
    except FileNotFoundError as e:
        print(f"gyroedge {name}: {e}", file=sys.stderr)
        return EX_NOINPUT
    except ValueError as e:
        print(f"gyroedge {name}: {e}", file=sys.stderr)
        return EX_USAGE


if __name__ == "__main__":
    sys.exit(main())
