"""The excess risk of the empirical risk minimizer against n, on log-log axes.

Monte Carlo estimates (seeded, with error bars of two standard errors) against the exact
σ²/n, and the slope of a least-squares fit to the measured points.
"""

from dataclasses import dataclass

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.risk import ExcessRisk, loglog_slope, monte_carlo_excess_risk

MU, SIGMA = 1.0, 2.0
SIZES = (1, 3, 10, 30, 100, 300, 1000, 3000, 10_000)
TRIALS = 1000
TEXT = {
    "x": "training examples $n$",
    "y": r"excess risk $R(\hat\theta_n) - R(\theta^\star)$",
    "measured": "measured (mean of {trials} training sets)",
    "theory": r"$\sigma^2 / n$",
    "slope": "fitted slope {slope:.3f}",
    "ratio": "measured ÷ $\\sigma^2/n$",
}


@dataclass(frozen=True)
class Rate:
    """The Monte Carlo estimates and the fitted log-log slope."""

    estimates: list[ExcessRisk]
    slope: float


def compute() -> Rate:
    """Estimate the excess risk at each n, each size from its own seed."""
    estimates = [
        monte_carlo_excess_risk(n, MU, SIGMA, trials=TRIALS, seed=index)
        for index, n in enumerate(SIZES)
    ]
    slope = loglog_slope([float(e.n) for e in estimates], [e.mean for e in estimates])
    return Rate(estimates, slope)


def draw(data: Rate, theme: Theme) -> Figure:
    """Top: measured points with error bars over σ²/n. Bottom: their ratio to σ²/n."""
    figure = new_figure(6.0, 4.4)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(2.2, 1))
    ns = [e.n for e in data.estimates]
    exact = [SIGMA**2 / n for n in ns]
    means = [e.mean for e in data.estimates]
    errors = [2 * e.standard_error for e in data.estimates]
    marker = {
        "fmt": "o",
        "color": theme.color(1),
        "markersize": 5,
        "capsize": 2.5,
        "linewidth": 1.0,
    }
    top.plot(ns, exact, color=theme.muted, linewidth=2.2, label=TEXT["theory"])
    top.errorbar(ns, means, yerr=errors, label=TEXT["measured"].format(trials=TRIALS), **marker)
    top.set_xscale("log")
    top.set_yscale("log")
    top.set_ylabel(TEXT["y"])
    top.text(
        0.97,
        0.68,
        TEXT["slope"].format(slope=data.slope).replace("-", "\N{MINUS SIGN}"),
        transform=top.transAxes,
        ha="right",
        color=theme.foreground,
    )
    top.legend(loc="upper right", fontsize=9)
    bottom.axhline(1.0, color=theme.muted, linewidth=2.2)
    bottom.errorbar(
        ns,
        [m / e for m, e in zip(means, exact, strict=True)],
        yerr=[s / e for s, e in zip(errors, exact, strict=True)],
        **marker,
    )
    bottom.set_ylim(0.75, 1.25)
    bottom.set_ylabel(TEXT["ratio"])
    bottom.set_xlabel(TEXT["x"])
    return figure
