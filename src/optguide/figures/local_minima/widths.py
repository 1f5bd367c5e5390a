"""Final training losses of small networks of three widths, each trained from 24 seeds.

One dot per seed: the narrow network's runs cluster at one loss, with two far above it that
are still crossing a plateau; every run of the wider networks ends lower than the narrow
network's best run.
"""

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.symmetry import Runs, width_experiment

TEXT = {
    "x": "hidden units",
    "y": "final training loss",
}


def compute() -> dict[int, Runs]:
    """Train every width from every seed (the chapter's measurement)."""
    return width_experiment()


def draw(data: dict[int, Runs], theme: Theme) -> Figure:
    """Draw one column of dots per width, spread sideways so that none hides another."""
    figure = new_figure(6.0, 3.2)
    axes = figure.add_subplot()
    for index, runs in enumerate(data.values()):
        losses = runs.losses
        spread = torch.linspace(-0.3, 0.3, len(losses), dtype=torch.float64)
        axes.plot(
            index + spread, losses, "o", color=theme.color(index), markersize=3.5, alpha=0.85
        )
    axes.set_xticks(range(len(data)), [str(width) for width in data])
    axes.set_xlim(-0.6, len(data) - 0.4)
    axes.set_ylim(bottom=0)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    return figure
