"""Small neural networks for the experiments, built reproducibly from a seed.

The chapters need the same few things from a network: a multilayer perceptron of a given
shape and activation, initialized the same way on every run, small enough to train on a
CPU in seconds.
"""

import itertools

import torch
from torch import nn

from optguide.validation import check_int

__all__ = ["ACTIVATIONS", "CenteredSigmoid", "mlp", "parameter_count"]


class CenteredSigmoid(nn.Module):
    """sigmoid(z) − 1/2: the logistic sigmoid shifted to mean output 0, same slope ≤ 1/4."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """Return sigmoid(z) − 1/2 elementwise."""
        return torch.sigmoid(z) - 0.5


ACTIVATIONS: dict[str, type[nn.Module]] = {
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "centered_sigmoid": CenteredSigmoid,
    "relu": nn.ReLU,
}


def mlp(
    sizes: list[int] | tuple[int, ...], activation: str = "tanh", *, seed: int = 0
) -> nn.Sequential:
    """Return a multilayer perceptron with layer widths ``sizes`` (input first, output last).

    An activation follows every linear layer except the last. The weights use PyTorch's
    default initialization, drawn from a generator seeded with ``seed``, so the same call
    returns the same network on every run without touching the global random state.
    """
    if not isinstance(sizes, list | tuple) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output width, got {sizes!r}")
    for width in sizes:
        check_int("sizes[i]", width, minimum=1)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    check_int("seed", seed, minimum=0)
    state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        layers: list[nn.Module] = []
        for index, (width_in, width_out) in enumerate(itertools.pairwise(sizes)):
            layers.append(nn.Linear(width_in, width_out, dtype=torch.float64))
            if index < len(sizes) - 2:
                layers.append(ACTIVATIONS[activation]())
        return nn.Sequential(*layers)
    finally:
        torch.random.set_rng_state(state)


def parameter_count(model: nn.Module) -> int:
    """Return the number of scalar parameters of ``model``."""
    return sum(p.numel() for p in model.parameters())
