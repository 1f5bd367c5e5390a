"""Risk, empirical risk, and what minimizing the second does to the first.

Two settings. The first is a cartoon: a smooth "risk" θ·cos(πθ) and a bumpier "empirical
risk" that adds 0.2·cos(5πθ), drawn on [0.5, 1.5] to show that the two can have different
minimizers. The second is a real, one-parameter learning problem: estimate the mean μ of a
distribution with variance σ² under squared loss ℓ(θ; y) = (y − θ)². There

    R(θ) = E[(y − θ)²] = σ² + (θ − μ)²,        R̂_n(θ) = (1/n) Σ (y_i − θ)²,

the risk minimizer is θ* = μ with R(θ*) = σ², the empirical risk minimizer is the sample mean
θ̂_n = ȳ, and its expected excess risk E[R(θ̂_n)] − R(θ*) = E[(ȳ − μ)²] is exactly σ²/n, so a
measured rate can be checked against an exact one.
"""

import math
from dataclasses import dataclass

import torch

from optguide.objectives import x_cos_pi_x
from optguide.validation import as_finite_tensor, check_int, check_positive, check_sequence

__all__ = [
    "CARTOON_INTERVAL",
    "ExcessRisk",
    "cartoon_empirical_risk",
    "cartoon_risk",
    "draw_sample",
    "empirical_risk",
    "empirical_risk_minimizer",
    "excess_risk",
    "loglog_slope",
    "monte_carlo_excess_risk",
    "one_pass_sgd",
    "risk",
    "shrinkage_estimate",
    "shrinkage_excess_risk",
]

CARTOON_INTERVAL = (0.5, 1.5)
"""The window on which the cartoon is drawn and its minimizers are sought."""


