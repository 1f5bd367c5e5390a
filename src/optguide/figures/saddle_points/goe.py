"""How fast P(all GOE eigenvalues > 0) falls: exact values, Monte Carlo, and the laws.

Left: −ln P / n² for n = 1, ..., 40 from de Bruijn's Pfaffian (exact), the Monte Carlo
estimates for n ≤ 5 with two standard errors, the coin-flip heuristic (ln 2)/n, Dean &
Majumdar's limit θ = ln(3)/4, and θ + c/n with c fitted to the exact values: the linear
correction to −ln P ≈ θn², which keeps the exact curve above θ at every size.
Right: the gap between the two eigenvalues of 2 × 2 GOE matrices, against the gap between
two eigenvalues taken from different matrices, which are independent with the same law.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.random_matrices import (
    DEFAULT_SAMPLES,
    THETA_GOE,
    PositiveDefiniteEstimate,
    eigenvalue_gaps,
    positive_definite_log_probabilities,
    positive_definite_probability,
)

N_MAX = 40
"""The largest exact size; the Pfaffian takes about a second here (mpmath, one core)."""

TEXT = {
    "n": "matrix size $n$",
    "rate": r"$-\ln P(\lambda_{\min} > 0)\, /\, n^2$",
    "exact": "exact (Pfaffian)",
    "measured": "Monte Carlo",
    "coin": r"coin flips, $(\ln 2)/n$",
    "theta": r"$\theta = \ln 3/4$",
    "fit": r"$\theta + {:.3f}/n$",
    "gap": "gap between the two eigenvalues",
    "density": "density",
    "goe": "same matrix",
    "independent": "different matrices",
}


@dataclass(frozen=True)
class Ensemble:
    """Exact log-probabilities, Monte Carlo estimates, the fitted slope, and gap samples."""

    log_probabilities: list[float]
    estimates: list[PositiveDefiniteEstimate]
    slope: float
    same: torch.Tensor
    independent: torch.Tensor


def linear_correction(log_probabilities: list[float], smallest: int = 15) -> float:
    """Fit −ln P − θn² ≈ c n + b ln n + a over n ≥ ``smallest``; return c."""
    ns = torch.arange(1, len(log_probabilities) + 1, dtype=torch.float64)
    remainder = -torch.tensor(log_probabilities, dtype=torch.float64) - THETA_GOE * ns**2
    keep = ns >= smallest
    design = torch.stack([ns[keep], ns[keep].log(), torch.ones_like(ns[keep])], dim=1)
    solution = torch.linalg.lstsq(design, remainder[keep, None]).solution
    return float(solution[0, 0])


def compute() -> Ensemble:
    """Compute the exact values, the Monte Carlo estimates and the gap samples."""
    logs = positive_definite_log_probabilities(N_MAX)
    estimates = [positive_definite_probability(n, m) for n, m in DEFAULT_SAMPLES.items()]
    same, independent = eigenvalue_gaps(100_000)
    return Ensemble(logs, estimates, linear_correction(logs), same, independent)


def draw(data: Ensemble, theme: Theme) -> Figure:
    """Draw −ln P / n² against n, and the two gap histograms."""
    figure = new_figure(7.6, 3.3)
    left = figure.add_subplot(1, 2, 1)
    ns = list(range(1, len(data.log_probabilities) + 1))
    fine = torch.linspace(1, ns[-1], 200).tolist()
    coin = [math.log(2) / n for n in fine]
    left.plot(fine, coin, "--", color=theme.color(1), label=TEXT["coin"])
    left.axhline(THETA_GOE, color=theme.foreground, linewidth=0.9, label=TEXT["theta"])
    left.plot(
        fine,
        [THETA_GOE + data.slope / n for n in fine],
        ":",
        color=theme.color(2),
        linewidth=2.2,
        zorder=4,
        label=TEXT["fit"].format(data.slope),
    )
    left.plot(
        ns,
        [-v / n**2 for n, v in zip(ns, data.log_probabilities, strict=True)],
        "o",
        mfc="none",
        color=theme.color(0),
        markersize=4,
        label=TEXT["exact"],
    )
    rates = [-math.log(e.probability) / e.n**2 for e in data.estimates]
    errors = [2 * e.standard_error / (e.probability * e.n**2) for e in data.estimates]
    left.errorbar(
        [e.n for e in data.estimates],
        rates,
        yerr=errors,
        fmt="s",
        mfc="none",
        color=theme.color(3),
        markersize=6,
        capsize=2,
        label=TEXT["measured"],
    )
    left.set_ylim(0, 0.75)
    left.set_xlim(0, ns[-1] + 1)
    left.set_xticks([1, 10, 20, 30, 40])
    left.set_xlabel(TEXT["n"])
    left.set_ylabel(TEXT["rate"])
    left.legend(fontsize=7.5, loc="upper right")

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


def facts(data: Ensemble) -> dict[str, str]:
    """Return the numbers the page quotes from this figure, formatted."""
    n = len(data.log_probabilities)
    return {
        "slope": f"{data.slope:.2f}",
        "n_max": str(n),
        "rate_max": f"{-data.log_probabilities[-1] / n**2:.3f}",
    }
