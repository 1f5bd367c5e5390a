"""The exact Hessian spectrum of a small tanh network, at initialization and after training.

Eigenvalues are sorted and drawn on a symmetric log scale, linear within ±1e−2, so that the
bulk near zero, the few large outliers and the negative eigenvalues all show; the linear
range is compressed so that the near-zero band is drawn no larger than it is.
"""

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.network_hessian import SpectrumRun, spectrum_experiment

TEXT = {
    "rank": "eigenvalue index (ascending)",
    "value": "eigenvalue of the Hessian",
    "init": "at initialization",
    "trained": "after training",
    "zero": r"$|\lambda| < 10^{-3}\,\lambda_{\max}$",
    "loss": "training loss (mean squared error)",
    "negative": r"eigenvalues $< -10^{-3}\,\lambda_{\max}$",
    "path": "along training",
}
LINEAR_WIDTH = 1e-2
"""Linear within ±1e−2 (about the band), compressed by LINEAR_SCALE, so the band looks small."""
LINEAR_SCALE = 0.2


def compute() -> SpectrumRun:
    """Train the network and compute both exact spectra."""
    return spectrum_experiment()


def draw(data: SpectrumRun, theme: Theme) -> Figure:
    """Plot the sorted eigenvalues of both Hessians, and the negative count against the loss."""
    figure = new_figure(7.6, 3.4)
    axes = figure.add_subplot(1, 2, 1)
    for index, (key, values) in enumerate(
        (("init", data.initial_eigenvalues), ("trained", data.final_eigenvalues))
    ):
        axes.plot(
            range(len(values)),
            values.numpy(),
            "-",
            linewidth=2.0,
            color=theme.color(index),
            label=TEXT[key],
        )
    band = 1e-3 * float(data.final_eigenvalues.max())
    axes.axhspan(-band, band, color=theme.shade, alpha=0.12, linewidth=0, label=TEXT["zero"])
    axes.set_yscale("symlog", linthresh=LINEAR_WIDTH, linscale=LINEAR_SCALE)
    axes.set_yticks([-1, -1e-1, 0, 1e-1, 1, 10])
    axes.minorticks_off()
    axes.set_xlabel(TEXT["rank"])
    axes.set_ylabel(TEXT["value"])
    axes.legend(fontsize=8, loc="upper left")

    right = figure.add_subplot(1, 2, 2)
    losses = [loss for _, loss, _ in data.along_training]
    counts = [count for _, _, count in data.along_training]
    right.semilogx(losses, counts, "--", color=theme.muted, linewidth=0.7)
    right.semilogx(losses, counts, "o", color=theme.color(2), markersize=5, label=TEXT["path"])
    for step, loss, count in data.along_training:
        right.annotate(
            f"step {step}", xy=(loss, count), xytext=(4, 4), textcoords="offset points", fontsize=7
        )
    right.invert_xaxis()
    right.set_xlabel(TEXT["loss"])
    right.set_ylabel(TEXT["negative"])
    return figure
