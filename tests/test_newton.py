import math

import pytest
import torch

from optguide.iterative import minimize
from optguide.least_squares import empirical_risk, make_regression, solve_normal_equations
from optguide.logistic_regression import check_labels, logistic_risk, make_classification
from optguide.newton import newton, newton_step


def test_one_newton_step_solves_least_squares_exactly() -> None:
    problem = make_regression(n=60, d=4, seed=5)
    w_hat = solve_normal_equations(problem.X, problem.y)
    start = torch.tensor([3.0, -7.0, 1.0, 2.0], dtype=torch.float64)
    step = newton_step(lambda w: empirical_risk(problem.X, problem.y, w), start)
    assert torch.allclose(step, w_hat, atol=1e-10)


def test_newton_on_a_quartic_contracts_by_two_thirds() -> None:
    result = newton(lambda t: (t**4).sum(), [1.0], max_iter=5, grad_tol=0.0)
    expected = torch.tensor([(2.0 / 3.0) ** t for t in range(6)], dtype=torch.float64)
    assert torch.allclose(result.path.squeeze(1), expected, rtol=1e-12)
    assert result.reason == "iteration budget"


def test_newton_and_descent_agree_on_logistic_regression() -> None:
    data = make_classification(n=120, d=3, seed=1)

    def risk(w: torch.Tensor) -> torch.Tensor:
        return logistic_risk(data.X, data.y, w)

    second = newton(risk, torch.zeros(3), grad_tol=1e-10)
    first = minimize(risk, torch.zeros(3), lr=1.0, grad_tol=1e-10)
    assert second.reason == "gradient norm" and second.iterations < 10
    assert first.iterations > 10 * second.iterations
    assert torch.allclose(first.theta, second.theta, atol=1e-8)
    # At the minimizer the gradient Xᵀ(σ(Xw) − y)/n is zero.
    residual = torch.sigmoid(data.X @ second.theta) - data.y
    assert torch.linalg.vector_norm(data.X.T @ residual) / 120 < 1e-10


def test_logistic_risk_at_zero_is_log_two() -> None:
    data = make_classification(n=10, d=2, seed=0)
    assert float(logistic_risk(data.X, data.y, torch.zeros(2, dtype=torch.float64))) == (
        pytest.approx(math.log(2.0))
    )


def test_singular_hessian_is_reported() -> None:
    with pytest.raises(ValueError, match=r"singular Hessian"):
        newton(lambda t: t.sum(), [1.0, 2.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"theta0": [math.inf]}, r"theta0 must be finite"),
        ({"max_iter": 0}, r"max_iter must be >= 1"),
        ({"grad_tol": -1.0}, r"grad_tol must be a finite number >= 0"),
    ],
)
def test_bad_newton_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"theta0": [1.0]} | kwargs
    with pytest.raises(ValueError, match=message):
        newton(lambda t: (t**2).sum(), **arguments)  # type: ignore[arg-type]


def test_bad_labels_and_shapes_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"y must hold labels 0 and 1"):
        check_labels([[1.0, 0.0], [1.0, 1.0]], [0.0, 2.0])
    with pytest.raises(ValueError, match=r"same number of rows"):
        check_labels([[1.0, 0.0], [1.0, 1.0]], [0.0])
    with pytest.raises(ValueError, match=r"separation must be a finite number > 0"):
        make_classification(separation=0.0)


def test_newton_cg_step_equals_newtons_step_after_d_iterations_on_a_quadratic() -> None:
    from optguide.newton import newton_cg_step

    A = torch.tensor([[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]], dtype=torch.float64)
    b = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)

    def f(t: torch.Tensor) -> torch.Tensor:
        return 0.5 * t @ A @ t - b @ t

    minimizer = torch.linalg.solve(A, b)
    start = torch.tensor([3.0, 3.0, -1.0], dtype=torch.float64)
    assert torch.allclose(newton_cg_step(f, start, 3), minimizer, atol=1e-12)
    assert not torch.allclose(newton_cg_step(f, start, 1), minimizer, atol=1e-3)
    with pytest.raises(ValueError, match="iterations must be >= 1"):
        newton_cg_step(f, start, 0)
    with pytest.raises(TypeError, match="f must be callable"):
        newton_cg_step(None, start, 2)  # type: ignore[arg-type]
