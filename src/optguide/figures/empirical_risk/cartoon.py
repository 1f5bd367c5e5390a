"""The cartoon: a smooth risk and a bumpier empirical risk with a different minimizer.

Both minimizers are located by ``optguide.stationary`` and the arrows point at them.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import CARTOON_INTERVAL, cartoon_empirical_risk, cartoon_risk
from optguide.stationary import global_minimizer

TEXT = {
    "x": r"$\theta$",
    "y": "loss",
    "risk": r"risk $R(\theta)$",
    "empirical": r"empirical risk $\hat R_n(\theta)$",
    "risk_min": "minimum of\nthe risk",
    "empirical_min": "minimum of the\nempirical risk",
}


@dataclass(frozen=True)
class Cartoon:
    """The two sampled curves and their global minimizers on the interval."""

    xs: torch.Tensor
    risk: torch.Tensor
    empirical: torch.Tensor
    risk_min: tuple[float, float]
    empirical_min: tuple[float, float]


def compute() -> Cartoon:
    """Sample both curves and find both global minimizers numerically."""
    xs = torch.linspace(*CARTOON_INTERVAL, 401, dtype=torch.float64)
    return Cartoon(
        xs=xs,
        risk=cartoon_risk(xs),
        empirical=cartoon_empirical_risk(xs),
        risk_min=global_minimizer(cartoon_risk, CARTOON_INTERVAL),
        empirical_min=global_minimizer(cartoon_empirical_risk, CARTOON_INTERVAL),
    )


def draw(data: Cartoon, theme: Theme) -> Figure:
    """Plot both curves and point at each one's minimizer where the code found it."""
    figure = new_figure(6.0, 3.6)
    axes = figure.add_subplot()
    axes.plot(data.xs, data.risk, color=theme.color(0), label=TEXT["risk"])
    axes.plot(data.xs, data.empirical, color=theme.color(1), label=TEXT["empirical"])
    arrow = {"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9}
    for (x, y), key, color, offset in (
        (data.risk_min, "risk_min", theme.color(0), (62, -34)),
        (data.empirical_min, "empirical_min", theme.color(1), (-95, 12)),
    ):
        axes.plot([x], [y], "o", color=color, markersize=6, zorder=3)
        axes.annotate(
            TEXT[key],
            xy=(x, y),
            xytext=offset,
            textcoords="offset points",
            ha="center",
            va="center",
            arrowprops=arrow,
        )
    axes.set_xlim(*CARTOON_INTERVAL)
    axes.set_ylim(top=0.12)
    axes.set_ylim(bottom=float(data.empirical.min()) - 0.15)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper center", fontsize=9)
    return figure
