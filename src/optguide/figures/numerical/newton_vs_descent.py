"""Gradient norm against iteration for gradient descent and Newton's method.

The problem is logistic regression, which has no closed-form solution.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.iterative import minimize
from optguide.logistic_regression import logistic_risk, make_classification
from optguide.newton import newton

TEXT = {
    "x": "iteration $t$",
    "y": r"$\|\nabla \hat R_n(w_t)\|$",
    "descent": r"gradient descent, $\eta = {lr}$",
    "newton": "Newton's method",
}
LR = 1.0


@dataclass(frozen=True)
class Runs:
    """Gradient norms along both runs."""

    descent: torch.Tensor
    newton: torch.Tensor


def _grad_norms(path: torch.Tensor, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return ‖Xᵀ(sigmoid(Xw) − y)/n‖ at every row w of ``path``."""
    residual = torch.sigmoid(path @ X.T) - y
    norms: torch.Tensor = torch.linalg.vector_norm(residual @ X / X.shape[0], dim=1)
    return norms


def compute() -> Runs:
    """Minimize the logistic risk from w = 0 with both methods to a gradient norm of 1e-10."""
    problem = make_classification()
    X, y = problem.X, problem.y

    def risk(w: torch.Tensor) -> torch.Tensor:
        return logistic_risk(X, y, w)

    start = torch.zeros(X.shape[1])
    descent = minimize(risk, start, lr=LR, grad_tol=1e-10)
    second = newton(risk, start, grad_tol=1e-10)
    return Runs(descent=_grad_norms(descent.path, X, y), newton=_grad_norms(second.path, X, y))


def draw(data: Runs, theme: Theme) -> Figure:
    """Plot both gradient-norm curves on a log scale."""
    figure = new_figure(6.4, 3.2)
    axes = figure.add_subplot()
    axes.semilogy(data.descent, color=theme.color(0), label=TEXT["descent"].format(lr=LR))
    axes.semilogy(data.newton, "o-", color=theme.color(1), markersize=5, label=TEXT["newton"])
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper right", fontsize=9)
    return figure
