"""How the size of the gradient changes from layer to layer of a deep network.

Backpropagation multiplies one Jacobian per layer. When the typical factor is below one the
gradient shrinks geometrically toward the input (vanishing gradients); above one it grows
(exploding gradients). This module builds deep multilayer perceptrons with a chosen
activation, initialization, and optional residual connections and layer normalization, and
measures the gradient of each layer's weights at initialization.
"""

import torch
from torch import nn

from optguide.models import ACTIVATIONS
from optguide.threads import one_thread
from optguide.validation import check_bool, check_int, check_seed

__all__ = [
    "INITS",
    "DeepNetwork",
    "deep_network",
    "gradient_norms_at_init",
    "layer_gradient_norms",
    "probe_batch",
]

INITS = ("default", "glorot", "he")


# --8<-- [start:initialize]
def _initialize(
    layer: nn.Linear,
    init: str,
    generator: torch.Generator,
) -> None:
    """Draw the weights of ``layer`` by the named scheme.

    default: nn.Linear's own, uniform, variance 1 / (3 fan_in), bias too.
    glorot:  normal, variance 2 / (fan_in + fan_out) (Glorot & Bengio).
    he:      normal, variance 2 / fan_in (He et al.), made for ReLU.
    Glorot and He set the biases to zero.
    """
    weight, bias = layer.weight, layer.bias
    if init == "glorot":
        nn.init.xavier_normal_(weight, generator=generator)
        nn.init.zeros_(bias)
    elif init == "he":
        nn.init.kaiming_normal_(
            weight,
            nonlinearity="relu",
            generator=generator,
        )
        nn.init.zeros_(bias)


# --8<-- [end:initialize]


# --8<-- [start:network]
class DeepNetwork(nn.Module):
    """Equal-width hidden layers, then a linear read-out to one output."""

    def __init__(
        self,
        depth: int,
        width: int,
        activation: str,
        *,
        residual: bool,
        normalize: bool,
    ) -> None:
        super().__init__()
        self.layers: list[nn.Linear] = []
        for _ in range(depth):
            self.layers.append(nn.Linear(width, width, dtype=torch.float64))
        self.hidden = nn.ModuleList(self.layers)  # registers the parameters
        self.head = nn.Linear(width, 1, dtype=torch.float64)
        self.activation = ACTIVATIONS[activation]()
        self.residual = residual
        self.normalize = normalize
        self.width = width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply each layer: h ← φ(W h + b), or h ← h + φ(W h + b)."""
        h = x
        for layer in self.layers:
            z = layer(h)
            if self.normalize:  # layer norm, no learned scale or shift
                z = nn.functional.layer_norm(z, (self.width,))
            h = h + self.activation(z) if self.residual else self.activation(z)
        output: torch.Tensor = self.head(h)
        return output


# --8<-- [end:network]


def deep_network(
    depth: int,
    width: int,
    activation: str = "tanh",
    init: str = "default",
    *,
    residual: bool = False,
    normalize: bool = False,
    seed: int = 0,
) -> DeepNetwork:
    """Return a ``depth``-hidden-layer network of ``width`` units, initialized from ``seed``.

    The same arguments give the same weights on every run; the global random state is left
    untouched.
    """
    depth = check_int("depth", depth)
    width = check_int("width", width)
    seed = check_seed("seed", seed)
    residual, normalize = check_bool("residual", residual), check_bool("normalize", normalize)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    if init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)  # PyTorch's default initialization draws from the global RNG
        network = DeepNetwork(depth, width, activation, residual=residual, normalize=normalize)
    finally:
        torch.random.set_rng_state(state)
    generator = torch.Generator().manual_seed(seed)
    for layer in network.layers:
        _initialize(layer, init, generator)
    return network


def probe_batch(width: int, n: int = 256, *, seed: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``n`` standard normal inputs of dimension ``width`` and standard normal targets."""
    width = check_int("width", width)
    n = check_int("n", n)
    generator = torch.Generator().manual_seed(check_int("seed", seed, minimum=0))
    inputs = torch.randn(n, width, generator=generator, dtype=torch.float64)
    targets = torch.randn(n, 1, generator=generator, dtype=torch.float64)
    return inputs, targets


def _check_batch(network: DeepNetwork, inputs: torch.Tensor, targets: torch.Tensor) -> None:
    if inputs.ndim != 2 or inputs.shape[1] != network.width:
        raise ValueError(f"inputs must have shape (n, {network.width}), got {tuple(inputs.shape)}")
    if targets.shape != (inputs.shape[0], 1):
        raise ValueError(f"targets must have shape ({inputs.shape[0]}, 1), got {targets.shape}")


# --8<-- [start:layer_gradient_norms]
def layer_gradient_norms(
    network: DeepNetwork, inputs: torch.Tensor, targets: torch.Tensor
) -> list[float]:
    """Return ‖∂ℓ/∂W_l‖ (Frobenius) for l = 1..depth, input side first.

    ℓ is the mean squared error of ``network`` on the batch.
    """
    _check_batch(network, inputs, targets)
    loss = ((network(inputs) - targets) ** 2).mean()
    weights = [layer.weight for layer in network.layers]
    grads = torch.autograd.grad(loss, weights)
    return [float(g.norm()) for g in grads]


# --8<-- [end:layer_gradient_norms]


def gradient_norms_at_init(
    depth: int,
    width: int,
    activation: str = "tanh",
    init: str = "default",
    *,
    residual: bool = False,
    normalize: bool = False,
    seed: int = 0,
) -> list[float]:
    """Build a network as ``deep_network`` does and return its per-layer gradient norms."""
    network = deep_network(
        depth, width, activation, init, residual=residual, normalize=normalize, seed=seed
    )
    inputs, targets = probe_batch(width)
    with one_thread():
        return layer_gradient_norms(network, inputs, targets)
