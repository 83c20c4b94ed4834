import os
import socket
import subprocess
import sys

import pytest
import torch

from gyroedge_trainer import train as train_module
from gyroedge_trainer.train import (TrainConfig, erroneous_share, learning_rate, load_checkpoint, model_from_checkpoint,
                                    parse_overrides, train)

from trainer_inputs import write_gyro_log, write_photos

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def tiny(tmp_path, out="run", **extra):
    sharp = str(tmp_path / "sharp")
    if not os.path.exists(sharp):
        write_photos(sharp, count=2, size=(80, 64), prefix="train_")
        write_photos(sharp, count=2, size=(80, 64), prefix="test_", seed=1)
        write_gyro_log(str(tmp_path / "gyro.txt"), seconds=6.0)
    args = [f"--out={tmp_path / out}", f"--sharp_dir={sharp}", f"--gyro_log={tmp_path / 'gyro.txt'}",
            "--crop=32", "--batch_size=2", "--steps=2", "--val_count=2", "--val_size=32x32",
            f"--val_recording={tmp_path / 'val'}", "--warmup_steps=1", "--threads=1"]
    return parse_overrides(args + [f"--{k}={v}" for k, v in extra.items()])[0]


def test_an_unknown_setting_is_an_error():
    with pytest.raises(ValueError, match="--lr_max: not a training setting"):
        parse_overrides(["--lr_max=3"])
    with pytest.raises(ValueError, match="expected true or false"):
        parse_overrides(["--gyro=maybe"])
    config, resume = parse_overrides(["--steps=7", "--exposure_ms=20-60", "--val_size=64x48", "--gyro=false", "--resume"])
    assert (config.steps, config.exposure_ms, config.val_size, config.gyro, resume) == (7, (20.0, 60.0), (64, 48), False, True)


def test_the_curriculum_raises_the_erroneous_share_in_tenths_then_holds():
    config = TrainConfig(steps=300, curriculum_share=1 / 3)
    shares = [erroneous_share(config, s / 300) for s in range(300)]
    assert shares[0] == 0.0 and shares[9] == 0.0 and shares[10] == 0.1 and shares[99] == 0.9 and shares[100] == 1.0
    assert shares == sorted(shares) and shares[-1] == 1.0


def test_the_learning_rate_warms_up_then_decays_to_its_floor():
    config = TrainConfig(steps=1000, warmup_steps=100, lr=1e-3, min_lr=1e-6)
    assert learning_rate(config, 0) == pytest.approx(1e-5)
    assert learning_rate(config, 100) == pytest.approx(1e-3)
    assert learning_rate(config, 999, 1.0) == pytest.approx(1e-6)
    assert learning_rate(config, 550) == pytest.approx((1e-3 + 1e-6) / 2, rel=1e-6)


def test_a_checkpoint_alone_rebuilds_the_model_and_resumes(tmp_path):
    config = tiny(tmp_path)
    train(config)
    checkpoint = load_checkpoint(str(tmp_path / "run" / "ckpt.pt"))
    assert checkpoint["step"] == 2 and checkpoint["model_args"]["gyro"] is True
    assert os.path.getsize(tmp_path / "run" / "curve.png") > 1000
    rebuilt = model_from_checkpoint(checkpoint)
    original = train_module.GyroDeblurNet(train_module.model_args("edge", True))
    original.load_state_dict(checkpoint["model"])
    original.eval()
    x, r, k = torch.rand(1, 3, 24, 40), torch.eye(3).expand(1, 9, 3, 3).contiguous(), torch.tensor([[[50.0, 0, 20], [0, 50, 12], [0, 0, 1]]])
    assert torch.equal(rebuilt(x, r, k), original(x, r, k))
    assert any(float(p.abs().sum()) > 0 for n, p in rebuilt.named_parameters() if "beta" in n)  # it did learn

    config.steps = 3
    train(config, resume=True)
    resumed = load_checkpoint(str(tmp_path / "run" / "ckpt.pt"))
    assert resumed["step"] == 3 and resumed["history"]["val"][0]["step"] == 2


def test_training_runs_under_torch_distributed_with_the_gloo_backend(tmp_path):
    config = tiny(tmp_path, out="ddp", gyro="false", steps=1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, RANK="0", LOCAL_RANK="0", WORLD_SIZE="1", MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port),
               PYTHONPATH=os.path.join(REPO, "src", "trainer"), CUDA_VISIBLE_DEVICES="")
    args = [f"--{k}={','.join(map(str, v)) if isinstance(v, tuple) else v}" for k, v in vars(config).items()]
    done = subprocess.run([sys.executable, "-m", "gyroedge_trainer.cli", "train", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    checkpoint = load_checkpoint(str(tmp_path / "ddp" / "ckpt.pt"))
    assert checkpoint["step"] == 1 and checkpoint["model_args"]["gyro"] is False
    assert not any(k.startswith("module.") for k in checkpoint["model"])  # saved unwrapped: loads without DDP
