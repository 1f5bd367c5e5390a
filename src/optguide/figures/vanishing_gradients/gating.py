"""Gating against the product through time: tanh networks and LSTMs on the memory task.

Left: at initialization, the gradient reaching the first input relative to the last,
‖∂ℓ/∂x_1‖ / ‖∂ℓ/∂x_S‖, against the sequence length S, for a tanh network with PyTorch's
initialization and with an orthogonal recurrent weight (16 units), and for LSTMs (8 cells)
with forget-gate bias 0, 1 and 3. Middle and right: the held-out loss, relative to the
best constant prediction's, while Adam trains six initializations of each network on
sequences of 5 and of 30 steps; a run ends at its first value below the tolerance.
"""

from dataclasses import dataclass
from functools import reduce
from typing import Any

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.gating import (
    MemoryRun,
    RecurrentNet,
    input_gradient_ratios,
    recurrent_net,
    train_memory,
)

NETWORKS: dict[str, dict[str, Any]] = {  # name: the arguments of recurrent_net
    "tanh": {"kind": "tanh", "hidden": 16},
    "orthogonal": {"kind": "tanh", "hidden": 16, "orthogonal": True},
    "lstm0": {"kind": "lstm", "hidden": 8, "forget_bias": 0.0},
    "lstm1": {"kind": "lstm", "hidden": 8, "forget_bias": 1.0},
    "lstm3": {"kind": "lstm", "hidden": 8, "forget_bias": 3.0},
}
# Networks that train in one loop, on the same batches. Neither tanh network solves from
# every seed at S = 30, so each would run the whole budget alone too; the LSTMs with
# b_r = 3 all solve early, and joined to those with b_r = 1 they would train on.
GROUPS = (("tanh", "orthogonal"), ("lstm1",), ("lstm3",))
TRAINED = tuple(name for group in GROUPS for name in group)
STYLES = {"tanh": "-", "orthogonal": "-.", "lstm0": ":", "lstm1": "--", "lstm3": "-"}
GRADIENT_LENGTHS = tuple(range(5, 65, 5))
LENGTHS = (5, 30)
SEEDS = tuple(range(6))
TOL, STEPS = 0.1, 300  # train_memory's tolerance and budget (its defaults)
TEXT = {
    "tanh": "tanh, PyTorch's initialization",
    "orthogonal": "tanh, $W = Q$",
    "lstm0": "LSTM, $b_r = 0$",
    "lstm1": "LSTM, $b_r = 1$",
    "lstm3": "LSTM, $b_r = 3$",
    "length": "sequence length $S$",
    "ratio": r"$\|\partial \ell / \partial x_1\| \,/\, \|\partial \ell / \partial x_S\|$",
    "step": "Adam step",
    "relative": "held-out loss / best constant's",
    "title": "$S = {S}$",
    "tol": "tolerance",
}


@dataclass(frozen=True)
class Gating:
    """Gradient ratios at initialization (seed 0) and the training runs of every seed."""

    ratios: dict[str, list[float]]
    runs: dict[tuple[str, int], list[MemoryRun]]


def compute() -> Gating:
    """Measure the ratios for every length, then train every group at both lengths."""
    ratios = {
        name: [input_gradient_ratios(recurrent_net(**spec), S)[0] for S in GRADIENT_LENGTHS]
        for name, spec in NETWORKS.items()
    }
    runs: dict[tuple[str, int], list[MemoryRun]] = {}
    for group in GROUPS:
        for S in LENGTHS:
            nets = [recurrent_net(**NETWORKS[name], seeds=SEEDS) for name in group]
            trained = train_memory(reduce(RecurrentNet.join, nets), S, tol=TOL)
            for index, name in enumerate(group):
                runs[name, S] = trained[index * len(SEEDS) : (index + 1) * len(SEEDS)]
    return Gating(ratios, runs)


def facts(data: Gating) -> dict[str, str]:
    """Return, per network and length, how many of the seeds solved the task."""
    return {
        f"solved_{name}_{S}": f"{sum(run.solved for run in data.runs[name, S])}"
        for name in TRAINED
        for S in LENGTHS
    } | {"seeds": f"{len(SEEDS)}"}


def draw(data: Gating, theme: Theme) -> Figure:
    """Plot the ratios against S, and the training curves at each length."""
    figure = new_figure(7.8, 3.4)
    left, *panels = figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.15, 1, 1]})
    colors = {name: theme.color(index) for index, name in enumerate(NETWORKS)}
    for name, ratios in data.ratios.items():
        left.semilogy(
            GRADIENT_LENGTHS,
            ratios,
            STYLES[name],
            color=colors[name],
            marker="o",
            markersize=2.5,
            linewidth=1.2,
            label=TEXT[name],
        )
    left.set_xlabel(TEXT["length"])
    left.set_ylabel(TEXT["ratio"])
    for axes, S in zip(panels, LENGTHS, strict=True):
        for name in TRAINED:
            for run in data.runs[name, S]:
                axes.semilogy(
                    run.steps,
                    run.relative,
                    STYLES[name],
                    color=colors[name],
                    linewidth=1.0,
                    alpha=0.9,
                )
                if run.solved:
                    axes.plot(
                        run.steps[-1:], run.relative[-1:], "o", color=colors[name], markersize=3
                    )
        axes.axhline(TOL, color=theme.highlight, linestyle=(0, (1, 2)), linewidth=1.2)
        axes.set_title(TEXT["title"].format(S=S), fontsize=9)
        axes.set_xlabel(TEXT["step"])
        axes.set_xlim(0, STEPS)
    panels[0].set_ylabel(TEXT["relative"])
    panels[1].annotate(
        TEXT["tol"],
        xy=(STEPS, TOL),
        xytext=(-2, -10),
        textcoords="offset points",
        ha="right",
        color=theme.highlight,
        fontsize=7.5,
    )
    figure.legend(loc="outside lower center", ncol=5, fontsize=7.5)
    return figure
