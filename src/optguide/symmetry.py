"""Why a network's loss has many minimizers that are really one: symmetry, and its cost.

Swap two hidden units of a layer, together with their incoming and outgoing weights, and the
network computes the same function: the sum that the next layer forms does not care about
order. So every minimizer θ of a network's loss comes with copies πθ, one per permutation π
of each hidden layer's units, all with the same loss. This module applies such permutations,
and trains many small networks from different seeds at once to compare the losses they
reach.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from optguide.landscape import (
    Converged,
    converge,
    hessian_eigenvalues,
    parameter_loss,
    parameters_of,
)
from optguide.models import mlp
from optguide.threads import one_thread
from optguide.validation import as_finite_tensor, check_int, check_positive, check_sequence

__all__ = [
    "Runs",
    "WidthStudy",
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


def _check_permutation(model: nn.Module, permutation: object, layer: object) -> torch.Tensor:
    """Check that ``permutation`` reorders the units of hidden ``layer``; return it."""
    linears = hidden_linears(model)
    layer = check_int("layer", layer, minimum=0)
    if layer >= len(linears) - 1:
        raise ValueError(f"layer must index a hidden layer, < {len(linears) - 1}, got {layer!r}")
    width = linears[layer].out_features
    order = _as_order(permutation)
    if order.dtype != torch.int64 or sorted(order.tolist()) != list(range(width)):
        raise ValueError(f"permutation must reorder range({width}), got {permutation!r}")
    return order


# fmt: off
def _as_order(permutation: object) -> torch.Tensor:
    """Return ``permutation`` (a tensor, list or tuple of indices) as a tensor."""
    if isinstance(permutation, torch.Tensor):
        return permutation
    return torch.as_tensor(check_sequence("permutation", permutation))


# --8<-- [start:permute_hidden_units]
def permute_hidden_units(
    model: nn.Module,
    permutation: object,
    layer: int = 0,
) -> nn.Module:
    """Return a copy of ``model`` with the units of hidden ``layer`` reordered.

    Unit i of the copy is unit permutation[i] of the original: its incoming
    weights, its bias and its outgoing weights in the next linear layer move
    together. An elementwise activation commutes with the reordering, so the
    copy computes exactly the same function, with different parameters.
    """
    order = _check_permutation(model, permutation, layer)
    twin = copy.deepcopy(model)
    into, out_of = hidden_linears(twin)[layer : layer + 2]
    with torch.no_grad():
        into.weight.copy_(into.weight[order])
        if into.bias is not None:
            into.bias.copy_(into.bias[order])
        out_of.weight.copy_(out_of.weight[:, order])
    return twin


# --8<-- [end:permute_hidden_units]
# fmt: on


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
    """Where training ended for several networks, and how it got there.

    ``losses`` and ``gradient_norms`` hold each run's final training loss and gradient
    norm; ``loss_curves`` and ``gradient_curves`` the same after every step, one column per
    run (row 0 is the start); ``parameters`` the final parameter vectors, one row per run,
    in the order of ``landscape.parameters_of``, and ``snapshot`` the parameter vectors
    after the step ``train_from_seeds`` was asked to keep (or None). A gradient norm near
    zero says a run stopped near a stationary point; a larger one says it was still moving.
    """

    seeds: tuple[int, ...]
    losses: torch.Tensor
    gradient_norms: torch.Tensor
    loss_curves: torch.Tensor
    gradient_curves: torch.Tensor
    parameters: torch.Tensor
    snapshot: torch.Tensor | None = None

    def sorted(self) -> "Runs":
        """Return the runs ordered from the lowest final loss to the highest."""
        order = self.losses.argsort().tolist()
        return Runs(
            tuple(self.seeds[i] for i in order),
            self.losses[order],
            self.gradient_norms[order],
            self.loss_curves[:, order],
            self.gradient_curves[:, order],
            self.parameters[order],
            None if self.snapshot is None else self.snapshot[order],
        )


def _check_seeds(seeds: object) -> list[int]:
    """Return ``seeds`` as a list if it is a non-empty list or tuple of integers >= 0."""
    if not isinstance(seeds, list | tuple) or not seeds:
        raise TypeError(f"seeds must be a non-empty list of integers, got {seeds!r}")
    return [check_int("seeds[i]", seed, minimum=0) for seed in seeds]


def _check_training(
    sizes: object, inputs: object, targets: object
) -> tuple[int, torch.Tensor, torch.Tensor]:
    """Check one hidden layer (three sizes) and data of those widths; return m, x and y."""
    if not isinstance(sizes, list | tuple) or len(sizes) != 3:
        raise ValueError(f"sizes must be [inputs, hidden units, outputs], got {sizes!r}")
    d, width, k = (check_int("sizes[i]", size, minimum=1) for size in sizes)
    x = as_finite_tensor("inputs", inputs, ndim=2)
    y = as_finite_tensor("targets", targets, ndim=2)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs and targets must have as many rows, got {x.shape} and {y.shape}")
    if (x.shape[1], y.shape[1]) != (d, k):
        raise ValueError(
            f"inputs and targets must have {d} and {k} columns, got {x.shape}, {y.shape}"
        )
    return width, x, y


def _tanh_networks(
    theta: torch.Tensor, x: torch.Tensor, y: torch.Tensor, width: int
) -> Callable[[], tuple[torch.Tensor, torch.Tensor]]:
    """Return a function that gives the losses (S,) of S tanh networks and their gradients.

    Row s of ``theta`` holds network s's parameters in the order of
    ``landscape.parameters_of``: W1 (width × d), b1, W2 (k × width), b2; the networks have
    one hidden layer, and the loss is the mean squared error on (x, y). The function reads
    ``theta`` through views made once, so it sees every in-place update of ``theta``. The
    gradient (S, P) is backpropagation written out: on tensors this small, autograd's
    bookkeeping would cost more than the arithmetic.
    """
    count, (n, d), k = theta.shape[0], x.shape, y.shape[1]
    w1, b1, w2, b2 = torch.split(theta, [width * d, width, k * width, k], dim=1)
    w1, w2 = w1.reshape(count, width, d), w2.reshape(count, k, width)
    b1, b2 = b1[:, None, :], b2[:, None, :]
    inputs = x.expand(count, n, d)

    def evaluate() -> tuple[torch.Tensor, torch.Tensor]:
        h = torch.baddbmm(b1, inputs, w1.transpose(1, 2)).tanh_()
        residuals = torch.baddbmm(b2, h, w2.transpose(1, 2)) - y
        g = residuals * (2 / (n * k))  # ∂loss/∂output
        dz = torch.bmm(g, w2).mul_(1 - h.square())  # ∂loss/∂(W1 x + b1): tanh' = 1 − tanh²
        grads = (
            torch.bmm(dz.transpose(1, 2), inputs),
            dz.sum(dim=1),
            torch.bmm(g.transpose(1, 2), h),
            g.sum(dim=1),
        )
        gradient = torch.cat([grad.flatten(start_dim=1) for grad in grads], dim=1)
        return residuals.square().mean(dim=(1, 2)), gradient

    return evaluate


def _adam_step(
    theta: torch.Tensor,
    grad: torch.Tensor,
    moments: tuple[torch.Tensor, torch.Tensor],
    step: int,
    lr: float,
) -> None:
    """Apply Adam's step number ``step`` (from 1) to ``theta`` in place, updating ``moments``.

    PyTorch's defaults (β1 = 0.9, β2 = 0.999, ε = 1e-8) and the arithmetic of
    ``torch.optim.Adam``, operation for operation, without its per-step bookkeeping.
    """
    first, second = moments
    first.lerp_(grad, 1 - 0.9)
    second.mul_(0.999).addcmul_(grad, grad, value=1 - 0.999)
    denominator = (second.sqrt() / (1 - 0.999**step) ** 0.5).add_(1e-8)
    theta.addcdiv_(first, denominator, value=-lr / (1 - 0.9**step))


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
    target: float | None = None,
    snapshot: int | None = None,
) -> Runs:
    """Train one ``mlp(sizes, seed=s)`` per seed s on the same data; return where each ended.

    The networks have one hidden layer of tanh units (``sizes`` = [d, m, k]). Their
    parameter vectors are the rows of one tensor, trained together, full batch, with Adam
    on the mean squared error. Adam acts on each number separately and each network's
    gradient depends on its own row only, so the networks do not influence each other:
    this is training them one by one, only faster. Training stops after ``steps`` steps,
    or earlier once every network's loss is below ``target``; with ``snapshot``, the
    parameters after that many steps are kept as well.
    """
    seeds = _check_seeds(seeds)
    width, x, y = _check_training(sizes, inputs, targets)
    steps = check_int("steps", steps, minimum=1)
    lr = check_positive("lr", lr)
    goal = check_positive("target", target) if target is not None else 0.0
    keep = check_int("snapshot", snapshot, minimum=0) if snapshot is not None else -1
    theta = torch.stack([parameters_of(mlp(sizes, seed=seed)) for seed in seeds])
    moments = (torch.zeros_like(theta), torch.zeros_like(theta))
    evaluate = _tanh_networks(theta, x, y, width)
    loss_curve, gradient_curve, kept = [], [], None
    for step in range(steps + 1):
        if step == keep:
            kept = theta.clone()
        losses, grad = evaluate()
        loss_curve.append(losses)
        gradient_curve.append(grad.norm(dim=1))
        if step == steps or bool((losses < goal).all()):
            break
        _adam_step(theta, grad, moments, step + 1, lr)
    return Runs(
        tuple(seeds),
        loss_curve[-1],
        gradient_curve[-1],
        torch.stack(loss_curve),
        torch.stack(gradient_curve),
        theta,
        kept,
    )


# --8<-- [end:train_from_seeds]


def wiggly_data(n: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Return n inputs evenly spaced on [−1, 1] (as a column) and targets sin 3x + cos(7x)/2."""
    n = check_int("n", n, minimum=2)
    x = torch.linspace(-1.0, 1.0, n, dtype=torch.float64)[:, None]
    return x, torch.sin(3 * x) + 0.5 * torch.cos(7 * x)


