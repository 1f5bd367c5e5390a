"""Cross-entropy minimized, 0–1 error judged: the test error after the training error is zero.

Left: one run of logistic regression by gradient descent (training seed 2), its training
cross-entropy and its training and test 0–1 errors against the epoch; the dashed line marks
the first epoch with no training mistake. Right: for every one of 40 runs whose training
error reached zero, the test error at that epoch against the test error after 5000 epochs,
the runs separated before epoch 10 marked apart from the later ones.
"""

from dataclasses import dataclass

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.logistic_regression import make_classification
from optguide.surrogate import SurrogateRun, SurrogateSweep, surrogate_run, surrogate_sweep

N, D, SEPARATION, EPOCHS, SEED = 20, 3, 2.0, 5000, 2
EARLY = 10  # runs separated before this epoch are marked apart, as on the page
TEXT = {
    "x": "epoch",
    "ce": "training cross-entropy (minimized)",
    "train": "training 0–1 error",
    "test": "test 0–1 error",
    "separated": "no training\nmistakes from here",
    "at": "test error when the training\nerror first reaches 0",
    "final": "test error\nafter 5000 epochs",
    "diagonal": "no change",
    "early": f"separated before epoch {EARLY}",
    "late": f"separated from epoch {EARLY}",
}


@dataclass(frozen=True)
class Surrogate:
    """One run's curves and the sweep over 40 training sets."""

    run: SurrogateRun
    sweep: SurrogateSweep


def compute() -> Surrogate:
    """Run the shown loop once and the batched sweep over 40 seeds (about a second)."""
    run = surrogate_run(
        make_classification(N, D, SEPARATION, seed=SEED),
        make_classification(4000, D, SEPARATION, seed=1000 + SEED),
        EPOCHS,
    )
    return Surrogate(run, surrogate_sweep(n=N, d=D, separation=SEPARATION, epochs=EPOCHS))


def draw(data: Surrogate, theme: Theme) -> Figure:
    """Left: one run's three curves on a log epoch axis. Right: before against after."""
    figure = new_figure(6.8, 3.8)
    left, right = figure.subplots(1, 2, width_ratios=(1.35, 1))
    run = data.run
    epochs = run.epochs[1:]  # epoch 0 has no place on a log axis
    left.plot(epochs, run.cross_entropy[1:], color=theme.color(0), label=TEXT["ce"])
    left.plot(epochs, run.train_error[1:], color=theme.color(1), label=TEXT["train"])
    left.plot(epochs, run.test_error[1:], color=theme.color(2), linewidth=2.0, label=TEXT["test"])
    if run.separated_at is not None:
        left.axvline(max(run.separated_at, 1), color=theme.highlight, linestyle="--")
        left.text(max(run.separated_at, 1) * 1.3, 0.22, TEXT["separated"], color=theme.foreground)
    left.set_xscale("log")
    left.set_xlim(1, EPOCHS)
    left.set_ylim(0, 0.4)
    left.set_xlabel(TEXT["x"])
    left.legend(loc="upper right", fontsize=8)
    sweep = data.sweep
    mask = sweep.separable()
    before, after = sweep.at_separation[mask], sweep.final[mask]
    top = float(max(before.max(), after.max())) * 1.1
    right.plot([0, top], [0, top], color=theme.muted, linestyle=":", label=TEXT["diagonal"])
    for key, marker, color, group in (
        ("late", "o", theme.color(2), mask & (sweep.separated_at >= EARLY)),
        ("early", "s", theme.color(3), mask & (sweep.separated_at < EARLY)),
    ):
        right.plot(
            sweep.at_separation[group],
            sweep.final[group],
            marker,
            color=color,
            markersize=4.5,
            label=TEXT[key],
        )
    right.set_xlim(0, top)
    right.set_ylim(0, top)
    right.set_aspect("equal")
    right.set_xlabel(TEXT["at"], fontsize=8.5)
    right.set_ylabel(TEXT["final"], fontsize=8.5)
    right.legend(loc="lower right", fontsize=7.5, handlelength=1.4, borderaxespad=0.2)
    return figure
