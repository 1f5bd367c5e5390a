import math

import pytest
import torch

from optguide.clipping import (
    cliff_in_closed_form,
    cliff_location,
    clip_by_norm,
    gradient_norm_at_init,
    linear_rnn,
    one_unit_rnn,
    power_derivative,
    readout_curvature,
    rnn_loss,
    state_gradient_norms,
    train_rnn,
)


@pytest.mark.parametrize(("w", "steps"), [(0.9, 30), (1.0, 30), (1.1, 30), (-2.0, 5)])
def test_power_derivative_is_t_times_w_to_the_t_minus_one(w: float, steps: int) -> None:
    assert power_derivative(w, steps) == pytest.approx(steps * w ** (steps - 1), rel=1e-12)


def test_clipping_caps_the_norm_and_keeps_the_direction() -> None:
    grads = [torch.tensor([3.0, 0.0], dtype=torch.float64), torch.tensor([[4.0]])]
    original = [g.clone() for g in grads]
    assert clip_by_norm(grads, 1.0) == pytest.approx(5.0)
    assert math.sqrt(sum(float((g**2).sum()) for g in grads)) == pytest.approx(1.0)
    for g, g0 in zip(grads, original, strict=True):
        assert torch.allclose(g, g0 / 5.0)


def test_small_gradients_are_left_alone() -> None:
    grads = [torch.tensor([0.3, 0.4], dtype=torch.float64)]
    assert clip_by_norm(grads, 1.0) == pytest.approx(0.5)
    assert torch.equal(grads[0], torch.tensor([0.3, 0.4], dtype=torch.float64))


def test_linear_rnn_has_every_singular_value_and_eigenvalue_at_the_radius() -> None:
    W, u, v = linear_rnn(8, 1.05, seed=3)
    assert torch.allclose(torch.linalg.svdvals(W), torch.full((8,), 1.05, dtype=W.dtype))
    assert torch.allclose(torch.linalg.eigvals(W).abs(), torch.full((8,), 1.05, dtype=W.dtype))
    assert u.shape == v.shape == (8,)
    assert all(p.requires_grad for p in (W, u, v))


def test_rnn_loss_unrolls_the_linear_recurrence() -> None:
    W, u, v = linear_rnn(4, 0.9, seed=0)
    x = torch.tensor([[1.0, -2.0, 0.5]], dtype=torch.float64)
    h = u * 1.0
    h = W @ h + u * -2.0
    h = W @ h + u * 0.5
    expected = (v @ h - (1.0 - 2.0)) ** 2
    loss = float(rnn_loss([W, u, v], x).detach())
    assert loss == pytest.approx(float(expected.detach()), rel=1e-12)


