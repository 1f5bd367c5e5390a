"""Newton's method: a numerical method that uses curvature as well as slope.

Each step replaces f by its second-order Taylor model at θ_t and jumps to that model's
minimizer, θ_{t+1} = θ_t − H(θ_t)⁻¹ ∇f(θ_t), computed with a linear solve. On a quadratic
the model is f itself, so one step lands on the minimizer. The price is the Hessian: d² entries
to form and store, and a solve that costs on the order of d³ operations.
"""

import math

import torch
from torch.autograd.functional import hessian

from optguide.descent import gradient
from optguide.iterative import IterativeResult, Objective, check_tolerance
from optguide.sharpness import hessian_vector_product
from optguide.validation import as_finite_tensor, check_int

__all__ = ["newton", "newton_cg_step", "newton_step"]


# --8<-- [start:newton_step]
def newton_step(f: Objective, theta: torch.Tensor) -> torch.Tensor:
    """Return θ − H(θ)⁻¹∇f(θ), by a linear solve (no inverse)."""
    point = theta.detach()
    H = hessian(f, point)  # type: ignore[no-untyped-call]
    step: torch.Tensor = torch.linalg.solve(H, gradient(f, point))
    return point - step


# --8<-- [end:newton_step]


def newton(
    f: Objective, theta0: object, *, grad_tol: float = 1e-10, max_iter: int = 50
) -> IterativeResult:
    """Run Newton's method from ``theta0`` until ‖∇f‖ <= grad_tol or ``max_iter`` steps.

    Raises ValueError if an iterate stops being finite or the Hessian is singular, since
    neither leaves a usable answer.
    """
    grad_tol = check_tolerance("grad_tol", grad_tol)
    max_iter = check_int("max_iter", max_iter, minimum=1)
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    path, reason = [theta], "iteration budget"
    for t in range(max_iter):
        if float(torch.linalg.vector_norm(gradient(f, theta))) <= grad_tol:
            reason = "gradient norm"
            break
        try:
            theta = newton_step(f, theta)
        except RuntimeError as error:  # torch.linalg.LinAlgError derives from it
            raise ValueError(f"Newton's method hit a singular Hessian at step {t + 1}") from error
        if not bool(torch.isfinite(theta).all()):
            raise ValueError(f"Newton's method diverged at step {t + 1}")
        path.append(theta)
    with torch.no_grad():
        losses = torch.tensor([float(f(p)) for p in path], dtype=torch.float64)
    if not all(math.isfinite(v) for v in losses.tolist()):
        raise ValueError("Newton's method produced a non-finite loss")
    return IterativeResult(
        theta=theta,
        iterations=len(path) - 1,
        reason=reason,
        grad_norm=float(torch.linalg.vector_norm(gradient(f, theta))),
        path=torch.stack(path),
        losses=losses,
    )


# --8<-- [start:newton_cg]
def newton_cg_step(
    f: Objective,
    theta: torch.Tensor,
    iterations: int,
) -> torch.Tensor:
    """Return θ + Δθ, with H Δθ = −∇f solved by CG from products H v only."""
    point, iterations = _check_newton_cg(f, theta, iterations)
    g = gradient(f, point)
    step, r = torch.zeros_like(g), -g  # residual of H Δθ = −g at Δθ = 0
    p, rr = r, float(r @ r)
    for _ in range(iterations):
        if rr == 0.0:
            break
        Hp = hessian_vector_product(f, point, p)
        alpha = rr / float(p @ Hp)
        step, r = step + alpha * p, r - alpha * Hp
        rr_new = float(r @ r)
        p, rr = r + (rr_new / rr) * p, rr_new
    return point + step


# --8<-- [end:newton_cg]


def _check_newton_cg(f: object, theta: object, iterations: object) -> tuple[torch.Tensor, int]:
    """Check the arguments of ``newton_cg_step``."""
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    point = as_finite_tensor("theta", theta, ndim=1)
    return point, check_int("iterations", iterations, minimum=1)
