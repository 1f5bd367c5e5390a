"""One-pass SGD on the mean: the excess risk of θ_t along the pass, against σ²/t.

2000 independent streams of 1000 fresh examples each (y ~ N(1, 4)); every example is used
once, so θ_t follows the gradient of the risk itself, unbiasedly, and its expected excess
risk is σ²/t at every t of the pass.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import one_pass_sgd

MU, SIGMA, STREAMS, LENGTH = 1.0, 2.0, 2000, 1000
TEXT = {
    "x": "examples seen $t$ (each once)",
    "y": r"excess risk $R(\theta_t) - R(\theta^\star)$",
    "measured": "one-pass SGD, mean over 2000 streams",
    "exact": r"$\sigma^2 / t$",
}


@dataclass(frozen=True)
class OnePass:
    """The steps t and the mean excess risk over the streams, with its standard error."""

    steps: torch.Tensor
    mean: torch.Tensor
    error: torch.Tensor


def compute() -> OnePass:
    """Run the seeded streams through the package's one-pass SGD."""
    generator = torch.Generator().manual_seed(0)
    noise = torch.randn(STREAMS, LENGTH, generator=generator, dtype=torch.float64)
    excess = (one_pass_sgd(MU + SIGMA * noise)[:, 1:] - MU) ** 2
    steps = torch.arange(1, LENGTH + 1, dtype=torch.float64)
    return OnePass(steps, excess.mean(dim=0), excess.std(dim=0) / STREAMS**0.5)


def draw(data: OnePass, theme: Theme) -> Figure:
    """Measured mean excess risk with a two-standard-error band, and σ²/t."""
    figure = new_figure(6.0, 3.6)
    axes = figure.add_subplot()
    axes.plot(
        data.steps, SIGMA**2 / data.steps, color=theme.muted, linewidth=2.2, label=TEXT["exact"]
    )
    axes.fill_between(
        data.steps,
        data.mean - 2 * data.error,
        data.mean + 2 * data.error,
        color=theme.color(1),
        alpha=0.25,
        linewidth=0,
    )
    axes.plot(data.steps, data.mean, color=theme.color(1), linewidth=1.2, label=TEXT["measured"])
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(1, LENGTH)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper right", fontsize=9)
    return figure
