"""Per-layer gradient norms at initialization of a 20-layer MLP, on a log scale.

One panel per activation (sigmoid, tanh, ReLU), one line per initialization (PyTorch's
default, Glorot & Bengio 2010, He et al. 2015). Layer 1 is next to the input. The alt text
states, from ``facts``, by how many orders of magnitude the drawn lines fall toward the
input: these describe the one network drawn, not every draw of the weights.
"""

from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.figures.vanishing_gradients import orders_fallen
from optguide.gradient_flow import INITS, gradient_norms_at_init

DEPTH, WIDTH = 20, 64
ACTIVATIONS = ("sigmoid", "tanh", "relu")
TEXT = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "default": "PyTorch default",
    "glorot": "Glorot",
    "he": "He",
    "layer": "layer $l$ (1 = input side)",
    "norm": r"$\|\partial \ell / \partial W_l\|$",
}

Norms = dict[str, dict[str, list[float]]]


def compute() -> Norms:
    """Measure the gradient norm of every layer for each activation and initialization."""
    return {
        activation: {
            init: gradient_norms_at_init(DEPTH, WIDTH, activation, init) for init in INITS
        }
        for activation in ACTIVATIONS
    }


def facts(data: Norms) -> dict[str, str]:
    """Return the orders of magnitude the alt text states, rounded to whole numbers.

    ``sigmoid_orders``: the range over the three sigmoid lines; ``tanh_default_orders``
    and ``relu_default_orders``: the lines of PyTorch's default initialization.
    """
    sigmoid = [orders_fallen(norms) for norms in data["sigmoid"].values()]
    return {
        "sigmoid_orders": f"{min(sigmoid)} to {max(sigmoid)}",
        "tanh_default_orders": str(orders_fallen(data["tanh"]["default"])),
        "relu_default_orders": str(orders_fallen(data["relu"]["default"])),
    }


def draw(data: Norms, theme: Theme) -> Figure:
    """Draw one log-scale panel per activation with a line per initialization."""
    figure = new_figure(7.6, 3.0)
    panels = figure.subplots(1, len(data), sharey=True)
    for axes, (activation, by_init) in zip(panels, data.items(), strict=True):
        for index, (init, norms) in enumerate(by_init.items()):
            layers = range(1, len(norms) + 1)
            axes.semilogy(
                layers, norms, "o-", markersize=2.5, color=theme.color(index), label=TEXT[init]
            )
        axes.set_title(TEXT[activation], color=theme.foreground, fontsize=10)
        axes.set_xlabel(TEXT["layer"])
        axes.set_xticks([1, 5, 10, 15, 20])
    panels[0].set_ylabel(TEXT["norm"])
    panels[0].legend(loc="lower right", fontsize=8)
    return figure
