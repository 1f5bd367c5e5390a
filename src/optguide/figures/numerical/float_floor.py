"""The floor that floating point puts under gradient descent, in float32 and float64.

Both runs use the same least-squares problem and step; every tolerance is switched off, so
each run stops only when an update no longer changes the iterate (the relative-change rule
with tolerance zero). The distance is measured to the float64 closed-form solution. The
step at which a run freezes is rounding noise (it moves with the processor's kernels), so no
text of the figure prints it.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.iterative import minimize
from optguide.least_squares import (
    empirical_risk,
    make_regression,
    solve_normal_equations,
)

DTYPES = {"float32": torch.float32, "float64": torch.float64}
LR = 0.5
TEXT = {
    "x": "iteration $t$",
    "y": r"$\|w_t - \hat w\| \,/\, \|\hat w\|$",
    "stop": "{name}, run until it freezes",
    "u": "{name} unit roundoff $u$",
}


@dataclass(frozen=True)
class FloorRuns:
    """Relative distances to ŵ per iteration, and the unit roundoff u, for each precision."""

    names: list[str]
    distances: list[torch.Tensor]
    roundoffs: list[float]


def compute() -> FloorRuns:
    """Run gradient descent with η = 0.5 in each precision until the iterate freezes."""
    problem = make_regression()
    w_hat = solve_normal_equations(problem.X, problem.y)
    names, distances, roundoffs = [], [], []
    for name, dtype in DTYPES.items():
        X, y = problem.X.to(dtype), problem.y.to(dtype)

        def risk(w: torch.Tensor, X: torch.Tensor = X, y: torch.Tensor = y) -> torch.Tensor:
            return empirical_risk(X, y, w)

        result = minimize(
            risk,
            torch.zeros(X.shape[1]),
            lr=LR,
            grad_tol=0.0,
            max_iter=2_000,
            dtype=dtype,
        )
        error = torch.linalg.vector_norm(result.path.double() - w_hat, dim=1)
        names.append(name)
        distances.append(error / torch.linalg.vector_norm(w_hat))
        roundoffs.append(torch.finfo(dtype).eps / 2)
    return FloorRuns(names=names, distances=distances, roundoffs=roundoffs)


def draw(data: FloorRuns, theme: Theme) -> Figure:
    """Plot both error curves on a log scale with each precision's unit roundoff."""
    figure = new_figure(6.4, 3.4)
    axes = figure.add_subplot()
    for index, (name, distance, u) in enumerate(
        zip(data.names, data.distances, data.roundoffs, strict=True)
    ):
        color = theme.color(index)
        axes.semilogy(
            distance,
            color=color,
            linewidth=2.6 if index == 0 else 1.6,
            zorder=3 if index == 0 else 2,
            label=TEXT["stop"].format(name=name),
        )
        axes.axhline(u, color=color, linestyle=":", linewidth=1.2)
        axes.annotate(
            TEXT["u"].format(name=name),
            xy=(0, u),
            xytext=(4, 3),
            textcoords="offset points",
            color=theme.muted,
            fontsize=9,
        )
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper right", fontsize=9)
    return figure
