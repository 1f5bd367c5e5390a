"""The directions gradient descent fits last, drawn as functions of x.

Each eigenvector v of the training loss's Hessian H = (2/n) ΦᵀΦ is a set of Legendre
coefficients, so it is a polynomial f_v(x) = Σ v_k P_k(x). Its curvature is
vᵀHv = (2/n) Σ_i f_v(x_i)²: a small-curvature direction is a polynomial that nearly
vanishes at every training point. The figure draws the largest-curvature direction and
the three smallest, with the training inputs marked along the axis.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.generalization import Sample, legendre_features, noisy_sine_sample

N, DEGREE, NOISE, SEED = 20, 15, 0.3, 0
TEXT = {
    "x": "$x$",
    "y": "direction as a function of $x$",
    "largest": "largest curvature",
    "data": "training inputs",
}
SMALL = ["smallest curvature", "second smallest", "third smallest"]


@dataclass(frozen=True)
class Directions:
    """The grid, the chosen eigenvectors evaluated on it, and the training inputs."""

    grid: torch.Tensor
    largest: torch.Tensor
    smallest: list[torch.Tensor]
    train: Sample


def compute() -> Directions:
    """Eigendecompose the chapter's Hessian; evaluate four eigenvectors on a grid."""
    train = noisy_sine_sample(N, NOISE, SEED)
    phi = legendre_features(train.x, DEGREE)
    _, vectors = torch.linalg.eigh(2.0 / N * phi.T @ phi)  # ascending curvature
    grid = torch.linspace(-1.0, 1.0, 801, dtype=torch.float64)
    basis = legendre_features(grid, DEGREE)

    def as_function(v: torch.Tensor) -> torch.Tensor:
        values = basis @ v
        return values * torch.sign(values[values.abs().argmax()])  # largest swing up

    return Directions(
        grid=grid,
        largest=as_function(vectors[:, -1]),
        smallest=[as_function(vectors[:, i]) for i in range(3)],
        train=train,
    )


def draw(data: Directions, theme: Theme) -> Figure:
    """Plot the four directions over x and mark the training inputs below them."""
    figure = new_figure(6.4, 3.8)
    axes = figure.add_subplot()
    axes.axhline(0.0, color=theme.muted, linewidth=0.8)
    axes.plot(data.grid, data.largest, color=theme.muted, linestyle="--", label=TEXT["largest"])
    for index, (values, label) in enumerate(zip(data.smallest, SMALL, strict=True)):
        axes.plot(data.grid, values, color=theme.color(index), label=label)
    axes.plot(
        data.train.x,
        torch.zeros_like(data.train.x),
        "|",
        color=theme.foreground,
        markersize=14,
        markeredgewidth=1.6,
        label=TEXT["data"],
        zorder=3,
    )
    axes.set_xlim(-1.0, 1.0)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    figure.legend(loc="outside upper center", ncol=3, fontsize=9)
    return figure
