"""Training a tanh RNN with and without gradient clipping: loss and gradient norm per step.

Same network, same data, same learning rate; only the clipping differs. The horizontal line
in the right panel is the clipping threshold.
"""

from matplotlib.figure import Figure

from optguide.clipping import TrainingRun, train_rnn
from optguide.figures.style import Theme, new_figure

MAX_NORM = 1.0
TEXT = {
    "plain": "no clipping",
    "clipped": "clipped at $c = {c:g}$",
    "step": "SGD step",
    "loss": "training loss",
    "norm": r"gradient norm $\|\nabla L\|$",
    "threshold": "$c$",
}


def compute() -> dict[str, TrainingRun]:
    """Train the same RNN twice, once without and once with clipping."""
    return {"plain": train_rnn(None), "clipped": train_rnn(MAX_NORM)}


def draw(data: dict[str, TrainingRun], theme: Theme) -> Figure:
    """Plot the loss and the gradient norm of both runs on log scales."""
    figure = new_figure(7.2, 3.0)
    left, right = figure.subplots(1, 2)
    for index, (name, run) in enumerate(data.items()):
        label = TEXT[name].format(c=MAX_NORM)
        steps = range(len(run.losses))
        left.semilogy(steps, run.losses, color=theme.color(index), linewidth=1.2, label=label)
        right.semilogy(steps, run.grad_norms, color=theme.color(index), linewidth=1.2)
    right.axhline(MAX_NORM, color=theme.highlight, linestyle="--", linewidth=1.0)
    right.annotate(
        TEXT["threshold"],
        xy=(len(data["plain"].losses), MAX_NORM),
        xytext=(2, 2),
        textcoords="offset points",
        color=theme.highlight,
    )
    left.set_xlabel(TEXT["step"])
    left.set_ylabel(TEXT["loss"])
    right.set_xlabel(TEXT["step"])
    right.set_ylabel(TEXT["norm"])
    left.legend(loc="upper right", fontsize=8)
    return figure
