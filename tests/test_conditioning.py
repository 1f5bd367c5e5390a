import math

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
