"""Approximation, estimation and optimization error of the polynomial problem, by degree.

Three risks per degree, each the median over 20 training sets of 20 examples, all exact
(``decomposition.polynomial_risk``): the best polynomial of the degree, the exact empirical
risk minimizer, and gradient descent stopped at the epoch of lowest held-out loss. Their
differences are the three parts of the excess risk (Bottou and Bousquet, 2008).
"""

from matplotlib.figure import Figure

from optguide.decomposition import Decomposition, decompose
from optguide.figures.style import Theme, new_figure

DEGREES = [1, 2, 3, 5, 7, 9, 11, 13, 15]
NOISE = 0.3
TEXT = {
    "x": "polynomial degree $D$ ($n = 20$)",
    "y": r"excess risk $R - \sigma^2$ (median)",
    "best": r"best in class $\theta^\star_D$: approximation",
    "erm": r"exact ERM $\hat\theta_n$: + estimation",
    "stopped": "descent stopped early: + optimization (< 0)",
    "floor": "below $10^{-4}$: drawn on the axis",
}


def compute() -> Decomposition:
    """Decompose the excess risk at each degree over 20 seeded training sets."""
    return decompose(DEGREES, noise=NOISE)


def draw(data: Decomposition, theme: Theme) -> Figure:
    """Three median risks against the degree on a log axis."""
    figure = new_figure(6.4, 3.9)
    axes = figure.add_subplot()
    erm = data.approximation[:, None] + data.estimation
    stopped = erm + data.optimization
    floor = 1e-4  # the best-in-class error of high degrees falls far below every other
    axes.plot(
        data.degrees,
        data.approximation.clamp(min=floor),
        "o-",
        color=theme.color(0),
        markersize=4,
        label=TEXT["best"],
    )
    axes.plot(
        data.degrees,
        erm.median(dim=1).values,
        "s-",
        color=theme.color(1),
        markersize=4,
        label=TEXT["erm"],
    )
    axes.plot(
        data.degrees,
        stopped.median(dim=1).values,
        "^-",
        color=theme.color(2),
        markersize=4,
        label=TEXT["stopped"],
    )
    below = [d for d, a in zip(data.degrees, data.approximation, strict=True) if a < floor]
    if below:
        axes.text(below[0], floor * 1.6, TEXT["floor"], color=theme.color(0), fontsize=9)
    axes.set_yscale("log")
    axes.set_ylim(bottom=floor / 1.5)
    axes.set_xticks(data.degrees)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    figure.legend(loc="outside upper center", ncol=1, fontsize=9)
    return figure
