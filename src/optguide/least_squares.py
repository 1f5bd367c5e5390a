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
from fractions import Fraction

import torch
from torch import Tensor

from optguide.validation import as_finite_tensor, as_samples, check_int, check_positive

__all__ = [
    "LeastSquares",
    "check_problem",
    "descent_floor",
    "design_with_condition",
    "empirical_risk",
    "empirical_risk_gradient",
    "exact_least_squares",
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
def empirical_risk(X: Tensor, y: Tensor, w: Tensor) -> Tensor:
    """Return R̂_n(w) = ‖Xw − y‖² / (2n), the mean squared error halved."""
    residual = X @ w - y
    return 0.5 * (residual @ residual) / X.shape[0]


def empirical_risk_gradient(X: Tensor, y: Tensor, w: Tensor) -> Tensor:
    """Return ∇R̂_n(w) = Xᵀ(Xw − y) / n."""
    return X.T @ (X @ w - y) / X.shape[0]


# --8<-- [end:risk]


# --8<-- [start:closed_form]
def solve_normal_equations(X: object, y: object) -> Tensor:
    """Solve XᵀX w = Xᵀy by an LU factorization."""
    X, y = check_problem(X, y)
    w: Tensor = torch.linalg.solve(X.T @ X, X.T @ y)
    return w


def solve_qr(X: object, y: object) -> Tensor:
    """Factor X = QR and solve the triangular system R w = Qᵀy."""
    X, y = check_problem(X, y)
    Q, R = torch.linalg.qr(X)
    b = (Q.T @ y).unsqueeze(1)
    w: Tensor = torch.linalg.solve_triangular(R, b, upper=True)
    return w.squeeze(1)


def solve_by_inverse(X: object, y: object) -> Tensor:
    """Return (XᵀX)⁻¹ Xᵀy with the inverse formed: for comparison only."""
    X, y = check_problem(X, y)
    inverse: Tensor = torch.linalg.inv(X.T @ X)
    return inverse @ (X.T @ y)


# --8<-- [end:closed_form]


# --8<-- [start:hessian]
def hessian(X: object) -> Tensor:
    """Return H = XᵀX / n, the Hessian of R̂_n at every w."""
    X = as_finite_tensor("X", X, ndim=2)
    return X.T @ X / X.shape[0]


def stability_limit(X: object) -> float:
    """Return 2 / λ_max(H): descent converges iff 0 < η < this value."""
    eigenvalues: Tensor = torch.linalg.eigvalsh(hessian(X))
    return 2.0 / float(eigenvalues[-1])


# --8<-- [end:hessian]


def exact_least_squares(X: object, y: object) -> Tensor:
    """Return the minimizer of ‖Xw − y‖² for the given floats, rounded once to float64.

    Every float is a rational number, so the normal equations XᵀX w = Xᵀy of the data as
    stored can be formed and solved exactly in rational arithmetic (``fractions``): no
    rounding happens before the final conversion. This is the reference the floating-point
    floor is measured against. The cost grows quickly with d; it is meant for d <= 10.
    """
    X_t, y_t = check_problem(X, y)
    if X_t.shape[1] > 10:
        raise ValueError(
            f"X must have at most 10 columns for exact arithmetic, got {X_t.shape[1]}"
        )
    d = X_t.shape[1]
    # Scale every float to an integer by one power of two, so that the sums of products
    # are exact integer arithmetic (fast), then solve with exact fractions.
    rows, targets = _as_integers(X_t.tolist()), _as_integers([y_t.tolist()])[0]
    A = [[Fraction(sum(r[i] * r[j] for r in rows)) for j in range(d)] for i in range(d)]
    b = [Fraction(sum(r[i] * t for r, t in zip(rows, targets, strict=True))) for i in range(d)]
    scale_x, scale_y = _scale(X_t.tolist()), _scale([y_t.tolist()])
    ratio = Fraction(scale_x, scale_y)  # w = (XᵀX)⁻¹Xᵀy: the scales cancel to this
    for col in range(d):  # Gaussian elimination; exact, so any nonzero pivot will do
        pivot = next((r for r in range(col, d) if A[r][col] != 0), None)
        if pivot is None:
            raise ValueError("X must have full column rank")
        A[col], A[pivot], b[col], b[pivot] = A[pivot], A[col], b[pivot], b[col]
        for r in range(col + 1, d):
            factor = A[r][col] / A[col][col]
            A[r] = [a - factor * p for a, p in zip(A[r], A[col], strict=True)]
            b[r] -= factor * b[col]
    w = [Fraction(0)] * d
    for i in reversed(range(d)):
        w[i] = (b[i] - sum(A[i][j] * w[j] for j in range(i + 1, d))) / A[i][i]
    return torch.tensor([float(v * ratio) for v in w], dtype=torch.float64)


def _scale(rows: list[list[float]]) -> int:
    """Return the power of two that turns every float of ``rows`` into an integer."""
    return max((v.as_integer_ratio()[1] for row in rows for v in row), default=1)


def _as_integers(rows: list[list[float]]) -> list[list[int]]:
    """Return ``rows`` times ``_scale(rows)``: exact integers."""
    scale = _scale(rows)
    return [[int(Fraction(v) * scale) for v in row] for row in rows]


def descent_floor(X: object, y: object, dtype: torch.dtype, steps: int) -> float:
    """Return the relative distance at which gradient descent stalls in ``dtype``.

    X and y are rounded to ``dtype``; gradient descent with the optimal step
    2/(λ_min + λ_max) of the rounded problem runs ``steps`` times from 0, and the median of
    ‖w_k − w*‖/‖w*‖ over the last fifth of the run is returned, with w* the exact minimizer
    of the rounded problem (``exact_least_squares``). ``steps`` must be large enough for
    the run to reach its floor: about κ/2·ln(1/u) steps, for κ = κ(H).
    """
    X_t, y_t = check_problem(X, y)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating-point torch.dtype, got {dtype!r}")
    steps = check_int("steps", steps, minimum=5)
    Xd, yd = X_t.to(dtype), y_t.to(dtype)
    star = exact_least_squares(Xd.double(), yd.double())
    eigenvalues = torch.linalg.eigvalsh(hessian(Xd.double()))
    lr = 2.0 / float(eigenvalues[0] + eigenvalues[-1])
    n, w, tail = Xd.shape[0], torch.zeros(Xd.shape[1], dtype=dtype), []
    XT = Xd.T.contiguous()
    for k in range(steps):
        residual = torch.addmv(-yd, Xd, w)  # Xw − y
        w = torch.addmv(w, XT, residual, alpha=-lr / n)  # w − η Xᵀ(Xw − y)/n
        if k >= steps - steps // 5:
            tail.append(w)
    distances = torch.linalg.vector_norm(torch.stack(tail).double() - star, dim=1)
    return float(distances.median()) / float(torch.linalg.vector_norm(star))
