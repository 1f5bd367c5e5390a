"""How fast P(all GOE eigenvalues > 0) falls: exact values, Monte Carlo, and the laws.

Left: −ln P / d² for d = 1, ..., 40 from de Bruijn's Pfaffian (exact), the Monte Carlo
estimates for d ≤ 5 with two standard errors, the coin-flip heuristic (ln 2)/d, Dean &
Majumdar's limit ζ = ln(3)/4, and ζ + χ/d with χ fitted to the exact values: the linear
correction to −ln P ≈ ζd², which keeps the exact curve above ζ at every size.
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
    ZETA_GOE,
    PositiveDefiniteEstimate,
    eigenvalue_gaps,
    positive_definite_log_probabilities,
    positive_definite_probability,
)

D_MAX = 40
"""The largest exact size; the Pfaffian takes about a second here (mpmath, one core)."""

TEXT = {
    "d": "matrix size $d$",
    "rate": r"$-\ln \Pr(\lambda_{\min} > 0)\, /\, d^2$",
    "exact": "exact (Pfaffian)",
    "measured": "Monte Carlo",
    "coin": r"coin flips, $(\ln 2)/d$",
    "zeta": r"$\zeta = \ln 3/4$",
    "fit": r"$\zeta + {:.3f}/d$",
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
    """Fit −ln P − ζd² ≈ χd + χ₁ ln d + χ₀ over d ≥ ``smallest``; return χ."""
    ds = torch.arange(1, len(log_probabilities) + 1, dtype=torch.float64)
    remainder = -torch.tensor(log_probabilities, dtype=torch.float64) - ZETA_GOE * ds**2
    keep = ds >= smallest
    design = torch.stack([ds[keep], ds[keep].log(), torch.ones_like(ds[keep])], dim=1)
    solution = torch.linalg.lstsq(design, remainder[keep, None]).solution
    return float(solution[0, 0])


def compute() -> Ensemble:
    """Compute the exact values, the Monte Carlo estimates and the gap samples."""
    logs = positive_definite_log_probabilities(D_MAX)
    estimates = [positive_definite_probability(d, m) for d, m in DEFAULT_SAMPLES.items()]
    same, independent = eigenvalue_gaps(100_000)
    return Ensemble(logs, estimates, linear_correction(logs), same, independent)


def draw(data: Ensemble, theme: Theme) -> Figure:
    """Draw −ln P / d² against d, and the two gap histograms."""
    figure = new_figure(7.6, 3.3)
    left = figure.add_subplot(1, 2, 1)
    ds = list(range(1, len(data.log_probabilities) + 1))
    fine = torch.linspace(1, ds[-1], 200).tolist()
    coin = [math.log(2) / d for d in fine]
    left.plot(fine, coin, "--", color=theme.color(1), label=TEXT["coin"])
    left.axhline(ZETA_GOE, color=theme.foreground, linewidth=0.9, label=TEXT["zeta"])
    left.plot(
        fine,
        [ZETA_GOE + data.slope / d for d in fine],
        ":",
        color=theme.color(2),
        linewidth=2.2,
        zorder=4,
        label=TEXT["fit"].format(data.slope),
    )
    left.plot(
        ds,
        [-v / d**2 for d, v in zip(ds, data.log_probabilities, strict=True)],
        "o",
        mfc="none",
        color=theme.color(0),
        markersize=4,
        label=TEXT["exact"],
    )
    rates = [-math.log(e.probability) / e.d**2 for e in data.estimates]
    errors = [2 * e.standard_error / (e.probability * e.d**2) for e in data.estimates]
    left.errorbar(
        [e.d for e in data.estimates],
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
    left.set_xlim(0, ds[-1] + 1)
    left.set_xticks([1, 10, 20, 30, 40])
    left.set_xlabel(TEXT["d"])
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
    d = len(data.log_probabilities)
    return {
        "slope": f"{data.slope:.2f}",
        "d_max": str(d),
        "rate_max": f"{-data.log_probabilities[-1] / d**2:.3f}",
    }
