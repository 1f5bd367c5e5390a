"""Gradient flow beside gradient descent on an ill-conditioned two-dimensional quadratic.

Left: level sets of f(θ) = θᵀAθ/2 with κ = 10, the exact flow θ(t) = exp(−At)θ_0, explicit
Euler with a small step (it follows the flow) and with a large step just under the stability
limit (it zig-zags across the valley). Right: the distance to the minimizer against time
t = η·(number of steps), which puts the flow and both step sizes on one axis.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.conditioning import euler_path, flow_path, quadratic
from optguide.figures.style import Theme, new_figure

KAPPA = 10.0
ANGLE = 1.2  # the steep direction; the valley floor runs at ANGLE − π/2
START = (-1.8, 0.2)
SMALL, LARGE = 0.02, 0.18  # λ_max = κ = 10, so the limit 2/λ_max is 0.2
T_END = 3.6  # 180 steps of 0.02 and 20 steps of 0.18 end at the same time
TEXT = {
    "left x": r"$\theta_1$",
    "left y": r"$\theta_2$",
    "flow": r"gradient flow $\dot\theta = -\nabla f(\theta)$",
    "small": r"descent, $\eta = {lr}$",
    "large": r"descent, $\eta = {lr}$",
    "minimizer": "minimizer",
    "right x": r"time $s = \eta \times$ steps",
    "right y": r"$\|\theta - \theta^\star\|$",
}


@dataclass(frozen=True)
class FlowAndSteps:
    """The quadratic, the exact flow, the two Euler paths and a grid of f for the contours."""

    A: torch.Tensor
    times: torch.Tensor
    flow: torch.Tensor
    small: torch.Tensor
    large: torch.Tensor
    grid: tuple[torch.Tensor, torch.Tensor, torch.Tensor]


def compute() -> FlowAndSteps:
    """Solve the flow exactly and take Euler steps of two sizes from the same start."""
    A = quadratic(KAPPA, ANGLE)
    times = torch.linspace(0.0, T_END, 300, dtype=torch.float64)
    flow = flow_path(A, START, T_END, num=300)
    small = euler_path(A, START, SMALL, round(T_END / SMALL))
    large = euler_path(A, START, LARGE, round(T_END / LARGE))
    axis1 = torch.linspace(-2.0, 1.0, 121, dtype=torch.float64)
    axis2 = torch.linspace(-0.8, 1.2, 81, dtype=torch.float64)
    g1, g2 = torch.meshgrid(axis1, axis2, indexing="xy")
    points = torch.stack([g1, g2], dim=-1)
    values = 0.5 * torch.einsum("...i,ij,...j->...", points, A, points)
    return FlowAndSteps(
        A=A, times=times, flow=flow, small=small, large=large, grid=(g1, g2, values)
    )


def draw(data: FlowAndSteps, theme: Theme) -> Figure:
    """Draw the paths over the level sets, and the distances against time."""
    figure = new_figure(7.6, 3.5)
    left, right = figure.subplots(1, 2, width_ratios=(1.25, 1.0))
    g1, g2, values = data.grid
    levels = [0.5 * KAPPA * r**2 for r in (0.05, 0.1, 0.2, 0.3, 0.4, 0.55, 0.7)]
    left.contour(g1, g2, values, levels=levels, colors=theme.muted, linewidths=0.6, alpha=0.6)
    flow_label = TEXT["flow"]
    band = 0.45 if theme.name == "light" else 0.75  # the flow's wide band must show on dark
    small_label = TEXT["small"].format(lr=SMALL)
    large_label = TEXT["large"].format(lr=LARGE)
    left.plot(
        data.flow[:, 0],
        data.flow[:, 1],
        color=theme.color(0),
        linewidth=5,
        alpha=band,
        label=flow_label,
    )
    left.plot(
        data.small[:, 0],
        data.small[:, 1],
        "o",
        color=theme.color(2),
        markersize=2.2,
        label=small_label,
    )
    left.plot(
        data.large[:, 0],
        data.large[:, 1],
        "o-",
        color=theme.color(1),
        markersize=3.5,
        linewidth=1.1,
        label=large_label,
    )
    left.plot([0.0], [0.0], "*", color=theme.highlight, markersize=11, zorder=4)
    left.annotate(
        TEXT["minimizer"],
        xy=(0.0, 0.0),
        xytext=(14, -18),
        textcoords="offset points",
        color=theme.foreground,
        fontsize=9,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.8},
    )
    left.set_xlabel(TEXT["left x"])
    left.set_ylabel(TEXT["left y"])
    left.set_aspect("equal")
    left.set_xlim(-2.0, 1.0)
    left.set_ylim(-0.8, 1.2)
    norm = torch.linalg.vector_norm
    right.semilogy(
        data.times,
        norm(data.flow, dim=1),
        color=theme.color(0),
        linewidth=5,
        alpha=band,
        label=flow_label,
    )
    right.semilogy(
        torch.arange(len(data.small)) * SMALL,
        norm(data.small, dim=1),
        "o",
        color=theme.color(2),
        markersize=2.2,
        label=small_label,
    )
    right.semilogy(
        torch.arange(len(data.large)) * LARGE,
        norm(data.large, dim=1),
        "o-",
        color=theme.color(1),
        markersize=3.5,
        linewidth=1.1,
        label=large_label,
    )
    right.legend(loc="upper right", fontsize=8)
    right.set_xlabel(TEXT["right x"])
    right.set_ylabel(TEXT["right y"])
    return figure
