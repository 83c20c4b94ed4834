"""The model card's figures: a gyro model and its blind twin side by side.

    python3 -m gyroedge_trainer.report --gyro-run build/train/edge-gyro --blind-run build/train/edge-blind \
        --eval none=build/eval/none.json --eval realistic=build/eval/realistic.json --eval harsh=build/eval/harsh.json \
        --curve models/gyroedge-edge-curve.png --metrics-out build/eval/

Draws one training-curve PNG (training loss and validation PSNR of both runs, the blurred input
as a line) and prints the validation table in Markdown: input, blind and gyro, per gyro error
level (the eval JSONs come from `eval-torch --checkpoint GYRO --baseline BLIND`). Also writes
the manifest metrics of each model (gyro.json, blind.json) for `export --metrics`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, Optional, Sequence


def plot_pair(gyro: Dict, blind: Dict, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    for label, history in (("gyro", gyro), ("blind twin", blind)):
        a.plot([h["step"] for h in history["train"]], [-h["loss"] for h in history["train"]], label=label)
        b.plot([h["step"] for h in history["val"]], [h["psnr"] for h in history["val"]], marker="o", label=label)
    if gyro["val"]:
        b.axhline(gyro["val"][0]["input_psnr"], linestyle="--", color="gray", label="blurred input")
    a.set_xlabel("step")
    a.set_ylabel("training PSNR (dB, = -loss)")
    a.set_title("training (25-step means, on-the-fly synthesis)")
    a.legend()
    b.set_xlabel("step")
    b.set_ylabel("PSNR (dB)")
    b.set_title("validation (fixed recording, realistic gyro error)")
    b.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m gyroedge_trainer.report")
    p.add_argument("--gyro-run", required=True)
    p.add_argument("--blind-run", required=True)
    p.add_argument("--eval", action="append", default=[], help="LEVEL=eval.json (model = gyro, baseline = blind)")
    p.add_argument("--curve", required=True)
    p.add_argument("--metrics-out", required=True)
    a = p.parse_args(argv)
    histories = []
    for run in (a.gyro_run, a.blind_run):
        with open(os.path.join(run, "history.json")) as f:
            histories.append(json.load(f))
    plot_pair(histories[0], histories[1], a.curve)
    print("| gyro error | frames | input PSNR / SSIM | blind twin PSNR / SSIM | gyro PSNR / SSIM | gyro - blind | gyro - input |")
    print("|---|---|---|---|---|---|---|")
    gyro_metrics: Dict[str, float] = {}
    blind_metrics: Dict[str, float] = {}
    for item in a.eval:
        level, path = item.split("=", 1)
        with open(path) as f:
            report = json.load(f)
        i, g, b = report["input"], report["model"], report["baseline"]
        print(f"| {level} | {len(report['images'])} | {i['psnr']:.2f} / {i['ssim']:.4f} | {b['psnr']:.2f} / {b['ssim']:.4f} | "
              f"{g['psnr']:.2f} / {g['ssim']:.4f} | {g['psnr'] - b['psnr']:+.2f} dB | {g['psnr'] - i['psnr']:+.2f} dB |")
        gyro_metrics.update({f"val_{level}_psnr_db": round(g["psnr"], 3), f"val_{level}_ssim": round(g["ssim"], 4),
                             f"val_{level}_blind_twin_psnr_db": round(b["psnr"], 3), f"val_{level}_input_psnr_db": round(i["psnr"], 3)})
        if level == "realistic":
            blind_metrics.update({"val_psnr_db": round(b["psnr"], 3), "val_ssim": round(b["ssim"], 4),
                                  "val_input_psnr_db": round(i["psnr"], 3), "gyro_twin_val_psnr_db": round(g["psnr"], 3)})
    os.makedirs(a.metrics_out, exist_ok=True)
    for name, content in (("gyro.json", gyro_metrics), ("blind.json", blind_metrics)):
        with open(os.path.join(a.metrics_out, name), "w") as f:
            json.dump(content, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
