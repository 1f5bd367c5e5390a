import math
from typing import Any

import pytest
import torch

from optguide.conditioning import (
    contraction_rate,
    euler_path,
    flow_path,
    iterations_to_tolerance,
    optimal_step,
    predicted_iterations,
    quadratic,
)


def test_quadratic_has_the_requested_eigenvalues_and_steep_direction() -> None:
    A = quadratic(9.0, math.pi / 2)
    assert torch.allclose(torch.linalg.eigvalsh(A), torch.tensor([1.0, 9.0], dtype=torch.float64))
    # Rotated by 90°, the steep direction is the second axis: A = diag(1, 9).
    assert torch.allclose(A, torch.diag(torch.tensor([1.0, 9.0], dtype=torch.float64)), atol=1e-12)


def test_flow_is_the_matrix_exponential_on_a_diagonal_quadratic() -> None:
    A = torch.diag(torch.tensor([1.0, 4.0], dtype=torch.float64))
    path = flow_path(A, [1.0, 1.0], t_end=2.0, num=5)
    times = torch.linspace(0.0, 2.0, 5, dtype=torch.float64)
    expected = torch.stack([torch.exp(-times), torch.exp(-4.0 * times)], dim=1)
    assert torch.allclose(path, expected, rtol=1e-12)


def test_euler_steps_converge_to_the_flow_as_the_step_shrinks() -> None:
    A = quadratic(10.0, 0.4)
    end = flow_path(A, [1.0, -0.5], t_end=1.0, num=2)[-1]
    gaps = []
    for steps in (10, 100, 1000):
        gaps.append(
            float(
                torch.linalg.vector_norm(euler_path(A, [1.0, -0.5], 1.0 / steps, steps)[-1] - end)
            )
        )
    # Euler's method is first order: ten times smaller steps, about ten times smaller error.
    assert gaps[1] < gaps[0] / 5 and gaps[2] < gaps[1] / 5


def test_optimal_step_and_rate() -> None:
    A = quadratic(4.0)
    assert optimal_step(A) == pytest.approx(2.0 / 5.0)
    assert contraction_rate(4.0) == pytest.approx(3.0 / 5.0)
    assert contraction_rate(1.0) == 0.0


def test_measured_iterations_equal_the_prediction_with_the_optimal_step() -> None:
    for kappa in (2.0, 10.0, 100.0):
        A = quadratic(kappa, 0.3)
        measured = iterations_to_tolerance(A, [0.7, -0.2], optimal_step(A), 1e-6)
        assert measured == predicted_iterations(kappa, 1e-6)


def test_prediction_values() -> None:
    # ρ = 9/11 for κ = 10; ρ^T <= 1e-6 first at T = ceil(ln 1e-6 / ln(9/11)) = 69.
    assert predicted_iterations(10.0, 1e-6) == 69
    assert predicted_iterations(1.0, 1e-6) == 1


