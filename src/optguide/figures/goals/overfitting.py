"""Training and held-out loss at every epoch of the overfitting experiment.

The best epoch, the phase labels and the shaded gap all come from the computed curves.
"""

import math

import torch
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from optguide.figures.style import Theme, new_figure
from optguide.generalization import OverfittingRun, overfitting_experiment

TEXT = {
    "x": "epoch",
    "y": "mean squared error",
    "train": "training loss (what the optimizer sees)",
    "heldout": "held-out loss (estimates the risk)",
    "noise": r"noise level $\sigma^2$",
    "gap": "generalization\ngap",
    "best": "lowest held-out loss:\nepoch {epoch}",
    "under": "underfitting",
    "over": "overfitting",
}


def compute() -> OverfittingRun:
    """Run the seeded experiment: a degree-15 polynomial, 20 examples, 5000 epochs."""
    return overfitting_experiment()


def draw(data: OverfittingRun, theme: Theme) -> Figure:
    """Plot both curves on log axes; mark the best epoch, the phases and the gap."""
    figure = new_figure(6.4, 3.8)
    axes = figure.add_subplot()
    # Every epoch is recorded, but on a log axis the last thousands of them would crowd into
    # the right edge: draw about 500 log-spaced epochs (keeping the best one), so the SVG
    # stays small. Epoch 0 has no place on a log axis.
    spaced = torch.logspace(0, math.log10(data.epochs), 500, dtype=torch.float64).round()
    epochs = sorted({int(e) for e in spaced} | {data.best_epoch})
    train, heldout = data.train_loss[epochs], data.heldout_loss[epochs]
    axes.fill_between(epochs, train, heldout, color=theme.shade, alpha=0.14, linewidth=0)
    axes.plot(epochs, train, color=theme.color(0), label=TEXT["train"])
    axes.plot(epochs, heldout, color=theme.color(1), label=TEXT["heldout"])
    axes.axhline(data.noise**2, color=theme.muted, linestyle=":", linewidth=1.1)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(1, data.epochs)
    low = float(train.min()) / 3.0
    high = float(max(heldout.max(), train.max())) * 2.2
    axes.set_ylim(low, high)
    axes.text(1.15, data.noise**2 / 1.08, TEXT["noise"], color=theme.muted, va="top")

    best = data.best_epoch
    best_loss = float(data.heldout_loss[best])
    axes.axvline(best, color=theme.highlight, linewidth=1.0, linestyle="--")
    axes.plot([best], [best_loss], "o", color=theme.highlight, markersize=6, zorder=3)
    axes.annotate(
        TEXT["best"].format(epoch=best),
        xy=(best, best_loss),
        xytext=(best * 1.8, best_loss * 3.2),
        ha="left",
        va="center",
        color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    # Phase labels sit halfway (on the log axis) between the ends and the best epoch.
    top = blended_transform_factory(axes.transData, axes.transAxes)
    for label, (start, end) in (("under", (1, best)), ("over", (best, data.epochs))):
        middle = math.sqrt(start * end)
        axes.text(
            middle,
            0.96,
            TEXT[label],
            transform=top,
            ha="center",
            va="top",
            color=theme.muted,
            fontstyle="italic",
        )
    # The gap label sits where the final gap is, between the two curves at the last decade.
    x_gap = int(data.epochs / 2.2)
    y_gap = math.sqrt(float(data.train_loss[x_gap]) * float(data.heldout_loss[x_gap]))
    axes.text(x_gap, y_gap, TEXT["gap"], ha="center", va="center", color=theme.foreground)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="lower left", fontsize=9)
    return figure
