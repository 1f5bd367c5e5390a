"""One-dimensional slices of a network's loss, in the manner of Goodfellow et al. (2015).

Left: the loss of a tanh network with 8 hidden units on the straight line from its
initialization (s = 0) to its trained parameters (s = 1). Middle: on the line from the
trained θ to a permuted copy Πθ with the same loss. Right: a ReLU network and a rescaled
copy that computes the same function, each along the unit-length eigenvector of the
largest Hessian eigenvalue at its own parameters: one function, two curvatures.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.landscape import line_slice, parameter_loss, parameters_of, rescale_unit
from optguide.models import mlp
from optguide.symmetry import fit, permute_hidden_units, wiggly_data

SCALE = 16.0
TEXT = {
    "s": "$s$",
    "loss": "training loss",
    "left": r"init $\to \theta$",
    "middle": r"$\theta \to \Pi\theta$",
    "right": "along the top eigenvector",
    "distance": r"distance from $\theta$",
    "original": "ReLU net, $a = 1$",
    "scaled": "rescaled, $a = {:g}$",
}


@dataclass(frozen=True)
class Slices:
    """Loss values along the three kinds of line, and the abscissas."""

    positions: torch.Tensor
    to_trained: torch.Tensor
    to_twin: torch.Tensor
    distances: torch.Tensor
    sharp: dict[float, torch.Tensor]


def _along_top_eigenvector(net: torch.nn.Module, distances: torch.Tensor) -> torch.Tensor:
    """Return the loss at each distance in ``distances`` from θ along the top eigenvector."""
    x, y = wiggly_data()
    loss = parameter_loss(net, x, y)
    theta = parameters_of(net)
    hessian = torch.autograd.functional.hessian(loss, theta)  # type: ignore[no-untyped-call]
    top = torch.linalg.eigh(hessian).eigenvectors[:, -1]
    return line_slice(loss, theta, theta + top, distances)


def compute() -> Slices:
    """Train the two small networks and evaluate the loss along each line."""
    x, y = wiggly_data()
    net = fit(mlp([1, 8, 1], "tanh", seed=0), x, y, steps=300, lr=0.02)
    loss = parameter_loss(net, x, y)
    order = torch.randperm(8, generator=torch.Generator().manual_seed(1))
    theta = parameters_of(net)
    twin = parameters_of(permute_hidden_units(net, order))
    start = parameters_of(mlp([1, 8, 1], "tanh", seed=0))
    positions = torch.linspace(-0.25, 1.25, 121, dtype=torch.float64)
    relu = fit(mlp([1, 8, 1], "relu", seed=0), x, y, steps=300, lr=0.02)
    distances = torch.linspace(-0.3, 0.3, 121, dtype=torch.float64)
    sharp = {a: _along_top_eigenvector(rescale_unit(relu, 0, a), distances) for a in (1.0, SCALE)}
    return Slices(
        positions,
        line_slice(loss, start, theta, positions),
        line_slice(loss, theta, twin, positions),
        distances,
        sharp,
    )


def draw(data: Slices, theme: Theme) -> Figure:
    """Draw the three slices side by side."""
    figure = new_figure(7.2, 2.9)
    left, middle, right = figure.subplots(1, 3)
    left.plot(data.positions, data.to_trained, color=theme.color(0))
    middle.plot(data.positions, data.to_twin, color=theme.color(0))
    for axes, title in ((left, "left"), (middle, "middle")):
        for end in (0.0, 1.0):
            axes.axvline(end, color=theme.muted, linestyle=":", linewidth=0.9)
        axes.set_xlabel(TEXT["s"])
        axes.set_title(TEXT[title], fontsize=9.5)
        axes.set_ylim(bottom=0)
    left.set_ylabel(TEXT["loss"])
    for index, (a, values) in enumerate(data.sharp.items()):
        label = TEXT["original"] if a == 1.0 else TEXT["scaled"].format(a)
        style = "-" if index == 0 else "--"
        right.plot(data.distances, values, style, color=theme.color(1 + index), label=label)
    right.set_xlabel(TEXT["distance"])
    right.set_title(TEXT["right"], fontsize=9.5)
    right.set_yscale("log")
    right.set_ylim(top=40 * max(float(v.max()) for v in data.sharp.values()))
    right.legend(fontsize=7.5, loc="upper center")
    return figure
