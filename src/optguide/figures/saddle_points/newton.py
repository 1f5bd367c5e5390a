"""Newton's method against saddle-free Newton and gradient descent near a saddle point.

All three start at the same point close to the saddle of f(x, y) = x²/2 − y²/2 + y⁴/4.
Newton's method jumps to the critical point of its quadratic model, which is the saddle;
saddle-free Newton, which rescales by |H|, goes downhill to a minimizer.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.descent import gradient_descent
from optguide.figures.style import Theme, new_figure
from optguide.saddles import double_well_saddle, newton_step, saddle_free_newton_step

START = (0.8, 0.15)
STEPS = 6
TEXT = {
    "x": "$x$",
    "y": "$y$",
    "newton": "Newton",
    "free": "saddle-free Newton",
    "gd": "gradient descent",
    "start": "start",
    "saddle": "saddle",
    "minimizer": "minimizer",
}


@dataclass(frozen=True)
class Methods:
    """The iterates of each method from the same start."""

    newton: torch.Tensor
    free: torch.Tensor
    descent: torch.Tensor


def _iterate(step: object, steps: int) -> torch.Tensor:
    """Apply a step function ``steps`` times from START and stack the iterates."""
    assert callable(step)
    theta = torch.tensor(START, dtype=torch.float64)
    path = [theta]
    for _ in range(steps):
        theta = step(double_well_saddle, theta)
        path.append(theta)
    return torch.stack(path)


def compute() -> Methods:
    """Run each method from START."""
    return Methods(
        newton=_iterate(newton_step, STEPS),
        free=_iterate(saddle_free_newton_step, STEPS),
        descent=gradient_descent(double_well_saddle, list(START), lr=0.1, steps=30),
    )


def draw(data: Methods, theme: Theme) -> Figure:
    """Draw the three paths over the contours of f."""
    figure = new_figure(6.4, 3.6)
    axes = figure.add_subplot()
    xs = torch.linspace(-1.0, 1.0, 51, dtype=torch.float64)
    ys = torch.linspace(-0.4, 1.6, 51, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    values = double_well_saddle(torch.stack([gx, gy], dim=-1))
    axes.contour(
        gx.numpy(), gy.numpy(), values.numpy(), levels=8, colors=theme.muted, linewidths=0.6
    )
    for index, (key, path) in enumerate(
        (("gd", data.descent), ("newton", data.newton), ("free", data.free))
    ):
        axes.plot(
            path[:, 0],
            path[:, 1],
            "o-",
            markersize=3.5,
            color=theme.color(index),
            label=TEXT[key],
            linewidth=1.4,
        )
    axes.plot([START[0]], [START[1]], "s", color=theme.foreground, markersize=5)
    axes.annotate(TEXT["start"], xy=START, xytext=(6, 6), textcoords="offset points")
    end = data.newton[-1]
    axes.annotate(
        TEXT["saddle"],
        xy=(float(end[0]), float(end[1])),
        xytext=(-0.6, -0.3),
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    end = data.free[-1]
    axes.annotate(
        TEXT["minimizer"],
        xy=(float(end[0]), float(end[1])),
        xytext=(0.35, 1.15),
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    axes.set_xticks([-1, 0, 1])
    axes.set_yticks([0, 0.5, 1, 1.5])
    axes.grid(False)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.set_aspect("equal")
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return figure
