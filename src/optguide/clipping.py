"""Exploding gradients in a recurrent network, and gradient clipping.

A recurrent network applies the same weights at every time step, so backpropagation through
T steps multiplies T Jacobians built from one matrix. If their typical size exceeds one, the
gradient grows geometrically with T, and the loss surface has "cliffs": narrow regions where
the gradient is enormous (Pascanu, Mikolov & Bengio, 2013). A plain gradient step taken on a
cliff throws the parameters far away. Clipping rescales any gradient whose norm exceeds a
threshold c, so that no step is longer than η c, and leaves its direction alone.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch

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
    "cliff_in_closed_form",
    "cliff_location",
    "clip_by_norm",
    "gradient_norm_at_init",
    "linear_rnn",
    "one_unit_rnn",
    "power_derivative",
    "readout_curvature",
    "rnn_loss",
    "state_gradient_norms",
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


def _check_one_unit(w: object, b: object, steps: object, h0: object) -> tuple[float, float, int]:
    if not isinstance(b, torch.Tensor):
        raise TypeError(f"b must be a tensor, got {b!r}")
    return (
        float(as_finite_tensor("w", w, ndim=0)),
        float(as_finite_tensor("h0", h0, ndim=0)),
        check_int("steps", steps),
    )


# --8<-- [start:one_unit_rnn]
def one_unit_rnn(
    w: float,
    b: torch.Tensor,
    steps: int = 30,
    h0: float = 0.5,
) -> torch.Tensor:
    """Return h_S of h_τ = w·tanh(h_{τ−1}) + b, S = steps, for each entry of b.

    For w > 1 the map has a negative and a positive stable fixed point; b
    decides which one the state falls into, and near the switch h_S jumps.
    """
    w, h0, steps = _check_one_unit(w, b, steps, h0)
    state = torch.full_like(b, h0)
    for _ in range(steps):
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


# --8<-- [start:cliff_in_closed_form]
def cliff_in_closed_form(w: float, h0: float) -> tuple[float, float]:
    """Return (b_∞, ν): the bias that makes h_0 a fixed point, its multiplier.

    At b_∞ = h_0 − w·tanh(h_0) the state never moves: h_τ = h_0 for every τ.
    ν = w·(1 − tanh²(h_0)) is the slope of the map there; for ν > 1 the fixed
    point repels, the walls b_S approach b_∞ like ν^(−S), and the slope at
    b_∞ is dh_S/db = 1 + ν + … + ν^(S−1) = (ν^S − 1) / (ν − 1).
    """
    w, h0 = _check_point(w, h0)
    return h0 - w * math.tanh(h0), w * (1.0 - math.tanh(h0) ** 2)


# --8<-- [end:cliff_in_closed_form]


def _check_point(w: object, h0: object) -> tuple[float, float]:
    return float(as_finite_tensor("w", w, ndim=0)), float(as_finite_tensor("h0", h0, ndim=0))


def _check_clip(grads: object, max_norm: object) -> float:
    """Check that ``grads`` is a sequence of tensors; return ``max_norm`` checked."""
    for index, g in enumerate(check_sequence("grads", grads)):
        if not isinstance(g, torch.Tensor):
            raise TypeError(f"grads[{index}] must be a tensor, got {g!r}")
    return check_positive("max_norm", max_norm)


# --8<-- [start:clip_by_norm]
def clip_by_norm(grads: list[torch.Tensor], max_norm: float) -> float:
    """Rescale ``grads`` in place to a joint norm of at most ``max_norm``.

    Returns the norm before clipping. The direction is unchanged; only the
    length is capped, so a step never moves farther than lr · max_norm.
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
    """The loss and the gradient norm (before clipping) at every step of a training run.

    ``diverged_at`` is the step at which the divergence rule stopped the run (the loss was
    not finite or exceeded ``blowup`` times the first loss), or None if it ran to the end.
    """

    losses: list[float]
    grad_norms: list[float]
    diverged_at: int | None = None


