"""Where the noise of stochastic gradient descent comes from: sampling the examples.

The gradient of the empirical risk is the mean of n per-example gradients. A minibatch of
B examples drawn at random gives the mean of B of them instead: an unbiased estimate of the
full gradient, whose error shrinks as B grows. This module measures that error directly,
from the per-example gradients, and compares it with the formula of survey sampling.
"""

from collections.abc import Callable
from dataclasses import dataclass

import torch

from optguide.validation import as_finite_tensor, check_int

__all__ = [
    "MinibatchNoise",
    "minibatch_noise",
    "noise_by_batch_size",
    "per_example_gradients",
    "trace_sigma",
]


def per_example_gradients(
    losses: Callable[[torch.Tensor], torch.Tensor], theta: object
) -> torch.Tensor:
    """Return the (n, d) matrix J whose row i is ∇ℓ_i(θ), for ``losses(θ)`` = (ℓ_1, …, ℓ_n).

    Computed with autograd in d + 1 backward passes rather than one per example: the
    gradient of Σ_i u_i ℓ_i(θ) with respect to θ is Jᵀu, and the derivative of its
    component j with respect to u is column j of J (at any u; we take u = 0).
    """
    point = as_finite_tensor("theta", theta, ndim=1).clone().requires_grad_()
    values = losses(point)
    if not isinstance(values, torch.Tensor) or values.ndim != 1:
        raise ValueError("losses must map a 1-D theta to a 1-D tensor of per-example losses")
    u = torch.zeros_like(values, requires_grad=True)
    (transposed,) = torch.autograd.grad(
        (values * u).sum(), point, create_graph=True, materialize_grads=True
    )
    columns = [
        torch.autograd.grad(entry, u, retain_graph=True)[0]
        if entry.requires_grad
        else torch.zeros_like(u)  # ℓ does not depend on this θ_j
        for entry in transposed
    ]
    return torch.stack(columns, dim=1).detach()


@dataclass(frozen=True)
class MinibatchNoise:
    """Measured error of minibatch gradients of one batch size, and the predicted variance.

    ``bias`` is the norm of (average minibatch gradient − full gradient) over the draws, which
    tends to zero for an unbiased estimate; ``variance`` is the average squared norm of
    (minibatch gradient − full gradient), ``standard_error`` that average's Monte Carlo
    standard error; ``predicted`` is its exact value for sampling
    without replacement, tr(Σ)/B · (n − B)/(n − 1).
    """

    batch_size: int
    bias: float
    variance: float
    predicted: float
    standard_error: float = 0.0


def _check_noise(
    gradients: object, batch_sizes: object, draws: object, seed: object
) -> tuple[torch.Tensor, tuple[int, ...]]:
    """Check the arguments of ``minibatch_noise``; return the gradients and the sizes."""
    per_example = as_finite_tensor("gradients", gradients, ndim=2)
    n = per_example.shape[0]
    sizes = _check_sizes(batch_sizes)
    if max(sizes) > n:
        raise ValueError(f"batch_sizes must be at most n = {n}, got {batch_sizes!r}")
    check_int("draws", draws, minimum=2)
    check_int("seed", seed, minimum=0)
    return per_example, sizes


# fmt: off
# --8<-- [start:minibatch_noise]
def minibatch_noise(
    gradients: object,
    batch_sizes: tuple[int, ...],
    *,
    draws: int = 2000,
    seed: int = 0,
) -> list[MinibatchNoise]:
    """Draw ``draws`` minibatches of each size, without replacement.

    ``gradients`` holds one per-example gradient per row. A minibatch
    gradient is the mean of its rows, the full gradient the mean of all
    rows; tr(Σ), the total variance of the rows, has the divisor n. A draw
    is a random order of the rows: its first B rows are the minibatch of
    size B, for every B.
    """
    per_example, sizes = _check_noise(gradients, batch_sizes, draws, seed)
    n = per_example.shape[0]
    generator = torch.Generator().manual_seed(seed)
    full = per_example.mean(dim=0)
    trace = float(((per_example - full) ** 2).sum(dim=1).mean())
    # argsort of uniform noise: an independent random permutation per draw
    order = torch.rand(draws, n, generator=generator).argsort(dim=1)
    rows = []
    for b in sizes:
        errors = per_example[order[:, :b]].mean(dim=1) - full
        squares = (errors**2).sum(dim=1)
        rows.append(MinibatchNoise(
            batch_size=b,
            bias=float(errors.mean(dim=0).norm()),
            variance=float(squares.mean()),
            predicted=trace / b * (n - b) / max(n - 1, 1),
            standard_error=float(squares.std() / draws**0.5),
        ))
    return rows


# --8<-- [end:minibatch_noise]
# fmt: on


def _check_sizes(batch_sizes: object) -> tuple[int, ...]:
    """Return ``batch_sizes`` as a tuple of integers >= 1."""
    if not isinstance(batch_sizes, tuple | list) or not batch_sizes:
        raise TypeError(f"batch_sizes must be a non-empty tuple of integers, got {batch_sizes!r}")
    return tuple(check_int("batch_sizes[i]", size, minimum=1) for size in batch_sizes)


def _data(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Return the synthetic least-squares inputs (n, 3) and targets (n,)."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 3, generator=generator, dtype=torch.float64)
    noise = torch.randn(n, generator=generator, dtype=torch.float64)
    return x, x @ torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64) + 0.3 * noise


def _gradients(n: object, seed: object, at: object) -> torch.Tensor:
    """Return the (n, 3) per-example gradients of ``noise_by_batch_size``'s problem."""
    x, y = _data(check_int("n", n, minimum=2), check_int("seed", seed, minimum=0))
    if at == "zero":
        theta = torch.zeros(3, dtype=torch.float64)
    elif at == "minimizer":
        theta = torch.linalg.lstsq(x, y[:, None]).solution[:, 0]
    else:
        raise ValueError(f"at must be 'zero' or 'minimizer', got {at!r}")
    return per_example_gradients(lambda t: 0.5 * (x @ t - y) ** 2, theta)


def noise_by_batch_size(
    batch_sizes: tuple[int, ...] = (1, 4, 16, 64, 256),
    *,
    n: int = 512,
    seed: int = 0,
    at: str = "zero",
) -> list[MinibatchNoise]:
    """Measure minibatch gradient noise for least squares on n synthetic examples.

    The data are y = x·(1, −2, 1/2) + 0.3 ξ with x and ξ standard Gaussian; the gradients
    are taken at θ = 0 (``at="zero"``, where training starts) or at the least-squares
    minimizer (``at="minimizer"``, where it ends). 4000 draws serve every batch size.
    """
    sizes = _check_sizes(batch_sizes)
    return minibatch_noise(_gradients(n, seed, at), sizes, draws=4000, seed=seed)


def trace_sigma(*, n: int = 512, seed: int = 0, at: str = "zero") -> float:
    """Return tr(Σ) for the problem of ``noise_by_batch_size``, without sampling.

    tr(Σ) is the variance of a minibatch gradient of one example, the quantity that sets
    the noise at every batch size; how it changes between θ = 0 and the minimizer is what
    ``at`` compares.
    """
    gradients = _gradients(n, seed, at)
    return float(((gradients - gradients.mean(dim=0)) ** 2).sum(dim=1).mean())
