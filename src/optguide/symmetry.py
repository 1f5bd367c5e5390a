"""Why a network's loss has many minimizers that are really one: symmetry, and its cost.

Swap two hidden units of a layer, together with their incoming and outgoing weights, and the
network computes the same function: the sum that the next layer forms does not care about
order. So every minimizer θ of a network's loss comes with copies πθ, one per permutation π
of each hidden layer's units, all with the same loss. This module applies such permutations,
and trains many small networks from different seeds at once to compare the losses they
reach.
"""

import copy
from dataclasses import dataclass

import torch
from torch import nn

from optguide.models import mlp
from optguide.threads import one_thread
from optguide.validation import as_finite_tensor, check_int, check_positive, check_sequence

__all__ = [
    "Runs",
    "fit",
    "hidden_linears",
    "permute_hidden_units",
    "train_from_seeds",
    "width_experiment",
    "wiggly_data",
]


def hidden_linears(model: nn.Module) -> list[nn.Linear]:
    """Return the linear layers of ``model`` in order, requiring at least two of them."""
    linears = [module for module in model.modules() if isinstance(module, nn.Linear)]
    if len(linears) < 2:
        raise ValueError(f"model must have a hidden layer (two linear layers), got {model!r}")
    return linears


def _as_order(permutation: object) -> torch.Tensor:
    """Return ``permutation`` (a tensor, list or tuple of indices) as a tensor."""
    if isinstance(permutation, torch.Tensor):
        return permutation
    return torch.as_tensor(check_sequence("permutation", permutation))


# --8<-- [start:permute_hidden_units]
def permute_hidden_units(model: nn.Module, permutation: object, layer: int = 0) -> nn.Module:
    """Return a copy of ``model`` with the outputs of linear layer ``layer`` reordered.

    Unit i of the copy is unit permutation[i] of the original: its row of incoming weights,
    its bias, and its column of outgoing weights in the next linear layer move together.
    An elementwise activation between the two layers commutes with the reordering, so the
    copy computes exactly the same function, with different parameters.
    """
    linears = hidden_linears(model)
    layer = check_int("layer", layer, minimum=0)
    if layer >= len(linears) - 1:
        raise ValueError(f"layer must index a hidden layer, < {len(linears) - 1}, got {layer!r}")
    width = linears[layer].out_features
    order = _as_order(permutation)
    if order.dtype != torch.int64 or sorted(order.tolist()) != list(range(width)):
        raise ValueError(f"permutation must reorder range({width}), got {permutation!r}")
    twin = copy.deepcopy(model)
    into, out_of = hidden_linears(twin)[layer], hidden_linears(twin)[layer + 1]
    with torch.no_grad():
        into.weight.copy_(into.weight[order])
        if into.bias is not None:
            into.bias.copy_(into.bias[order])
        out_of.weight.copy_(out_of.weight[:, order])
    return twin


# --8<-- [end:permute_hidden_units]


def _stacked_forward(
    layers: list[nn.Module],
    weights: list[torch.Tensor],
    biases: list[torch.Tensor],
    x: torch.Tensor,
) -> torch.Tensor:
    """Apply S networks of one shape to the same inputs; returns shape (S, rows, outputs).

    ``layers`` is the first network's sequence of modules; its activations act elementwise,
    so they apply to all S networks at once, and its linear layers stand for the stacked
    ``weights`` (S, out, in) and ``biases`` (S, out).
    """
    h = x.expand(weights[0].shape[0], *x.shape)
    index = 0
    for layer in layers:
        if isinstance(layer, nn.Linear):
            h = torch.baddbmm(biases[index][:, None, :], h, weights[index].transpose(1, 2))
            index += 1
        else:
            h = layer(h)
    return h


