"""Kinds of minimizers: local, global, strict, non-strict, and what the domain changes.

Left: x·cos(πx) on [−1, 2], its stationary points and endpoints at computed locations, and
the same formula continued outside the interval (dashed), where it goes lower still. Right:
a function with a flat bottom, whose minimizers fill a whole segment.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.objectives import x_cos_pi_x
from optguide.stationary import StationaryPoint, global_minimizer, stationary_points

INTERVAL = (-1.0, 2.0)
WIDER = (-1.4, 3.4)
FLAT = 0.5
TEXT = {
    "x": "$x$",
    "left": r"$f(x) = x\cos(\pi x)$",
    "right": r"$q(x) = \max(|x| - \frac{1}{2}, 0)^2$",
    "local minimizer": "local min.\n(strict)",
    "local maximizer": "local max.",
    "global": "global min.\non $[-1, 2]$",
    "top": "global max.\non $[-1, 2]$",
    "end": "local max.\n(endpoint)",
    "outside": "lower, outside\nthe interval",
    "flat": "every point here is a\nnon-strict minimizer",
}


@dataclass(frozen=True)
class Kinds:
    """Samples of both functions and the computed points to mark."""

    xs: torch.Tensor
    wide: torch.Tensor
    points: list[StationaryPoint]
    global_min: tuple[float, float]
    beyond: tuple[float, float]
    flat_xs: torch.Tensor


def flat_bottom(x: torch.Tensor) -> torch.Tensor:
    """Return max(|x| − 1/2, 0)², zero on the whole segment [−1/2, 1/2]."""
    return torch.clamp(x.abs() - FLAT, min=0) ** 2


def compute() -> Kinds:
    """Locate the stationary points on [−1, 2] and the global minimizer on a wider range."""
    return Kinds(
        xs=torch.linspace(*INTERVAL, 601, dtype=torch.float64),
        wide=torch.linspace(*WIDER, 881, dtype=torch.float64),
        points=stationary_points(x_cos_pi_x, INTERVAL),
        global_min=global_minimizer(x_cos_pi_x, INTERVAL),
        beyond=global_minimizer(x_cos_pi_x, WIDER),
        flat_xs=torch.linspace(-1.5, 1.5, 301, dtype=torch.float64),
    )


def _note(
    axes: object, text: str, xy: tuple[float, float], dy: float, theme: Theme, dx: float = 0
) -> None:
    """Write ``text`` offset by (``dx``, ``dy``) points from ``xy``, with an arrow to it."""
    axes.annotate(  # type: ignore[attr-defined]
        text,
        xy=xy,
        xytext=(dx, dy),
        textcoords="offset points",
        ha="center",
        va="bottom" if dy > 0 else "top",
        fontsize=8.5,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.8},
    )


def draw(data: Kinds, theme: Theme) -> Figure:
    """Draw both panels; every marker and arrow sits at a computed coordinate."""
    figure = new_figure(7.0, 3.3)
    left, right = figure.subplots(1, 2, width_ratios=(1.7, 1.0))
    left.plot(data.wide, x_cos_pi_x(data.wide), "--", color=theme.muted, linewidth=1.0)
    left.plot(data.xs, x_cos_pi_x(data.xs), color=theme.color(0))
    left.axvspan(*INTERVAL, color=theme.shade, alpha=0.06, linewidth=0)
    for point in data.points:
        is_global = abs(point.x - data.global_min[0]) < 1e-9
        color = theme.highlight if is_global else theme.color(1)
        if point.kind == "local maximizer":
            color = theme.color(2)
        left.plot([point.x], [point.value], "o", color=color, markersize=6, zorder=3)
        if point.kind == "local maximizer":
            _note(left, TEXT["local maximizer"], (point.x, point.value), 24, theme)
        else:
            label = TEXT["global"] if is_global else TEXT["local minimizer"]
            _note(left, label, (point.x, point.value), -26, theme)
    for end in INTERVAL:
        value = float(x_cos_pi_x(torch.tensor(end)))
        left.plot([end], [value], "s", color=theme.foreground, markersize=5, zorder=3)
    top = max(INTERVAL, key=lambda end: float(x_cos_pi_x(torch.tensor(end))))
    _note(left, TEXT["top"], (top, float(x_cos_pi_x(torch.tensor(top)))), 12, theme, dx=-34)
    other = min(INTERVAL, key=lambda end: float(x_cos_pi_x(torch.tensor(end))))
    _note(left, TEXT["end"], (other, float(x_cos_pi_x(torch.tensor(other)))), 12, theme)
    left.plot([data.beyond[0]], [data.beyond[1]], "o", color=theme.muted, markersize=5)
    _note(left, TEXT["outside"], data.beyond, 10, theme, dx=-48)
    left.set_xlim(*WIDER)
    left.set_ylim(-3.9, 3.9)
    left.set_xlabel(TEXT["x"])
    left.set_title(TEXT["left"], fontsize=10)

    right.plot(data.flat_xs, flat_bottom(data.flat_xs), color=theme.color(0))
    right.plot([-FLAT, FLAT], [0, 0], color=theme.highlight, linewidth=4, solid_capstyle="butt")
    _note(right, TEXT["flat"], (0.0, 0.0), 40, theme)
    right.set_ylim(-0.1, 1.1)
    right.set_xlabel(TEXT["x"])
    right.set_title(TEXT["right"], fontsize=10)
    return figure
