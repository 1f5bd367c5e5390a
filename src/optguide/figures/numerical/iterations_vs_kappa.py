"""Iterations of gradient descent to shrink the error a millionfold, against κ.

Measured on two-dimensional quadratics with eigenvalues 1 and κ, from the same start, with
the optimal step 2/(λ_min + λ_max) and with the common choice 1/λ_max; the lines are the
counts predicted by the contraction factors (κ − 1)/(κ + 1) and 1 − 1/κ.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.conditioning import (
    iterations_to_tolerance,
    optimal_step,
    predicted_iterations,
    quadratic,
)
from optguide.figures.style import Theme, new_figure

TOL = 1e-6
START = (1.0, 0.3)
KAPPAS = tuple(float(k) for k in torch.logspace(0, 3, 13, dtype=torch.float64).tolist())
TEXT = {
    "x": r"condition number $\kappa$",
    "y": r"iterations to $\|\theta_t\| \leq 10^{-6}\|\theta_0\|$",
    "optimal measured": r"measured, $\eta = 2/(\lambda_{\min}+\lambda_{\max})$",
    "optimal predicted": r"predicted by $((\kappa-1)/(\kappa+1))^t$",
    "simple measured": r"measured, $\eta = 1/\lambda_{\max}$",
    "simple predicted": r"predicted by $(1-1/\kappa)^t$",
}


@dataclass(frozen=True)
class KappaSweep:
    """Condition numbers, measured iteration counts for both steps, and the predictions."""

    kappas: tuple[float, ...]
    optimal: list[int]
    simple: list[int]
    optimal_predicted: list[int]
    simple_predicted: list[int]


def _simple_prediction(kappa: float) -> int:
    """Return the smallest T with (1 − 1/κ)^T <= TOL (one step when κ = 1)."""
    rate = 1.0 - 1.0 / kappa
    return 1 if rate <= 0 else math.ceil(math.log(TOL) / math.log(rate) - 1e-9)


def compute() -> KappaSweep:
    """Count iterations for each κ with both step sizes."""
    optimal, simple = [], []
    for kappa in KAPPAS:
        A = quadratic(kappa, 0.3)
        optimal.append(iterations_to_tolerance(A, START, optimal_step(A), TOL))
        simple.append(iterations_to_tolerance(A, START, 1.0 / kappa, TOL))
    return KappaSweep(
        kappas=KAPPAS,
        optimal=optimal,
        simple=simple,
        optimal_predicted=[predicted_iterations(k, TOL) for k in KAPPAS],
        simple_predicted=[_simple_prediction(k) for k in KAPPAS],
    )


def draw(data: KappaSweep, theme: Theme) -> Figure:
    """Plot measured counts as markers and predicted counts as lines, log–log."""
    figure = new_figure(6.4, 3.6)
    axes = figure.add_subplot()
    axes.loglog(
        data.kappas,
        data.simple_predicted,
        color=theme.color(1),
        linewidth=1.2,
        label=TEXT["simple predicted"],
    )
    axes.loglog(
        data.kappas,
        data.simple,
        "s",
        color=theme.color(1),
        markersize=5,
        label=TEXT["simple measured"],
    )
    axes.loglog(
        data.kappas,
        data.optimal_predicted,
        color=theme.color(0),
        linewidth=1.2,
        label=TEXT["optimal predicted"],
    )
    axes.loglog(
        data.kappas,
        data.optimal,
        "o",
        color=theme.color(0),
        markersize=5,
        label=TEXT["optimal measured"],
    )
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper left", fontsize=8.5)
    return figure
