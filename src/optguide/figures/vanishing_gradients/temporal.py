"""The gradient through time: how much of it reaches each state of a recurrent network.

Left: ‖∂ℓ/∂h_τ‖ against the number of steps back, S − τ, at initialization, for recurrent
weights W = ρ Q with ρ = 0.9, 1 and 1.1 (Q orthogonal), linear units (solid) and tanh
units with the same weights (dashed). Right: ‖(Wᵀ)^k‖₂ for a non-normal 2 × 2 matrix whose
eigenvalues are 0.85 and whose largest singular value is above 4, with the two rates
that bound and eventually set it: ‖W‖₂^k and ρ^k.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.clipping import linear_rnn, state_gradient_norms
from optguide.figures.style import Theme, new_figure

RADII, LENGTH, HIDDEN = (0.9, 1.0, 1.1), 30, 16
NON_NORMAL = ((0.85, 4.0), (0.0, 0.85))
POWERS = 60
TEXT = {
    "back": r"steps back, $S - \tau$",
    "state": r"$\|\partial \ell / \partial h_\tau\|$",
    "radius": r"$\rho = {r:g}$",
    "linear": "linear (solid)",
    "tanh": "tanh (dashed)",
    "k": "power $k$",
    "power": r"$\|(W^\top)^k\|_2$",
    "sigma": r"$\|W\|_2^k$, $\|W\|_2 = {s:.2f}$",
    "rho": r"$\rho^k$, $\rho = {r:g}$",
    "peak": "peak at $k = {k}$",
}


@dataclass(frozen=True)
class Temporal:
    """State-gradient norms per radius and activation, and the powers of W."""

    states: dict[tuple[float, str], list[float]]
    powers: list[float]
    sigma_max: float
    spectral_radius: float


def compute() -> Temporal:
    """Backpropagate one batch through 30 steps for each radius; take powers of W."""
    generator = torch.Generator().manual_seed(1)
    x = torch.randn(64, LENGTH, generator=generator, dtype=torch.float64)
    states = {}
    for radius in RADII:
        params = linear_rnn(HIDDEN, radius, seed=0)
        states[radius, "linear"] = state_gradient_norms(params, x)
        states[radius, "tanh"] = state_gradient_norms(params, x, torch.tanh)
    W = torch.tensor(NON_NORMAL, dtype=torch.float64)
    powers = [
        float(torch.linalg.matrix_norm(torch.linalg.matrix_power(W.T, k), 2))
        for k in range(POWERS + 1)
    ]
    sigma_max = float(torch.linalg.svdvals(W)[0])
    spectral_radius = float(torch.linalg.eigvals(W).abs().max())
    return Temporal(states, powers, sigma_max, spectral_radius)


def draw(data: Temporal, theme: Theme) -> Figure:
    """Plot the state gradients against steps back, and the norms of the powers."""
    figure = new_figure(7.6, 3.2)
    left, right = figure.subplots(1, 2)
    for index, radius in enumerate(RADII):
        color = theme.color(index)
        for kind, style in (("linear", "-"), ("tanh", "--")):
            norms = data.states[radius, kind]
            back = list(range(len(norms) - 1, -1, -1))
            label = TEXT["radius"].format(r=radius) if kind == "linear" else None
            left.semilogy(back, norms, style, color=color, linewidth=1.2, label=label)
    left.plot([], [], "-", color=theme.muted, label=TEXT["linear"])
    left.plot([], [], "--", color=theme.muted, label=TEXT["tanh"])
    left.set_xlabel(TEXT["back"])
    left.set_ylabel(TEXT["state"])
    left.legend(loc="upper left", fontsize=7.5)

    ks = list(range(len(data.powers)))
    right.semilogy(ks, data.powers, "-", color=theme.color(3), linewidth=1.4)
    bound = [data.sigma_max**k for k in ks[:8]]
    right.semilogy(
        ks[:8], bound, ":", color=theme.muted, label=TEXT["sigma"].format(s=data.sigma_max)
    )
    rate = [data.spectral_radius**k for k in ks]
    right.semilogy(
        ks, rate, "--", color=theme.muted, label=TEXT["rho"].format(r=data.spectral_radius)
    )
    peak = max(ks, key=lambda k: data.powers[k])
    right.annotate(
        TEXT["peak"].format(k=peak),
        xy=(peak, data.powers[peak]),
        xytext=(20, 8),
        textcoords="offset points",
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    right.set_xlabel(TEXT["k"])
    right.set_ylabel(TEXT["power"])
    right.legend(loc="lower left", fontsize=7.5)
    return figure
