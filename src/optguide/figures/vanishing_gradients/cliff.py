"""A cliff: the loss of a one-unit recurrent network as a function of its bias.

h_τ = 2·tanh(h_{τ−1}) + b for 30 steps from h_0 = 0.5, loss ℓ(b) = (h_30 − 1)². Top: ℓ(b).
Bottom: |dℓ/db| on a log scale, sampled densely around the wall that the code locates.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.clipping import cliff_location, one_unit_rnn
from optguide.figures.style import Theme, new_figure

W, TARGET, INTERVAL = 2.0, 1.0, (-0.6, -0.2)
TEXT = {
    "b": "bias $b$",
    "loss": r"$\ell(b) = (h_{30} - 1)^2$",
    "slope": r"$|d\ell/db|$",
    "wall": "wall at $b = {b:.4f}$",
}


@dataclass(frozen=True)
class Cliff:
    """The sampled biases, the loss and its slope there, and the located wall."""

    bs: torch.Tensor
    loss: torch.Tensor
    slope: torch.Tensor
    wall: float


def compute() -> Cliff:
    """Sample ℓ(b) and dℓ/db on a coarse grid plus a fine one around the wall."""
    wall = cliff_location(W, INTERVAL)
    coarse = torch.linspace(*INTERVAL, 801, dtype=torch.float64)
    fine = torch.linspace(wall - 2e-4, wall + 2e-4, 801, dtype=torch.float64)
    bs = torch.cat([coarse, fine]).sort().values.requires_grad_(True)
    loss = (one_unit_rnn(W, bs) - TARGET) ** 2
    (slope,) = torch.autograd.grad(loss.sum(), bs)
    return Cliff(bs=bs.detach(), loss=loss.detach(), slope=slope.abs(), wall=wall)


def draw(data: Cliff, theme: Theme) -> Figure:
    """Plot the loss and, below it, the size of its slope, with the wall marked."""
    figure = new_figure(6.4, 4.0)
    top, bottom = figure.subplots(2, 1, sharex=True)
    top.plot(data.bs, data.loss, color=theme.color(0))
    top.set_ylabel(TEXT["loss"])
    bottom.semilogy(data.bs, data.slope, color=theme.color(1))
    bottom.set_ylabel(TEXT["slope"])
    bottom.set_xlabel(TEXT["b"])
    peak = int(data.slope.argmax())
    bottom.annotate(
        TEXT["wall"].format(b=data.wall),
        xy=(float(data.bs[peak]), float(data.slope[peak])),
        xytext=(40, -10),
        textcoords="offset points",
        va="top",
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    for axes in (top, bottom):
        axes.axvline(data.wall, color=theme.highlight, linestyle="--", linewidth=0.9)
    return figure
