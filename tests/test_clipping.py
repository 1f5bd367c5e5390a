import math

import pytest
import torch

from optguide.clipping import (
    cliff_location,
    clip_by_norm,
    one_unit_rnn,
    power_derivative,
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


def test_clipping_keeps_a_short_rnn_run_bounded() -> None:
    plain = train_rnn(None, steps=60)
    clipped = train_rnn(1.0, steps=60)
    assert plain.losses[0] == clipped.losses[0]  # same network, same first batch
    assert len(clipped.losses) == len(clipped.grad_norms) == 60
    assert max(plain.losses) > 1e6
    assert max(clipped.losses) < 5.0
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
