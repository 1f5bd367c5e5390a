"""Distance to the closed-form least-squares solution against iteration, for several η.

The learning rates are fractions of the stability limit 2/λ_max computed from the Hessian
XᵀX/n of the problem; the last one lies just above the limit and its run is stopped, as the
solver reports, when the loss has grown a millionfold. 0.99 and 1.01 are the fractions the
chapter's text runs.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.iterative import DivergenceError, minimize
from optguide.least_squares import (
    empirical_risk,
    empirical_risk_gradient,
    make_regression,
    solve_normal_equations,
    stability_limit,
)

FRACTIONS = (0.1, 0.5, 0.99, 1.01)
MAX_ITER = 450
TEXT = {
    "x": "iteration $t$",
    "y": r"$\|w_t - \hat w\|$",
    "label": r"$\eta = {fraction}\times 2/\lambda_{{\max}}$",
    "diverged": "diverged: stopped\nby the solver",
}


@dataclass(frozen=True)
class StepSizeRuns:
    """For each fraction of the limit: the distances ‖w_t − ŵ‖ and whether the run diverged."""

    fractions: tuple[float, ...]
    distances: list[torch.Tensor]
    diverged: list[bool]


def compute() -> StepSizeRuns:
    """Run gradient descent from w = 0 at each learning rate and measure the distance to ŵ."""
    problem = make_regression()
    X, y = problem.X, problem.y
    w_hat = solve_normal_equations(X, y)
    limit = stability_limit(X)
    distances, diverged = [], []
    for fraction in FRACTIONS:
        try:
            result = minimize(
                lambda w: empirical_risk(X, y, w),
                torch.zeros(X.shape[1]),
                lr=fraction * limit,
                grad=lambda w: empirical_risk_gradient(X, y, w),
                grad_tol=1e-12,
                max_iter=MAX_ITER,
            )
            path, failed = result.path, False
        except DivergenceError as error:
            path, failed = error.path, True
        distances.append(torch.linalg.vector_norm(path - w_hat, dim=1))
        diverged.append(failed)
    return StepSizeRuns(fractions=FRACTIONS, distances=distances, diverged=diverged)


def draw(data: StepSizeRuns, theme: Theme) -> Figure:
    """Plot the distance curves on a log scale and mark where the divergent run was stopped."""
    figure = new_figure(7.6, 3.6)
    axes = figure.add_subplot()
    for index, (fraction, distance, failed) in enumerate(
        zip(data.fractions, data.distances, data.diverged, strict=True)
    ):
        color = theme.highlight if failed else theme.color(index)
        axes.semilogy(distance, color=color, label=TEXT["label"].format(fraction=fraction))
        if failed:
            step = len(distance) - 1
            value = float(distance[-1])
            axes.plot([step], [value], "x", color=color, markersize=8, markeredgewidth=2)
            axes.annotate(
                TEXT["diverged"],
                xy=(step, value),
                xytext=(0, -30),
                textcoords="offset points",
                ha="center",
                va="top",
                color=theme.foreground,
            )
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.set_xlim(0, MAX_ITER)
    # Outside the axes, so that no curve runs through it.
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    return figure
