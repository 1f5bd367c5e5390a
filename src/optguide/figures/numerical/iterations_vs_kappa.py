"""Iterations to shrink the error a millionfold against κ: plain descent, momentum and CG.

Measured on diagonal quadratics θᵀΛθ/2 in d = 1000 dimensions whose eigenvalues fill [1, κ]
at the Chebyshev points (clustered at both ends, a hard case), from one seeded Gaussian start
that weighs every eigenvector. Gradient descent runs with the optimal step 2/(λ_min + λ_max)
and with 1/λ_max, heavy-ball momentum with Polyak's parameters, and conjugate gradients. The
lines are upper bounds: ρ^k <= tol for descent with its factor ρ, and 2√κ ρ_√^k <= tol for CG
with ρ_√ = (√κ − 1)/(√κ + 1). The slopes of log(count) against log(κ) are fitted for κ >= 10.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.conditioning import (
    cg_iterations,
    descent_iterations,
    heavy_ball_iterations,
    heavy_ball_parameters,
    spread_spectrum,
)
from optguide.figures.style import Theme, new_figure

TOL = 1e-6
DIMENSION = 1000
SEED = 0
KAPPAS = tuple(float(k) for k in torch.logspace(0, 3, 13, dtype=torch.float64).tolist())
METHODS = ("optimal", "simple", "heavy ball", "cg")
TEXT = {
    "x": r"condition number $\kappa$",
    "y": r"iterations to $\|\theta_t\| \leq 10^{-6}\|\theta_0\|$",
    "optimal": r"descent, $\eta = 2/(\lambda_{\min}+\lambda_{\max})$",
    "simple": r"descent, $\eta = 1/\lambda_{\max}$",
    "heavy ball": "heavy-ball momentum (Polyak)",
    "cg": "conjugate gradients",
    "optimal bound": r"bound $((\kappa-1)/(\kappa+1))^t$",
    "simple bound": r"bound $(1-1/\kappa)^t$",
    "cg bound": r"CG bound $2\sqrt{\kappa}\,((\sqrt{\kappa}-1)/(\sqrt{\kappa}+1))^t$",
}


@dataclass(frozen=True)
class KappaSweep:
    """Condition numbers, measured counts per method, the bounds, and the fitted slopes."""

    kappas: tuple[float, ...]
    counts: dict[str, list[int]]
    bounds: dict[str, list[float]]
    slopes: dict[str, float]


def _steps(factor: float, scale: float = 1.0) -> float:
    """Return the smallest k >= 1 with scale·factor^k <= TOL (1 when factor is 0)."""
    if factor <= 0.0:
        return 1.0
    return max(1.0, math.ceil(math.log(TOL / scale) / math.log(factor) - 1e-9))


def _slope(kappas: tuple[float, ...], counts: list[int]) -> float:
    """Least-squares slope of log(count) against log(κ) over κ >= 10."""
    pairs = [(math.log(k), math.log(c)) for k, c in zip(kappas, counts, strict=True) if k >= 10]
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    num = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    return num / sum((x - mean_x) ** 2 for x, _ in pairs)


def compute() -> KappaSweep:
    """Count iterations of the four methods for each κ, and fit the slopes."""
    generator = torch.Generator().manual_seed(SEED)
    start = torch.randn(DIMENSION, generator=generator, dtype=torch.float64)
    counts: dict[str, list[int]] = {name: [] for name in METHODS}
    for kappa in KAPPAS:
        lam = spread_spectrum(kappa, d=DIMENSION)
        lr, beta = heavy_ball_parameters(1.0, kappa)
        counts["optimal"].append(descent_iterations(lam, start, 2.0 / (1.0 + kappa), TOL))
        counts["simple"].append(descent_iterations(lam, start, 1.0 / kappa, TOL))
        counts["heavy ball"].append(heavy_ball_iterations(lam, start, lr, beta, TOL))
        counts["cg"].append(cg_iterations(lam, start, TOL))
    root = [(math.sqrt(k) - 1.0) / (math.sqrt(k) + 1.0) for k in KAPPAS]
    bounds = {
        "optimal": [_steps((k - 1.0) / (k + 1.0)) for k in KAPPAS],
        "simple": [_steps(1.0 - 1.0 / k) for k in KAPPAS],
        "cg": [_steps(r, 2.0 * math.sqrt(k)) for r, k in zip(root, KAPPAS, strict=True)],
    }
    slopes = {name: _slope(KAPPAS, counts[name]) for name in METHODS}
    return KappaSweep(kappas=KAPPAS, counts=counts, bounds=bounds, slopes=slopes)


def facts(data: KappaSweep) -> dict[str, str]:
    """Return the fitted slopes, to two decimals, for the chapter's text."""
    return {
        f"slope_{name.replace(' ', '_')}": f"{slope:.2f}" for name, slope in data.slopes.items()
    }


def draw(data: KappaSweep, theme: Theme) -> Figure:
    """Plot measured counts as markers and the bounds as lines, log–log."""
    figure = new_figure(7.8, 3.8)
    axes = figure.add_subplot()
    markers = {"optimal": "o", "simple": "s", "heavy ball": "^", "cg": "D"}
    for index, name in enumerate(METHODS):
        color = theme.color(index)
        if name in data.bounds:
            axes.loglog(
                data.kappas,
                data.bounds[name],
                color=color,
                linewidth=1.1,
                linestyle="--" if name == "cg" else "-",
                label=TEXT[f"{name} bound"],
            )
        axes.loglog(
            data.kappas,
            data.counts[name],
            markers[name],
            color=color,
            markersize=5,
            label=TEXT[name],
        )
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5)
    return figure
