import pytest
import torch

from optguide.minibatch import (
    minibatch_noise,
    noise_by_batch_size,
    per_example_gradients,
    trace_sigma,
)


def test_per_example_gradients_of_least_squares() -> None:
    # ℓ_i(θ) = (x_i·θ − y_i)² / 2 has gradient (x_i·θ − y_i) x_i.
    x = torch.tensor([[1.0, 2.0], [3.0, -1.0]], dtype=torch.float64)
    y = torch.tensor([1.0, 0.0], dtype=torch.float64)
    theta = torch.tensor([0.5, 0.5], dtype=torch.float64)
    grads = per_example_gradients(lambda t: 0.5 * (x @ t - y) ** 2, theta)
    assert torch.allclose(grads, (x @ theta - y)[:, None] * x)


def test_per_example_gradients_of_a_nonlinear_loss_and_an_unused_parameter() -> None:
    # ℓ_i(θ) = sin(a_i θ_0) θ_1²: row i is (a_i cos(a_i θ_0) θ_1², 2 sin(a_i θ_0) θ_1, 0),
    # θ_2 not being used at all
    a = torch.linspace(-2.0, 2.0, 7, dtype=torch.float64)
    theta = torch.tensor([0.3, -1.5, 4.0], dtype=torch.float64)
    grads = per_example_gradients(lambda t: torch.sin(a * t[0]) * t[1] ** 2, theta)
    expected = torch.stack(
        [
            a * torch.cos(a * 0.3) * 1.5**2,
            2 * torch.sin(a * 0.3) * -1.5,
            torch.zeros(7, dtype=torch.float64),
        ],
        dim=1,
    )
    assert torch.allclose(grads, expected, rtol=0, atol=1e-14)
    assert not grads.requires_grad and theta.tolist() == [0.3, -1.5, 4.0]
    with pytest.raises(ValueError, match="losses must map a 1-D theta to a 1-D tensor"):
        per_example_gradients(lambda t: (t**2).sum(), theta)


def test_full_batch_has_no_noise_and_single_examples_match_the_formula() -> None:
    # Two examples with gradients ±1: the full gradient is 0 and tr Σ = 1.
    grads = torch.tensor([[1.0], [-1.0]], dtype=torch.float64)
    full, single = minibatch_noise(grads, (2, 1), draws=10)
    assert full.batch_size == 2 and single.batch_size == 1
    assert full.variance == 0.0 and full.predicted == 0.0 and full.bias == 0.0
    assert single.variance == pytest.approx(1.0) and single.predicted == pytest.approx(1.0)


def test_every_batch_size_takes_the_first_rows_of_the_same_draws() -> None:
    # A draw is one random order of the rows and the batch of size B its first B rows, so
    # one call with several sizes gives exactly what one call per size gives.
    grads = torch.arange(12.0, dtype=torch.float64).reshape(6, 2)
    together = minibatch_noise(grads, (1, 3, 6), draws=50, seed=4)
    apart = [minibatch_noise(grads, (b,), draws=50, seed=4)[0] for b in (1, 3, 6)]
    assert together == apart
    assert together[2].variance == 0.0  # B = n: the whole data set, no error


def test_variance_falls_like_one_over_b() -> None:
    rows = noise_by_batch_size((1, 8, 64))
    for row in rows:
        assert row.variance == pytest.approx(row.predicted, rel=0.1)
        assert row.bias < 0.1 * row.variance**0.5 + 0.05
    assert rows[0].predicted / rows[1].predicted == pytest.approx(8 * 511 / 504, rel=1e-9)


def test_bad_arguments_are_named() -> None:
    grads = torch.zeros(4, 2)
    with pytest.raises(ValueError, match=r"batch_sizes must be at most n = 4, got \(1, 5\)"):
        minibatch_noise(grads, (1, 5))
    with pytest.raises(ValueError, match=r"batch_sizes\[i\] must be >= 1, got 0"):
        minibatch_noise(grads, (0,))
    with pytest.raises(TypeError, match="batch_sizes must be a non-empty tuple"):
        minibatch_noise(grads, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gradients must have 2 dimension"):
        minibatch_noise(torch.zeros(4), (1,))
    with pytest.raises(ValueError, match="draws must be >= 2, got 1"):
        minibatch_noise(grads, (1,), draws=1)


def test_noise_at_the_minimizer_is_much_smaller_and_bad_arguments_raise() -> None:
    from optguide.minibatch import noise_by_batch_size

    zero = noise_by_batch_size((1,))[0].predicted
    minimum = noise_by_batch_size((1,), at="minimizer")[0].predicted
    assert minimum < zero / 10
    # tr Σ is the predicted variance at B = 1, where the factor (n − B)/(n − 1) is 1
    assert trace_sigma() == pytest.approx(zero, rel=1e-12)
    assert trace_sigma(at="minimizer", seed=0) == pytest.approx(minimum, rel=1e-12)
    with pytest.raises(ValueError, match="at must be"):
        trace_sigma(at="middle")
    with pytest.raises(TypeError, match="batch_sizes"):
        noise_by_batch_size(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at must be"):
        noise_by_batch_size((1,), at="middle")
