"""The cliff in closed form: where the wall sits and how steep it is, against the length S.

h_τ = 2·tanh(h_{τ−1}) + b from h_0 = 0.5. Markers: the distance of the wall b_S (located by
bisection) from its limit b_∞, and the slope dh_S/db at b_∞ (autograd). Lines: the closed
forms, a constant times ν^(−S) and (ν^S − 1)/(ν − 1), with ν = 2·(1 − tanh²(0.5)).
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.clipping import cliff_in_closed_form, cliff_location, one_unit_rnn
from optguide.figures.style import Theme, new_figure

W, H0, INTERVAL = 2.0, 0.5, (-0.6, -0.2)
LENGTHS = tuple(range(4, 41, 2))
TEXT = {
    "T": "number of steps $S$",
    "distance": r"distance of the wall, $|b_S - b_\infty|$",
    "slope": r"slope at the limit, $dh_S/db$ at $b_\infty$",
    "closed": "closed form",
    "nu": r"$\nu = {nu:.3f}$",
}


@dataclass(frozen=True)
class Growth:
    """Measured distances and slopes for each T, and the closed-form constants."""

    lengths: tuple[int, ...]
    distance: list[float]
    slope: list[float]
    limit: float
    multiplier: float


def compute() -> Growth:
    """Locate the wall and differentiate h_S at b_∞ for every S."""
    limit, multiplier = cliff_in_closed_form(W, H0)
    distance, slope = [], []
    for steps in LENGTHS:
        distance.append(abs(cliff_location(W, INTERVAL, steps) - limit))
        b = torch.tensor(limit, dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(one_unit_rnn(W, b, steps, H0), b)
        slope.append(float(grad))
    return Growth(LENGTHS, distance, slope, limit, multiplier)


def draw(data: Growth, theme: Theme) -> Figure:
    """Plot both measurements with their closed forms on one log axis."""
    figure = new_figure(6.4, 3.2)
    axes = figure.subplots()
    lam, lengths = data.multiplier, data.lengths
    scale = data.distance[-1] * lam ** lengths[-1]  # the constant, from the longest run
    closed_distance = [scale * lam**-t for t in lengths]
    closed_slope = [(lam**t - 1) / (lam - 1) for t in lengths]
    for index, (measured, closed, key) in enumerate(
        [(data.distance, closed_distance, "distance"), (data.slope, closed_slope, "slope")]
    ):
        color = theme.color(index)
        axes.semilogy(lengths, measured, "o", color=color, markersize=4, label=TEXT[key])
        axes.semilogy(lengths, closed, "-", color=color, linewidth=1.0, alpha=0.8)
    axes.plot([], [], "-", color=theme.muted, label=TEXT["closed"])
    axes.set_xlabel(TEXT["T"])
    axes.set_title(TEXT["nu"].format(nu=lam), color=theme.foreground, fontsize=10)
    axes.legend(loc="upper left", fontsize=8)
    return figure
