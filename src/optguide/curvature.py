"""Curvature at a point: the Hessian, its eigenvalues, and the second-order test.

At a stationary point the gradient vanishes, so the first term of the Taylor expansion
that decides the local shape is the quadratic one, ½ vᵀ H v. Its sign in every direction v
is fixed by the eigenvalues of the symmetric Hessian H: all positive means a strict local
minimizer, all negative a strict local maximizer, both signs a saddle point. When an
eigenvalue is zero (to within a tolerance) and the others do not already show both signs,
the quadratic term says nothing about that direction and the test is inconclusive: higher
derivatives decide, as x⁴ (a minimizer) and x³ (no extremum) show in one dimension.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch

from optguide.validation import as_finite_tensor, check_positive

__all__ = [
    "CriticalPoint",
    "classify_critical_point",
    "hessian",
    "hessian_eigenvalues",
    "monkey_saddle",
    "saddle",
]

Objective = Callable[[torch.Tensor], torch.Tensor]
Kind = Literal["minimum", "maximum", "saddle", "inconclusive"]


# --8<-- [start:examples]
def saddle(theta: torch.Tensor) -> torch.Tensor:
    """Return f(x, y) = x² − y², the standard saddle: up along x, down along y."""
    x, y = theta[..., 0], theta[..., 1]
    return x**2 - y**2


def monkey_saddle(theta: torch.Tensor) -> torch.Tensor:
    """Return f(x, y) = x³ − 3xy², three valleys and three ridges meeting at the origin."""
    x, y = theta[..., 0], theta[..., 1]
    return x**3 - 3 * x * y**2


# --8<-- [end:examples]


def _scalar_function(f: Objective, point: torch.Tensor) -> None:
    """Raise ValueError unless ``f`` maps ``point`` to a single number."""
    value = f(point)
    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise ValueError(f"f must return a scalar tensor, got {shape}")


# --8<-- [start:hessian]
def hessian(f: Objective, point: object) -> torch.Tensor:
    """Return the d × d Hessian of a scalar ``f`` at ``point`` (a vector of d numbers).

    Autograd differentiates twice; the result is symmetrized, (H + Hᵀ)/2, to remove the
    rounding asymmetry so that the eigenvalue routine for symmetric matrices applies.
    """
    theta = as_finite_tensor("point", point, ndim=1)
    _scalar_function(f, theta)
    matrix: torch.Tensor = torch.autograd.functional.hessian(  # type: ignore[no-untyped-call]
        lambda t: f(t).reshape(()), theta
    )
    return 0.5 * (matrix + matrix.T)


def hessian_eigenvalues(f: Objective, point: object) -> torch.Tensor:
    """Return the eigenvalues of the Hessian of ``f`` at ``point``, in ascending order."""
    eigenvalues: torch.Tensor = torch.linalg.eigvalsh(hessian(f, point))
    return eigenvalues


# --8<-- [end:hessian]


@dataclass(frozen=True)
class CriticalPoint:
    """The verdict of the second-order test at a point where the gradient vanishes.

    ``kind`` is "minimum" for a strict local minimizer, "maximum" for a strict local
    maximizer, "saddle" for a saddle point, "inconclusive" when the test cannot decide.
    """

    point: tuple[float, ...]
    gradient_norm: float
    eigenvalues: tuple[float, ...]
    kind: Kind


# --8<-- [start:classify]
def classify_critical_point(
    f: Objective, point: object, *, tol: float = 1e-8, gradient_tol: float = 1e-8
) -> CriticalPoint:
    """Apply the second-order test to ``f`` at ``point``, which must be a critical point.

    Raises ValueError if the gradient's norm exceeds ``gradient_tol``: the test says nothing
    about a point where f still slopes. Eigenvalues within ``tol`` of zero count as zero.
    One positive and one negative eigenvalue prove a saddle whatever the others are; a
    zero eigenvalue otherwise leaves the test inconclusive.
    """
    tol = check_positive("tol", tol)
    gradient_tol = check_positive("gradient_tol", gradient_tol)
    theta = as_finite_tensor("point", point, ndim=1).requires_grad_(True)
    _scalar_function(f, theta)
    (grad,) = torch.autograd.grad(f(theta).reshape(()), theta)
    norm = float(grad.norm())
    if norm > gradient_tol:
        raise ValueError(
            f"point must be a critical point, but the gradient norm there is {norm:.3g}"
            f" > gradient_tol={gradient_tol!r}"
        )
    eigenvalues = hessian_eigenvalues(f, theta.detach())
    has_positive = bool((eigenvalues > tol).any())
    has_negative = bool((eigenvalues < -tol).any())
    has_zero = bool((eigenvalues.abs() <= tol).any())
    kind: Kind
    if has_positive and has_negative:
        kind = "saddle"
    elif has_zero:
        kind = "inconclusive"
    elif has_positive:
        kind = "minimum"
    else:
        kind = "maximum"
    return CriticalPoint(
        point=tuple(float(v) for v in theta.detach()),
        gradient_norm=norm,
        eigenvalues=tuple(float(v) for v in eigenvalues),
        kind=kind,
    )


# --8<-- [end:classify]
