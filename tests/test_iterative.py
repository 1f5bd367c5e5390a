import math

import pytest
import torch

from optguide.iterative import DivergenceError, minimize
from optguide.least_squares import (
    empirical_risk,
    make_regression,
    solve_normal_equations,
    stability_limit,
)

PROBLEM = make_regression(n=80, d=3, seed=1)
X, Y = PROBLEM.X, PROBLEM.y


def risk(w: torch.Tensor) -> torch.Tensor:
    return empirical_risk(X, Y, w)


def test_gradient_descent_reaches_the_closed_form_to_1e_9() -> None:
    w_hat = solve_normal_equations(X, Y)
    result = minimize(risk, torch.zeros(3), lr=0.5 * stability_limit(X), grad_tol=1e-11)
    assert result.reason == "gradient norm"
    assert result.converged
    assert result.grad_norm <= 1e-11
    assert torch.linalg.vector_norm(result.theta - w_hat) < 1e-9
    assert result.path.shape == (result.iterations + 1, 3)
    assert result.losses.shape == (result.iterations + 1,)
    # Below the limit the loss of a quadratic never increases.
    assert bool((result.losses.diff() <= 1e-15).all())


def test_one_dimensional_iterates_follow_the_closed_form_contraction() -> None:
    # f(θ) = 2θ², ∇f = 4θ: θ_t = (1 − 4η)^t θ_0, here (0.6)^t.
    result = minimize(lambda t: 2.0 * (t**2).sum(), [1.0], lr=0.1, max_iter=5, grad_tol=0.0)
    expected = torch.tensor([0.6**t for t in range(6)], dtype=torch.float64)
    assert torch.allclose(result.path.squeeze(1), expected, rtol=1e-12)
    assert result.reason == "iteration budget"
    assert not result.converged


def test_relative_change_rule_fires_before_the_gradient_rule() -> None:
    result = minimize(risk, torch.zeros(3), lr=0.1, grad_tol=1e-12, rel_tol=1e-3)
    assert result.reason == "relative change"
    step = torch.linalg.vector_norm(result.path[-1] - result.path[-2])
    assert step <= 1e-3 * torch.linalg.vector_norm(result.path[-1])


def test_float32_stops_at_its_floor_float64_goes_deeper() -> None:
    w_hat = solve_normal_equations(X, Y)
    distances = {}
    for dtype in (torch.float32, torch.float64):
        Xd, Yd = X.to(dtype), Y.to(dtype)
        run = minimize(
            lambda w, Xd=Xd, Yd=Yd: empirical_risk(Xd, Yd, w),
            torch.zeros(3),
            lr=0.5,
            grad_tol=0.0,
            dtype=dtype,
        )
        assert run.theta.dtype == dtype
        assert run.reason == "relative change"
        distances[dtype] = float(torch.linalg.vector_norm(run.theta.double() - w_hat))
    assert 1e-9 < distances[torch.float32] < 1e-5
    assert distances[torch.float64] < 1e-13


def test_divergence_just_above_the_limit_is_raised_with_the_path() -> None:
    limit = stability_limit(X)
    with pytest.raises(DivergenceError, match=r"diverged at step \d+ with lr=") as caught:
        minimize(risk, torch.zeros(3), lr=1.02 * limit, max_iter=100_000)
    error = caught.value
    assert error.lr == pytest.approx(1.02 * limit)
    assert error.path.shape == (error.step + 1, 3)
    assert isinstance(error, ValueError)


def test_just_below_the_limit_converges() -> None:
    result = minimize(risk, torch.zeros(3), lr=0.98 * stability_limit(X), max_iter=100_000)
    assert result.converged


def test_overflow_is_divergence_not_a_number() -> None:
    with pytest.raises(DivergenceError):
        minimize(lambda t: (t**4).sum(), [10.0], lr=1.0, blowup=1e300)


def test_explicit_gradient_is_used() -> None:
    calls = []

    def grad(w: torch.Tensor) -> torch.Tensor:
        calls.append(1)
        return 2.0 * w

    result = minimize(lambda t: (t**2).sum(), [1.0, -1.0], lr=0.5, grad=grad)
    assert torch.equal(result.theta, torch.zeros(2, dtype=torch.float64))
    assert len(calls) >= 2


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, r"lr must be a finite number > 0, got 0.0"),
        ({"lr": -0.1}, ValueError, r"lr must be a finite number > 0, got -0.1"),
        ({"lr": math.inf}, ValueError, r"lr must be a finite number > 0"),
        ({"theta0": [1.0, math.nan]}, ValueError, r"theta0 must be finite"),
        ({"max_iter": 0}, ValueError, r"max_iter must be >= 1, got 0"),
        ({"grad_tol": -1e-3}, ValueError, r"grad_tol must be a finite number >= 0"),
        ({"rel_tol": "small"}, TypeError, r"rel_tol must be a real number"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict[str, object], error: type, message: str) -> None:
    arguments: dict[str, object] = {"theta0": [1.0, 2.0], "lr": 0.1} | kwargs
    with pytest.raises(error, match=message):
        minimize(lambda t: (t**2).sum(), **arguments)  # type: ignore[arg-type]


def test_mismatched_shapes_raise_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"f could not be evaluated at theta0 of shape \(5,\)"):
        minimize(risk, torch.zeros(5), lr=0.1)


def test_non_finite_start_value_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"f\(theta0\) must be finite"):
        minimize(lambda t: torch.log(t).sum(), [0.0], lr=0.1)
