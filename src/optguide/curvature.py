"""Curvature at a point: the Hessian, its eigenvalues, and the second-order test.

At a stationary point the gradient vanishes, so the first term of the Taylor expansion
that decides the local shape is the quadratic one, ½ vᵀ H v. Its sign in every direction v
is fixed by the eigenvalues of the symmetric Hessian H: all positive means a strict local
minimizer, all negative a strict local maximizer, both signs a saddle point. When an
eigenvalue is zero (to within a tolerance) and the others do not already show both signs,
the quadratic term says nothing about that direction. The test can still exclude one
answer: a local minimizer has H positive semidefinite (the second-order necessary
condition), so an eigenvalue below −tol proves "not a minimizer" (x⁴ − y², a saddle point,
has eigenvalues −2 and 0). When every eigenvalue is zero, higher derivatives decide, as
x⁴ (a minimizer) and x³ (no extremum) show in one dimension.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch

from optguide.validation import as_finite_tensor, check_positive

Objective = Callable[[torch.Tensor], torch.Tensor]


def autograd_hessian(f: Objective, theta: torch.Tensor) -> torch.Tensor:
    """Return torch.autograd.functional.hessian(f, theta), typed."""
    matrix: torch.Tensor = torch.autograd.functional.hessian(f, theta)  # type: ignore[no-untyped-call]
    return matrix


__all__ = [
    "CriticalPoint",
    "classify_critical_point",
    "hessian",
    "hessian_eigenvalues",
    "monkey_saddle",
    "saddle",
]

Kind = Literal[
    "minimum", "maximum", "saddle", "not a minimizer", "not a maximizer", "inconclusive"
]


# --8<-- [start:examples]
def saddle(theta: torch.Tensor) -> torch.Tensor:
    """f(x, y) = x² − y²: up along x, down along y."""
    x, y = theta[..., 0], theta[..., 1]
    return x**2 - y**2


def monkey_saddle(theta: torch.Tensor) -> torch.Tensor:
    """f(x, y) = x³ − 3xy²: three valleys, three ridges."""
    x, y = theta[..., 0], theta[..., 1]
    return x**3 - 3 * x * y**2


# --8<-- [end:examples]


def _scalar_function(f: Objective, point: torch.Tensor) -> None:
    """Raise ValueError unless ``f`` maps ``point`` to a single number."""
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    value = f(point)
    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise ValueError(f"f must return a scalar tensor, got {shape}")


def _vector_point(f: Objective, point: object) -> torch.Tensor:
    """Return ``point`` as a float64 vector at which ``f`` is a scalar, or raise."""
    theta = as_finite_tensor("point", point, ndim=1)
    _scalar_function(f, theta)
    return theta


@dataclass(frozen=True)
class CriticalPoint:
    """The verdict of the second-order test at a point where the gradient vanishes.

    ``kind`` is "minimum" for a strict local minimizer, "maximum" for a strict local
    maximizer, "saddle" for a saddle point (eigenvalues of both signs), "not a minimizer"
    when some eigenvalue is below −tol and none above tol (H is not positive semidefinite,
    so the second-order necessary condition for a minimizer fails), "not a maximizer" in
    the mirror case, and "inconclusive" when every eigenvalue is within tol of zero.
    """

    point: tuple[float, ...]
    gradient_norm: float
    eigenvalues: tuple[float, ...]
    kind: Kind


def _critical_point(
    f: Objective, point: object, tol: float, gradient_tol: float
) -> tuple[torch.Tensor, float]:
    """Check the arguments; return the point and its gradient norm, or raise.

    Raises ValueError if the gradient's norm exceeds ``gradient_tol``: the test says nothing
    about a point where f still slopes.
    """
    check_positive("tol", tol)
    gradient_tol = check_positive("gradient_tol", gradient_tol)
    theta = _vector_point(f, point).requires_grad_(True)
    (grad,) = torch.autograd.grad(f(theta).reshape(()), theta)
    norm = float(grad.norm())
    if norm > gradient_tol:
        raise ValueError(
            f"point must be a critical point: gradient norm there is {norm:.3g}"
            f" > gradient_tol={gradient_tol!r}"
        )
    return theta.detach(), norm


# --8<-- [start:classify]
def hessian(f: Objective, point: object) -> torch.Tensor:
    """Return the Hessian of a scalar f at a point of d numbers (autograd)."""
    theta = _vector_point(f, point)
    matrix = autograd_hessian(lambda t: f(t).reshape(()), theta)
    return 0.5 * (matrix + matrix.T)  # exactly symmetric, for eigvalsh


def classify_critical_point(
    f: Objective,
    point: object,
    *,
    tol: float = 1e-8,
    gradient_tol: float = 1e-8,
) -> CriticalPoint:
    """Apply the second-order test; |λ| ≤ tol counts as zero."""
    theta, norm = _critical_point(f, point, tol, gradient_tol)
    eigenvalues = hessian_eigenvalues(f, theta)
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    kinds: dict[tuple[bool, bool], Kind] = {  # (some λ < 0, some λ > 0)
        (True, True): "saddle",
        (True, False): "maximum" if high < -tol else "not a minimizer",
        (False, True): "minimum" if low > tol else "not a maximizer",
        (False, False): "inconclusive",  # H = 0 to within tol
    }
    kind = kinds[low < -tol, high > tol]
    values = tuple(float(v) for v in eigenvalues)
    return CriticalPoint(tuple(theta.tolist()), norm, values, kind)


# --8<-- [end:classify]


def hessian_eigenvalues(f: Objective, point: object) -> torch.Tensor:
    """Return the Hessian's eigenvalues, in ascending order."""
    values: torch.Tensor = torch.linalg.eigvalsh(hessian(f, point))
    return values
