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
    "chain_escape_steps",
    "chain_start",
    "cubic_newton_step",
    "double_well_saddle",
    "escape_iterations",
    "newton_step",
    "perturbed_gradient_descent",
    "predicted_escape_iterations",
    "saddle_chain",
    "saddle_free_newton_step",
    "trust_region_step",
]

Objective = Callable[[torch.Tensor], torch.Tensor]


# --8<-- [start:double_well_saddle]
def double_well_saddle(theta: torch.Tensor) -> torch.Tensor:
    """Return x²/2 − y²/2 + y⁴/4: a saddle at 0, minima at (0, ±1)."""
    x, y = theta[..., 0], theta[..., 1]
    return 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4


# --8<-- [end:double_well_saddle]


def _check_escape(
    saddle_point: object, start: object, lr: float, radius: float, max_steps: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Check the arguments of escape_iterations; return the two points as vectors."""
    check_positive("lr", lr)
    check_positive("radius", radius)
    check_int("max_steps", max_steps)
    center = as_finite_tensor("saddle_point", saddle_point, ndim=1)
    theta = as_finite_tensor("start", start, ndim=1)
    if theta.shape != center.shape:
        raise ValueError(f"start must have shape {tuple(center.shape)}, got {start!r}")
    return center, theta


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
    """Count steps until the offset along H's bottom eigenvector is radius."""
    center, theta = _check_escape(saddle_point, start, lr, radius, max_steps)
    _, vectors = torch.linalg.eigh(hessian(f, center))
    escape_direction = vectors[:, 0]  # eigenvalues come in ascending order
    for t in range(max_steps + 1):
        if abs(float(escape_direction @ (theta - center))) >= radius:
            return t
        theta = theta - lr * gradient(f, theta)
    return None  # on the attracting set, or slower than max_steps


# --8<-- [end:escape]


def predicted_escape_iterations(
    epsilon: float, *, lr: float, lambda_min: float, radius: float
) -> float:
    """log(radius/ε) / log(1 + η|λ_min|): the linear model's step count."""
    _check_prediction(epsilon, lr, lambda_min, radius)
    return math.log(radius / epsilon) / math.log1p(lr * abs(lambda_min))


def _check_prediction(epsilon: float, lr: float, lambda_min: float, radius: float) -> None:
    """Check the arguments of predicted_escape_iterations."""
    check_positive("epsilon", epsilon)
    check_positive("lr", lr)
    check_positive("radius", radius)
    if isinstance(lambda_min, bool) or not isinstance(lambda_min, int | float):
        raise TypeError(f"lambda_min must be a real number, got {lambda_min!r}")
    if not (math.isfinite(lambda_min) and lambda_min < 0):
        raise ValueError(f"lambda_min must be a finite negative number, got {lambda_min!r}")


# --8<-- [start:newton]
def newton_step(f: Objective, theta: object) -> torch.Tensor:
    """θ − H⁻¹∇f(θ): the critical point of the quadratic model of f."""
    point = as_finite_tensor("theta", theta, ndim=1)
    grad = gradient(f, point)
    step: torch.Tensor = torch.linalg.solve(hessian(f, point), grad)
    return point - step


def saddle_free_newton_step(f: Objective, theta: object) -> torch.Tensor:
    """θ − |H|⁻¹∇f(θ), |H| = Q|Λ|Qᵀ: downhill along negative curvature."""
    point = as_finite_tensor("theta", theta, ndim=1)
    values, vectors = torch.linalg.eigh(hessian(f, point))
    _check_invertible(values, theta)
    coordinates = vectors.T @ gradient(f, point)
    step: torch.Tensor = vectors @ (coordinates / values.abs())
    return point - step


# --8<-- [end:newton]


def _check_invertible(eigenvalues: torch.Tensor, theta: object) -> None:
    """Raise ValueError if some eigenvalue is (nearly) zero: |H| has no inverse then."""
    if bool((eigenvalues.abs() < 1e-12).any()):
        raise ValueError(f"the Hessian at theta={theta!r} is singular: |H| has no inverse")


def _eigh(matrix: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return eigh(matrix) with each eigenvector's largest entry made positive.

    An eigenvector is fixed only up to sign, and LAPACK builds may choose differently; the
    hard case below steps along the bottom eigenvector, so its sign must not depend on them.
    """
    values, vectors = torch.linalg.eigh(matrix)
    biggest = vectors.abs().argmax(dim=0)
    signs = torch.sign(vectors[biggest, torch.arange(vectors.shape[1])])
    return values, vectors * signs


# --8<-- [start:guarantees]
def _shifted_newton(
    f: Objective, point: torch.Tensor, radius: Callable[[float], float]
) -> torch.Tensor:
    """θ + s: (H + ξI)s = −∇f, H + ξI ⪰ 0, ‖s‖ = radius(ξ) unless ξ = 0."""
    values, vectors = _eigh(hessian(f, point))  # H = QΛQᵀ
    g = vectors.T @ gradient(f, point)  # the gradient in the eigenbasis
    low = max(0.0, -float(values[0]))  # H + ξI ⪰ 0 from here up

    def step(shift: float) -> torch.Tensor:
        keep = (values + shift).abs() > 1e-12
        s = torch.zeros_like(g)
        s[keep] = -g[keep] / (values + shift)[keep]
        return s

    def too_long(shift: float) -> bool:
        return float(step(shift).norm()) > radius(shift)

    bottom = (values + low).abs() <= 1e-12
    if bool((g[bottom].abs() <= 1e-12).all()) and not too_long(low):
        # Interior step, or the hard case: g misses the bottom
        # eigenvector, so complete the step along it.
        s = step(low)
        missing = radius(low) ** 2 - float(s.norm()) ** 2
        if low > 0 and missing > 0:
            s[0] += math.sqrt(missing)
        return point + vectors @ s
    high = low + 1.0  # ‖s(ξ)‖ falls as ξ grows: bracket, then bisect
    while too_long(high):
        high = 2 * high + 1.0
    while (middle := 0.5 * (low + high)) not in (low, high):  # to one ulp
        low, high = (middle, high) if too_long(middle) else (low, middle)
    return point + vectors @ step(high)


# --8<-- [end:guarantees]


def cubic_newton_step(
    f: Objective,
    theta: object,
    *,
    lipschitz: float,
) -> torch.Tensor:
    """Minimize gᵀs + ½ sᵀHs + (M/6)‖s‖³ (M = lipschitz): ‖s‖ = 2ξ/M."""
    m = check_positive("lipschitz", lipschitz)
    point = as_finite_tensor("theta", theta, ndim=1)
    return _shifted_newton(f, point, lambda shift: 2 * shift / m)


def trust_region_step(
    f: Objective,
    theta: object,
    *,
    radius: float,
) -> torch.Tensor:
    """Minimize gᵀs + ½ sᵀHs over ‖s‖ ≤ radius: ‖s‖ = radius unless inside."""
    r = check_positive("radius", radius)
    point = as_finite_tensor("theta", theta, ndim=1)
    return _shifted_newton(f, point, lambda shift: r)


@dataclass(frozen=True)
class PerturbedRun:
    """The iterates of perturbed gradient descent and the steps at which it kicked."""

    path: torch.Tensor
    kicks: list[int]


def _check_perturbed(
    lr: float, steps: int, radius: float, gradient_threshold: float, wait: int, seed: int
) -> None:
    """Check the numeric arguments of perturbed_gradient_descent."""
    check_positive("lr", lr)
    check_int("steps", steps)
    check_positive("radius", radius)
    check_positive("gradient_threshold", gradient_threshold)
    check_int("wait", wait, minimum=0)
    check_int("seed", seed, minimum=0)


def _ball_point(d: int, radius: float, generator: torch.Generator) -> torch.Tensor:
    """Return a point drawn uniformly from the d-dimensional ball of the given radius."""
    direction = torch.randn(d, generator=generator, dtype=torch.float64)
    length = radius * float(torch.rand((), generator=generator, dtype=torch.float64)) ** (1 / d)
    point: torch.Tensor = length * direction / direction.norm()
    return point


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
    """Run gradient descent with kicks, simplified from Jin et al. (2017)."""
    _check_perturbed(lr, steps, radius, gradient_threshold, wait, seed)
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    generator = torch.Generator().manual_seed(seed)
    kicks: list[int] = []
    path = [theta]
    for t in range(steps):
        grad = gradient(f, theta)
        small = float(grad.norm()) <= gradient_threshold
        if small and (not kicks or t - kicks[-1] > wait):
            # Kick: add a uniform point of the ball of that radius.
            theta = theta + _ball_point(theta.numel(), radius, generator)
            kicks.append(t)
            grad = gradient(f, theta)  # the step starts from the kicked point
        theta = theta - lr * grad
        path.append(theta)
    return PerturbedRun(torch.stack(path), kicks)


# --8<-- [end:perturbed]


# --8<-- [start:chain]
def saddle_chain(theta: torch.Tensor) -> torch.Tensor:
    """Σ_k ½ a_k x_k² + ¼ x_k⁴: strict saddles in a chain (after Du et al.)."""
    x = theta
    gate = x[..., :-1] ** 4 / (x[..., :-1] ** 4 + 0.1)  # g(x_{k−1})
    first = -torch.ones_like(x[..., :1])  # a_1 = −1
    a = torch.cat([first, 1 - 2 * gate], dim=-1)  # a_k = 1 − 2 g(x_{k−1})
    return (0.5 * a * x**2 + 0.25 * x**4).sum(dim=-1)


# --8<-- [end:chain]


def chain_start(d: int, *, epsilon: float = 1e-4, rest: float = 0.1) -> torch.Tensor:
    """Return the start (ε, rest, ..., rest) in d dimensions: next to the first saddle."""
    d = check_int("d", d, minimum=2)
    theta = torch.full((d,), check_positive("rest", rest), dtype=torch.float64)
    theta[0] = check_positive("epsilon", epsilon)
    return theta


def chain_escape_steps(path: torch.Tensor, *, threshold: float = 0.5) -> list[int | None]:
    """Return, for each coordinate, the first step at which |x_k| exceeds ``threshold``."""
    if not isinstance(path, torch.Tensor) or path.ndim != 2:
        raise TypeError(f"path must be a 2-D tensor of iterates, got {path!r}")
    threshold = check_positive("threshold", threshold)
    steps: list[int | None] = []
    for k in range(path.shape[1]):
        above = (path[:, k].abs() > threshold).nonzero()
        steps.append(int(above[0]) if len(above) else None)
    return steps
