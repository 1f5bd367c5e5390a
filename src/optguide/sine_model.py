"""A nonconvex empirical risk: fitting the frequency θ of f_θ(x) = sin(θx).

Data: x uniform on [−π, π], y = sin(θ* x) + σξ with θ* = 2 and σ = 0.5. Under squared loss
the risk has a closed form: with sinc(u) = sin(u)/u and E[cos(ωx)] = sinc(ωπ),

    R(θ) = σ² + ½(1 − sinc(2θπ)) + ½(1 − sinc(2θ*π)) − sinc((θ − θ*)π) + sinc((θ + θ*)π),

which has several local minimizers in θ. The empirical risk is a random, wiggly copy of it,
and with few examples its global minimizer can sit in another basin than θ*'s.
"""

import math

import torch

from optguide.generalization import Sample
from optguide.validation import as_finite_tensor, check_int

__all__ = [
    "INTERVAL",
    "NOISE",
    "THETA_STAR",
    "sine_data",
    "sine_empirical_risk",
    "sine_erm",
    "sine_risk",
    "wrong_basin_count",
]

THETA_STAR, NOISE = 2.0, 0.5
"""The true frequency and the noise level."""

INTERVAL = (0.0, 6.0)
"""The frequencies searched, and drawn."""

GRID = 1201
"""Grid points on INTERVAL for the global search (spacing 0.005)."""


def _as_theta(theta: object) -> torch.Tensor:
    """Return θ as a float64 tensor; a tensor keeps its autograd graph."""
    if isinstance(theta, torch.Tensor):
        if not bool(torch.isfinite(theta).all()):
            raise ValueError(f"theta must be finite, got {theta!r}")
        return theta.to(torch.float64)
    return as_finite_tensor("theta", theta)


def _sinc(u: torch.Tensor) -> torch.Tensor:
    safe = torch.where(u == 0, torch.ones_like(u), u)
    return torch.where(u == 0, torch.ones_like(u), torch.sin(safe) / safe)


def sine_risk(theta: torch.Tensor) -> torch.Tensor:
    """Return the exact risk R(θ) of sin(θx) at every entry of ``theta``."""
    t = _as_theta(theta)
    star = torch.tensor(THETA_STAR, dtype=torch.float64)
    fit = 0.5 * (1 - _sinc(2 * math.pi * t)) + 0.5 * (1 - _sinc(2 * math.pi * star))
    cross = _sinc((t - star) * math.pi) - _sinc((t + star) * math.pi)
    return NOISE**2 + fit - cross


def sine_data(n: int, seed: int) -> Sample:
    """Draw n examples x ~ U[−π, π], y = sin(θ* x) + σξ, reproducibly from ``seed``."""
    n, seed = check_int("n", n, minimum=1), check_int("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed)
    x = math.pi * (2 * torch.rand(n, generator=generator, dtype=torch.float64) - 1)
    eps = torch.randn(n, generator=generator, dtype=torch.float64)
    return Sample(x, torch.sin(THETA_STAR * x) + NOISE * eps)


def _check_sample(sample: object) -> Sample:
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {sample!r}")
    return sample


# --8<-- [start:erm]
def sine_empirical_risk(theta: torch.Tensor, sample: Sample) -> torch.Tensor:
    """Return R̂_n(θ) = (1/n) Σ (y_i − sin(θ x_i))² at every entry of θ."""
    t = _as_theta(theta).unsqueeze(-1)
    sample = _check_sample(sample)
    return (sample.y - torch.sin(t * sample.x)).pow(2).mean(dim=-1)


def sine_erm(sample: Sample) -> float:
    """Return the global minimizer of R̂_n on INTERVAL, by a grid search."""
    grid = torch.linspace(*INTERVAL, GRID, dtype=torch.float64)
    return float(grid[sine_empirical_risk(grid, sample).argmin()])


# --8<-- [end:erm]


def basin() -> tuple[float, float]:
    """Return the local maxima of R on each side of θ*: the ends of θ*'s basin."""
    grid = torch.linspace(*INTERVAL, GRID, dtype=torch.float64)
    r = sine_risk(grid)
    inner = r[1:-1]
    peaks = grid[1:-1][(inner > r[:-2]) & (inner > r[2:])]
    return float(peaks[peaks < THETA_STAR].max()), float(peaks[peaks > THETA_STAR].min())


def wrong_basin_count(n: int, trials: int = 200) -> int:
    """Count, over ``trials`` samples of size n (seeds 0, 1, ...), ERMs outside θ*'s basin."""
    n = check_int("n", n, minimum=1)
    trials = check_int("trials", trials, minimum=1)
    low, high = basin()
    erms = torch.tensor([sine_erm(sine_data(n, seed)) for seed in range(trials)])
    return int(((erms < low) | (erms > high)).sum())