@one_thread()
def fit(model: nn.Module, inputs: object, targets: object, *, steps: int, lr: float) -> nn.Module:
    """Train ``model`` in place on the mean squared error, full batch, with Adam; return it."""
    steps = check_int("steps", steps, minimum=1)
    lr = check_positive("lr", lr)
    x = as_finite_tensor("inputs", inputs, ndim=2)
    y = as_finite_tensor("targets", targets, ndim=2)
    parameters = list(model.parameters())
    optimizer = torch.optim.Adam(parameters, lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        grads = torch.autograd.grad(((model(x) - y) ** 2).mean(), parameters)
        for tensor, grad in zip(parameters, grads, strict=True):
            tensor.grad = grad
        optimizer.step()
    return model


@dataclass(frozen=True)
class Runs:
    """Where training ended for several networks: seed, loss and gradient norm of each.

    A gradient norm near zero says a run stopped near a stationary point; a larger one says
    it was still moving when the budget ran out, so its loss need not be a minimum's value.
    """

    seeds: tuple[int, ...]
    losses: torch.Tensor
    gradient_norms: torch.Tensor

    def sorted(self) -> "Runs":
        """Return the runs ordered from the lowest loss to the highest."""
        order = self.losses.argsort().tolist()
        seeds = tuple(self.seeds[i] for i in order)
        return Runs(seeds, self.losses[order], self.gradient_norms[order])


# --8<-- [start:train_from_seeds]
@one_thread()
def train_from_seeds(
    sizes: list[int],
    seeds: list[int],
    inputs: object,
    targets: object,
    *,
    steps: int,
    lr: float,
) -> Runs:
    """Train one ``mlp(sizes, seed=s)`` per seed s on the same data; return where each ended.

    The networks' weights are stacked into batched tensors and trained together, full
    batch, with Adam on the mean squared error. Adam acts on each number separately and the
    loss is a sum of one term per network, so the networks do not influence each other:
    this is training them one by one, only faster. Returns each network's training loss
    and the norm of its loss gradient after ``steps`` steps, in the order of ``seeds``.
    """
    if not isinstance(seeds, list | tuple) or not seeds:
        raise ValueError(f"seeds must be a non-empty list of integers, got {seeds!r}")
    steps = check_int("steps", steps, minimum=1)
    lr = check_positive("lr", lr)
    x = as_finite_tensor("inputs", inputs, ndim=2)
    y = as_finite_tensor("targets", targets, ndim=2)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs and targets must have as many rows, got {x.shape} and {y.shape}")
    models = [mlp(sizes, seed=seed) for seed in seeds]
    layers = list(models[0])
    linears = [hidden_linears(model) for model in models]
    weights = [
        torch.stack([ls[i].weight.detach() for ls in linears]) for i in range(len(sizes) - 1)
    ]
    biases = [torch.stack([ls[i].bias.detach() for ls in linears]) for i in range(len(sizes) - 1)]
    parameters = [tensor.requires_grad_() for tensor in weights + biases]
    optimizer = torch.optim.Adam(parameters, lr=lr)

    def losses() -> torch.Tensor:
        return ((_stacked_forward(layers, weights, biases, x) - y) ** 2).mean(dim=(1, 2))

    for _ in range(steps):
        optimizer.zero_grad()
        grads = torch.autograd.grad(losses().sum(), parameters)
        for tensor, grad in zip(parameters, grads, strict=True):
            tensor.grad = grad
        optimizer.step()
    final = losses()
    grads = torch.autograd.grad(final.sum(), parameters)
    squares = sum(grad.flatten(start_dim=1).pow(2).sum(dim=1) for grad in grads)
    return Runs(tuple(seeds), final.detach(), torch.as_tensor(squares).sqrt())


# --8<-- [end:train_from_seeds]


def wiggly_data(n: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Return n inputs evenly spaced on [−1, 1] (as a column) and targets sin 3x + cos(7x)/2."""
    n = check_int("n", n, minimum=2)
    x = torch.linspace(-1.0, 1.0, n, dtype=torch.float64)[:, None]
    return x, torch.sin(3 * x) + 0.5 * torch.cos(7 * x)


def _check_widths_and_seeds(widths: object, seeds: object) -> int:
    """Check that ``widths`` is a sequence of widths; return ``seeds`` checked."""
    check_sequence("widths", widths, check_int)
    return check_int("seeds", seeds, minimum=1)


# --8<-- [start:width_experiment]
def width_experiment(
    widths: tuple[int, ...] = (2, 8, 32), seeds: int = 24, steps: int = 600
) -> dict[int, Runs]:
    """Train a one-hidden-layer tanh network of each width from ``seeds`` seeds.

    Returns, per width, the final training losses on ``wiggly_data()`` after ``steps`` full
    batch Adam steps with learning rate 0.02, and the gradient norms there, sorted from the
    best run to the worst.
    """
    seeds = _check_widths_and_seeds(widths, seeds)
    x, y = wiggly_data()
    return {
        check_int("width", width): train_from_seeds(
            [1, width, 1], list(range(seeds)), x, y, steps=steps, lr=0.02
        ).sorted()
        for width in widths
    }


# --8<-- [end:width_experiment]
