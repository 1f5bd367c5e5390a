"""What descent methods do near a saddle point, measured.

The running example is f(x, y) = x²/2 − y²/2 + y⁴/4: a saddle point at the origin, with
Hessian diag(1, −1) there, between two minimizers at (0, ±1). Near the origin it looks like
the quadratic saddle (x² − y²)/2; farther out the quartic term bends the descending
direction back up, so a method that leaves the saddle has somewhere to go.

Gradient descent multiplies the offset along an eigenvector of H with eigenvalue λ by
(1 − ηλ) per step. Along the negative-curvature direction (λ < 0) that factor exceeds one,
so an offset ε grows like ε(1 + η|λ|)ᵗ and reaches a distance r after about
log(r/ε) / log(1 + η|λ|) steps. Exactly on the attracting set (offset zero) it never grows.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from optguide.curvature import hessian
from optguide.descent import gradient
from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = [
    "PerturbedRun",
    "double_well_saddle",
    "escape_iterations",
    "newton_step",
    "perturbed_gradient_descent",
    "predicted_escape_iterations",
    "saddle_free_newton_step",
]

Objective = Callable[[torch.Tensor], torch.Tensor]


# --8<-- [start:double_well_saddle]
def double_well_saddle(theta: torch.Tensor) -> torch.Tensor:
    """Return f(x, y) = x²/2 − y²/2 + y⁴/4: a saddle at 0, minimizers at (0, ±1)."""
    x, y = theta[..., 0], theta[..., 1]
    return 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4


# --8<-- [end:double_well_saddle]


# --8<-- [start:escape]
def escape_iterations(
    f: Objective,
    saddle_point: object,
    start: object,
    *,
    lr: float,
    radius: float,
    max_steps: int = 10_000,
) -> int | None:
    """Count the gradient-descent steps from ``start`` until it leaves the saddle.

    "Leaving" means that the offset from ``saddle_point`` along the Hessian's
    most-negative eigenvector reaches ``radius``. Returns None if that has not happened
    after ``max_steps`` steps, which is what a start on the attracting set gives.
    """
    lr = check_positive("lr", lr)
    radius = check_positive("radius", radius)
    max_steps = check_int("max_steps", max_steps)
    center = as_finite_tensor("saddle_point", saddle_point, ndim=1)
    theta = as_finite_tensor("start", start, ndim=1)
    if theta.shape != center.shape:
        raise ValueError(f"start must have shape {tuple(center.shape)}, got {start!r}")
    _, vectors = torch.linalg.eigh(hessian(f, center))
    escape_direction = vectors[:, 0]  # eigh sorts eigenvalues in ascending order
    for t in range(max_steps + 1):
        if abs(float(escape_direction @ (theta - center))) >= radius:
            return t
        theta = theta - lr * gradient(f, theta)
    return None


def predicted_escape_iterations(
    epsilon: float, *, lr: float, lambda_min: float, radius: float
) -> float:
    """Return log(radius/ε) / log(1 + η|λ_min|), the steps the linear model predicts."""
    epsilon = check_positive("epsilon", epsilon)
    lr = check_positive("lr", lr)
    radius = check_positive("radius", radius)
    if not (math.isfinite(lambda_min) and lambda_min < 0):
        raise ValueError(f"lambda_min must be a finite negative number, got {lambda_min!r}")
    return math.log(radius / epsilon) / math.log1p(lr * abs(lambda_min))


# --8<-- [end:escape]


# --8<-- [start:newton]
def newton_step(f: Objective, theta: object) -> torch.Tensor:
    """Return θ − H⁻¹∇f(θ): the critical point of the local quadratic model of f.

    That critical point is a minimizer of the model only if H is positive definite; near a
    saddle it is the model's saddle, so Newton's method is drawn to it.
    """
    point = as_finite_tensor("theta", theta, ndim=1)
    step: torch.Tensor = torch.linalg.solve(hessian(f, point), gradient(f, point))
    return point - step


def saddle_free_newton_step(f: Objective, theta: object) -> torch.Tensor:
    """Return θ − |H|⁻¹∇f(θ), where |H| = V|Λ|Vᵀ takes absolute values of the eigenvalues.

    Along a direction of negative curvature this flips the Newton step, so it goes
    downhill instead of toward the saddle (Dauphin et al., 2014).
    """
    point = as_finite_tensor("theta", theta, ndim=1)
    eigenvalues, vectors = torch.linalg.eigh(hessian(f, point))
    if bool((eigenvalues.abs() < 1e-12).any()):
        raise ValueError(f"the Hessian at theta={theta!r} is singular: |H| has no inverse")
    step: torch.Tensor = vectors @ ((vectors.T @ gradient(f, point)) / eigenvalues.abs())
    return point - step


# --8<-- [end:newton]


@dataclass(frozen=True)
class PerturbedRun:
    """The iterates of perturbed gradient descent and the steps at which it kicked."""

    path: torch.Tensor
    kicks: list[int]


# --8<-- [start:perturbed]
def perturbed_gradient_descent(
    f: Objective,
    theta0: object,
    *,
    lr: float,
    steps: int,
    radius: float,
    gradient_threshold: float,
    wait: int,
    seed: int = 0,
) -> PerturbedRun:
    """Gradient descent that adds a small random kick whenever the gradient is tiny.

    A simplified form of the perturbed gradient descent of Jin et al. (2017): when
    ‖∇f‖ ≤ ``gradient_threshold`` and no kick happened in the last ``wait`` steps, add a
    point drawn uniformly from the ball of the given ``radius``. Returns every iterate and
    the steps at which a kick was added.
    """
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps)
    radius = check_positive("radius", radius)
    gradient_threshold = check_positive("gradient_threshold", gradient_threshold)
    wait = check_int("wait", wait, minimum=0)
    seed = check_int("seed", seed, minimum=0)
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    generator = torch.Generator().manual_seed(seed)
    kicks: list[int] = []
    path = [theta]
    for t in range(steps):
        grad = gradient(f, theta)
        if float(grad.norm()) <= gradient_threshold and (not kicks or t - kicks[-1] > wait):
            direction = torch.randn(theta.shape, generator=generator, dtype=theta.dtype)
            length = radius * float(torch.rand((), generator=generator)) ** (1 / theta.numel())
            theta = theta + length * direction / direction.norm()
            kicks.append(t)
            grad = gradient(f, theta)
        theta = theta - lr * grad
        path.append(theta)
    return PerturbedRun(torch.stack(path), kicks)


# --8<-- [end:perturbed]