def linear_rnn(hidden: int, radius: float, seed: int) -> list[torch.Tensor]:
    """Return the weights [W, u, v] of a linear recurrent network, drawn from ``seed``.

    W = radius · Q with Q a random orthogonal matrix, so every eigenvalue and every singular
    value of W has modulus ``radius``; the input weights u have entries of variance
    1 / (4 hidden), the read-out v of variance 1 / hidden. The network reads x_1..x_T
    through h_t = W h_{t−1} + u x_t, h_0 = 0, and predicts v·h_T.
    """
    hidden = check_int("hidden", hidden)
    radius = check_positive("radius", radius)
    generator = torch.Generator().manual_seed(check_int("seed", seed, minimum=0))
    gaussian = torch.randn(hidden, hidden, generator=generator, dtype=torch.float64)
    q, r = torch.linalg.qr(gaussian)
    q = q * torch.sign(torch.diagonal(r))  # a uniformly random orthogonal matrix
    scale = hidden**-0.5
    u = 0.5 * scale * torch.randn(hidden, generator=generator, dtype=torch.float64)
    v = scale * torch.randn(hidden, generator=generator, dtype=torch.float64)
    return [(radius * q).requires_grad_(True), u.requires_grad_(True), v.requires_grad_(True)]


def _check_sequences(
    params: object, x: object, activation: object = None
) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Check the arguments of ``rnn_loss`` and ``state_gradient_norms``."""
    if not isinstance(params, list | tuple) or len(params) != 3:
        raise TypeError(f"params must be the list [W, u, v] of linear_rnn, got {params!r}")
    W, u, v = params
    if not all(isinstance(p, torch.Tensor) for p in params):
        raise TypeError(f"params must hold three tensors, got {params!r}")
    if W.ndim != 2 or W.shape[0] != W.shape[1] or not u.shape == v.shape == (W.shape[0],):
        shapes = [tuple(p.shape) for p in params]
        raise ValueError(f"params must have shapes (k, k), (k,), (k,), got {shapes}")
    if not isinstance(x, torch.Tensor) or x.ndim != 2 or x.shape[1] < 2:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else x
        raise ValueError(f"x must be a tensor of shape (batch, S) with S >= 2, got {shape!r}")
    if activation is not None and not callable(activation):
        raise TypeError(f"activation must be callable or None, got {activation!r}")
    return list(params), x


# --8<-- [start:rnn_loss]
def rnn_loss(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Return the mean squared error of v·h_T as a prediction of x_1 + x_2.

    ``x`` has shape (batch, S). The state h_τ = W h_{τ−1} + u x_τ is
    unrolled over S steps, so backpropagation multiplies by Wᵀ once per step.
    """
    (W, u, v), x = _check_sequences(params, x)
    h, W_T = torch.zeros(x.shape[0], W.shape[0], dtype=W.dtype), W.T
    for drive in (x[:, :, None] * u).unbind(dim=1):  # u x_τ, one per step
        h = h @ W_T + drive  # the rows of h are the batch's states
    prediction = h @ v
    return ((prediction - x[:, 0] - x[:, 1]) ** 2).mean()


# --8<-- [end:rnn_loss]


