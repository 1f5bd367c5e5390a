import pytest
import torch

from optguide.sharpness import (
    hessian_vector_product,
    small_network,
    top_eigenvalue,
    train_tracking_sharpness,
)

A = torch.tensor([[2.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 0.5]], dtype=torch.float64)


def quadratic(theta: torch.Tensor) -> torch.Tensor:
    return 0.5 * theta @ A @ theta + theta.sum() ** 3 / 6  # cubic term: H depends on θ


def test_hessian_vector_product_matches_the_analytical_hessian() -> None:
    theta = torch.tensor([0.3, -0.2, 1.0], dtype=torch.float64)
    v = torch.tensor([1.0, 2.0, -1.0], dtype=torch.float64)
    # H(θ) = A + (Σθ)·11ᵀ for f = θᵀAθ/2 + (Σθ)³/6.
    H = A + theta.sum() * torch.ones(3, 3, dtype=torch.float64)
    assert torch.allclose(hessian_vector_product(quadratic, theta, v), H @ v, atol=1e-14)


def test_power_iteration_finds_the_largest_eigenvalue() -> None:
    def f(t: torch.Tensor) -> torch.Tensor:
        return 0.5 * t @ A @ t

    eigenvalue, vector = top_eigenvalue(f, torch.zeros(3, dtype=torch.float64), 200)
    exact = torch.linalg.eigh(A)
    assert eigenvalue == pytest.approx(float(exact.eigenvalues[-1]), rel=1e-12)
    assert abs(float(vector @ exact.eigenvectors[:, -1])) == pytest.approx(1.0, rel=1e-10)


def test_training_below_the_limit_on_a_quadratic_keeps_its_sharpness_and_descends() -> None:
    def f(t: torch.Tensor) -> torch.Tensor:
        return 0.5 * t @ A @ t

    top = float(torch.linalg.eigvalsh(A)[-1])
    run = train_tracking_sharpness(f, torch.ones(3, dtype=torch.float64), 1.0 / top, 50, 10)
    assert run.measured_at == [0, 10, 20, 30, 40, 50]
    assert all(s == pytest.approx(top, rel=1e-6) for s in run.sharpness)
    assert bool((run.losses[1:] < run.losses[:-1]).all())


def test_small_network_has_the_stated_size_and_a_finite_loss() -> None:
    f, theta = small_network(seed=0, hidden=16)
    assert theta.numel() == 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert 0.0 < float(f(theta)) < 1.0


def test_bad_arguments_raise_naming_them() -> None:
    f, theta = small_network()
    with pytest.raises(TypeError, match="f must be callable"):
        top_eigenvalue(3, theta)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="iterations must be >= 1"):
        top_eigenvalue(f, theta, 0)
    with pytest.raises(ValueError, match="start must be a nonzero vector"):
        top_eigenvalue(f, theta, 5, torch.zeros_like(theta))
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        train_tracking_sharpness(f, theta, -0.1, 10)
    with pytest.raises(TypeError, match="steps must be an integer"):
        train_tracking_sharpness(f, theta, 0.1, 2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed must be >= 0"):
        small_network(seed=-1)
