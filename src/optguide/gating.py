"""Gating: how an LSTM carries a gradient through time by addition instead of a product.

A tanh recurrent network, h_τ = tanh(x_τ W_x + h_{τ−1} W_h + b), multiplies the gradient
it sends back by diag(tanh′) W_h at every step, so the gradient that reaches an early
input shrinks geometrically with the distance. The LSTM (Hochreiter & Schmidhuber, 1997,
with the forget gate of Gers, Schmidhuber & Cummins, 2000) keeps a second state, the cell
m_τ = r_τ ⊙ m_{τ−1} + p_τ ⊙ m̃_τ: along it the gradient is scaled by the forget gate r_τ
alone, a number in (0, 1) whose starting value a bias of its own sets.

Both networks are written out step by step in float64; PyTorch's nn.LSTM computes the same
LSTM with its blocks in another order, and tests/test_gating.py checks that they agree.
Every tensor of a ``RecurrentNet`` has a leading dimension that counts independent
networks, so that several initializations train in one loop (Adam treats every number on
its own, so they do not interact). The memory task asks for the first of S inputs after
S − 1 distracting ones.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from optguide.threads import one_thread
from optguide.validation import (
    as_finite_tensor,
    check_bool,
    check_int,
    check_positive,
    check_seed,
    check_sequence,
)

__all__ = [
    "CHECK_EVERY",
    "KINDS",
    "MemoryRun",
    "RecurrentNet",
    "input_gradient_ratios",
    "last_state",
    "lstm_step",
    "memory_loss",
    "memory_task",
    "parameter_count",
    "recurrent_net",
    "relative_loss",
    "train_memory",
]

KINDS = ("tanh", "lstm")
INPUTS = 2  # a value and a marker that flags the value to remember
BLOCKS = {"tanh": 1, "lstm": 4}  # the LSTM's: input gate, forget gate, output gate, candidate
CHECK_EVERY = 25  # training steps between two measurements of the held-out loss
HELD_OUT = 512  # sequences in the held-out batch of train_memory


@dataclass(frozen=True)
class RecurrentNet:
    """The weights of n independent recurrent networks, each with a read-out h_S W_v + v0.

    Shapes: ``w_x`` (n, inputs, k·hidden), ``w_h`` (n, hidden, k·hidden), ``b``
    (n, 1, k·hidden), ``w_v`` (n, hidden, 1) and ``v0`` (n, 1); the 1s broadcast over the
    batch. The k blocks are one for the tanh network and four for the LSTM, in the order
    input gate p, forget gate r, output gate o, candidate. Every tensor requires grad.
    """

    kind: str
    w_x: torch.Tensor
    w_h: torch.Tensor
    b: torch.Tensor
    w_v: torch.Tensor
    v0: torch.Tensor

    @property
    def count(self) -> int:
        """The number n of networks."""
        return int(self.w_h.shape[0])

    @property
    def hidden(self) -> int:
        """The number of hidden units (LSTM cells, for the LSTM) of each network."""
        return int(self.w_h.shape[1])

    def parameters(self) -> list[torch.Tensor]:
        """Return the trainable tensors, in a fixed order."""
        return [self.w_x, self.w_h, self.b, self.w_v, self.v0]

    def join(self, other: "RecurrentNet") -> "RecurrentNet":
        """Return new copies of the networks of ``self``, then of ``other``, in one net.

        Both must be of one kind and size. The networks stay independent (Adam treats
        every number on its own), so one loop of ``train_memory`` trains them all.
        """
        _check_joinable(self, other)
        pairs = zip(self.parameters(), other.parameters(), strict=True)
        tensors = [torch.cat([a.detach(), b.detach()]).requires_grad_(True) for a, b in pairs]
        return RecurrentNet(self.kind, *tensors)


def _check_net(net: object) -> RecurrentNet:
    if not isinstance(net, RecurrentNet):
        raise TypeError(f"net must be a RecurrentNet from recurrent_net, got {net!r}")
    return net


def _check_joinable(net: RecurrentNet, other: object) -> None:
    if not isinstance(other, RecurrentNet):
        raise TypeError(f"other must be a RecurrentNet from recurrent_net, got {other!r}")
    if (other.kind, other.hidden) != (net.kind, net.hidden):
        raise ValueError(
            f"other must be a {net.kind} net of {net.hidden} units, "
            f"got a {other.kind} net of {other.hidden}"
        )


def _check_kind(kind: object, orthogonal: object) -> tuple[str, bool]:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    orthogonal = check_bool("orthogonal", orthogonal)
    if orthogonal and kind != "tanh":
        raise ValueError(f"orthogonal applies to the tanh network only, got kind {kind!r}")
    return str(kind), orthogonal


def _one_net(
    kind: str, hidden: int, forget_bias: float, orthogonal: bool, seed: int
) -> list[torch.Tensor]:
    """Return the five tensors of one network drawn from ``seed``, without the leading n."""
    generator = torch.Generator().manual_seed(seed)
    width = BLOCKS[kind] * hidden

    def uniform(*shape: int) -> torch.Tensor:
        draw = torch.rand(shape, generator=generator, dtype=torch.float64)
        return (2.0 * draw - 1.0) / math.sqrt(hidden)

    w_x, w_h, b = uniform(INPUTS, width), uniform(hidden, width), uniform(1, width)
    w_v, v0 = uniform(hidden, 1), uniform(1)
    if kind == "lstm":
        b[..., hidden : 2 * hidden] = forget_bias
    if orthogonal:  # a uniformly random orthogonal matrix, as clipping.linear_rnn draws it
        gaussian = torch.randn(hidden, hidden, generator=generator, dtype=torch.float64)
        q, r = torch.linalg.qr(gaussian)
        w_h = q * torch.sign(torch.diagonal(r))
    return [w_x, w_h, b, w_v, v0]


def recurrent_net(
    kind: str,
    hidden: int,
    *,
    forget_bias: float = 1.0,
    orthogonal: bool = False,
    seeds: Sequence[int] = (0,),
) -> RecurrentNet:
    """Return one tanh network or LSTM with ``hidden`` units per seed in ``seeds``.

    Every weight and bias is uniform on ±1/√hidden, the range PyTorch's nn.RNN, nn.LSTM and
    nn.Linear use (with one bias vector where PyTorch adds two). The LSTM's forget-gate bias
    is then set to ``forget_bias``. With ``orthogonal`` the tanh network's recurrent weight
    is a random orthogonal matrix Q instead, so that W_h itself neither shrinks nor grows a
    vector.
    """
    kind, orthogonal = _check_kind(kind, orthogonal)
    hidden = check_int("hidden", hidden)
    forget_bias = float(as_finite_tensor("forget_bias", forget_bias, ndim=0))
    drawn = check_sequence("seeds", seeds)
    seeds = [check_seed(f"seeds[{index}]", seed) for index, seed in enumerate(drawn)]
    nets = [_one_net(kind, hidden, forget_bias, orthogonal, seed) for seed in seeds]
    tensors = [torch.stack(parts).requires_grad_(True) for parts in zip(*nets, strict=True)]
    return RecurrentNet(kind, *tensors)


def parameter_count(net: RecurrentNet) -> int:
    """Return the number of trainable numbers in each network of ``net``."""
    return sum(p[0].numel() for p in _check_net(net).parameters())


# --8<-- [start:memory_task]
def memory_task(
    batch: int, seq_len: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return sequences x of shape (batch, S, 2) and the targets y = x_1.

    Channel 0 holds S Gaussian values; channel 1 is a marker, 1 at τ = 1 and
    0 after. The target is the marked value, so the network must keep it
    while S − 1 distracting values arrive on the same channel.
    """
    batch, seq_len = _check_task(batch, seq_len, generator)
    shape = (batch, seq_len)
    values = torch.randn(shape, generator=generator, dtype=torch.float64)
    marker = torch.zeros_like(values)
    marker[:, 0] = 1.0
    return torch.stack([values, marker], dim=2), values[:, 0]