def test_state_gradient_is_a_power_of_the_radius() -> None:
    # dℓ/dh_t = (Wᵀ)^(T−t) dℓ/dh_T, and Wᵀ = ρ Qᵀ scales every vector by exactly ρ.
    W, u, v = linear_rnn(6, 1.05, seed=1)
    x = torch.randn(1, 12, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    h = torch.zeros(1, 6, dtype=torch.float64, requires_grad=True)
    loss = rnn_loss([W, u, v], x)  # h_0 = 0 is fixed inside; compare with a manual unroll
    states = []
    state = h
    for t in range(12):
        state = state @ W.T + x[:, t : t + 1] * u
        states.append(state)
    manual = ((states[-1] @ v - x[:, 0] - x[:, 1]) ** 2).mean()
    assert float(manual.detach()) == pytest.approx(float(loss.detach()), rel=1e-12)
    grads = torch.autograd.grad(manual, states)
    ratio = float(grads[0].norm() / grads[-1].norm())
    assert ratio == pytest.approx(1.05**11, rel=1e-10)


def test_readout_curvature_is_the_hessian_in_v() -> None:
    W, u, v = linear_rnn(5, 1.05, seed=2)
    x = torch.randn(64, 7, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    hessian = torch.autograd.functional.hessian(lambda w: rnn_loss([W, u, w], x), v.detach())
    expected = float(torch.linalg.eigvalsh(hessian).max())
    assert readout_curvature(7, hidden=5, seed=2) == pytest.approx(expected, rel=1e-10)


def test_gradient_at_init_grows_with_the_sequence_length_above_radius_one() -> None:
    assert gradient_norm_at_init(40) > 10 * gradient_norm_at_init(10)


def test_a_long_sequence_diverges_and_is_stopped_by_the_rule() -> None:
    run = train_rnn(None, seq_len=30, steps=50)
    assert run.diverged_at is not None
    assert len(run.losses) == run.diverged_at + 1
    assert not run.losses[-1] <= 1e6 * run.losses[0]
    assert all(loss <= 1e6 * run.losses[0] for loss in run.losses[:-1])
    short = train_rnn(None, seq_len=5, steps=50)
    assert short.diverged_at is None and len(short.losses) == 50


def test_clipping_keeps_a_long_sequence_bounded() -> None:
    plain = train_rnn(None, steps=40)
    clipped = train_rnn(1.0, steps=40)
    assert plain.losses[0] == clipped.losses[0]  # same network, same first batch
    assert clipped.diverged_at is None and len(clipped.grad_norms) == 40
    assert max(clipped.losses) == clipped.losses[0]
    assert sum(clipped.losses[-10:]) / 10 < clipped.losses[0]


def test_training_is_reproducible() -> None:
    assert train_rnn(1.0, steps=5).losses == train_rnn(1.0, steps=5).losses


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: clip_by_norm([torch.ones(2)], 0.0), ValueError, "max_norm must be .* got 0.0"),
        (lambda: power_derivative(math.nan, 3), ValueError, "w must be finite, got nan"),
        (lambda: power_derivative("2", 3), TypeError, "w must be a number"),
        (lambda: power_derivative(1.0, 0), ValueError, "steps must be >= 1, got 0"),
        (lambda: train_rnn(-1.0), ValueError, "max_norm must be .* got -1.0"),
        (lambda: train_rnn(lr=0), ValueError, "lr must be .* got 0"),
        (lambda: train_rnn(seq_len=0), ValueError, "seq_len must be >= 1, got 0"),
        (lambda: train_rnn(seed=-1), ValueError, "seed must be >= 0, got -1"),
        (lambda: train_rnn(blowup=0.0), ValueError, "blowup must be .* got 0.0"),
        (lambda: train_rnn(steps=2.0), TypeError, "steps must be an integer"),
        (lambda: linear_rnn(4, -1.0, 0), ValueError, "radius must be .* got -1.0"),
        (lambda: rnn_loss(linear_rnn(4, 1.0, 0), torch.ones(3)), ValueError, "x must be"),
        (lambda: gradient_norm_at_init(0), ValueError, "seq_len must be >= 1, got 0"),
        (lambda: rnn_loss([torch.eye(2)], torch.ones(3, 4)), TypeError, "params must be"),
        (
            lambda: rnn_loss([*linear_rnn(4, 1.0, 0)[:2], torch.ones(3)], torch.ones(3, 4)),
            ValueError,
            "params must have shapes",
        ),
        (
            lambda: state_gradient_norms(linear_rnn(4, 1.0, 0), torch.ones(3, 4), "tanh"),
            TypeError,
            "activation must be callable",
        ),
        (lambda: cliff_in_closed_form("2", 0.5), TypeError, "w must be a number"),
        (lambda: readout_curvature(5, seed=1.5), TypeError, "seed must be an integer"),
    ],
)
def test_bad_arguments_are_named(call: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()  # type: ignore[operator]


def test_one_unit_rnn_applies_the_recurrence() -> None:
    b = torch.tensor([-0.3, 0.0, 0.4], dtype=torch.float64)
    assert torch.allclose(one_unit_rnn(2.0, b, steps=1, h0=0.5), 2.0 * math.tanh(0.5) + b)
    # With b = 0 and w = 2 the state settles on the positive root of h = 2 tanh(h).
    h = float(one_unit_rnn(2.0, torch.tensor(0.0, dtype=torch.float64), steps=200))
    assert h == pytest.approx(2.0 * math.tanh(h), abs=1e-12)
    assert h == pytest.approx(1.9150080, abs=1e-6)


def test_cliff_location_separates_the_two_fixed_points() -> None:
    wall = cliff_location(2.0, (-0.6, -0.2))
    near = one_unit_rnn(2.0, torch.tensor([wall - 1e-9, wall + 1e-9], dtype=torch.float64))
    assert near[0] < 0.0 < near[1]
    # A thousandth away, the states have reached the two branches: below -2 and above 1.
    left, right = one_unit_rnn(
        2.0, torch.tensor([wall - 1e-3, wall + 1e-3], dtype=torch.float64)
    ).tolist()
    assert left < -2.0 and right > 1.0
    with pytest.raises(ValueError, match="h_T must change sign"):
        cliff_location(2.0, (0.0, 1.0))
    with pytest.raises(ValueError, match="interval must satisfy lo < hi"):
        cliff_location(2.0, (-0.2, -0.6))
    with pytest.raises(TypeError, match="b must be a tensor"):
        one_unit_rnn(2.0, 0.5)  # type: ignore[arg-type]


def test_cliff_in_closed_form_matches_the_fixed_point_and_autograd() -> None:
    limit, lam = cliff_in_closed_form(2.0, 0.5)
    assert limit == pytest.approx(0.5 - 2.0 * math.tanh(0.5), abs=1e-15)
    assert lam == pytest.approx(2.0 / math.cosh(0.5) ** 2, rel=1e-14)
    b = torch.tensor(limit, dtype=torch.float64, requires_grad=True)
    h = one_unit_rnn(2.0, b, steps=25)
    assert float(h.detach()) == pytest.approx(0.5, abs=1e-8)  # the state sits on the fixed point
    (slope,) = torch.autograd.grad(h, b)
    assert float(slope) == pytest.approx((lam**25 - 1) / (lam - 1), rel=1e-10)
    # The wall approaches the limit like lam^-T: (b_T - b_inf) lam^T settles to a constant.
    scaled = [(cliff_location(2.0, (-0.6, -0.2), t) - limit) * lam**t for t in (20, 30)]
    assert scaled[0] == pytest.approx(scaled[1], rel=1e-2)
    with pytest.raises(ValueError, match="h0 must be finite"):
        cliff_in_closed_form(2.0, math.inf)


def test_state_gradient_norms_are_powers_of_the_radius_for_linear_units() -> None:
    x = torch.randn(8, 10, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    for radius in (0.9, 1.0, 1.1):
        norms = state_gradient_norms(linear_rnn(6, radius, seed=4), x)
        assert len(norms) == 10
        for k, norm in enumerate(reversed(norms)):
            assert norm == pytest.approx(norms[-1] * radius**k, rel=1e-10)
    saturating = state_gradient_norms(linear_rnn(6, 1.0, seed=4), x, torch.tanh)
    assert saturating[0] < saturating[-1]  # tanh' <= 1 shrinks every step
