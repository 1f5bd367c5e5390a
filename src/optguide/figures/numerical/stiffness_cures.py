"""Three cures for stiffness on a quadratic with κ = 1000: implicit steps and Newton.

f(θ) = θᵀAθ/2 with eigenvalues 1 and 1000. Explicit Euler (gradient descent) with its best
constant step shrinks the error by (κ − 1)/(κ + 1) per step; implicit Euler (the proximal
point method) with step η multiplies each component by 1/(1 + ηλ), so it is stable for every
η and its slow factor 1/(1 + η) can be made as small as one likes; Newton's step, which is
gradient descent preconditioned by A⁻¹, lands on the minimizer at once.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.conditioning import euler_path, implicit_euler_path, optimal_step, quadratic
from optguide.figures.style import Theme, new_figure

KAPPA = 1000.0
START = (1.0, 1.0)
STEPS = 30
IMPLICIT = (1.0, 10.0, 100.0)
TEXT = {
    "x": "step $t$",
    "y": r"$\|\theta_t\| / \|\theta_0\|$",
    "explicit": r"explicit (gradient descent), best $\eta$",
    "implicit": r"implicit (proximal point), $\eta = {lr:g}$",
    "newton": "Newton: preconditioned by $A^{-1}$",
}


@dataclass(frozen=True)
class Cures:
    """Relative distances to the minimizer per step, by method."""

    explicit: torch.Tensor
    implicit: dict[float, torch.Tensor]
    newton: torch.Tensor


def _relative(path: torch.Tensor) -> torch.Tensor:
    """Return ‖θ_k‖/‖θ_0‖ along ``path`` (the minimizer is 0)."""
    norms = torch.linalg.vector_norm(path, dim=1)
    relative: torch.Tensor = norms / norms[0]
    return relative


def compute() -> Cures:
    """Run the explicit, implicit and Newton iterations from the same start."""
    A = quadratic(KAPPA, 0.3)
    explicit = euler_path(A, START, optimal_step(A), STEPS)
    implicit = {lr: _relative(implicit_euler_path(A, START, lr, STEPS)) for lr in IMPLICIT}
    start = torch.tensor(START, dtype=torch.float64)
    newton_point = start - torch.linalg.solve(A, A @ start)  # θ − A⁻¹∇f(θ)
    newton = torch.stack([start, newton_point])
    return Cures(explicit=_relative(explicit), implicit=implicit, newton=newton)


def draw(data: Cures, theme: Theme) -> Figure:
    """Plot the relative distances on a log scale; exact zeros are drawn at the axis floor."""
    figure = new_figure(7.4, 3.4)
    axes = figure.add_subplot()
    floor = 1e-17  # Newton's second point is 0 up to rounding: mark it on the floor
    axes.semilogy(data.explicit, color=theme.color(0), label=TEXT["explicit"])
    for index, (lr, distance) in enumerate(data.implicit.items(), start=1):
        shown = torch.clamp(distance, min=floor)
        axes.semilogy(
            shown,
            "o-",
            color=theme.color(index),
            markersize=3,
            label=TEXT["implicit"].format(lr=lr),
        )
    newton = torch.clamp(_relative(data.newton), min=floor)
    axes.semilogy(newton, "s--", color=theme.color(4), markersize=5, label=TEXT["newton"])
    axes.set_ylim(floor / 3, 3.0)
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5)
    return figure
