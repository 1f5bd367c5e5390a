"""How often noisy methods leave the shallow local minimizer of x·cos(πx) for the deep one.

Every method starts 500 times at the local minimizer; the curves give the share of runs on
the global minimizer's side of the local maximizer after each step.
"""

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.minima import Escape, escape_experiment

TEXT = {
    "x": "step $t$",
    "y": "share of runs in the\nglobal minimizer's basin",
    "left": "gradient descent, with and without noise",
    "right": "simulated annealing",
}
LEFT = ("gradient descent", "noisy GD, σ = 1", "noisy GD, σ = 3", "noisy GD, σ = 6")
RIGHT = ("SA, log, c = d*", "SA, log, c = 1", "SA, geometric 0.995", "SA, geometric 0.9")


def compute() -> list[Escape]:
    """Run the chapter's escape experiment (500 runs of 1000 steps per method)."""
    return escape_experiment()


def draw(data: list[Escape], theme: Theme) -> Figure:
    """Plot the share of runs in the global basin against the step, one panel per family."""
    figure = new_figure(7.0, 3.2)
    panels = figure.subplots(1, 2, sharey=True)
    by_name = {result.method: result for result in data}
    for axes, names, title in zip(panels, (LEFT, RIGHT), ("left", "right"), strict=True):
        for index, name in enumerate(names):
            curve = by_name[name].over_time
            plain = name == "gradient descent"
            axes.plot(
                range(len(curve)),
                curve,
                color=theme.foreground if plain else theme.color(index),
                linestyle="--" if plain else "-",
                linewidth=1.2 if plain else 1.6,
                label=name,
                zorder=3 if plain else 2,
            )
        axes.set_title(TEXT[title], fontsize=10)
        axes.set_xlabel(TEXT["x"])
        axes.set_ylim(-0.03, 1.03)
        axes.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 0.22))
    panels[0].set_ylabel(TEXT["y"])
    return figure
