import math

import pytest
import torch

from optguide.descent import gradient, gradient_descent


def test_gradient_of_a_quadratic_form() -> None:
    a = torch.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=torch.float64)
    theta = torch.tensor([1.0, -1.0], dtype=torch.float64)
    assert torch.allclose(gradient(lambda t: 0.5 * t @ a @ t, theta), a @ theta)


def test_gradient_descent_on_a_parabola_follows_the_closed_form() -> None:
    # On f(θ) = a θ² / 2 each step multiplies θ by (1 − η a), so θ_t = (1 − η a)^t θ_0.
    a, lr, theta0 = 3.0, 0.1, 2.0
    path = gradient_descent(lambda t: 0.5 * a * t**2, theta0, lr=lr, steps=20)
    expected = torch.tensor([theta0 * (1 - lr * a) ** t for t in range(21)], dtype=torch.float64)
    assert path.shape == (21,)
    assert torch.allclose(path, expected, rtol=1e-12)


def test_gradient_descent_keeps_the_shape_of_the_start() -> None:
    path = gradient_descent(lambda t: (t**2).sum(), [1.0, 2.0, 3.0], lr=0.25, steps=4)
    assert path.shape == (5, 3)
    assert torch.allclose(path[-1], torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64) / 16)


def test_divergence_is_reported_not_returned() -> None:
    # With η a > 2 the iterates grow like |1 − η a|^t and overflow to infinity.
    with pytest.raises(ValueError, match=r"diverged at step \d+ with lr=10.0"):
        gradient_descent(lambda t: 0.5 * 30.0 * t**2, 1.0, lr=10.0, steps=400)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": -0.1}, ValueError, r"lr must be a finite number > 0, got -0.1"),
        ({"steps": 0}, ValueError, r"steps must be >= 1, got 0"),
        ({"theta0": math.nan}, ValueError, r"theta0 must be finite"),
        ({"theta0": "one"}, TypeError, r"theta0 must be"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {"theta0": 1.0, "lr": 0.1, "steps": 5} | kwargs
    with pytest.raises(error, match=message):
        gradient_descent(lambda t: t**2, **arguments)  # type: ignore[arg-type]


def test_non_scalar_objective_is_rejected() -> None:
    with pytest.raises(ValueError, match="f must return a scalar"):
        gradient(lambda t: t * 2, torch.ones(3))
