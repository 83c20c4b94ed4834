"""The trainer's side of the `gyroedge eval` cross-checks (tests/GyroEdge.Host.Tests/Evaluation).

    PYTHONPATH=src/trainer /usr/bin/python3 evaluation_reference.py checkpoints OUT
    PYTHONPATH=src/trainer /usr/bin/python3 evaluation_reference.py probe RECORDING

checkpoints: a gyro model and its blind twin as training checkpoints (the format train.py saves
and export.py reads), small (width 8) so the suite stays fast. Every parameter the architecture
starts at zero (the output convolution, residual scales, tap offsets and masks: an untrained
network returns its input) gets seeded random values instead, so the output differs from the
input and an evaluation that ran something else than the model would show.

probe: per frame of RECORDING, PSNR and SSIM (metrics.py) of the contract probe
(testing/onnx_fixtures.py, the model behind contract_probe_gyro.onnx) run in PyTorch on the
recording's frames with the rotations and intrinsics the trainer derives for them
(recording.py rotations_of / intrinsics_of), and with identity rotations, as JSON on stdout.
"""
import json
import os
import sys
from dataclasses import asdict

import torch

from gyroedge_trainer import metrics
from gyroedge_trainer.model import GyroDeblurNet, ModelArgs
from gyroedge_trainer.photos import from_uint8, to_uint8
from gyroedge_trainer.recording import read_recording
from gyroedge_trainer.testing.onnx_fixtures import PROBE_ROTATIONS, make_contract_probe
from gyroedge_trainer.train import TrainConfig


def checkpoints(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    for gyro in (True, False):
        torch.manual_seed(11)
        args = ModelArgs(width=8, encoder_blocks=(1, 1, 1), middle_blocks=1, decoder_blocks=(1, 1, 1), gyro=gyro)
        net = GyroDeblurNet(args)
        noise = torch.Generator().manual_seed(5)
        with torch.no_grad():
            for parameter in net.parameters():
                if not parameter.any():
                    parameter.copy_(torch.randn(parameter.shape, generator=noise) * 0.02)
        config = TrainConfig(gyro=gyro, out=out)
        torch.save({"model_args": asdict(args), "config": asdict(config), "model": net.state_dict(), "step": 0, "history": {}},
                   os.path.join(out, ("gyro" if gyro else "blind") + ".pt"))


@torch.no_grad()
def probe(folder: str) -> None:
    net = make_contract_probe()
    recording = read_recording(folder)
    rows = []
    for frame in recording.frames:
        image = from_uint8(recording.image(frame))[None]
        target = recording.sharp(frame)
        k = torch.from_numpy(recording.intrinsics_of(frame)).float()[None]
        r = torch.from_numpy(recording.rotations_of(frame, PROBE_ROTATIONS)).float()[None]
        still = torch.eye(3).expand(1, PROBE_ROTATIONS, 3, 3).contiguous()
        out = to_uint8(net(image, r, k)[0])
        out_still = to_uint8(net(image, still, k)[0])
        rows.append({"id": frame.id, "psnr": metrics.psnr(out, target), "ssim": metrics.ssim(out, target),
                     "psnr_identity_rotations": metrics.psnr(out_still, target)})
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    {"checkpoints": checkpoints, "probe": probe}[sys.argv[1]](sys.argv[2])
