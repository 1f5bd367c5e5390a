"""Gradient descent near the saddle of f(x, y) = x²/2 − y²/2 + y⁴/4, measured.

Left: paths from (1, 0), on the attracting line, and from (1, ε). Right: the number of
steps until |y| reaches 1/2, against ε, with the linear model's prediction.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.curvature import hessian_eigenvalues
from optguide.descent import gradient_descent
from optguide.figures.style import Theme, new_figure
from optguide.saddles import double_well_saddle, escape_iterations, predicted_escape_iterations

LR = 0.1
RADIUS = 0.5
EPSILONS = [10.0**-k for k in range(1, 13)]
PATH_EPSILONS = [0.0, 1e-2, 1e-6]
TEXT = {
    "x": "$x$",
    "y": "$y$",
    "on": "start $(1, 0)$:\nstuck at the saddle",
    "off": r"start $(1, 10^{{{:d}}})$",
    "eps": r"offset $\varepsilon$ of the start",
    "steps": "steps to escape",
    "measured": "measured",
    "predicted": "prediction",
}


@dataclass(frozen=True)
class Escape:
    """Paths of gradient descent and measured and predicted escape times."""

    paths: dict[float, torch.Tensor]
    measured: list[int]
    predicted: list[float]
    lambda_min: float


def compute() -> Escape:
    """Run gradient descent from each start and count the steps to escape."""
    lambda_min = float(hessian_eigenvalues(double_well_saddle, [0.0, 0.0])[0])
    paths = {
        eps: gradient_descent(double_well_saddle, [1.0, eps], lr=LR, steps=160)
        for eps in PATH_EPSILONS
    }
    measured = []
    for eps in EPSILONS:
        count = escape_iterations(double_well_saddle, [0.0, 0.0], [1.0, eps], lr=LR, radius=RADIUS)
        assert count is not None
        measured.append(count)
    predicted = [
        predicted_escape_iterations(eps, lr=LR, lambda_min=lambda_min, radius=RADIUS)
        for eps in EPSILONS
    ]
    return Escape(paths, measured, predicted, lambda_min)


def draw(data: Escape, theme: Theme) -> Figure:
    """Draw the paths over the contours, and the escape times against ε."""
    figure = new_figure(7.6, 3.1)
    left = figure.add_subplot(1, 2, 1)
    axis = torch.linspace(-1.3, 1.3, 41, dtype=torch.float64)
    gx, gy = torch.meshgrid(axis, axis, indexing="xy")
    values = double_well_saddle(torch.stack([gx, gy], dim=-1))
    left.contour(
        gx.numpy(), gy.numpy(), values.numpy(), levels=8, colors=theme.muted, linewidths=0.6
    )
    for index, (eps, path) in enumerate(data.paths.items()):
        label = (
            TEXT["on"]
            if eps == 0
            else TEXT["off"].format(round(float(torch.log10(torch.tensor(eps)))))
        )
        width = 4.0 if eps == 0 else 1.5  # the path on the axis lies under the others
        left.plot(path[:, 0], path[:, 1], "-", color=theme.color(index), label=label, lw=width)
        left.plot(path[-1:, 0], path[-1:, 1], "o", color=theme.color(index), markersize=5)
    left.plot([0.0], [0.0], "o", color=theme.highlight, markersize=6, zorder=4)
    left.set_xlabel(TEXT["x"])
    left.set_ylabel(TEXT["y"])
    left.set_aspect("equal")
    left.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), handlelength=1.2)
    left.set_ylim(-1.3, 1.3)
    left.set_xticks([-1, 0, 1])
    left.set_yticks([-1, 0, 1])
    left.grid(False)

    right = figure.add_subplot(1, 2, 2)
    right.semilogx(EPSILONS, data.predicted, "-", color=theme.color(1), label=TEXT["predicted"])
    right.semilogx(EPSILONS, data.measured, "o", color=theme.color(0), label=TEXT["measured"])
    right.set_xticks([1e-12, 1e-9, 1e-6, 1e-3])
    right.minorticks_off()
    right.set_yticks([100, 200])
    right.set_xlabel(TEXT["eps"])
    right.set_ylabel(TEXT["steps"])
    right.legend(fontsize=8)
    return figure
