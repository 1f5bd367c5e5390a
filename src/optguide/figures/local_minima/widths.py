"""Width-2 training curves, classified by the Hessian, and converged losses of three widths.

Left and middle: loss and gradient norm of every width-2 seed during 1500 Adam steps; the
runs whose Hessian had a negative eigenvalue after 600 steps (on a plateau, not at a
minimum) are drawn in the highlight color. Right: where each run ends under a stopping
rule, one dot per seed on a logarithmic axis: width 2 at its stationary point (L-BFGS),
widths 8 and 32 when their loss first falls below the target.
"""

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.symmetry import WidthStudy, width_experiment

SETTLED = 0.02  # a width-2 curve below this loss has reached the level of the minimum
LEFT = 0.05  # a plateau run below this loss at the last Adam step has left its plateau
SAME = 1e-6  # converged losses this close to the lowest one count as the same minimum
TEXT = {
    "step": "Adam step",
    "loss": "training loss",
    "gradient": "gradient norm",
    "left": "width 2: loss",
    "middle": "width 2: gradient norm",
    "right": "converged runs",
    "plateau": "negative eigenvalue\nat step {}",
    "minimum": "positive definite\nat step {}",
    "target": "target",
    "x": "hidden units",
}


def compute() -> WidthStudy:
    """Run the chapter's width experiment."""
    return width_experiment()


def facts(data: WidthStudy) -> dict[str, str]:
    """Return the numbers the chapter states about this figure (alt text included)."""
    stuck = data.early[:, 0] < 0
    curves = data.narrow.loss_curves
    settled = curves[:, ~stuck] < SETTLED
    # The first step at which every run that was not on a plateau is below SETTLED, rounded
    # up to a hundred steps (a run that never gets there counts as the last step).
    first = torch.where(settled.any(dim=0), settled.double().argmax(dim=0), len(curves) - 1)
    settled_by = -(-int(first.max()) // 100) * 100 if len(first) else 0
    losses = [c.loss for c in data.converged]
    lowest = min(losses)
    return {
        "seeds": str(len(data.narrow.seeds)),
        "plateau_count": str(int(stuck.sum())),
        "settled_count": str(int((~stuck).sum())),
        "settled_by": str(settled_by),
        "plateau_left": str(int((data.narrow.losses[stuck] < LEFT).sum())),
        "converged_loss": f"{lowest:.4f}",
        "converged_same": str(sum(loss - lowest < SAME for loss in losses)),
    }


def draw(data: WidthStudy, theme: Theme) -> Figure:
    """Draw the width-2 curves (two panels) and the converged losses per width."""
    figure = new_figure(7.2, 3.0)
    left, middle, right = figure.subplots(1, 3, width_ratios=(1.0, 1.0, 0.9))
    stuck = data.early[:, 0] < 0
    steps = torch.arange(data.narrow.loss_curves.shape[0])
    for axes, curves in ((left, data.narrow.loss_curves), (middle, data.narrow.gradient_curves)):
        for run in range(curves.shape[1]):
            plateau = bool(stuck[run])
            axes.plot(
                steps,
                curves[:, run],
                color=theme.highlight if plateau else theme.muted,
                linewidth=1.4 if plateau else 0.8,
                alpha=1.0 if plateau else 0.7,
                zorder=3 if plateau else 2,
            )
        axes.axvline(data.early_steps, color=theme.foreground, linestyle=":", linewidth=0.9)
        axes.set_yscale("log")
        axes.set_xlabel(TEXT["step"])
    left.plot([], [], color=theme.highlight, label=TEXT["plateau"].format(data.early_steps))
    left.plot([], [], color=theme.muted, label=TEXT["minimum"].format(data.early_steps))
    left.legend(fontsize=7.5, loc="upper right")
    left.set_title(TEXT["left"], fontsize=9.5)
    middle.set_title(TEXT["middle"], fontsize=9.5)
    left.set_ylabel(TEXT["loss"])

    finals = [torch.tensor([c.loss for c in data.converged], dtype=torch.float64)]
    finals += [runs.losses for runs in data.wide.values()]
    labels = ["2", *(str(m) for m in data.wide)]
    jitter = torch.Generator().manual_seed(0)
    for index, losses in enumerate(finals):
        offsets = 0.5 * (torch.rand(len(losses), generator=jitter, dtype=torch.float64) - 0.5)
        axes_color = theme.color(0) if index == 0 else theme.color(2)
        right.plot(index + offsets, losses, "o", color=axes_color, markersize=3.5, alpha=0.85)
    right.axhline(data.target, color=theme.foreground, linestyle="--", linewidth=0.9)
    right.annotate(
        TEXT["target"],
        xy=(len(finals) - 0.5, data.target),
        xytext=(0, 3),
        textcoords="offset points",
        ha="right",
        fontsize=8,
    )
    right.set_yscale("log")
    highest = max(float(losses.max()) for losses in finals)
    right.set_ylim(top=max(0.1, 2 * highest))  # room for a width-2 run at a bad minimum
    right.set_xticks(range(len(finals)), labels)
    right.set_xlim(-0.6, len(finals) - 0.4)
    right.set_xlabel(TEXT["x"])
    right.set_title(TEXT["right"], fontsize=9.5)
    return figure
