"""Bias and variance of the regularized estimate ȳ / (1 + λ), against λ, for n = 10.

Exact curves for the squared bias, the variance and their sum, with Monte Carlo measurements
of the sum on top; the best λ is marked where the computed total is smallest.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import ExcessRisk, monte_carlo_excess_risk, shrinkage_excess_risk

MU, SIGMA, N = 1.0, 2.0, 10
MEASURED_AT = (0.0, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0)
TEXT = {
    "x": r"regularization strength $\lambda$",
    "y": "expected excess risk",
    "total": "excess risk (exact)",
    "bias": r"squared bias $\left(\lambda\mu/(1+\lambda)\right)^2$",
    "variance": r"variance $\sigma^2/(n(1+\lambda)^2)$",
    "measured": "measured (Monte Carlo)",
    "erm": "ERM\n($\\lambda = 0$)",
    "best": r"best $\lambda$ = {lam:.2f}",
}


@dataclass(frozen=True)
class Tradeoff:
    """Exact curves on a λ grid, measured points, and the λ with the smallest total."""

    lams: torch.Tensor
    bias: torch.Tensor
    variance: torch.Tensor
    total: torch.Tensor
    measured: list[tuple[float, ExcessRisk]]
    best: float


def compute() -> Tradeoff:
    """Evaluate the exact decomposition on a grid and measure the total at a few λ."""
    lams = torch.linspace(0.0, 2.0, 401, dtype=torch.float64)
    bias = (lams * MU / (1 + lams)) ** 2
    variance = SIGMA**2 / (N * (1 + lams) ** 2)
    total = torch.tensor([shrinkage_excess_risk(N, MU, SIGMA, float(lam)) for lam in lams])
    measured = [
        (lam, monte_carlo_excess_risk(N, MU, SIGMA, trials=20_000, lam=lam, seed=i))
        for i, lam in enumerate(MEASURED_AT)
    ]
    return Tradeoff(lams, bias, variance, total, measured, float(lams[total.argmin()]))


def draw(data: Tradeoff, theme: Theme) -> Figure:
    """Plot the three exact curves, the measured totals, and mark ERM and the best λ."""
    figure = new_figure(6.0, 4.0)
    axes = figure.add_subplot()
    axes.plot(data.lams, data.total, color=theme.foreground, linewidth=2.4, label=TEXT["total"])
    axes.plot(data.lams, data.bias, color=theme.color(0), linestyle="--", label=TEXT["bias"])
    axes.plot(
        data.lams, data.variance, color=theme.color(1), linestyle="--", label=TEXT["variance"]
    )
    axes.errorbar(
        [lam for lam, _ in data.measured],
        [e.mean for _, e in data.measured],
        yerr=[2 * e.standard_error for _, e in data.measured],
        fmt="o",
        color=theme.color(2),
        markersize=5,
        capsize=2.5,
        linewidth=1.0,
        label=TEXT["measured"],
        zorder=3,
    )
    best_value = float(data.total.min())
    axes.axvline(data.best, color=theme.highlight, linestyle=":", linewidth=1.2)
    axes.annotate(
        TEXT["best"].format(lam=data.best),
        xy=(data.best, best_value),
        xytext=(28, 38),
        textcoords="offset points",
        ha="left",
        va="bottom",
        color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    axes.annotate(
        TEXT["erm"],
        xy=(0.0, float(data.total[0])),
        xytext=(24, 14),
        textcoords="offset points",
        ha="left",
        va="bottom",
        color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    axes.set_xlim(0.0, 2.0)
    axes.set_ylim(0.0, float(data.total.max()) * 1.08)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    figure.legend(loc="outside upper center", ncol=2, fontsize=8.5)
    return figure
