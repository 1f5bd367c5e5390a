"""The landscape of f(x) = x·cos(πx) on [−1, 2] with its stationary points marked.

The markers sit where ``optguide.stationary`` locates the points, not at typed guesses.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.objectives import x_cos_pi_x
from optguide.stationary import StationaryPoint, global_minimizer, stationary_points

INTERVAL = (-1.0, 2.0)
TEXT = {
    "x": "$x$",
    "y": r"$f(x) = x\cos(\pi x)$",
    "local minimizer": "local minimum",
    "local maximizer": "local maximum",
    "global": "global minimum",
}


@dataclass(frozen=True)
class Landscape:
    """The sampled curve, its interior stationary points and its global minimizer."""

    xs: torch.Tensor
    ys: torch.Tensor
    points: list[StationaryPoint]
    global_min: tuple[float, float]


def compute() -> Landscape:
    """Sample f and locate its stationary points and global minimizer on the interval."""
    xs = torch.linspace(*INTERVAL, 601, dtype=torch.float64)
    return Landscape(
        xs=xs,
        ys=x_cos_pi_x(xs),
        points=stationary_points(x_cos_pi_x, INTERVAL),
        global_min=global_minimizer(x_cos_pi_x, INTERVAL),
    )


def draw(data: Landscape, theme: Theme) -> Figure:
    """Plot the curve and annotate each stationary point at its computed location."""
    figure = new_figure(6.4, 3.4)
    axes = figure.add_subplot()
    axes.plot(data.xs, data.ys, color=theme.color(0))
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    arrow = {"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9}
    for point in data.points:
        is_global = abs(point.x - data.global_min[0]) < 1e-9
        label = TEXT["global"] if is_global else TEXT[point.kind]
        color = theme.highlight if is_global else theme.color(1)
        axes.plot([point.x], [point.value], "o", color=color, markersize=6, zorder=3)
        above = point.kind == "local maximizer"
        axes.annotate(
            label,
            xy=(point.x, point.value),
            xytext=(0, 28 if above else -30),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            arrowprops=arrow,
        )
    axes.set_xlim(*INTERVAL)
    axes.set_ylim(-2.0, 2.2)
    return figure
