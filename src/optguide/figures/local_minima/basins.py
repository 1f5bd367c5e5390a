"""Basins of attraction of gradient descent on x·cos(πx), for three learning rates.

Each of 1201 starts on [−1, 2] is colored by the minimizer that projected gradient descent
reaches from it in 400 steps. With a small step the basins are the two sides of the local
maximizer; with larger steps the sharper global minimizer stops attracting anything.
"""

from dataclasses import dataclass

import torch
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from optguide.figures.style import Theme, new_figure
from optguide.minima import Basins, basins
from optguide.objectives import x_cos_pi_x
from optguide.stationary import stationary_points

INTERVAL = (-1.0, 2.0)
RATES = (0.05, 0.2, 0.3)
TEXT = {
    "x": "$x_0$ (start)",
    "y": "$f(x)$",
    "rate": r"$\eta = {:g}$",
    "none": "does not converge",
    "local": "reaches the local minimizer",
    "global": "reaches the global minimizer",
    "boundary": "local maximizer\n$x = {:.4f}$",
}


@dataclass(frozen=True)
class BasinMaps:
    """The basins for each learning rate, and the local maximizer that separates them."""

    rates: tuple[float, ...]
    maps: list[Basins]
    maximizer: float


def compute() -> BasinMaps:
    """Run gradient descent from every start, once per learning rate."""
    maximizer = next(
        p.x for p in stationary_points(x_cos_pi_x, INTERVAL) if p.kind == "local maximizer"
    )
    maps = [basins(x_cos_pi_x, INTERVAL, lr=rate, steps=400) for rate in RATES]
    return BasinMaps(RATES, maps, maximizer)


def draw(data: BasinMaps, theme: Theme) -> Figure:
    """Draw the curve on top and one colored strip of starts per learning rate below it."""
    figure = new_figure(6.6, 4.2)
    axes = figure.subplots(
        1 + len(data.rates), 1, sharex=True, height_ratios=(2.6,) + (0.55,) * len(data.rates)
    )
    curve = axes[0]
    first = data.maps[0]
    curve.plot(first.starts, x_cos_pi_x(first.starts), color=theme.foreground, linewidth=1.4)
    colors = (theme.muted, theme.color(1), theme.highlight)
    for label, x in enumerate(first.minimizers):
        value = float(x_cos_pi_x(torch.tensor(x)))
        curve.plot([x], [value], "o", color=colors[label + 1], markersize=6, zorder=3)
    curve.set_ylabel(TEXT["y"])
    curve.annotate(
        TEXT["boundary"].format(data.maximizer),
        xy=(data.maximizer, float(x_cos_pi_x(torch.tensor(data.maximizer)))),
        xytext=(0, 24),
        textcoords="offset points",
        ha="center",
        fontsize=8.5,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.8},
    )
    curve.set_ylim(-1.4, 2.9)
    cmap = ListedColormap(list(colors))
    lo, hi = INTERVAL
    for strip, rate, basin in zip(axes[1:], data.rates, data.maps, strict=True):
        strip.imshow(
            (basin.labels + 1)[None, :].numpy(),
            cmap=cmap,
            vmin=-0.5,
            vmax=2.5,
            aspect="auto",
            extent=(lo, hi, 0, 1),
            interpolation="nearest",
            rasterized=True,
        )
        strip.set_yticks([])
        strip.grid(False)
        strip.set_ylabel(TEXT["rate"].format(rate), rotation=0, ha="right", va="center")
    for ax in axes:
        ax.axvline(data.maximizer, color=theme.foreground, linestyle=":", linewidth=0.9)
    axes[-1].set_xlim(lo, hi)
    axes[-1].set_xlabel(TEXT["x"])
    handles = [
        Patch(color=colors[2], label=TEXT["global"]),
        Patch(color=colors[1], label=TEXT["local"]),
        Patch(color=colors[0], label=TEXT["none"]),
    ]
    curve.legend(handles=handles, loc="upper left", fontsize=8)
    return figure
