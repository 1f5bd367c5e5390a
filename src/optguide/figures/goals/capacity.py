"""Held-out loss against model capacity (polynomial degree) and against training-set size.

Both panels come from the same gradient-descent update as the overfitting figure, batched over
all models: 5000 epochs of full-batch descent, medians over five independent training sets.
"""

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.generalization import Sweep, capacity_sweep, sample_size_sweep

DEGREES = [1, 3, 5, 7, 9, 11, 13, 15]
SIZES = [20, 40, 80, 160, 320]
NOISE = 0.3
TEXT = {
    "degree": "polynomial degree (20 examples)",
    "size": "training examples $n$ (degree 15)",
    "y": "loss (descent stopped at 5000 epochs)",
    "train": "training",
    "heldout": "held-out",
    "range": "held-out, range over data sets",
    "best": "held-out at each run's best epoch",
    "noise": r"$\sigma^2$",
}


@dataclass(frozen=True)
class Sweeps:
    """The two sweeps drawn side by side."""

    capacity: Sweep
    size: Sweep


def compute() -> Sweeps:
    """Run both seeded sweeps (under a second together)."""
    return Sweeps(
        capacity=capacity_sweep(DEGREES, noise=NOISE), size=sample_size_sweep(SIZES, noise=NOISE)
    )


def _panel(axes: Axes, sweep: Sweep, theme: Theme) -> None:
    """Draw one sweep: median training and held-out loss, the held-out range, early stopping."""
    x = sweep.settings
    axes.fill_between(
        x,
        sweep.heldout_low,
        sweep.heldout_high,
        color=theme.color(1),
        alpha=0.15,
        linewidth=0,
        label=TEXT["range"],
    )
    axes.plot(x, sweep.train_loss, "o-", color=theme.color(0), markersize=4, label=TEXT["train"])
    axes.plot(
        x, sweep.heldout_loss, "o-", color=theme.color(1), markersize=4, label=TEXT["heldout"]
    )
    axes.plot(
        x,
        sweep.best_heldout_loss,
        "s--",
        color=theme.color(2),
        markersize=3.5,
        linewidth=1.2,
        label=TEXT["best"],
    )
    axes.axhline(NOISE**2, color=theme.muted, linestyle=":", linewidth=1.1)
    axes.text(x[0], NOISE**2 / 1.06, TEXT["noise"], color=theme.muted, ha="left", va="top")
    axes.set_yscale("log")


def draw(data: Sweeps, theme: Theme) -> Figure:
    """Two panels sharing the loss axis: capacity on the left, data size on the right."""
    figure = new_figure(6.8, 3.6)
    left, right = figure.subplots(1, 2, sharey=True)
    _panel(left, data.capacity, theme)
    _panel(right, data.size, theme)
    left.set_xlabel(TEXT["degree"])
    left.set_xticks(data.capacity.settings)
    right.set_xscale("log")
    right.set_xticks(data.size.settings, [str(n) for n in data.size.settings])
    right.minorticks_off()
    right.set_xlabel(TEXT["size"])
    left.set_ylabel(TEXT["y"])
    handles, labels = left.get_legend_handles_labels()
    order = [labels.index(TEXT[key]) for key in ("train", "heldout", "best", "range")]
    figure.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="outside upper center",
        ncol=2,
        fontsize=9,
    )
    return figure
