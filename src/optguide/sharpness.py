"""Curvature without the Hessian: Hessian-vector products, and the edge of stability.

A Hessian-vector product H(θ)v is the directional derivative of the gradient along v. Reverse
mode computes it exactly by differentiating ∇f(θ)ᵀv once more (Pearlmutter, 1994), at the
cost of a few gradient evaluations and O(d) memory: the d × d Hessian is never formed. Power
iteration on these products gives the largest Hessian eigenvalue λ_max (the sharpness) of a
network with any number of parameters.

The edge of stability (Cohen et al., 2021): full-batch gradient descent with a fixed step η on
a neural network drives λ_max up until it reaches 2/η, the limit of the quadratic theory, and
then holds it there while the loss keeps falling, though not monotonically.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor

from optguide.descent import gradient
from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = [
    "SharpnessRun",
    "hessian_vector_product",
    "small_network",
    "top_eigenvalue",
    "train_tracking_sharpness",
]

Objective = Callable[[Tensor], Tensor]


def _check_objective(f: object) -> None:
    """Raise TypeError unless ``f`` is callable."""
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")


# --8<-- [start:hvp]
def hessian_vector_product(f: Objective, theta: Tensor, v: Tensor) -> Tensor:
    """Return H(θ)v without forming H: the gradient of ∇f(θ)ᵀv."""
    point = theta.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(f(point), point, create_graph=True)
    (Hv,) = torch.autograd.grad(g @ v, point)
    return Hv


def top_eigenvalue(
    f: Objective,
    theta: Tensor,
    iterations: int = 20,
    start: Tensor | None = None,
) -> tuple[float, Tensor]:
    """Return λ_max(H(θ)) and its eigenvector, by power iteration on H v."""
    _check_objective(f)
    iterations = check_int("iterations", iterations, minimum=1)
    v = _start_vector(theta, start)
    eigenvalue = 0.0
    for _ in range(iterations):
        Hv = hessian_vector_product(f, theta, v)
        eigenvalue = float(Hv @ v)  # Rayleigh quotient, ‖v‖ = 1
        v = Hv / torch.linalg.vector_norm(Hv)
    return eigenvalue, v


# --8<-- [end:hvp]


def _start_vector(theta: Tensor, start: Tensor | None) -> Tensor:
    """Return a unit start vector for power iteration: ``start``, or a seeded one."""
    if not isinstance(theta, Tensor) or theta.ndim != 1:
        raise TypeError(f"theta must be a 1-D tensor, got {theta!r}")
    if start is None:
        generator = torch.Generator().manual_seed(1)
        start = torch.randn(theta.shape[0], generator=generator, dtype=theta.dtype)
    v = as_finite_tensor("start", start, ndim=1, dtype=theta.dtype)
    if v.shape != theta.shape or not bool(v.any()):
        raise ValueError(f"start must be a nonzero vector of shape {tuple(theta.shape)}")
    unit: Tensor = v / torch.linalg.vector_norm(v)
    return unit


def small_network(seed: int = 0, hidden: int = 16) -> tuple[Objective, Tensor]:
    """Return the mean squared error of a 1–h–h–1 tanh network fitting sin(2x), and θ_0.

    40 points on [−2, 2]; θ holds every weight and bias in one vector. The weights start
    Gaussian with variance 1/fan-in, the biases at zero (seeded), all in float64.
    """
    check_int("seed", seed, minimum=0)
    hidden = check_int("hidden", hidden, minimum=1)
    x = torch.linspace(-2.0, 2.0, 40, dtype=torch.float64).unsqueeze(1)
    y = torch.sin(2.0 * x).squeeze(1)
    shapes = [(hidden, 1), (hidden,), (hidden, hidden), (hidden,), (1, hidden), (1,)]
    sizes = [math.prod(shape) for shape in shapes]
    generator = torch.Generator().manual_seed(seed)
    parts = []
    for shape, size in zip(shapes, sizes, strict=True):
        if len(shape) == 1:
            parts.append(torch.zeros(size, dtype=torch.float64))
        else:
            scale = 1.0 / math.sqrt(shape[1])
            parts.append(scale * torch.randn(size, generator=generator, dtype=torch.float64))

    def loss(theta: Tensor) -> Tensor:
        W1, b1, W2, b2, W3, b3 = (
            chunk.view(shape)
            for chunk, shape in zip(torch.split(theta, sizes), shapes, strict=True)
        )
        z = torch.tanh(x @ W1.T + b1)
        z = torch.tanh(z @ W2.T + b2)
        out = (z @ W3.T + b3).squeeze(1)
        return 0.5 * ((out - y) ** 2).mean()

    return loss, torch.cat(parts)


@dataclass(frozen=True)
class SharpnessRun:
    """Losses at every step, and λ_max at the steps ``measured_at``."""

    lr: float
    losses: Tensor
    measured_at: list[int]
    sharpness: list[float]


def train_tracking_sharpness(
    f: Objective, theta0: Tensor, lr: float, steps: int, every: int = 25
) -> SharpnessRun:
    """Run full-batch gradient descent, measuring λ_max every ``every`` steps.

    Power iteration restarts from the last eigenvector, so a few iterations suffice.
    """
    _check_objective(f)
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, minimum=1)
    every = check_int("every", every, minimum=1)
    theta = as_finite_tensor("theta0", theta0, ndim=1)
    losses, measured_at, sharpness = [], [], []
    v: Tensor | None = None
    for k in range(steps + 1):
        if k % every == 0:
            eigenvalue, v = top_eigenvalue(f, theta, 20 if v is None else 8, v)
            measured_at.append(k)
            sharpness.append(eigenvalue)
        with torch.no_grad():
            losses.append(float(f(theta)))
        if k < steps:
            theta = theta - lr * gradient(f, theta)
    return SharpnessRun(
        lr=lr,
        losses=torch.tensor(losses, dtype=torch.float64),
        measured_at=measured_at,
        sharpness=sharpness,
    )