# --8<-- [end:memory_task]


def _check_task(batch: object, seq_len: object, generator: object) -> tuple[int, int]:
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {generator!r}")
    return check_int("batch", batch), check_int("seq_len", seq_len, minimum=2)


# --8<-- [start:lstm_step]
def lstm_step(
    net: RecurrentNet, drive: torch.Tensor, h: torch.Tensor, m: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return (h_τ, m_τ, r_τ) from h_{τ−1}, the cell m_{τ−1} and x_τ.

    ``drive`` = x_τ W_x + b is the input's share of the pre-activations. The
    gates p (input), r (forget), o (output) lie in (0, 1), the candidate in
    (−1, 1); the cell is carried by addition, scaled by r alone.
    """
    z = drive + h @ net.w_h
    gates, candidate = torch.split(z, [3 * net.hidden, net.hidden], dim=-1)
    p, r, o = torch.split(torch.sigmoid(gates), net.hidden, dim=-1)
    m = r * m + p * torch.tanh(candidate)
    return o * torch.tanh(m), m, r


# --8<-- [end:lstm_step]


# --8<-- [start:last_state]
def last_state(net: RecurrentNet, x: torch.Tensor) -> torch.Tensor:
    """Return h_S of every network after reading x (batch, S, 2).

    The tanh network's step is h_τ = tanh(x_τ W_x + b + h_{τ−1} W_h). The
    states have shape (networks, batch, hidden) and start at zero.
    """
    net, x = _check_sequences(net, x)
    h = x.new_zeros(net.count, x.shape[-3], net.hidden)
    m = torch.zeros_like(h)
    for x_t in x.unbind(dim=-2):
        drive = x_t @ net.w_x + net.b
        if net.kind == "lstm":
            h, m, _ = lstm_step(net, drive, h, m)
        else:
            h = torch.tanh(drive + h @ net.w_h)
    return h


# --8<-- [end:last_state]


def _check_sequences(net: object, x: object) -> tuple[RecurrentNet, torch.Tensor]:
    """Check that x is (batch, S, 2), or (n, batch, S, 2) with one batch per network."""
    net = _check_net(net)
    if (
        not isinstance(x, torch.Tensor)
        or x.shape[-1:] != (INPUTS,)
        or not (x.ndim == 3 or (x.ndim == 4 and x.shape[0] == net.count))
    ):
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else x
        expected = f"(batch, S, {INPUTS}) or (n, batch, S, {INPUTS})"
        raise ValueError(f"x must have shape {expected}, got {shape!r}")
    return net, x


def memory_loss(net: RecurrentNet, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return each network's mean squared error of h_S W_v + v0 as a prediction of y."""
    prediction = (last_state(net, x) @ net.w_v).squeeze(-1) + net.v0
    return ((prediction - y) ** 2).mean(dim=-1)


def relative_loss(net: RecurrentNet, x: torch.Tensor, y: torch.Tensor) -> list[float]:
    """Return each network's loss on (x, y) over that of the best constant, the mean of y."""
    with torch.no_grad():
        ratios = memory_loss(net, x, y) / y.var(correction=0)
    return [float(ratio) for ratio in ratios]


# --8<-- [start:input_gradient_ratios]
def input_gradient_ratios(
    net: RecurrentNet, seq_len: int, *, batch: int = 256, seed: int = 0
) -> list[float]:
    """Return ‖∂ℓ/∂x_1‖ / ‖∂ℓ/∂x_S‖ of each network on a batch of the task.

    The gradient reaching the first input, the one the target depends on,
    relative to the gradient reaching the last; norms over the whole batch.
    """
    generator = torch.Generator().manual_seed(check_seed("seed", seed))
    x, y = memory_task(batch, seq_len, generator)
    x = x.expand(net.count, *x.shape).clone().requires_grad_(True)
    with one_thread():
        (grad,) = torch.autograd.grad(memory_loss(net, x, y).sum(), x)
    first, last = grad[:, :, 0].flatten(1), grad[:, :, -1].flatten(1)
    return [float(ratio) for ratio in first.norm(dim=1) / last.norm(dim=1)]


# --8<-- [end:input_gradient_ratios]


@dataclass(frozen=True)
class MemoryRun:
    """One network's held-out loss, relative to the best constant prediction's, in training.

    ``relative[i]`` was measured after ``steps[i]`` training steps. ``solved`` tells whether
    the last measurement is below the tolerance; the record ends at the first that is.
    """

    steps: list[int]
    relative: list[float]
    solved: bool


def _check_training(
    net: object,
    seq_len: object,
    steps: object,
    batch: object,
    seed: object,
    lr: object,
    tol: object,
) -> None:
    """Check the arguments of ``train_memory``."""
    _check_net(net)
    check_int("seq_len", seq_len, minimum=2)
    check_int("batch", batch)
    check_seed("seed", seed)
    if check_int("steps", steps) % CHECK_EVERY:
        raise ValueError(f"steps must be a multiple of {CHECK_EVERY}, got {steps!r}")
    check_positive("lr", lr)
    check_positive("tol", tol)


def _until_solved(steps: list[int], relative: list[float], tol: float) -> MemoryRun:
    """Return the record of one network, cut at its first measurement below ``tol``."""
    for index, value in enumerate(relative):
        if value < tol:
            return MemoryRun(steps[: index + 1], relative[: index + 1], solved=True)
    return MemoryRun(steps, relative, solved=False)


# --8<-- [start:train_memory]
def train_memory(
    net: RecurrentNet,
    seq_len: int,
    *,
    lr: float = 0.01,
    steps: int = 300,
    batch: int = 128,
    tol: float = 0.1,
    seed: int = 0,
) -> list[MemoryRun]:
    """Train every network of ``net`` in place by Adam, on the same batches.

    Every 25 steps each network's ``relative_loss`` is measured on 512
    held-out sequences. A network has solved the task at its first value
    below ``tol``; training stops when all have, or after ``steps`` steps.
    """
    _check_training(net, seq_len, steps, batch, seed, lr, tol)
    generator = torch.Generator().manual_seed(seed)
    held_out = memory_task(HELD_OUT, seq_len, generator)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    taken: list[int] = []
    curves: list[list[float]] = []  # a row per measurement, a column per net
    with one_thread():
        for step in range(0, steps + 1, CHECK_EVERY):
            for _ in range(CHECK_EVERY if step else 0):
                x, y = memory_task(batch, seq_len, generator)
                optimizer.zero_grad()
                torch.autograd.backward(memory_loss(net, x, y).sum())
                optimizer.step()
            taken.append(step)
            curves.append(relative_loss(net, *held_out))
            if all(min(column) < tol for column in zip(*curves, strict=True)):
                break
    columns = zip(*curves, strict=True)
    return [_until_solved(taken, list(column), tol) for column in columns]


# --8<-- [end:train_memory]