@dataclass(frozen=True)
class WidthStudy:
    """The width experiment: narrow runs classified by their Hessian, wider runs timed.

    ``narrow`` holds the width-2 Adam runs (curves included); ``early`` the eigenvalues of
    the Hessian where they stood after ``early_steps`` steps, one row per seed;
    ``converged`` where L-BFGS took each run from there, and ``eigenvalues`` the Hessian's
    eigenvalues at those stationary points. ``wide[m]`` are the width-m runs, trained until
    every loss fell below ``target``; ``steps_to_target[m]`` the step at which each did.
    """

    narrow: Runs
    early_steps: int
    early_losses: torch.Tensor
    early: torch.Tensor
    converged: list[Converged]
    eigenvalues: torch.Tensor
    target: float
    wide: dict[int, Runs]
    steps_to_target: dict[int, torch.Tensor]


def _check_study(
    seeds: object, widths: object, target: object
) -> tuple[list[int], tuple[int, ...]]:
    """Return the seeds 0, …, seeds − 1 and the widths, checked, and check target > 0."""
    check_positive("target", target)
    count = check_int("seeds", seeds, minimum=1)
    if not isinstance(widths, tuple | list) or not widths:
        raise TypeError(f"widths must be a non-empty tuple of integers, got {widths!r}")
    return list(range(count)), tuple(check_int("widths[i]", w, minimum=1) for w in widths)


