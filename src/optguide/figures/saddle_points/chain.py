"""A chain of saddle points: gradient descent's escape times compound, perturbed GD's do not.

On ``saddle_chain`` in d = 5 dimensions, from (10⁻⁴, 0.1, ..., 0.1), gradient descent
passes d strict saddle points in turn. While it escapes one, the next coordinate is still
being contracted toward the next saddle's stable manifold, so it arrives there with a
smaller offset and needs longer: the gaps between escapes grow geometrically (after Du et
al., 2017). Perturbed gradient descent adds a kick of fixed size whenever the gradient is
small, so every saddle costs about the same. Left: |x_k| along gradient descent. Right: the
step at which each coordinate first exceeds 1/2, for both methods and three kick seeds.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.descent import gradient_descent
from optguide.figures.style import Theme, new_figure
from optguide.saddles import (
    chain_escape_steps,
    chain_start,
    perturbed_gradient_descent,
    saddle_chain,
)

D = 5
LR = 0.1
GD_STEPS = 4000
PGD_STEPS = 800
SEEDS = (0, 1, 2)
TEXT = {
    "step": "step",
    "offset": r"$|x_k|$ along gradient descent",
    "k": r"saddle point $k$",
    "escape": r"first step with $|x_k| > 1/2$",
    "gd": "gradient descent",
    "pgd": "perturbed GD (3 seeds)",
    "coordinate": "$x_{}$",
}


@dataclass(frozen=True)
class Chain:
    """The gradient-descent path and the escape steps of both methods."""

    descent: torch.Tensor
    descent_escapes: list[int | None]
    perturbed_escapes: list[list[int | None]]


def compute() -> Chain:
    """Run gradient descent and perturbed gradient descent on the chain."""
    start = chain_start(D)
    descent = gradient_descent(saddle_chain, start, lr=LR, steps=GD_STEPS)
    perturbed = [
        chain_escape_steps(
            perturbed_gradient_descent(
                saddle_chain,
                start,
                lr=LR,
                steps=PGD_STEPS,
                radius=0.01,
                gradient_threshold=1e-3,
                wait=20,
                seed=seed,
            ).path
        )
        for seed in SEEDS
    ]
    return Chain(descent, chain_escape_steps(descent), perturbed)


def draw(data: Chain, theme: Theme) -> Figure:
    """Draw the offsets along gradient descent and the escape steps of both methods."""
    figure = new_figure(7.6, 3.3)
    left = figure.add_subplot(1, 2, 1)
    steps = torch.arange(data.descent.shape[0])
    for k in range(data.descent.shape[1]):
        left.semilogy(
            steps.numpy(),
            data.descent[:, k].abs().clamp_min(1e-300).numpy(),
            color=theme.color(k),
            linewidth=1.4,
            label=TEXT["coordinate"].format(k + 1),
        )
    left.set_ylim(1e-80, 10)
    left.set_yticks([1e-75, 1e-50, 1e-25, 1])
    left.minorticks_off()
    left.set_xlabel(TEXT["step"])
    left.set_ylabel(TEXT["offset"])
    left.legend(fontsize=7, loc="lower left", ncol=2)

    right = figure.add_subplot(1, 2, 2)
    ks = list(range(1, D + 1))
    right.semilogy(ks, data.descent_escapes, "o-", color=theme.color(0), label=TEXT["gd"])
    for index, escapes in enumerate(data.perturbed_escapes):
        right.semilogy(
            ks,
            escapes,
            "s--",
            color=theme.color(1),
            markersize=4,
            linewidth=1.0,
            label=TEXT["pgd"] if index == 0 else None,
        )
    right.set_xticks(ks)
    right.set_xlabel(TEXT["k"])
    right.set_ylabel(TEXT["escape"])
    right.legend(fontsize=8, loc="upper left")
    return figure
