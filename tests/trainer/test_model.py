import dataclasses

import numpy as np
import onnx
import pytest
import torch

from gyroedge_trainer import manifest as manifest_module
from gyroedge_trainer.export import export_onnx, probe_inputs
from gyroedge_trainer.model import (GyroDeblurNet, GyroDeconvolution, ModelArgs, count_macs, linear_to_srgb,
                                    model_args, motion_field)
from gyroedge_trainer.synthesis import homographies, project, warp_average


def trained_looking(gyro: bool) -> GyroDeblurNet:
    """The edge model with every zero-initialised scale and offset set to random values, so that
    each branch (and the gyro) actually reaches the output, as after training."""
    torch.manual_seed(0)
    net = GyroDeblurNet(model_args("edge", gyro))
    with torch.no_grad():
        for name, p in net.named_parameters():
            if torch.count_nonzero(p) == 0:
                p.copy_(torch.randn_like(p) * (0.5 if "offsets" in name else 0.1))
    return net.eval()


def camera(batch: int, h: int, w: int, m: int = 9, amount: float = 1.0):
    image = torch.rand(batch, 3, h, w)
    angles = torch.linspace(-1, 1, m)[:, None] * torch.tensor([0.01, -0.02, 0.005]) * amount
    rotations = torch.stack([torch.matrix_exp(torch.tensor([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])) for a in angles])
    k = torch.tensor([[200.0, 0, (w - 1) / 2], [0, 200.0, (h - 1) / 2], [0, 0, 1]])
    return image, rotations.expand(batch, m, 3, 3).contiguous(), k.expand(batch, 3, 3).contiguous()


@pytest.mark.parametrize("h, w", [(37, 53), (8, 8), (64, 96), (29, 17)])
def test_any_frame_size_comes_back_at_its_size(h, w):
    net = trained_looking(True)
    image, rotations, k = camera(2, h, w)
    with torch.no_grad():
        out = net(image, rotations, k)
    assert out.shape == image.shape and torch.isfinite(out).all()


def test_an_untrained_blind_twin_returns_its_input():
    net = GyroDeblurNet(model_args("edge", False)).eval()
    image, _, _ = camera(1, 40, 56)
    with torch.no_grad():
        assert torch.equal(net(image), image)


def test_an_untrained_gyro_model_returns_the_gyro_deconvolution_of_its_input():
    net = GyroDeblurNet(model_args("edge", True)).eval()
    image, rotations, k = camera(1, 40, 56, amount=5.0)
    with torch.no_grad():
        out = net(image, rotations, k)
        assert torch.equal(out, net.deconvolution(image, rotations, k))
        assert (out - image).abs().max() > 0.05


def test_without_motion_the_gyro_deconvolution_changes_nothing():
    deconvolution = GyroDeconvolution(9, 2, 10)
    image, rotations, k = camera(1, 40, 56, amount=0.0)
    with torch.no_grad():
        out = deconvolution(image, rotations, k)
    assert (out - image).abs().max() < 1e-4  # float32 rounding over 10 iterations; an 8-bit step is 4e-3