# fmt: off
# --8<-- [start:width_experiment]
def width_experiment(
    seeds: int = 16,
    widths: tuple[int, ...] = (8, 32),
    *,
    target: float = 1e-3,
) -> WidthStudy:
    """Train one-hidden-layer tanh networks on ``wiggly_data()``, many seeds.

    Width 2: 1500 Adam steps (lr 0.02), the Hessian after 600 of them, then
    L-BFGS from there to a stationary point and the Hessian again. Wider:
    Adam until every run's loss is below ``target``.
    """
    runs, widths = _check_study(seeds, widths, target)
    x, y = wiggly_data()
    narrow = train_from_seeds(
        [1, 2, 1], runs, x, y, steps=1500, lr=0.02, snapshot=600
    )
    assert narrow.snapshot is not None
    loss = parameter_loss(mlp([1, 2, 1]), x, y)  # θ ↦ loss, for any θ
    early = [hessian_eigenvalues(loss, t) for t in narrow.snapshot]
    converged = [converge(loss, theta) for theta in narrow.snapshot]
    final = [hessian_eigenvalues(loss, c.theta) for c in converged]
    wide = {
        m: train_from_seeds(
            [1, m, 1], runs, x, y, steps=8000, lr=0.02, target=target
        )
        for m in widths
    }
    return WidthStudy(
        narrow=narrow,
        early_steps=600,
        early_losses=narrow.loss_curves[600],
        early=torch.stack(early),
        converged=converged,
        eigenvalues=torch.stack(final),
        target=target,
        wide=wide,
        steps_to_target={
            m: (r.loss_curves < target).double().argmax(dim=0)
            for m, r in wide.items()
        },
    )


# --8<-- [end:width_experiment]
# fmt: on
