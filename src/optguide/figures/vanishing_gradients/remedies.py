"""Per-layer gradient norms at initialization of a 50-layer MLP, with and without remedies.

All networks use PyTorch's default initialization. One panel per activation; lines for the
plain network, residual connections, layer normalization, and both. The alt text states,
from ``facts``, by how many orders of magnitude the plain networks drawn fall toward the
input.
"""

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.figures.vanishing_gradients import orders_fallen
from optguide.gradient_flow import gradient_norms_at_init

DEPTH, WIDTH = 50, 64
ACTIVATIONS = ("sigmoid", "tanh", "relu")
VARIANTS = {  # name: (residual, normalize)
    "plain": (False, False),
    "residual": (True, False),
    "norm": (False, True),
    "both": (True, True),
}
TEXT = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "plain": "plain",
    "residual": "residual",
    "norm": "layer norm",
    "both": "residual + layer norm",
    "layer": "layer $l$ (1 = input side)",
    "norm_axis": r"$\|\partial \ell / \partial W_l\|$",
}

Norms = dict[str, dict[str, list[float]]]


def compute() -> Norms:
    """Measure per-layer gradient norms for each activation and each variant."""
    return {
        activation: {
            name: gradient_norms_at_init(
                DEPTH, WIDTH, activation, residual=residual, normalize=normalize
            )
            for name, (residual, normalize) in VARIANTS.items()
        }
        for activation in ACTIVATIONS
    }


def facts(data: Norms) -> dict[str, str]:
    """Return ``plain_orders``, the range of the plain lines' falls in orders of magnitude.

    For each activation, the orders of magnitude by which the plain network's first layer's
    gradient norm lies below its last layer's, rounded to a whole number.
    """
    orders = [orders_fallen(by_variant["plain"]) for by_variant in data.values()]
    return {"plain_orders": f"{min(orders)} to {max(orders)}"}


def draw(data: Norms, theme: Theme) -> Figure:
    """Draw one log-scale panel per activation with a line per variant."""
    figure = new_figure(7.6, 3.2)
    panels = figure.subplots(1, len(data), sharey=True)
    for axes, (activation, by_variant) in zip(panels, data.items(), strict=True):
        for index, (name, norms) in enumerate(by_variant.items()):
            layers = range(1, len(norms) + 1)
            axes.semilogy(layers, norms, "-", color=theme.color(index), label=TEXT[name])
        axes.set_title(TEXT[activation], color=theme.foreground, fontsize=10)
        axes.set_xlabel(TEXT["layer"])
        axes.set_xticks([1, 10, 20, 30, 40, 50])
    panels[0].set_ylabel(TEXT["norm_axis"])
    panels[0].legend(loc="lower right", fontsize=7.5)
    return figure
