"""The overfitting polynomial as a function: at its best epoch and after the last one.

The best epoch is the one the overfitting experiment computes; the fit at that epoch is
obtained by running the same seeded training for exactly that many epochs.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.generalization import OverfittingRun, legendre_features, overfitting_experiment

TEXT = {
    "x": "$x$",
    "y": "$y$",
    "truth": r"truth $\sin(\pi x)$",
    "data": "training examples",
    "best": "after {epoch} epochs (best)",
    "final": "after {epoch} epochs",
}


@dataclass(frozen=True)
class Fits:
    """The grid, the true function, and the two fitted polynomials on it."""

    grid: torch.Tensor
    truth: torch.Tensor
    best: torch.Tensor
    final: torch.Tensor
    run: OverfittingRun


def compute() -> Fits:
    """Train to the end, then again to the computed best epoch; evaluate both fits."""
    run = overfitting_experiment()
    early = overfitting_experiment(epochs=run.best_epoch)
    grid = torch.linspace(-1.0, 1.0, 801, dtype=torch.float64)
    features = legendre_features(grid, run.degree)
    return Fits(
        grid=grid,
        truth=torch.sin(math.pi * grid),
        best=features @ early.coefficients,
        final=features @ run.coefficients,
        run=run,
    )


def draw(data: Fits, theme: Theme) -> Figure:
    """Plot the truth, the data and both fits; clip the wild swings of the final fit."""
    figure = new_figure(6.4, 3.8)
    axes = figure.add_subplot()
    axes.plot(
        data.grid,
        data.truth,
        color=theme.muted,
        linestyle="--",
        linewidth=1.4,
        label=TEXT["truth"],
    )
    axes.plot(
        data.grid,
        data.best,
        color=theme.color(0),
        label=TEXT["best"].format(epoch=data.run.best_epoch),
    )
    axes.plot(
        data.grid,
        data.final,
        color=theme.color(1),
        linewidth=1.4,
        label=TEXT["final"].format(epoch=data.run.epochs),
    )
    axes.plot(
        data.run.train.x,
        data.run.train.y,
        "o",
        color=theme.foreground,
        markersize=4,
        label=TEXT["data"],
        zorder=3,
    )
    axes.set_xlim(-1.0, 1.0)
    axes.set_ylim(-2.2, 2.2)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    figure.legend(loc="outside upper center", ncol=2, fontsize=9)
    return figure
