"""Least squares, the problem with an answer that can be written down.

The empirical risk of a linear model under the squared loss,

    R̂_n(w) = ‖Xw − y‖² / (2n),

has gradient Xᵀ(Xw − y)/n and constant Hessian H = XᵀX/n. Setting the gradient to zero gives
the normal equations XᵀX w = Xᵀy, whose solution is the minimizer whenever X has full column
rank. This module builds seeded problems, solves them in closed form three ways (a linear
solve of the normal equations, an explicit inverse, and a QR factorization of X),
and exposes the Hessian that governs how gradient descent behaves on them.
"""

import math
from dataclasses import dataclass

import torch

from optguide.validation import as_finite_tensor, as_samples, check_int, check_positive

__all__ = [
    "LeastSquares",
    "check_problem",
    "design_with_condition",
    "empirical_risk",
    "empirical_risk_gradient",
    "hessian",
    "make_regression",
    "solve_by_inverse",
    "solve_normal_equations",
    "solve_qr",
    "stability_limit",
]


@dataclass(frozen=True)
class LeastSquares:
    """A regression problem: design matrix ``X`` (n, d), targets ``y`` (n,), true weights."""

    X: torch.Tensor
    y: torch.Tensor
    w_true: torch.Tensor


def check_problem(X: object, y: object) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``X`` and ``y`` as finite float64 tensors of shapes (n, d) and (n,).

    Raises ValueError naming the argument when a value is not finite, a rank is wrong, the
    numbers of rows disagree (see ``as_samples``), or X has fewer rows than columns.
    """
    X_t, y_t = as_samples(X, y)
    if X_t.shape[0] < X_t.shape[1]:
        raise ValueError(
            f"X must have at least as many rows as columns, got shape {tuple(X_t.shape)}"
        )
    return X_t, y_t


def make_regression(
    n: int = 100, d: int = 4, noise: float = 0.5, *, seed: int = 0
) -> LeastSquares:
    """Return a seeded linear regression problem with correlated features and an intercept.

    The first column of X is all ones (the intercept); the other d − 1 columns are Gaussian
    features that share a common factor, so they are correlated, as real features often are.
    The targets are y = X w_true + noise·ε with ε standard normal.
    """
    n = check_int("n", n, minimum=2)
    d = check_int("d", d, minimum=1)
    noise = check_positive("noise", noise)
    check_int("seed", seed, minimum=0)
    if n < d:
        raise ValueError(f"n must be >= d for a full-rank design, got n={n}, d={d}")
    generator = torch.Generator().manual_seed(seed)
    normal = torch.randn(n, d + 1, generator=generator, dtype=torch.float64)
    features = 0.8 * normal[:, 1:d] + 0.6 * normal[:, :1]
    X = torch.cat([torch.ones(n, 1, dtype=torch.float64), features], dim=1)
    w_true = torch.linspace(1.0, -1.0, d, dtype=torch.float64)
    y = X @ w_true + noise * torch.randn(n, generator=generator, dtype=torch.float64)
    return LeastSquares(X=X, y=y, w_true=w_true)


def design_with_condition(n: int, d: int, condition: float, *, seed: int = 0) -> torch.Tensor:
    """Return a seeded (n, d) matrix whose singular values run from 1 down to 1/condition.

    X = U diag(s) Vᵀ with U, V drawn as random orthonormal bases, so κ(X) is known exactly
    and κ(XᵀX) = κ(X)²: the squaring that makes the normal equations lose accuracy.
    """
    n = check_int("n", n, minimum=1)
    d = check_int("d", d, minimum=1)
    condition = check_positive("condition", condition)
    check_int("seed", seed, minimum=0)
    if n < d:
        raise ValueError(f"n must be >= d, got n={n}, d={d}")
    if condition < 1:
        raise ValueError(f"condition must be >= 1, got {condition!r}")
    generator = torch.Generator().manual_seed(seed)
    U, _ = torch.linalg.qr(torch.randn(n, d, generator=generator, dtype=torch.float64))
    V, _ = torch.linalg.qr(torch.randn(d, d, generator=generator, dtype=torch.float64))
    s = torch.logspace(0.0, -math.log10(condition), d, dtype=torch.float64)
    X: torch.Tensor = U @ torch.diag(s) @ V.T
    return X


# --8<-- [start:risk]
def empirical_risk(X: torch.Tensor, y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Return R̂_n(w) = ‖Xw − y‖² / (2n), the mean squared error halved."""
    residual = X @ w - y
    return 0.5 * (residual @ residual) / X.shape[0]


def empirical_risk_gradient(X: torch.Tensor, y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """Return ∇R̂_n(w) = Xᵀ(Xw − y) / n."""
    return X.T @ (X @ w - y) / X.shape[0]


# --8<-- [end:risk]


# --8<-- [start:closed_form]
def solve_normal_equations(X: object, y: object) -> torch.Tensor:
    """Return the least-squares weights by solving XᵀX w = Xᵀy with an LU factorization."""
    X_t, y_t = check_problem(X, y)
    w: torch.Tensor = torch.linalg.solve(X_t.T @ X_t, X_t.T @ y_t)
    return w


def solve_qr(X: object, y: object) -> torch.Tensor:
    """Return the least-squares weights from a QR factorization of X itself.

    With X = QR, the normal equations reduce to R w = Qᵀy, a triangular system. Working on X
    rather than on XᵀX avoids squaring the condition number; torch.linalg.lstsq does the
    same in one call (with column pivoting, and with results that can depend on threads).
    """
    X_t, y_t = check_problem(X, y)
    Q, R = torch.linalg.qr(X_t)
    w: torch.Tensor = torch.linalg.solve_triangular(R, (Q.T @ y_t).unsqueeze(1), upper=True)
    return w.squeeze(1)


def solve_by_inverse(X: object, y: object) -> torch.Tensor:
    """Return (XᵀX)⁻¹ Xᵀy by forming the inverse explicitly: shown for comparison only."""
    X_t, y_t = check_problem(X, y)
    inverse: torch.Tensor = torch.linalg.inv(X_t.T @ X_t)
    return inverse @ (X_t.T @ y_t)


# --8<-- [end:closed_form]


# --8<-- [start:hessian]
def hessian(X: object) -> torch.Tensor:
    """Return H = XᵀX / n, the Hessian of R̂_n at every w (it does not depend on w or y)."""
    X_t = as_finite_tensor("X", X, ndim=2)
    return X_t.T @ X_t / X_t.shape[0]


def stability_limit(X: object) -> float:
    """Return 2 / λ_max(H): gradient descent on R̂_n converges iff 0 < η < this value."""
    eigenvalues: torch.Tensor = torch.linalg.eigvalsh(hessian(X))
    return 2.0 / float(eigenvalues[-1])


# --8<-- [end:hessian]
