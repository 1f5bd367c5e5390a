"""Exploding gradients in a recurrent network, and gradient clipping.

A recurrent network applies the same weights at every time step, so backpropagation through
T steps multiplies T Jacobians built from one matrix. If their typical size exceeds one, the
gradient grows geometrically with T, and the loss surface has "cliffs": narrow regions where
the gradient is enormous (Pascanu, Mikolov & Bengio, 2013). A plain gradient step taken on a
cliff throws the parameters far away. Clipping rescales any gradient whose norm exceeds a
threshold c, so that no step is longer than η c, and leaves its direction alone.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn

from optguide.threads import one_thread
from optguide.validation import (
    as_finite_tensor,
    check_int,
    check_interval,
    check_positive,
    check_sequence,
)

__all__ = [
    "TrainingRun",
    "cliff_location",
    "clip_by_norm",
    "one_unit_rnn",
    "power_derivative",
    "train_rnn",
]


def power_derivative(w: float, steps: int) -> float:
    """Return d/dw of h_T = w^T · h_0 with h_0 = 1: the product of T equal factors, T w^(T−1).

    This is a one-unit linear recurrence, the smallest model of repeated multiplication; it
    is computed by autograd through the T multiplications, not by the formula.
    """
    weight = as_finite_tensor("w", w, ndim=0).requires_grad_(True)
    steps = check_int("steps", steps)
    h = torch.tensor(1.0, dtype=torch.float64)
    for _ in range(steps):
        h = weight * h
    (grad,) = torch.autograd.grad(h, weight)
    return float(grad)


# --8<-- [start:one_unit_rnn]
def one_unit_rnn(w: float, b: torch.Tensor, steps: int = 30, h0: float = 0.5) -> torch.Tensor:
    """Return h_T of the recurrence h_t = w·tanh(h_{t−1}) + b, for each entry of ``b``.

    For w > 1 the map has two stable fixed points, one negative and one positive; which one
    the state falls into depends on b, and near the switch h_T jumps between them. A loss
    built on h_T has a cliff there (Pascanu, Mikolov & Bengio, 2013).
    """
    if not isinstance(b, torch.Tensor):
        raise TypeError(f"b must be a tensor, got {b!r}")
    w = float(as_finite_tensor("w", w, ndim=0))
    state = torch.full_like(b, float(as_finite_tensor("h0", h0, ndim=0)))
    for _ in range(check_int("steps", steps)):
        state = w * torch.tanh(state) + b
    return state


# --8<-- [end:one_unit_rnn]


def cliff_location(w: float, interval: tuple[float, float], steps: int = 30) -> float:
    """Return the bias b in ``interval`` where h_T of ``one_unit_rnn`` changes sign.

    Found by bisection, so h_T must be negative at the left end and positive at the right.
    """
    lo, hi = check_interval("interval", interval)
    final = [float(one_unit_rnn(w, torch.tensor(x, dtype=torch.float64), steps)) for x in (lo, hi)]
    if not final[0] < 0 < final[1]:
        raise ValueError(f"h_T must change sign from - to + over interval, got {final}")
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if float(one_unit_rnn(w, torch.tensor(mid, dtype=torch.float64), steps)) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _check_clip(grads: object, max_norm: object) -> float:
    """Check that ``grads`` is a sequence of tensors; return ``max_norm`` checked."""
    for index, g in enumerate(check_sequence("grads", grads)):
        if not isinstance(g, torch.Tensor):
            raise TypeError(f"grads[{index}] must be a tensor, got {g!r}")
    return check_positive("max_norm", max_norm)


# --8<-- [start:clip_by_norm]
def clip_by_norm(grads: list[torch.Tensor], max_norm: float) -> float:
    """Rescale ``grads`` in place so that their joint norm is at most ``max_norm``.

    Returns the norm before clipping. The direction of the whole gradient is unchanged;
    only its length is capped, so a step never moves farther than lr · max_norm.
    """
    max_norm = _check_clip(grads, max_norm)
    norm = math.sqrt(sum(float((g**2).sum()) for g in grads))
    if norm > max_norm:
        for g in grads:
            g.mul_(max_norm / norm)
    return norm


# --8<-- [end:clip_by_norm]


@dataclass(frozen=True)
class TrainingRun:
    """The loss and the gradient norm (before clipping) at every step of a training run."""

    losses: list[float]
    grad_norms: list[float]


# --8<-- [start:train_rnn]
def train_rnn(
    max_norm: float | None = None,
    *,
    lr: float = 0.1,
    steps: int = 300,
    seq_len: int = 20,
    hidden: int = 32,
    seed: int = 0,
) -> TrainingRun:
    """Train a tanh RNN by SGD to output the sum of the first two of ``seq_len`` inputs.

    The recurrent weights are drawn with variance 1 / hidden (spectral radius near one);
    every batch is fresh Gaussian noise. With ``max_norm`` set, gradients are clipped to it.
    """
    lr = check_positive("lr", lr)
    steps, seq_len, hidden = (
        check_int(n, v) for n, v in [("steps", steps), ("seq_len", seq_len), ("hidden", hidden)]
    )
    if max_norm is not None:
        check_positive("max_norm", max_norm)
    generator = torch.Generator().manual_seed(check_int("seed", seed, minimum=0))
    state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        rnn = nn.RNN(1, hidden, batch_first=True, dtype=torch.float64)
        head = nn.Linear(hidden, 1, dtype=torch.float64)
    finally:
        torch.random.set_rng_state(state)
    with torch.no_grad():
        rnn.get_parameter("weight_hh_l0").normal_(0.0, hidden**-0.5, generator=generator)
    params = [*rnn.parameters(), *head.parameters()]
    losses: list[float] = []
    norms: list[float] = []
    with one_thread():
        for _ in range(steps):
            x = torch.randn(64, seq_len, 1, generator=generator, dtype=torch.float64)
            target = x[:, :2, 0].sum(dim=1, keepdim=True)
            states, _ = rnn(x)
            loss = ((head(states[:, -1]) - target) ** 2).mean()
            grads = list(torch.autograd.grad(loss, params))
            if max_norm is None:
                norm = math.sqrt(sum(float((g**2).sum()) for g in grads))
            else:
                norm = clip_by_norm(grads, max_norm)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p.sub_(lr * g)
            losses.append(float(loss.detach()))
            norms.append(norm)
    return TrainingRun(losses, norms)


# --8<-- [end:train_rnn]