def _check_alpha(alpha: object) -> float:
    """Return the penalty strength ``alpha`` as a float if it is finite and >= 0."""
    if isinstance(alpha, bool) or not isinstance(alpha, int | float):
        raise TypeError(f"alpha must be a real number, got {alpha!r}")
    if not (math.isfinite(alpha) and alpha >= 0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    return float(alpha)


def _check_mu(mu: object) -> float:
    """Return the mean ``mu`` as a float if it is a finite real number."""
    if isinstance(mu, bool) or not isinstance(mu, int | float):
        raise TypeError(f"mu must be a real number, got {mu!r}")
    if not math.isfinite(mu):
        raise ValueError(f"mu must be finite, got {mu!r}")
    return float(mu)


# --8<-- [start:cartoon]
def cartoon_risk(theta: torch.Tensor) -> torch.Tensor:
    """Return the cartoon's stand-in for the risk: the smooth θ·cos(πθ)."""
    return x_cos_pi_x(theta)


def cartoon_empirical_risk(theta: torch.Tensor) -> torch.Tensor:
    """Return the cartoon's empirical risk: θ·cos(πθ) + 0.2·cos(5πθ)."""
    return x_cos_pi_x(theta) + 0.2 * torch.cos(5 * math.pi * theta)


# --8<-- [end:cartoon]


def _check_draw(
    n: object, mu: object, sigma: object, seed: object
) -> tuple[int, float, float, int]:
    """Check the arguments of a draw: n >= 1, a finite mu, sigma > 0, seed >= 0."""
    return (
        check_int("n", n, minimum=1),
        _check_mu(mu),
        check_positive("sigma", sigma),
        check_int("seed", seed, minimum=0),
    )


# --8<-- [start:mean]
def draw_sample(n: int, mu: float, sigma: float, seed: int) -> torch.Tensor:
    """Draw n values y_i ~ N(μ, σ²), reproducibly from ``seed``."""
    n, mu, sigma, seed = _check_draw(n, mu, sigma, seed)
    generator = torch.Generator().manual_seed(seed)
    eps = torch.randn(n, generator=generator, dtype=torch.float64)
    return mu + sigma * eps


def risk(theta: torch.Tensor, mu: float, sigma: float) -> torch.Tensor:
    """Return R(θ) = E[(y − θ)²] = σ² + (θ − μ)²."""
    return sigma**2 + (theta - mu) ** 2


def empirical_risk(theta: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return R̂_n(θ) = (1/n) Σ_i (y_i − θ)² at every entry of ``theta``."""
    y = as_finite_tensor("y", y, ndim=1)
    return (y - theta.unsqueeze(-1)).pow(2).mean(dim=-1)


def empirical_risk_minimizer(y: torch.Tensor) -> float:
    """Return θ̂_n, the sample mean: where −(2/n) Σ (y_i − θ) = 0."""
    return float(as_finite_tensor("y", y, ndim=1).mean())


# --8<-- [end:mean]


def excess_risk(theta: float, mu: float) -> float:
    """Return R(θ) − R(θ*) = (θ − μ)²: how much worse θ does than the best parameter."""
    return (float(theta) - float(mu)) ** 2


def shrinkage_estimate(y: torch.Tensor, alpha: float) -> float:
    """Minimize R̂_n(θ) + αθ²: the sample mean pulled toward zero, ȳ / (1 + α).

    The penalty αθ² (weight decay) is the simplest regularizer; α = 0 gives back ERM.
    """
    alpha = _check_alpha(alpha)
    return empirical_risk_minimizer(y) / (1.0 + alpha)


def shrinkage_excess_risk(n: int, mu: float, sigma: float, alpha: float) -> float:
    """Return the exact expected excess risk of ȳ / (1 + α): squared bias plus variance.

    E[ȳ/(1+α)] = μ/(1+α) misses μ by αμ/(1+α) (the bias), and Var[ȳ/(1+α)] = σ²/(n(1+α)²).
    """
    n = check_int("n", n, minimum=1)
    sigma = check_positive("sigma", sigma)
    mu, alpha = _check_mu(mu), _check_alpha(alpha)
    bias = alpha * mu / (1.0 + alpha)
    variance = sigma**2 / (n * (1.0 + alpha) ** 2)
    return bias**2 + variance


@dataclass(frozen=True)
class ExcessRisk:
    """A Monte Carlo estimate of an expected excess risk and its standard error."""

    n: int
    mean: float
    standard_error: float
    trials: int


# --8<-- [start:monte_carlo]
def monte_carlo_excess_risk(
    n: int,
    mu: float,
    sigma: float,
    *,
    trials: int = 2000,
    alpha: float = 0.0,
    seed: int = 0,
) -> ExcessRisk:
    """Estimate E[R(θ̂_n)] − R(θ*) from ``trials`` training sets of size n.

    Each set's ERM ȳ/(1 + α) (α = 0: plain ERM) has excess risk (θ̂_n − μ)².
    """
    n, mu, sigma, seed = _check_draw(n, mu, sigma, seed)
    trials = check_int("trials", trials, minimum=2)
    alpha = _check_alpha(alpha)
    generator = torch.Generator().manual_seed(seed)
    chunk = max(1, 1_000_000 // n)  # at most a million numbers at a time
    errors = []
    for start in range(0, trials, chunk):
        rows = min(chunk, trials - start)
        eps = torch.randn(rows, n, generator=generator, dtype=torch.float64)
        theta_hat = (mu + sigma * eps).mean(dim=1) / (1.0 + alpha)
        errors.append((theta_hat - mu) ** 2)
    excess = torch.cat(errors)
    return ExcessRisk(
        n=n,
        mean=float(excess.mean()),
        standard_error=float(excess.std() / math.sqrt(trials)),
        trials=trials,
    )


# --8<-- [end:monte_carlo]


def loglog_slope(x: list[float], y: list[float]) -> float:
    """Return the least-squares slope of log y against log x: the exponent p in y ≈ c·x^p."""
    x, y = list(check_sequence("x", x)), list(check_sequence("y", y))  # type: ignore[arg-type]
    if len(x) != len(y) or len(x) < 2:
        raise ValueError(f"x and y must have the same length >= 2, got {len(x)} and {len(y)}")
    log_x = torch.log(as_finite_tensor("x", list(x), ndim=1))
    log_y = torch.log(as_finite_tensor("y", list(y), ndim=1))
    if not (bool(torch.isfinite(log_x).all()) and bool(torch.isfinite(log_y).all())):
        raise ValueError("x and y must be positive")
    centered = log_x - log_x.mean()
    return float((centered * (log_y - log_y.mean())).sum() / centered.pow(2).sum())


def _check_pass(y: object, theta0: object) -> tuple[torch.Tensor, float]:
    """Return the stream ``y`` (at least one dimension, last one the examples) and θ_0."""
    stream = as_finite_tensor("y", y)
    if stream.ndim < 1 or stream.shape[-1] < 1:
        raise ValueError(f"y must hold at least one example, got shape {tuple(stream.shape)}")
    if isinstance(theta0, bool) or not isinstance(theta0, int | float):
        raise TypeError(f"theta0 must be a real number, got {theta0!r}")
    if not math.isfinite(theta0):
        raise ValueError(f"theta0 must be finite, got {theta0!r}")
    return stream, float(theta0)


# --8<-- [start:one_pass]
def one_pass_sgd(y: torch.Tensor, theta0: float = 0.0) -> torch.Tensor:
    """Return θ_0, ..., θ_n: one SGD step per fresh example, none reused.

    Step t uses g_t = −2(y_t − θ_{t−1}), the loss gradient on a new example,
    and η_t = 1/(2t). Rows of a 2-D ``y`` are independent streams.
    """
    y, theta0 = _check_pass(y, theta0)
    theta = torch.full(y.shape[:-1], theta0, dtype=torch.float64)
    path = [theta]
    for t in range(1, y.shape[-1] + 1):
        gradient = -2.0 * (y[..., t - 1] - theta)  # E[g_t] = R'(θ)
        theta = theta - gradient / (2.0 * t)
        path.append(theta)
    return torch.stack(path, dim=-1)


# --8<-- [end:one_pass]
