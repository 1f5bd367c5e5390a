"""Training and held-out loss at every epoch of the overfitting experiment, and beyond.

The first 5000 epochs are the training loop's own record. Past them, the curves continue
with the closed form of the same gradient descent (``decomposition.descent_path``) up to
10^14 epochs, and a dotted line marks where descent ends: the exact least-squares minimizer.
The best epoch, the phase labels and the shaded gap all come from the computed curves.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from optguide.decomposition import descent_path, least_squares_fit
from optguide.figures.style import Theme, new_figure
from optguide.generalization import OverfittingRun, legendre_features, overfitting_experiment

TEXT = {
    "x": "epoch",
    "y": "mean squared error",
    "train": "training loss (what the optimizer sees)",
    "heldout": "held-out loss (estimates the risk)",
    "noise": r"noise level $\sigma^2$",
    "best": "lowest held-out loss:\nepoch {epoch}",
    "under": "underfitting",
    "over": "overfitting",
    "budget": "5000 epochs:\nthe loop's budget",
    "erm": "exact minimizer (held-out)",
    "erm_train": "exact minimizer (training)",
}
LAST_EPOCH = 1e14


@dataclass(frozen=True)
class Overfitting:
    """The loop's record, its continuation in closed form, and the exact minimizer."""

    run: OverfittingRun
    later_epochs: torch.Tensor
    later_train: torch.Tensor
    later_heldout: torch.Tensor
    erm_train: float
    erm_heldout: float


def _losses(theta: torch.Tensor, phi: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (theta @ phi.T - y).pow(2).mean(dim=-1)


def compute() -> Overfitting:
    """Run the seeded experiment for 5000 epochs, then follow descent to 10^14 epochs."""
    run = overfitting_experiment()
    phi = legendre_features(run.train.x, run.degree)
    phi_out = legendre_features(run.heldout.x, run.degree)
    later = torch.logspace(math.log10(run.epochs), math.log10(LAST_EPOCH), 120)
    path = descent_path(phi, run.train.y, later.to(torch.float64))
    erm = least_squares_fit(run.train, run.degree)
    return Overfitting(
        run=run,
        later_epochs=later,
        later_train=_losses(path, phi, run.train.y),
        later_heldout=_losses(path, phi_out, run.heldout.y),
        erm_train=float(_losses(erm, phi, run.train.y)),
        erm_heldout=float(_losses(erm, phi_out, run.heldout.y)),
    )


def draw(overfitting: Overfitting, theme: Theme) -> Figure:
    """Plot both curves on log axes; mark the best epoch, the phases and the gap."""
    data = overfitting.run
    figure = new_figure(6.4, 4.0)
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
    later = overfitting.later_epochs
    axes.plot(later, overfitting.later_train, color=theme.color(0), linestyle=(0, (4, 2)))
    axes.plot(later, overfitting.later_heldout, color=theme.color(1), linestyle=(0, (4, 2)))
    for value, key, color in (
        (overfitting.erm_heldout, "erm", theme.color(1)),
        (overfitting.erm_train, "erm_train", theme.color(0)),
    ):
        axes.axhline(value, color=color, linestyle=":", linewidth=1.2)
        above = key == "erm"
        axes.text(
            3e11,
            value * (1.3 if above else 1 / 1.3),
            TEXT[key],
            color=color,
            ha="center",
            va="bottom" if above else "top",
        )
    axes.axvline(data.epochs, color=theme.muted, linewidth=0.9)
    axes.text(
        data.epochs * 1.3,
        0.62,
        TEXT["budget"],
        color=theme.muted,
        va="top",
        transform=blended_transform_factory(axes.transData, axes.transAxes),
    )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(1, LAST_EPOCH)
    low = min(float(train.min()), overfitting.erm_train) / 3.0
    high = overfitting.erm_heldout * 8
    axes.set_ylim(low, high)
    axes.text(LAST_EPOCH / 2, data.noise**2 * 1.1, TEXT["noise"], color=theme.muted, ha="right")

    best = data.best_epoch
    best_loss = float(data.heldout_loss[best])
    axes.axvline(best, color=theme.highlight, linewidth=1.0, linestyle="--")
    axes.plot([best], [best_loss], "o", color=theme.highlight, markersize=6, zorder=3)
    axes.annotate(
        TEXT["best"].format(epoch=best),
        xy=(best, best_loss),
        xytext=(best * 1.8, best_loss * 12),
        ha="left",
        va="center",
        color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    # Phase labels sit halfway (on the log axis) between the ends and the best epoch.
    top = blended_transform_factory(axes.transData, axes.transAxes)
    for label, (start, end) in (("under", (1, best)), ("over", (best, LAST_EPOCH))):
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
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="center right", fontsize=9)
    return figure
