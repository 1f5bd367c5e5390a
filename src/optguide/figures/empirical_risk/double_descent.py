"""Double descent: the exact risk of minimum-norm least squares against the number of features.

Legendre polynomials P_0, ..., P_{d−1} fitted to 20 noisy samples of sin(πx), for d from 1
to 200, by the minimum-norm least-squares solution (the limit of gradient descent from 0).
Medians and quartiles over 20 training sets; the vertical line is the interpolation
threshold d = n.
"""

from matplotlib.figure import Figure

from optguide.decomposition import DoubleDescent, double_descent
from optguide.figures.style import Theme, new_figure

FEATURES = [1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 18, 19, 20, 21, 22, 24, 27, 30, 40, 60, 100, 200]
N, NOISE = 20, 0.3
CAP = 1e6
TEXT = {
    "x": "number of features $d$ (Legendre polynomials)",
    "y": r"risk $R(\hat\theta)$ of the minimum-norm fit",
    "median": "median over 20 training sets",
    "band": "middle half of the training sets",
    "threshold": "$d = n$",
    "noise": r"$\sigma^2$",
    "capped": "capped",
}


def compute() -> DoubleDescent:
    """Fit every number of features on each of 20 seeded training sets."""
    return double_descent(FEATURES, n=N, noise=NOISE)


def draw(data: DoubleDescent, theme: Theme) -> Figure:
    """Draw the median risk and its quartile band on log-log axes; cap values above CAP."""
    figure = new_figure(6.4, 3.8)
    axes = figure.add_subplot()
    capped = data.risks.clamp(max=CAP)
    low = capped.quantile(0.25, dim=1)
    high = capped.quantile(0.75, dim=1)
    axes.fill_between(
        data.features, low, high, color=theme.color(1), alpha=0.18, linewidth=0, label=TEXT["band"]
    )
    axes.plot(
        data.features,
        capped.median(dim=1).values,
        "o-",
        color=theme.color(1),
        markersize=3.5,
        label=TEXT["median"],
    )
    axes.axvline(data.n, color=theme.highlight, linestyle="--", linewidth=1.0)
    axes.text(data.n * 1.06, NOISE**2, TEXT["threshold"], color=theme.foreground, va="bottom")
    axes.axhline(CAP, color=theme.muted, linestyle=":", linewidth=0.9)
    axes.text(1.05, CAP / 1.3, TEXT["capped"], color=theme.muted, va="top", fontsize=8)
    axes.axhline(NOISE**2, color=theme.muted, linestyle=":", linewidth=1.1)
    axes.text(1.05, NOISE**2 / 1.1, TEXT["noise"], color=theme.muted, va="top")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(1, max(data.features) * 1.1)
    axes.set_ylim(NOISE**2 / 2, CAP * 3)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper left", bbox_to_anchor=(0.0, 0.88), fontsize=9)
    return figure
