"""Bias and variance of the regularized estimate ȳ / (1 + α), against α, for n = 10.

Exact curves for the squared bias, the variance and their sum, with Monte Carlo measurements
of the sum on top; the best α is marked where the computed total is smallest.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import ExcessRisk, monte_carlo_excess_risk, shrinkage_excess_risk

MU, SIGMA, N = 1.0, 2.0, 10
MEASURED_AT = (0.0, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0)
TEXT = {
    "x": r"regularization strength $\alpha$",
    "y": "expected excess risk",
    "total": "excess risk (exact)",
    "bias": r"squared bias $\left(\alpha\mu/(1+\alpha)\right)^2$",
    "variance": r"variance $\sigma^2/(n(1+\alpha)^2)$",
    "measured": "measured (Monte Carlo)",
    "erm": "ERM\n($\\alpha = 0$)",
    "best": r"best $\alpha$ = {alpha:.2f}",
}


@dataclass(frozen=True)
class Tradeoff:
    """Exact curves on a α grid, measured points, and the α with the smallest total."""

    alphas: torch.Tensor
    bias: torch.Tensor
    variance: torch.Tensor
    total: torch.Tensor
    measured: list[tuple[float, ExcessRisk]]
    best: float


def compute() -> Tradeoff:
    """Evaluate the exact decomposition on a grid and measure the total at a few α."""
    alphas = torch.linspace(0.0, 2.0, 401, dtype=torch.float64)
    bias = (alphas * MU / (1 + alphas)) ** 2
    variance = SIGMA**2 / (N * (1 + alphas) ** 2)
    total = torch.tensor([shrinkage_excess_risk(N, MU, SIGMA, float(alpha)) for alpha in alphas])
    measured = [
        (alpha, monte_carlo_excess_risk(N, MU, SIGMA, trials=20_000, alpha=alpha, seed=i))
        for i, alpha in enumerate(MEASURED_AT)
    ]
    return Tradeoff(alphas, bias, variance, total, measured, float(alphas[total.argmin()]))


def draw(data: Tradeoff, theme: Theme) -> Figure:
    """Plot the three exact curves, the measured totals, and mark ERM and the best α."""
    figure = new_figure(6.0, 4.0)
    axes = figure.add_subplot()
    axes.plot(data.alphas, data.total, color=theme.foreground, linewidth=2.4, label=TEXT["total"])
    axes.plot(data.alphas, data.bias, color=theme.color(0), linestyle="--", label=TEXT["bias"])
    axes.plot(
        data.alphas, data.variance, color=theme.color(1), linestyle="--", label=TEXT["variance"]
    )
    axes.errorbar(
        [alpha for alpha, _ in data.measured],
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
        TEXT["best"].format(alpha=data.best),
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
