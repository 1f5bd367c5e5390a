import math

import pytest
import torch
from torch import nn

from optguide.gating import (
    RecurrentNet,
    input_gradient_ratios,
    last_state,
    lstm_step,
    memory_task,
    parameter_count,
    recurrent_net,
    relative_loss,
    train_memory,
)

PYTORCH_ORDER = [0, 1, 3, 2]  # our blocks (p, r, o, candidate) in nn.LSTM's order (i, f, g, o)


def _pytorch_cell(net: RecurrentNet) -> nn.LSTMCell:
    """Return an nn.LSTMCell holding the weights of the first network of ``net``."""
    hidden = net.hidden

    def reorder(t: torch.Tensor) -> torch.Tensor:
        blocks = t.detach()[0].reshape(-1, 4, hidden)[:, PYTORCH_ORDER]
        return blocks.reshape(-1, 4 * hidden)

    cell = nn.LSTMCell(2, hidden, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.copy_(reorder(net.w_x).T)
        cell.weight_hh.copy_(reorder(net.w_h).T)
        cell.bias_ih.copy_(reorder(net.b)[0])
        cell.bias_hh.zero_()
    return cell


def test_lstm_step_is_pytorchs_lstm() -> None:
    net = recurrent_net("lstm", 5, forget_bias=1.0, seeds=[3])
    x, _ = memory_task(4, 6, torch.Generator().manual_seed(0))
    cell = _pytorch_cell(net)
    h = m = torch.zeros(4, 5, dtype=torch.float64)
    ours_h, ours_m = h[None], m[None]
    for x_t in x.unbind(dim=1):
        h, m = cell(x_t, (h, m))
        ours_h, ours_m, _ = lstm_step(net, x_t @ net.w_x + net.b, ours_h, ours_m)
    assert torch.allclose(ours_h[0], h, rtol=0, atol=1e-14)
    assert torch.allclose(ours_m[0], m, rtol=0, atol=1e-14)
    assert torch.allclose(last_state(net, x)[0], h, rtol=0, atol=1e-14)


def test_networks_in_one_net_are_the_networks_of_their_seeds() -> None:
    both = recurrent_net("lstm", 4, seeds=[0, 7])
    alone = recurrent_net("lstm", 4, seeds=[7])
    pairs = zip(both.parameters(), alone.parameters(), strict=True)
    assert all(torch.equal(a[1], b[0]) for a, b in pairs)
    x, _ = memory_task(3, 5, torch.Generator().manual_seed(1))
    assert torch.allclose(last_state(both, x)[1], last_state(alone, x)[0], rtol=0, atol=1e-15)


def test_the_forget_gate_bias_is_set_and_the_other_weights_are_pytorchs_range() -> None:
    net = recurrent_net("lstm", 16, forget_bias=2.5)
    bias = net.b.detach().flatten()
    assert torch.equal(bias[16:32], torch.full((16,), 2.5, dtype=torch.float64))
    others = torch.cat([net.w_x.detach().flatten(), net.w_h.detach().flatten(), bias[:16]])
    assert others.abs().max() <= 16**-0.5
    assert others.abs().max() > 0.9 * 16**-0.5  # uniform on the whole range, not a narrower one


def test_orthogonal_recurrent_weight_preserves_norms() -> None:
    net = recurrent_net("tanh", 12, orthogonal=True, seeds=[1])
    w = net.w_h.detach()[0]
    assert torch.allclose(w.T @ w, torch.eye(12, dtype=torch.float64), atol=1e-12)
    with pytest.raises(ValueError, match="orthogonal"):
        recurrent_net("lstm", 4, orthogonal=True)


def test_cell_path_jacobian_is_the_product_of_the_forget_gates() -> None:
    # Cut every path but the cell's: feed the gates a detached h. Then m_S depends on m_0
    # only through m_τ = r_τ ⊙ m_{τ−1} + (terms free of m_0), so ∂m_S/∂m_0 = diag(∏ r_τ).
    net = recurrent_net("lstm", 6, forget_bias=1.0, seeds=[2])
    x, _ = memory_task(1, 12, torch.Generator().manual_seed(5))
    drives = [x_t @ net.w_x + net.b for x_t in x.unbind(dim=1)]

    def cell_path(m0: torch.Tensor, cut: bool) -> tuple[torch.Tensor, torch.Tensor]:
        h, m, product = torch.zeros_like(m0), m0, torch.ones_like(m0)
        for drive in drives:
            h, m, r = lstm_step(net, drive, h.detach() if cut else h, m)
            product = product * r.detach()
        return m.flatten(), product.flatten()

    m0 = torch.full((1, 1, 6), 0.3, dtype=torch.float64)
    jacobian = torch.autograd.functional.jacobian(lambda m: cell_path(m, True)[0], m0)
    _, product = cell_path(m0, True)
    assert torch.allclose(jacobian.reshape(6, 6), torch.diag(product), rtol=1e-12, atol=0)
    full = torch.autograd.functional.jacobian(lambda m: cell_path(m, False)[0], m0)
    assert not torch.allclose(full.reshape(6, 6), torch.diag(product), atol=1e-6)


def test_tanh_gradient_ratio_decays_geometrically_and_the_forget_bias_slows_it() -> None:
    tanh = recurrent_net("tanh", 16, seeds=[0, 1])
    ratios = {S: input_gradient_ratios(tanh, S) for S in (10, 20, 30)}
    # Each step multiplies by diag(tanh') W_h: for PyTorch's range the spectral radius of W_h
    # is about 1/√3 = 0.58, so ten steps cost far more than 0.7^10.
    for net in range(2):
        assert ratios[20][net] / ratios[10][net] < 0.7**10
        assert ratios[30][net] / ratios[20][net] < 0.7**10
    lstms = [recurrent_net("lstm", 8, forget_bias=b) for b in (0, 1, 3)]
    lstm = [input_gradient_ratios(net, 30)[0] for net in lstms]
    assert lstm[0] < lstm[1] < lstm[2]
    assert lstm[2] > 1e4 * ratios[30][0]


def test_memory_task_marks_and_targets_the_first_value() -> None:
    x, y = memory_task(7, 5, torch.Generator().manual_seed(0))
    assert x.shape == (7, 5, 2)
    assert torch.equal(y, x[:, 0, 0])
    marker = torch.tensor([1.0, 0.0, 0.0, 0.0, 0.0], dtype=torch.float64)
    assert torch.equal(x[:, :, 1], marker.expand(7, 5))
    again, _ = memory_task(7, 5, torch.Generator().manual_seed(0))
    assert torch.equal(x, again)


def test_relative_loss_of_the_best_constant_is_one() -> None:
    net = recurrent_net("tanh", 4)
    x, y = memory_task(64, 5, torch.Generator().manual_seed(1))
    with torch.no_grad():
        net.w_v.zero_()
        net.v0.fill_(float(y.mean()))
    assert relative_loss(net, x, y) == pytest.approx([1.0], abs=1e-14)


def test_parameter_counts() -> None:
    # tanh: 2k + k^2 + k + k + 1; LSTM: 4 (2k + k^2 + k) + k + 1.
    assert parameter_count(recurrent_net("tanh", 16, seeds=[0, 1])) == 2 * 16 + 16**2 + 16 + 16 + 1
    assert parameter_count(recurrent_net("lstm", 8)) == 4 * (2 * 8 + 8**2 + 8) + 8 + 1


def test_training_records_each_network_until_it_solves_and_is_reproducible() -> None:
    runs = [
        train_memory(recurrent_net("lstm", 8, forget_bias=3.0, seeds=[0, 1]), 5, seed=0)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    for run in runs[0]:
        assert run.solved and run.relative[-1] < 0.1 <= min(run.relative[:-1])
        assert run.steps == list(range(0, run.steps[-1] + 1, 25))
    (budget,) = train_memory(recurrent_net("tanh", 16), 30, steps=25, seed=0)
    assert not budget.solved and budget.steps == [0, 25]
    assert math.isclose(budget.relative[0], 1.0, rel_tol=0.5)  # an untrained net is no better


def test_a_budget_that_is_not_a_multiple_of_the_check_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="multiple of 25"):
        train_memory(recurrent_net("tanh", 4), 5, steps=30)


def test_joined_networks_train_as_they_do_apart() -> None:
    # Each network's arithmetic touches only its own slice of every tensor, and Adam treats
    # every number on its own, so a joined net's curves are those of its parts.
    def parts() -> tuple[RecurrentNet, RecurrentNet]:
        return (
            recurrent_net("tanh", 8, seeds=[0, 1]),
            recurrent_net("tanh", 8, orthogonal=True, seeds=[0, 1]),
        )

    plain, orthogonal = parts()
    apart = train_memory(plain, 3, steps=50) + train_memory(orthogonal, 3, steps=50)
    joined = train_memory(RecurrentNet.join(*parts()), 3, steps=50)
    assert joined == apart
    assert len({run.steps[-1] for run in apart}) > 1  # each record is cut where it solved
    with pytest.raises(ValueError, match="other must be a tanh net of 8 units"):
        plain.join(recurrent_net("lstm", 8))
    with pytest.raises(TypeError, match="other must be a RecurrentNet"):
        plain.join(None)  # type: ignore[arg-type]
