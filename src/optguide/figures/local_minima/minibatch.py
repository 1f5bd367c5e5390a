"""The noise of minibatch gradients against the batch size, measured and predicted.

Least squares on 512 examples: the average squared error of the minibatch gradient, over
4000 minibatches per size (error bars: two standard errors), next to the sampling formula
tr(Σ)/B · (n − B)/(n − 1).
"""

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.minibatch import MinibatchNoise, noise_by_batch_size

TEXT = {
    "x": "batch size $B$",
    "y": r"$\mathbb{E}\,\|g_B - \nabla \hat R_n\|^2$",
    "measured": "measured",
    "predicted": r"$(\mathrm{tr}\,\Sigma / B)\,(n-B)/(n-1)$",
    "inverse": r"$\mathrm{tr}\,\Sigma / B$",
}


def compute() -> list[MinibatchNoise]:
    """Measure the noise for batch sizes 1, 2, 4, …, 256 (at B = n it is zero)."""
    return noise_by_batch_size(tuple(2**k for k in range(9)))


def draw(data: list[MinibatchNoise], theme: Theme) -> Figure:
    """Plot measured and predicted variance on log-log axes."""
    figure = new_figure(5.2, 3.2)
    axes = figure.add_subplot()
    sizes = [row.batch_size for row in data]
    trace = data[0].predicted  # at B = 1 the finite-population factor is exactly 1
    axes.plot(sizes, [trace / b for b in sizes], ":", color=theme.muted, label=TEXT["inverse"])
    predicted = [row.predicted for row in data]
    axes.plot(sizes, predicted, color=theme.color(0), label=TEXT["predicted"])
    axes.errorbar(
        sizes,
        [row.variance for row in data],
        yerr=[2 * row.standard_error for row in data],
        fmt="o",
        color=theme.color(1),
        capsize=3,
        label=TEXT["measured"],
    )
    axes.set_xscale("log", base=2)
    axes.set_yscale("log")
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(fontsize=9, loc="lower left")
    return figure
