"""Empirical risk curves of the mean-estimation problem for n = 10, 100 and 10 000.

Each curve is R̂_n(θ) = (1/n) Σ (y_i − θ)² for one seeded sample, drawn over the true risk
R(θ) = σ² + (θ − μ)². The markers sit at the computed minimizers.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import draw_sample, empirical_risk, empirical_risk_minimizer, risk

MU, SIGMA = 1.0, 2.0
SIZES = (10, 100, 10_000)
TEXT = {
    "x": r"$\theta$",
    "y": "loss",
    "risk": r"risk $R(\theta) = \sigma^2 + (\theta - \mu)^2$",
    "empirical": r"$\hat R_{{n}}(\theta)$, $n = {n:,}$",
    "star": r"$\theta^\star = \mu$",
}


@dataclass(frozen=True)
class Curves:
    """The θ grid, the risk on it, and each sample size's empirical risk and minimizer."""

    thetas: torch.Tensor
    risk: torch.Tensor
    empirical: dict[int, torch.Tensor]
    minimizers: dict[int, tuple[float, float]]


def compute() -> Curves:
    """Draw one seeded sample per size (seed = n) and evaluate the curves on a grid."""
    thetas = torch.linspace(-1.0, 3.0, 401, dtype=torch.float64)
    empirical, minimizers = {}, {}
    for n in SIZES:
        y = draw_sample(n, MU, SIGMA, seed=n)
        empirical[n] = empirical_risk(thetas, y)
        theta_hat = empirical_risk_minimizer(y)
        minimizers[n] = (theta_hat, float(empirical_risk(torch.tensor(theta_hat), y)))
    return Curves(thetas, risk(thetas, MU, SIGMA), empirical, minimizers)


def draw(data: Curves, theme: Theme) -> Figure:
    """Plot the risk and the empirical risks; mark every minimizer."""
    figure = new_figure(6.4, 3.8)
    axes = figure.add_subplot()
    axes.plot(data.thetas, data.risk, color=theme.foreground, linewidth=2.6, label=TEXT["risk"])
    for index, n in enumerate(SIZES):
        color = theme.color(index)
        axes.plot(
            data.thetas,
            data.empirical[n],
            color=color,
            linewidth=1.4,
            label=TEXT["empirical"].format(n=n),
        )
        axes.plot(*data.minimizers[n], "o", color=color, markersize=5, zorder=3)
    # A ring drawn over the n = 10 000 marker, which sits almost exactly on θ*.
    axes.plot(
        [MU],
        [SIGMA**2],
        "o",
        markerfacecolor="none",
        markeredgecolor=theme.foreground,
        markeredgewidth=1.6,
        markersize=11,
        zorder=4,
    )
    axes.annotate(
        TEXT["star"],
        xy=(MU, SIGMA**2),
        xytext=(40, -26),
        textcoords="offset points",
        ha="left",
        va="center",
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    axes.set_xlim(float(data.thetas[0]), float(data.thetas[-1]))
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.set_ylim(bottom=SIGMA**2 - 1.2)
    axes.legend(loc="upper left", fontsize=9)
    return figure
