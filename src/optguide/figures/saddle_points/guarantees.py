"""Newton's method with guarantees: cubic regularization and a trust region, on one example.

Four second-order methods on f(x, y) = x²/2 − y²/2 + y⁴/4, from two starts: (0.8, 0.15),
near the saddle point, and (1, 0), exactly on its stable manifold. Newton's method goes to
the saddle point from both. Saddle-free Newton reaches a minimizer from the first start but
not from the second: on the manifold the gradient has no component along y, and neither
has its step. The cubic-regularized step (Nesterov & Polyak, 2006) and the trust-region
step shift the Hessian by λI until it is positive semidefinite and, when the gradient
misses the negative-curvature direction, step along that direction: they leave.
"""

from collections.abc import Callable
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.saddles import (
    cubic_newton_step,
    double_well_saddle,
    newton_step,
    saddle_free_newton_step,
    trust_region_step,
)

STARTS = ((0.8, 0.15), (1.0, 0.0))
STEPS = 12
LIPSCHITZ = 6.0
"""M of the cubic model: |∂³f/∂y³| = 6|y|, so 6 bounds the Hessian's change for |y| ≤ 1."""
RADIUS = 0.5
"""The trust-region radius."""

Step = Callable[[Callable[[torch.Tensor], torch.Tensor], torch.Tensor], torch.Tensor]
METHODS: dict[str, Step] = {
    "newton": newton_step,
    "free": saddle_free_newton_step,
    "cubic": lambda f, t: cubic_newton_step(f, t, lipschitz=LIPSCHITZ),
    "trust": lambda f, t: trust_region_step(f, t, radius=RADIUS),
}
TEXT = {
    "x": "$x$",
    "y": "$y$",
    "newton": "Newton",
    "free": "saddle-free Newton",
    "cubic": "cubic-regularized Newton",
    "trust": "trust region",
    "near": "start (0.8, 0.15)",
    "on": "start (1, 0): on the stable manifold",
}


@dataclass(frozen=True)
class Paths:
    """For each start, the iterates of each method."""

    paths: tuple[dict[str, torch.Tensor], ...]


def iterate(step: Step, start: tuple[float, float], steps: int = STEPS) -> torch.Tensor:
    """Apply ``step`` to the double-well function ``steps`` times and stack the iterates."""
    theta = torch.tensor(start, dtype=torch.float64)
    path = [theta]
    for _ in range(steps):
        theta = step(double_well_saddle, theta)
        path.append(theta)
    return torch.stack(path)


def compute() -> Paths:
    """Run the four methods from both starts."""
    return Paths(
        tuple({name: iterate(step, start) for name, step in METHODS.items()} for start in STARTS)
    )


def draw(data: Paths, theme: Theme) -> Figure:
    """Draw the paths over the contours of f, one panel per start."""
    figure = new_figure(7.6, 3.9)
    xs = torch.linspace(-0.5, 1.1, 61, dtype=torch.float64)
    ys = torch.linspace(-0.3, 1.7, 61, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="xy")
    values = double_well_saddle(torch.stack([gx, gy], dim=-1))
    styles = {"newton": "o-", "free": "s--", "cubic": "^-", "trust": "D:"}
    for column, (paths, key) in enumerate(zip(data.paths, ("near", "on"), strict=True)):
        axes = figure.add_subplot(1, 2, column + 1)
        axes.contour(
            gx.numpy(), gy.numpy(), values.numpy(), levels=9, colors=theme.muted, linewidths=0.5
        )
        for index, (name, path) in enumerate(paths.items()):
            axes.plot(
                path[:, 0].numpy(),
                path[:, 1].numpy(),
                styles[name],
                markersize=3.5,
                linewidth=1.3,
                color=theme.color(index),
                label=TEXT[name],
            )
        axes.plot([0.0], [0.0], "x", color=theme.foreground, markersize=7)
        axes.plot([0.0], [1.0], "*", color=theme.highlight, markersize=9)
        axes.set_title(TEXT[key], fontsize=9)
        axes.set_xticks([0, 0.5, 1])
        axes.set_yticks([0, 0.5, 1, 1.5])
        axes.set_xlabel(TEXT["x"])
        axes.set_ylabel(TEXT["y"])
        axes.set_aspect("equal")
        axes.grid(False)
    handles, labels = figure.axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, fontsize=8, loc="outside lower center", ncol=4)
    return figure
