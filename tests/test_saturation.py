import math

import pytest
import torch

from optguide.saturation import sigmoid_derivative, tanh_derivative, tanh_descent


def test_tanh_derivative_matches_the_closed_form_and_autograd() -> None:
    xs = torch.linspace(-6.0, 6.0, 121, dtype=torch.float64)
    sech_squared = 4.0 / (torch.exp(xs) + torch.exp(-xs)) ** 2
    assert torch.allclose(tanh_derivative(xs), sech_squared, rtol=1e-12, atol=1e-15)
    point = xs.clone().requires_grad_(True)
    (by_autograd,) = torch.autograd.grad(torch.tanh(point).sum(), point)
    assert torch.allclose(tanh_derivative(xs), by_autograd, atol=1e-15)


def test_tanh_derivative_at_four_is_about_a_thousandth() -> None:
    value = float(tanh_derivative(torch.tensor(4.0, dtype=torch.float64)))
    assert value == pytest.approx(4.0 / (math.exp(4) + math.exp(-4)) ** 2, rel=1e-12)
    assert value == pytest.approx(1.3409506830e-3, rel=1e-9)


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero() -> None:
    xs = torch.linspace(-8.0, 8.0, 1601, dtype=torch.float64)
    values = sigmoid_derivative(xs)
    assert float(values.max()) == pytest.approx(0.25, abs=1e-15)
    assert float(xs[values.argmax()]) == pytest.approx(0.0, abs=1e-12)
    # tanh is a rescaled sigmoid: tanh(x) = 2σ(2x) − 1, so tanh'(x) = 4σ'(2x).
    assert torch.allclose(tanh_derivative(xs), 4 * sigmoid_derivative(2 * xs), atol=1e-14)


def test_descent_from_a_saturated_start_barely_moves() -> None:
    path = tanh_descent(4.0, lr=0.1, steps=100)
    assert path.shape == (101,)
    assert float(path[0]) == 4.0
    # Each step moves by η·tanh'(x) ≤ η·tanh'(3.98), so 100 steps move less than 0.015.
    assert 0.0 < 4.0 - float(path[-1]) < 100 * 0.1 * float(tanh_derivative(path[-1]))
    assert bool((path[1:] < path[:-1]).all())  # tanh' > 0: every step goes left


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"x0": math.inf}, ValueError, "x0 must be finite"),
        ({"x0": [1.0, 2.0]}, ValueError, "x0 must have 0 dimension"),
        ({"lr": 0.0}, ValueError, "lr must be a finite number > 0, got 0.0"),
        ({"steps": 0}, ValueError, "steps must be >= 1, got 0"),
        ({"steps": 2.5}, TypeError, "steps must be an integer, got 2.5"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {"x0": 4.0, "lr": 0.1, "steps": 3} | kwargs
    with pytest.raises(error, match=message):
        tanh_descent(**arguments)  # type: ignore[arg-type]
