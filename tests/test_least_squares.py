import math

import pytest
import torch

from optguide.least_squares import (
    design_with_condition,
    empirical_risk,
    empirical_risk_gradient,
    hessian,
    make_regression,
    solve_by_inverse,
    solve_normal_equations,
    solve_qr,
    stability_limit,
)


def test_closed_form_recovers_exact_weights_without_noise() -> None:
    X = torch.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]], dtype=torch.float64)
    w = torch.tensor([2.0, -0.5], dtype=torch.float64)
    y = X @ w
    for solver in (solve_normal_equations, solve_qr, solve_by_inverse):
        assert torch.allclose(solver(X, y), w, atol=1e-12)


def test_closed_form_of_a_line_fit_matches_the_textbook_formula() -> None:
    # Fitting y = a + b x: b = cov(x, y) / var(x), a = mean(y) − b mean(x).
    x = torch.tensor([0.0, 1.0, 2.0, 4.0], dtype=torch.float64)
    y = torch.tensor([1.0, 2.0, 2.0, 5.0], dtype=torch.float64)
    X = torch.stack([torch.ones(4, dtype=torch.float64), x], dim=1)
    b = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    a = y.mean() - b * x.mean()
    assert torch.allclose(solve_normal_equations(X, y), torch.stack([a, b]), atol=1e-12)


def test_gradient_vanishes_at_the_closed_form_and_matches_autograd() -> None:
    problem = make_regression(n=50, d=3, seed=2)
    X, y = problem.X, problem.y
    w_hat = solve_normal_equations(X, y)
    assert torch.linalg.vector_norm(empirical_risk_gradient(X, y, w_hat)) < 1e-13
    w = torch.tensor([0.3, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    (auto,) = torch.autograd.grad(empirical_risk(X, y, w), w)
    assert torch.allclose(auto, empirical_risk_gradient(X, y, w.detach()), atol=1e-12)


def test_hessian_is_gram_matrix_over_n_and_sets_the_limit() -> None:
    X = torch.tensor([[2.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    # XᵀX / n = diag(4, 1) / 2 = diag(2, 0.5): λ_max = 2, limit 2 / 2 = 1.
    assert torch.allclose(hessian(X), torch.diag(torch.tensor([2.0, 0.5], dtype=torch.float64)))
    assert stability_limit(X) == pytest.approx(1.0)


def test_design_has_the_requested_condition_number() -> None:
    X = design_with_condition(40, 5, 1e3, seed=1)
    singular = torch.linalg.svdvals(X)
    assert float(singular[0] / singular[-1]) == pytest.approx(1e3, rel=1e-8)


def test_normal_equations_lose_digits_that_qr_keeps() -> None:
    X = design_with_condition(100, 6, 1e7, seed=0)
    w = torch.linspace(1.0, -1.0, 6, dtype=torch.float64)
    y = X @ w

    def error(v: torch.Tensor) -> float:
        return float(torch.linalg.vector_norm(v - w) / torch.linalg.vector_norm(w))

    assert error(solve_qr(X, y)) < 1e-7
    assert error(solve_normal_equations(X, y)) > 1e-5


def test_make_regression_is_seeded() -> None:
    a, b = make_regression(seed=3), make_regression(seed=3)
    assert torch.equal(a.X, b.X) and torch.equal(a.y, b.y)
    assert not torch.equal(a.y, make_regression(seed=4).y)
    assert torch.all(a.X[:, 0] == 1.0)


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0, 3.0], ValueError, r"same number of rows"),
        ([[1.0, math.nan], [3.0, 4.0]], [1.0, 2.0], ValueError, r"X must be finite"),
        ([[1.0, 2.0], [3.0, 4.0]], [1.0, math.inf], ValueError, r"y must be finite"),
        ([1.0, 2.0], [1.0, 2.0], ValueError, r"X must have 2 dimension"),
        ([[1.0, 2.0, 3.0]], [1.0], ValueError, r"at least as many rows as columns"),
        ("X", [1.0], TypeError, r"X must be"),
    ],
)
def test_bad_problems_are_rejected_by_name(
    X: object, y: object, error: type, message: str
) -> None:
    for solver in (solve_normal_equations, solve_qr, solve_by_inverse):
        with pytest.raises(error, match=message):
            solver(X, y)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, r"n must be >= 2"),
        ({"n": 3, "d": 5}, r"n must be >= d"),
        ({"noise": -1.0}, r"noise must be a finite number > 0"),
    ],
)
def test_bad_generator_arguments_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_regression(**kwargs)  # type: ignore[arg-type]


def test_condition_below_one_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"condition must be >= 1, got 0.5"):
        design_with_condition(10, 2, 0.5)


def test_exact_least_squares_solves_a_small_fit_exactly() -> None:
    from optguide.least_squares import exact_least_squares

    # Fit of y = 1, 2, 4 at x = 0, 1, 2: intercept 5/6, slope 3/2, by hand.
    w = exact_least_squares([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [1.0, 2.0, 4.0])
    assert w.tolist() == [5.0 / 6.0, 1.5]


def test_exact_least_squares_agrees_with_qr_on_a_well_conditioned_problem() -> None:
    from optguide.least_squares import exact_least_squares

    problem = make_regression(seed=3)
    exact = exact_least_squares(problem.X, problem.y)
    assert float((exact - solve_qr(problem.X, problem.y)).abs().max()) < 1e-14


def test_exact_least_squares_rejects_rank_deficiency_and_wide_problems() -> None:
    from optguide.least_squares import exact_least_squares

    with pytest.raises(ValueError, match="full column rank"):
        exact_least_squares([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at most 10 columns"):
        exact_least_squares(torch.eye(12, dtype=torch.float64), torch.ones(12))


def test_descent_floor_is_near_the_unit_roundoff_when_kappa_is_one() -> None:
    from optguide.least_squares import descent_floor, design_with_condition

    X = design_with_condition(50, 3, 1.0, seed=0)  # κ(H) = 1
    y = X @ torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64) + 0.01 * torch.ones(50)
    for dtype in (torch.float32, torch.float64):
        u = torch.finfo(dtype).eps / 2
        assert descent_floor(X, y, dtype, 100) < 5 * u
    with pytest.raises(TypeError, match="dtype"):
        descent_floor(X, y, "float32", 100)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="steps must be >= 5"):
        descent_floor(X, y, torch.float32, 2)
