"""Training a linear RNN whose recurrent weight has spectral radius 1.05, over 30 steps.

Three settings, four seeds each: SGD at η = 0.03 (stopped by the divergence rule), the same
with the gradient clipped at c = 1, and SGD at the small step η = 0.001. Left: the loss per
step; a diverged run is drawn up to the cap and marked where the rule stopped it. Right: the
gradient norm before clipping, with the threshold c.
"""

from matplotlib.figure import Figure

from optguide.clipping import TrainingRun, train_rnn
from optguide.figures.style import Theme, new_figure

SEEDS = range(4)
MAX_NORM, LR, SMALL_LR = 1.0, 0.03, 0.001
CAP = 1e3  # diverged losses are drawn at this height and marked, never at their value
SETTINGS: dict[str, tuple[float | None, float]] = {  # name: (max_norm, lr)
    "plain": (None, LR),
    "clipped": (MAX_NORM, LR),
    "small": (None, SMALL_LR),
}
TEXT = {
    "plain": "$\\eta = {lr:g}$, no clipping",
    "clipped": "$\\eta = {lr:g}$, clipped at $c = {c:g}$",
    "small": "$\\eta = {small:g}$, no clipping",
    "diverged": "diverged (loss above $10^6 \\times$ start)",
    "step": "SGD step",
    "loss": "training loss $\\ell$",
    "norm": r"gradient norm $\|\nabla \ell\|$",
    "threshold": "$c$",
}

Runs = dict[str, list[TrainingRun]]


def compute() -> Runs:
    """Train every setting from every seed."""
    return {
        name: [train_rnn(max_norm, lr=lr, seed=s) for s in SEEDS]
        for name, (max_norm, lr) in SETTINGS.items()
    }


def _range(values: list[float], digits: int) -> str:
    return f"{min(values):.{digits}f} to {max(values):.{digits}f}"


def facts(data: Runs) -> dict[str, str]:
    """Return the numbers the prose and alt text state, each a range over the seeds.

    Divergence steps of the unclipped runs; mean loss over the last 50 steps; and, for
    the runs that did not diverge, the first loss and the first and last raw gradient
    norm (the first batch and network are the same in every setting of a seed).
    """
    stopped = [run.diverged_at for run in data["plain"]]
    kept = data["clipped"] + data["small"]
    ends = {
        name: [sum(run.losses[-50:]) / 50 for run in runs]
        for name, runs in data.items()
        if name != "plain"
    }
    return {
        "diverged_steps": f"{min(s or 0 for s in stopped)} to {max(s or 0 for s in stopped)}",
        "clipped_end": _range(ends["clipped"], 2),
        "small_end": _range(ends["small"], 2),
        "first_loss": _range([run.losses[0] for run in kept], 2),
        "first_norm": _range([run.grad_norms[0] for run in kept], 1),
        "last_norm": _range([run.grad_norms[-1] for run in kept], 1),
    }


def draw(data: Runs, theme: Theme) -> Figure:
    """Plot loss and gradient norm of every run on log scales, diverged values capped."""
    figure = new_figure(7.2, 3.2)
    left, right = figure.subplots(1, 2)
    labels = {"lr": LR, "c": MAX_NORM, "small": SMALL_LR}
    for index, (name, runs) in enumerate(data.items()):
        color = theme.color(index)
        for seed, run in enumerate(runs):
            label = TEXT[name].format(**labels) if seed == 0 else None
            losses = [min(loss, CAP) for loss in run.losses]
            steps = range(len(losses))
            left.semilogy(steps, losses, color=color, linewidth=1.0, alpha=0.85, label=label)
            right.semilogy(steps, [min(n, CAP) for n in run.grad_norms], color=color, lw=1.0)
            if run.diverged_at is not None:
                mark = TEXT["diverged"] if seed == 0 else None
                left.plot([run.diverged_at], [CAP], "x", color=color, markersize=7, label=mark)
    right.axhline(MAX_NORM, color=theme.highlight, linestyle="--", linewidth=1.0)
    right.annotate(
        TEXT["threshold"],
        xy=(len(data["small"][0].losses), MAX_NORM),
        xytext=(2, 2),
        textcoords="offset points",
        color=theme.highlight,
    )
    for axes in (left, right):
        axes.set_xlabel(TEXT["step"])
        axes.set_ylim(top=3 * CAP)
    left.set_ylabel(TEXT["loss"])
    right.set_ylabel(TEXT["norm"])
    left.legend(loc="upper right", fontsize=7.5)
    return figure
