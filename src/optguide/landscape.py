"""A network's loss as a function of one parameter vector: its Hessian, minimizers, slices.

Questions about the landscape (is this point a minimum? how sharp is it? what lies on the
straight line between two solutions?) are questions about one function of d numbers. These
helpers turn a small network and its data into that function, so that the exact Hessian,
a second-order optimizer and one-dimensional slices can be applied to it directly.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from optguide.threads import one_thread
from optguide.validation import as_finite_tensor, check_int, check_positive

__all__ = [
    "Converged",
    "converge",
    "hessian_eigenvalues",
    "line_slice",
    "parameter_loss",
    "parameters_of",
    "rescale_unit",
]

Loss = Callable[[torch.Tensor], torch.Tensor]


def parameters_of(model: nn.Module) -> torch.Tensor:
    """Return the parameters of ``model`` as one detached vector, in module order."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {model!r}")
    return nn.utils.parameters_to_vector(model.parameters()).detach().clone()


def _check_layers(model: object) -> list[nn.Module]:
    """Return the layers of ``model``: an nn.Sequential whose only parameters are Linear's."""
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential, got {model!r}")
    for layer in model:
        if not isinstance(layer, nn.Linear) and any(True for _ in layer.parameters()):
            raise ValueError(f"model's parameters must all be in Linear layers, got {layer!r}")
    return list(model)


def parameter_loss(model: nn.Module, inputs: object, targets: object) -> Loss:
    """Return θ ↦ mean squared error of ``model`` with parameter vector θ on the data.

    ``model`` is an nn.Sequential of Linear layers and parameter-free ones (activations).
    θ is read in the order of ``parameters_of(model)``; the model itself is not changed.
    """
    layers = _check_layers(model)
    x = as_finite_tensor("inputs", inputs, ndim=2)
    y = as_finite_tensor("targets", targets, ndim=2)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"inputs and targets must have as many rows, got {x.shape} and {y.shape}")
    shapes = [p.shape for p in model.parameters()]
    sizes = [shape.numel() for shape in shapes]

    def loss(theta: torch.Tensor) -> torch.Tensor:
        if theta.shape != (sum(sizes),):
            raise ValueError(f"theta must have shape ({sum(sizes)},), got {tuple(theta.shape)}")
        pieces = iter(p.view(s) for p, s in zip(torch.split(theta, sizes), shapes, strict=True))
        h = x
        for layer in layers:
            if isinstance(layer, nn.Linear):  # its weight, then its bias if it has one
                weight = next(pieces)
                bias = next(pieces) if layer.bias is not None else None
                h = nn.functional.linear(h, weight, bias)
            else:
                h = layer(h)
        return ((h - y) ** 2).mean()

    return loss


def _check_loss(loss: object) -> None:
    """Require ``loss`` to be callable (a function of one parameter vector)."""
    if not callable(loss):
        raise TypeError(f"loss must be a function of a parameter vector, got {loss!r}")


def hessian_eigenvalues(loss: Loss, theta: object) -> torch.Tensor:
    """Return the eigenvalues of the exact Hessian of ``loss`` at ``theta``, ascending."""
    _check_loss(loss)
    point = as_finite_tensor("theta", theta, ndim=1)
    hessian = torch.autograd.functional.hessian(loss, point)  # type: ignore[no-untyped-call]
    eigenvalues: torch.Tensor = torch.linalg.eigvalsh((hessian + hessian.T) / 2)
    return eigenvalues


@dataclass(frozen=True)
class Converged:
    """Where L-BFGS stopped: the point, its loss, its gradient's norm and the iterations."""

    theta: torch.Tensor
    loss: float
    gradient_norm: float
    iterations: int


@one_thread()
def converge(loss: Loss, theta: object, *, tol: float = 1e-9, max_iter: int = 2000) -> Converged:
    """Run L-BFGS from ``theta`` until no gradient component exceeds ``tol``.

    A stopping rule on the gradient, not on a step count: the result is a stationary point
    to within ``tol`` (check ``gradient_norm``; ``max_iter`` only guards against a run
    that never gets there).
    """
    _check_loss(loss)
    tol = check_positive("tol", tol)
    max_iter = check_int("max_iter", max_iter, minimum=1)
    point = as_finite_tensor("theta", theta, ndim=1).requires_grad_()
    optimizer = torch.optim.LBFGS(
        [point],
        lr=1.0,
        max_iter=max_iter,
        tolerance_grad=tol,
        tolerance_change=0.0,
        history_size=20,
        line_search_fn="strong_wolfe",
    )

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        value = loss(point)
        value.backward()  # type: ignore[no-untyped-call]
        return value

    optimizer.step(closure)  # type: ignore[no-untyped-call]
    final = point.detach()
    value = loss(final.requires_grad_())
    (grad,) = torch.autograd.grad(value, final)
    iterations = int(optimizer.state[point]["n_iter"])
    return Converged(final.detach(), float(value.detach()), float(grad.norm()), iterations)


# fmt: off
# --8<-- [start:line_slice]
def line_slice(
    loss: Loss,
    start: object,
    end: object,
    positions: object,
) -> torch.Tensor:
    """Return the loss at (1 − s)·start + s·end for every s in ``positions``.

    s = 0 is ``start`` and s = 1 is ``end``; other values extend the line.
    """
    a, b, steps = _check_slice(loss, start, end, positions)
    with torch.no_grad():
        values = [loss((1 - s) * a + s * b) for s in steps]
    return torch.stack(values)


# --8<-- [end:line_slice]
# fmt: on


def _check_slice(
    loss: object, start: object, end: object, positions: object
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Check that start and end are vectors of one shape and positions a 1-D sequence."""
    _check_loss(loss)
    a = as_finite_tensor("start", start, ndim=1)
    b = as_finite_tensor("end", end, ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"start and end must have one shape, got {a.shape} and {b.shape}")
    return a, b, as_finite_tensor("positions", positions, ndim=1)


# fmt: off
# --8<-- [start:rescale_unit]
def rescale_unit(model: nn.Module, unit: int, a: float) -> nn.Module:
    """Return a copy of a one-hidden-layer ReLU ``model``, ``unit`` rescaled.

    The unit's incoming weights and bias are multiplied by a > 0 and its
    outgoing weights divided by a. Since max(a·z, 0) = a·max(z, 0), the
    copy computes the same function.
    """
    _check_rescale(model, unit, a)
    twin = copy.deepcopy(model)
    into, out_of = (m for m in twin.modules() if isinstance(m, nn.Linear))
    with torch.no_grad():
        into.weight[unit] *= a
        into.bias[unit] *= a
        out_of.weight[:, unit] /= a
    return twin


# --8<-- [end:rescale_unit]
# fmt: on


def _check_rescale(model: object, unit: object, a: object) -> None:
    """Require Linear, ReLU, Linear with biases, a hidden unit index and a > 0."""
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"model must be a torch.nn.Sequential, got {model!r}")
    layers = list(model)
    kinds = [type(layer) for layer in layers]
    first = layers[0]
    if kinds != [nn.Linear, nn.ReLU, nn.Linear] or not isinstance(first, nn.Linear):
        raise ValueError(f"model must be Linear, ReLU, Linear, got {kinds!r}")
    if first.bias is None:
        raise ValueError("model's first layer must have a bias")
    check_positive("a", a)
    width = first.out_features
    if check_int("unit", unit, minimum=0) >= width:
        raise ValueError(f"unit must be < {width}, got {unit!r}")
