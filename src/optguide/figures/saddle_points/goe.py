"""How often a GOE matrix is positive definite, against two predictions; and level repulsion.

Left: Monte Carlo estimates of P(all n eigenvalues > 0), with two standard errors, against
the coin-flip heuristic 2⁻ⁿ and the large-n law exp(−θn²) of Dean & Majumdar (2006).
Right: the gap between the two eigenvalues of 2 × 2 GOE matrices, against the gap between
two eigenvalues taken from different matrices, which are independent with the same law.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.random_matrices import (
    DEFAULT_SAMPLES,
    PositiveDefiniteEstimate,
    dean_majumdar,
    eigenvalue_gaps,
    positive_definite_probability,
)

TEXT = {
    "n": "matrix size $n$",
    "p": "P(all eigenvalues $> 0$)",
    "measured": "measured",
    "coin": "coin flips, $2^{-n}$",
    "dm": r"large-$n$ law, $e^{-\theta n^2}$",
    "gap": "gap between the two eigenvalues",
    "density": "density",
    "goe": "same matrix",
    "independent": "different matrices",
}


@dataclass(frozen=True)
class Ensemble:
    """Estimates for each n, and samples of gaps for the repulsion panel."""

    estimates: list[PositiveDefiniteEstimate]
    same: torch.Tensor
    independent: torch.Tensor


def compute() -> Ensemble:
    """Estimate the probabilities with the package defaults and sample the gaps."""
    estimates = [positive_definite_probability(n, m) for n, m in DEFAULT_SAMPLES.items()]
    same, independent = eigenvalue_gaps(100_000)
    return Ensemble(estimates, same, independent)


def draw(data: Ensemble, theme: Theme) -> Figure:
    """Draw the probabilities on a log scale and the two gap histograms."""
    figure = new_figure(7.6, 3.3)
    left = figure.add_subplot(1, 2, 1)
    ns = [e.n for e in data.estimates]
    fine = torch.linspace(1, max(ns), 100).tolist()
    left.semilogy(fine, [0.5**n for n in fine], "--", color=theme.color(1), label=TEXT["coin"])
    left.semilogy(
        fine,
        [dean_majumdar(1) ** (n * n) for n in fine],
        ":",
        color=theme.color(2),
        linewidth=2.2,
        label=TEXT["dm"],
    )
    left.errorbar(
        ns,
        [e.probability for e in data.estimates],
        yerr=[2 * e.standard_error for e in data.estimates],
        fmt="o",
        color=theme.color(0),
        markersize=5,
        capsize=3,
        label=TEXT["measured"],
    )
    left.set_xticks(ns)
    left.set_yticks([1e0, 1e-2, 1e-4])
    left.minorticks_off()
    left.set_xlabel(TEXT["n"])
    left.set_ylabel(TEXT["p"])
    left.legend(fontsize=8, loc="lower left")

    right = figure.add_subplot(1, 2, 2)
    bins = torch.linspace(0, 8, 33).tolist()
    right.hist(
        data.independent.numpy(),
        bins=bins,
        density=True,
        histtype="step",
        color=theme.color(1),
        linewidth=1.6,
        linestyle="--",
        label=TEXT["independent"],
    )
    right.hist(
        data.same.numpy(),
        bins=bins,
        density=True,
        histtype="step",
        color=theme.color(0),
        linewidth=1.8,
        label=TEXT["goe"],
    )
    right.set_yticks([])
    right.set_xticks([0, 2, 4, 6, 8])
    right.set_xlabel(TEXT["gap"])
    right.set_ylabel(TEXT["density"])
    right.legend(fontsize=8)
    return figure
