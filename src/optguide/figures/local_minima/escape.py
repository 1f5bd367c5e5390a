"""How often noisy methods leave the shallow local minimizer of x·cos(πx) for the deep one.

Every method starts 500 times at the local minimizer; the curves give the share of runs on
the global minimizer's side of the local maximizer after each step, with a band of two
binomial standard errors. On the left, Kramers' law predicts the share 1 − exp(−t/τ) for
the two noise levels at which it applies (the barrier well above the temperature).
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.minima import Escape, escape_experiment, kramers_steps
from optguide.objectives import x_cos_pi_x
from optguide.stationary import stationary_points

TEXT = {
    "x": "step $t$",
    "y": "share of runs in the\nglobal minimizer's basin",
    "left": "gradient descent with noise",
    "right": "simulated annealing",
    "kramers": r"Kramers, $1 - e^{-t/t_{\mathrm{esc}}}$",
    "zero": "σ = 1 (and plain GD):\nstays at 0",
}
LEFT = ("noisy GD, σ = 1", "noisy GD, σ = 3", "noisy GD, σ = 6")
RIGHT = ("SA, log, C = d*", "SA, log, C = 1", "SA, geometric 0.995", "SA, geometric 0.9")
KRAMERS = (1.0, 3.0)
RUNS = 500


@dataclass(frozen=True)
class EscapeFigure:
    """The measured shares and, per noise level, Kramers' mean escape time in steps."""

    results: list[Escape]
    kramers: dict[float, float]


def compute() -> EscapeFigure:
    """Run the chapter's escape experiment (500 runs of 1000 steps per method)."""
    shallow, barrier, _ = stationary_points(x_cos_pi_x, (-1.0, 2.0))
    kramers = {s: kramers_steps(shallow, barrier, sigma=s, lr=0.05) for s in KRAMERS}
    return EscapeFigure(escape_experiment(runs=RUNS), kramers)


def facts(data: EscapeFigure) -> dict[str, str]:
    """Return Kramers' mean escape times, as the chapter states them."""
    return {f"t_esc_{s:g}": f"{t_esc:.2g}" for s, t_esc in data.kramers.items()}


def draw(data: EscapeFigure, theme: Theme) -> Figure:
    """Plot the share of runs in the global basin against the step, one panel per family."""
    figure = new_figure(7.0, 3.3)
    panels = figure.subplots(1, 2, sharey=True)
    by_name = {result.method: result for result in data.results}
    for axes, names, first in ((panels[0], LEFT, 0), (panels[1], RIGHT, len(LEFT))):
        for index, name in enumerate(names):
            share = by_name[name].over_time
            steps = torch.arange(len(share))
            band = 2 * (share * (1 - share) / RUNS).sqrt()
            slot = first + index  # a color of its own for each of the seven methods
            color = theme.color(slot) if slot < len(theme.series) else theme.muted
            label = TEXT["zero"] if name == LEFT[0] else name
            axes.fill_between(
                steps, share - band, share + band, color=color, alpha=0.25, lw=0, rasterized=True
            )
            width = 2.6 if name == LEFT[0] else 1.5
            axes.plot(steps, share, color=color, linewidth=width, label=label)
        axes.set_xlabel(TEXT["x"])
        axes.set_ylim(-0.03, 1.03)
    steps = torch.arange(len(data.results[0].over_time), dtype=torch.float64)
    for t_esc in data.kramers.values():
        if t_esc > 100 * len(steps):  # indistinguishable from 0: it would hide the σ = 1 line
            continue
        panels[0].plot(
            steps,
            1 - torch.exp(-steps / t_esc),
            "--",
            color=theme.foreground,
            linewidth=1.0,
            label=TEXT["kramers"],
            zorder=4,
        )
    panels[0].set_title(TEXT["left"], fontsize=10)
    panels[1].set_title(TEXT["right"], fontsize=10)
    panels[0].legend(fontsize=7.5, loc="lower right", bbox_to_anchor=(1.0, 0.06))
    panels[1].legend(fontsize=7.5, loc="center right")
    panels[0].set_ylabel(TEXT["y"])
    return figure