# --8<-- [start:state_gradient_norms]
def state_gradient_norms(
    params: list[torch.Tensor],
    x: torch.Tensor,
    activation: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> list[float]:
    """Return ‖∂ℓ/∂h_τ‖ for τ = 1..S: the gradient reaching each state.

    The network is ``rnn_loss``'s, with h_τ = φ(W h_{τ−1} + u x_τ) when an
    ``activation`` φ is given. Norms are taken over the whole batch.
    """
    (W, u, v), x = _check_sequences(params, x, activation)
    h, W_T = torch.zeros(x.shape[0], W.shape[0], dtype=W.dtype), W.T
    states = []
    for drive in (x[:, :, None] * u).unbind(dim=1):
        h = h @ W_T + drive
        if activation is not None:
            h = activation(h)
        states.append(h)
    loss = ((h @ v - x[:, 0] - x[:, 1]) ** 2).mean()
    grads = torch.autograd.grad(loss, states)
    return [float(g.norm()) for g in grads]


# --8<-- [end:state_gradient_norms]


def _check_training(
    max_norm: object, lr: object, blowup: object, ints: Mapping[str, object]
) -> None:
    if max_norm is not None:
        check_positive("max_norm", max_norm)
    check_positive("lr", lr)
    check_positive("blowup", blowup)
    for name, value in ints.items():
        check_int(name, value, minimum=0 if name == "seed" else 1)


def gradient_norm_at_init(
    seq_len: int, *, radius: float = 1.05, hidden: int = 16, seed: int = 0
) -> float:
    """Return ‖∇L‖ at initialization for sequences of length ``seq_len`` (batch of 64)."""
    _check_training(None, 1.0, 1.0, {"seq_len": seq_len, "hidden": hidden, "seed": seed})
    params = linear_rnn(hidden, radius, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(64, seq_len, generator=generator, dtype=torch.float64)
    with one_thread():
        grads = torch.autograd.grad(rnn_loss(params, x), params)
    return math.sqrt(sum(float((g**2).sum()) for g in grads))


def readout_curvature(
    seq_len: int, *, radius: float = 1.05, hidden: int = 16, seed: int = 0
) -> float:
    """Return λmax of the loss's Hessian in the read-out v alone, 2 λmax(mean h_T h_Tᵀ).

    The loss is quadratic in v, so plain gradient descent on v alone is stable exactly when
    η < 2 / λmax; a run that diverges at a smaller η diverges through W and u.
    """
    _check_training(None, 1.0, 1.0, {"seq_len": seq_len, "hidden": hidden, "seed": seed})
    W, u, _ = linear_rnn(hidden, radius, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(64, seq_len, generator=generator, dtype=torch.float64)
    h = torch.zeros(64, hidden, dtype=torch.float64)
    with torch.no_grad(), one_thread():
        for t in range(seq_len):
            h = h @ W.T + x[:, t : t + 1] * u
        return float(torch.linalg.eigvalsh(2.0 * h.T @ h / 64).max())


# --8<-- [start:train_rnn]
def train_rnn(
    max_norm: float | None = None,
    *,
    lr: float = 0.03,
    steps: int = 200,
    seq_len: int = 30,
    hidden: int = 16,
    radius: float = 1.05,
    seed: int = 0,
    blowup: float = 1e6,
) -> TrainingRun:
    """Train ``linear_rnn`` by SGD on fresh batches of 64 sequences.

    With ``max_norm`` set, each gradient is clipped to it. The run stops
    when the loss is not finite or exceeds ``blowup`` times the first loss.
    """
    ints = {"steps": steps, "seq_len": seq_len, "hidden": hidden, "seed": seed}
    _check_training(max_norm, lr, blowup, ints)
    params = linear_rnn(hidden, radius, seed)
    generator = torch.Generator().manual_seed(seed + 1)
    losses: list[float] = []
    norms: list[float] = []
    with one_thread():
        for step in range(steps):
            shape = (64, seq_len)
            x = torch.randn(shape, generator=generator, dtype=torch.float64)
            loss = rnn_loss(params, x)
            grads = list(torch.autograd.grad(loss, params))
            if max_norm is None:
                norm = math.sqrt(sum(float((g**2).sum()) for g in grads))
            else:
                norm = clip_by_norm(grads, max_norm)
            losses.append(float(loss.detach()))
            norms.append(norm)
            if not losses[-1] <= blowup * losses[0]:  # also true for NaN
                return TrainingRun(losses, norms, diverged_at=step)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p.sub_(lr * g)
    return TrainingRun(losses, norms)


# --8<-- [end:train_rnn]