def test_step_above_the_limit_never_reaches_the_tolerance() -> None:
    A = quadratic(10.0)
    with pytest.raises(ValueError, match=r"not reached in max_iter=50"):
        iterations_to_tolerance(A, [1.0, 1.0], 0.21, 1e-3, max_iter=50)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: quadratic(0.5), r"kappa must be >= 1"),
        (lambda: quadratic(-1.0), r"kappa must be a finite number > 0"),
        (lambda: flow_path([[1.0, 2.0], [0.0, 1.0]], [1.0, 1.0], 1.0), r"A must be a symmetric"),
        (lambda: flow_path(torch.eye(2), [1.0, 1.0, 1.0], 1.0), r"theta0 must have 2 entries"),
        (lambda: euler_path(torch.eye(2), [1.0, 1.0], -0.1, 3), r"lr must be a finite number > 0"),
        (lambda: euler_path(torch.eye(2), [math.nan, 1.0], 0.1, 3), r"theta0 must be finite"),
        (lambda: optimal_step(torch.diag(torch.tensor([-1.0, 1.0]))), r"positive definite"),
        (lambda: predicted_iterations(10.0, 2.0), r"tol must be < 1"),
    ],
)
def test_bad_input_is_rejected(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


# Momentum and conjugate gradients, against analytical values.


def test_heavy_ball_parameters_are_polyaks_closed_form() -> None:
    from optguide.conditioning import heavy_ball_parameters

    lr, beta = heavy_ball_parameters(1.0, 4.0)  # sqrt: 1 and 2
    assert lr == pytest.approx(4.0 / 9.0)
    assert beta == pytest.approx(1.0 / 9.0)
    assert heavy_ball_parameters(2.0, 2.0) == (pytest.approx(0.5), 0.0)  # κ = 1: no momentum


def test_spread_spectrum_spans_one_to_kappa_clustered_at_both_ends() -> None:
    from optguide.conditioning import spread_spectrum

    lam = spread_spectrum(100.0, d=1000)
    assert float(lam[0]) == pytest.approx(1.0) and float(lam[-1]) == pytest.approx(100.0)
    assert bool((lam[1:] >= lam[:-1]).all())
    # Chebyshev points: more eigenvalues in the outer tenths than in the middle tenth.
    outer = int(((lam < 10.9) | (lam > 90.1)).sum())
    middle = int(((lam > 45.55) & (lam < 55.45)).sum())
    assert outer > 3 * middle


def test_descent_on_two_eigenvalues_with_the_optimal_step_matches_the_prediction() -> None:
    from optguide.conditioning import descent_iterations

    for kappa in (10.0, 100.0):
        lr = 2.0 / (1.0 + kappa)  # both components shrink by exactly ρ per step
        count = descent_iterations([1.0, kappa], [1.0, 1.0], lr, 1e-6)
        assert count == predicted_iterations(kappa, 1e-6)


def test_cg_terminates_within_d_steps_and_heavy_ball_solves_kappa_one_at_once() -> None:
    from optguide.conditioning import cg_iterations, heavy_ball_iterations

    lam = [1.0, 2.0, 5.0, 9.0, 30.0]
    assert cg_iterations(lam, [1.0, -1.0, 2.0, 0.5, 1.0], 1e-10) <= len(lam)
    assert cg_iterations([3.0, 3.0], [1.0, 2.0], 1e-12) == 1  # one distinct eigenvalue
    assert heavy_ball_iterations([2.0, 2.0], [1.0, 1.0], 0.5, 0.0, 1e-12) == 1


def test_accelerated_counts_grow_like_the_square_root_of_kappa() -> None:
    from optguide.conditioning import (
        cg_iterations,
        heavy_ball_iterations,
        heavy_ball_parameters,
        spread_spectrum,
    )

    start = torch.randn(400, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    counts = []
    for kappa in (10.0, 1000.0):
        lam = spread_spectrum(kappa, d=400)
        lr, beta = heavy_ball_parameters(1.0, kappa)
        counts.append(
            (heavy_ball_iterations(lam, start, lr, beta, 1e-6), cg_iterations(lam, start, 1e-6))
        )
    for small, large in zip(*counts, strict=True):
        slope = math.log(large / small) / math.log(100.0)
        assert 0.4 < slope < 0.6


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda f: f([1.0, -1.0], [1.0, 1.0], 1e-3), ValueError, "eigenvalues must be positive"),
        (lambda f: f([1.0, 2.0], [1.0], 1e-3), ValueError, "theta0 must have 2 entries"),
        (lambda f: f([1.0, 2.0], [0.0, 0.0], 1e-3), ValueError, "theta0 must not be"),
        (lambda f: f([1.0, 2.0], [1.0, 1.0], 2.0), ValueError, "tol must be < 1"),
        (lambda f: f([1.0], [1.0], 1e-3, max_iter=0), ValueError, "max_iter must be >= 1"),
    ],
)
def test_cg_iterations_rejects_bad_arguments(call: Any, error: type, match: str) -> None:
    from optguide.conditioning import cg_iterations

    with pytest.raises(error, match=match):
        call(cg_iterations)


def test_heavy_ball_rejects_bad_beta_and_bounds() -> None:
    from optguide.conditioning import heavy_ball_iterations, heavy_ball_parameters

    with pytest.raises(ValueError, match="beta must lie in"):
        heavy_ball_iterations([1.0], [1.0], 0.5, 1.0, 1e-3)
    with pytest.raises(TypeError, match="beta must be a real number"):
        heavy_ball_iterations([1.0], [1.0], 0.5, "0.5", 1e-3)
    with pytest.raises(ValueError, match="lam_min must be <= lam_max"):
        heavy_ball_parameters(4.0, 1.0)


def test_implicit_euler_multiplies_each_component_by_one_over_one_plus_eta_lambda() -> None:
    from optguide.conditioning import implicit_euler_path

    A = torch.diag(torch.tensor([1.0, 1000.0], dtype=torch.float64))
    for lr in (0.01, 1.0, 1e4):  # stable for every step size, even far beyond 2/λ_max
        path = implicit_euler_path(A, [1.0, 1.0], lr, 3)
        expected = torch.tensor([1 / (1 + lr), 1 / (1 + 1000 * lr)], dtype=torch.float64)
        assert torch.allclose(path[3], expected**3, rtol=1e-12, atol=0.0)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        implicit_euler_path(A, [1.0, 1.0], 0.0, 3)