def textured(h: int, w: int) -> torch.Tensor:
    """A sharp linear-light test card: bars and dots at several scales, nothing random."""
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float64), torch.arange(w, dtype=torch.float64), indexing="ij")
    r = 0.5 + 0.4 * torch.sign(torch.sin(xs / 3.0))
    g = 0.5 + 0.4 * torch.sign(torch.sin(ys / 5.0) * torch.cos(xs / 7.0))
    b = 0.2 + 0.6 * ((xs // 8 + ys // 8) % 2)
    return torch.stack([r, g, b]).float()


def test_the_gyro_deconvolution_undoes_the_synthesis_blur_it_is_given():
    h, w, m = 64, 96, 9
    sharp = textured(h, w)
    _, rotations, k = camera(1, h, w, m=m, amount=1.5)
    # The synthesis blurs with its own sub-instants (here 65, far denser than the 17 taps), in linear light.
    dense = GyroDeconvolution(m, 8, 0)
    r_dense = torch.einsum("tm,mij->tij", dense.weights.double(), rotations[0].double())
    blurred_linear = warp_average(sharp, homographies(k[0].double().numpy(), r_dense.numpy())[:, None], 0, 0, w, h)
    blurred = linear_to_srgb(blurred_linear)[None]
    target = linear_to_srgb(sharp)[None]
    with torch.no_grad():
        restored = GyroDeconvolution(m, 2, 10)(blurred, rotations, k)
    assert psnr_of(restored, target) > psnr_of(blurred, target) + 2.0


def psnr_of(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(10 * torch.log10(1 / ((a - b) ** 2).mean()))


def test_checkpoints_made_before_the_deconvolution_rebuild_without_it():
    arguments = dataclasses.asdict(model_args("edge", True))
    del arguments["deconvolution_iterations"], arguments["deconvolution_subdivisions"]
    net = GyroDeblurNet(ModelArgs(**arguments))
    assert net.deconvolution is None and net.intro.in_channels == 3


def test_the_gyro_model_listens_to_the_rotations_and_the_blind_twin_does_not():
    image, rotations, k = camera(1, 48, 64)
    _, other, _ = camera(1, 48, 64, amount=-3.0)
    gyro, blind = trained_looking(True), trained_looking(False)
    with torch.no_grad():
        assert (gyro(image, rotations, k) - gyro(image, other, k)).abs().max() > 1e-3
        assert torch.equal(blind(image, rotations, k), blind(image, other, k * 2))
        assert torch.equal(blind(image, rotations, k), blind(image))
    assert not any("gyro" in n or "refine" in n for n, _ in blind.named_parameters())


def test_the_motion_field_is_the_synthesis_homography():
    _, rotations, k = camera(1, 32, 48)
    field = motion_field(rotations.double(), k.double(), 32, 48)
    h = homographies(k[0].double().numpy(), rotations[0].double().numpy())
    for i, j in [(0, 0), (5, 17), (15, 23)]:
        p = np.array([[2 * j + 0.5, 2 * i + 0.5, 1.0]])
        expected = project(h, p)[:, 0] - p[0, :2]
        assert np.allclose(field[0, 0::2, i, j].numpy(), expected[:, 0], atol=1e-9)
        assert np.allclose(field[0, 1::2, i, j].numpy(), expected[:, 1], atol=1e-9)


def test_the_edge_model_costs_at_most_30_gmac_per_720p_frame():
    macs = count_macs(GyroDeblurNet(model_args("edge", True)).eval(), 720, 1280)
    assert 10e9 < macs <= 30e9
    small = count_macs(GyroDeblurNet(model_args("edge", True)).eval(), 96, 160)
    assert count_macs(GyroDeblurNet(model_args("large", True)).eval(), 96, 160) > 3 * small


def test_the_mac_counter_counts_a_known_convolution():
    net = GyroDeblurNet(model_args("edge", False)).eval()
    full = count_macs(net, 16, 16)
    net.ending = torch.nn.Sequential(net.ending, torch.nn.Conv2d(3, 3, 3, padding=1))
    assert count_macs(net, 16, 16) - full == 16 * 16 * 3 * 3 * 9


@pytest.mark.parametrize("gyro", [True, False])
def test_both_twins_export_to_the_contract_with_dynamic_height_and_width(tmp_path, gyro):
    net = trained_looking(gyro)
    path = str(tmp_path / "m.onnx")
    export_onnx(net, path)
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    io = manifest_module.read_graph_io(model)
    names = [i["name"] for i in io["inputs"]]
    assert names == (["image", "rotations", "intrinsics"] if gyro else ["image"])
    assert io["inputs"][0]["shape"] == [1, 3, "height", "width"]
    assert io["outputs"] == [{"name": "sharp", "type": "float32", "shape": [1, 3, "height", "width"]}]
    if gyro:
        assert io["inputs"][1]["shape"] == [1, 9, 3, 3] and io["inputs"][2]["shape"] == [1, 3, 3]
    assert manifest_module.read_opset(model) == 16
    ops = {n.op_type for n in model.graph.node}
    assert "GridSample" in ops and not ops & {"DeformConv", "LayerNormalization", "BatchNormalization"}
    built = manifest_module.build_manifest(path, name="t", version="1.0.0", kind="gyro" if gyro else "blind",
                                           twin="u", align=net.args.align)
    assert built["rotation_count"] == (9 if gyro else None)
