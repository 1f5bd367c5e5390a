"""Where gradient descent ends: basins of attraction, and noise that lets it leave one.

Gradient descent started at a point goes to one minimizer, determined by the start and the
learning rate. The set of starts that reach a minimizer is its basin of attraction. These
functions run many descents at once, one per entry of a tensor, which works because the
objectives studied here act elementwise: the gradient of sum(f(x)) is the vector of the
derivatives f'(x_i). A hundred runs cost about as much as one.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from optguide.annealing import geometric_cooling, logarithmic_cooling, simulated_annealing
from optguide.objectives import x_cos_pi_x
from optguide.stationary import StationaryPoint, derivative, stationary_points
from optguide.threads import one_thread
from optguide.validation import (
    as_finite_tensor,
    check_int,
    check_interval,
    check_positive,
)

__all__ = [
    "Basins",
    "Escape",
    "basin_boundaries",
    "basins",
    "descend_many",
    "escape_experiment",
    "escape_repeats",
    "kramers_steps",
    "minibatch_escape",
    "nearest_minimizer",
    "settle",
    "well_depth",
]

Function = Callable[[torch.Tensor], torch.Tensor]


def _check_noise(noise: object) -> float:
    """Return ``noise`` as a float if it is a finite number >= 0 (zero means no noise)."""
    if isinstance(noise, int | float) and not isinstance(noise, bool) and float(noise) == 0.0:
        return 0.0
    return check_positive("noise", noise)


def _check_descent(
    starts: object,
    lr: object,
    steps: object,
    noise: object,
    interval: object,
    seed: object,
) -> tuple[torch.Tensor, float, float]:
    """Check the arguments of ``descend_many``; return the starts and the bounds."""
    xs = as_finite_tensor("starts", starts, ndim=1)
    check_positive("lr", lr)
    check_int("steps", steps, minimum=1)
    _check_noise(noise)
    check_int("seed", seed, minimum=0)
    if interval is None:
        return xs, -math.inf, math.inf
    return (xs, *check_interval("interval", interval))


# fmt: off
# --8<-- [start:descend_many]
@one_thread()
def descend_many(
    f: Function,
    starts: object,
    lr: float,
    steps: int,
    *,
    noise: float = 0.0,
    interval: tuple[float, float] | None = None,
    seed: int = 0,
) -> torch.Tensor:
    """Run gradient descent on an elementwise f from every start at once.

    Each step is x ← x − η (f'(x) + σ ξ), ξ standard Gaussian per run and
    step; σ = ``noise`` = 0 is plain gradient descent. With an ``interval``,
    each iterate is clipped back into it (projected gradient descent).
    Returns the path, of shape (steps + 1, number of starts).
    """
    xs, lo, hi = _check_descent(starts, lr, steps, noise, interval, seed)
    generator = torch.Generator().manual_seed(seed)
    path = [xs]
    for _ in range(steps):
        step = derivative(f, xs)
        if noise > 0:
            xi = torch.randn(xs.shape, generator=generator, dtype=xs.dtype)
            step = step + noise * xi
        xs = (xs - lr * step).clamp(lo, hi)
        path.append(xs)
    paths = torch.stack(path)
    bad = (~torch.isfinite(paths)).any(dim=1).nonzero()  # steps, in order
    if len(bad) > 0:
        raise ValueError(
            f"gradient descent diverged at step {int(bad[0])} with lr={lr!r}"
        )
    return paths


# --8<-- [end:descend_many]
# fmt: on


def nearest_minimizer(ends: object, minimizers: object, tol: float = 1e-3) -> torch.Tensor:
    """Return, for each end point, the index of the minimizer within ``tol`` of it, else −1.

    A run labeled −1 did not converge to any of the given minimizers (it stopped too early,
    oscillates, or left through the boundary of the interval).
    """
    ends_t = as_finite_tensor("ends", ends, ndim=1)
    targets = as_finite_tensor("minimizers", minimizers, ndim=1)
    if targets.numel() == 0:
        raise ValueError("minimizers must hold at least one point, got an empty sequence")
    tol = check_positive("tol", tol)
    distance = (ends_t[:, None] - targets[None, :]).abs()
    closest = distance.argmin(dim=1)
    found = distance.gather(1, closest[:, None])[:, 0] <= tol
    return torch.where(found, closest, torch.full_like(closest, -1))


@dataclass(frozen=True)
class Basins:
    """Gradient descent from a grid of starts: where each start ends, and which minimizer.

    ``labels[i]`` indexes ``minimizers`` (the local minimizers of f inside the interval,
    left to right), or is −1 for a run that reached none of them: one whose last two
    iterates are not both within 1e-3 of the same minimizer.
    """

    starts: torch.Tensor
    ends: torch.Tensor
    labels: torch.Tensor
    minimizers: tuple[float, ...]


def _check_basins(f: Function, interval: object, grid: object) -> tuple[float, float]:
    """Check the interval (it must hold a local minimizer) and the grid size."""
    lo, hi = check_interval("interval", interval)
    check_int("grid", grid, minimum=2)
    kinds = [p.kind for p in stationary_points(f, (lo, hi))]
    if "local minimizer" not in kinds:
        raise ValueError(f"f has no interior local minimizer on {interval!r}")
    return lo, hi


# fmt: off
# --8<-- [start:basins]
def basins(
    f: Function,
    interval: tuple[float, float],
    *,
    lr: float,
    steps: int,
    grid: int = 1201,
) -> Basins:
    """Label each start of an even ``grid`` by the minimizer it reaches.

    The minimizers are the interior local minimizers on ``interval``; the
    descent is projected onto the interval, so no run can leave it. A run
    reaches a minimizer if its last two iterates are both near it: one
    iterate near it can be a wandering run passing by.
    """
    lo, hi = _check_basins(f, interval, grid)
    points = stationary_points(f, (lo, hi))
    minimizers = tuple(p.x for p in points if p.kind == "local minimizer")
    starts = torch.linspace(lo, hi, grid, dtype=torch.float64)
    path = descend_many(f, starts, lr, steps, interval=(lo, hi))
    near = [nearest_minimizer(x, minimizers) for x in path[-2:]]
    labels = torch.where(near[0] == near[1], near[1], -1)
    return Basins(starts, path[-1], labels, minimizers)


# --8<-- [end:basins]
# fmt: on


def basin_boundaries(starts: torch.Tensor, labels: torch.Tensor) -> list[float]:
    """Return the midpoints between neighboring starts whose labels differ, left to right.

    With a grid of spacing h, each true boundary lies within h/2 of a returned point.
    """
    if starts.ndim != 1 or labels.shape != starts.shape:
        raise ValueError(
            f"starts and labels must be 1-D of one length, got shapes "
            f"{tuple(starts.shape)} and {tuple(labels.shape)}"
        )
    change = (labels[1:] != labels[:-1]).nonzero()[:, 0]
    return [float(0.5 * (starts[i] + starts[i + 1])) for i in change.tolist()]


def settle(
    f: Function,
    points: object,
    minimizers: object,
    interval: tuple[float, float],
    *,
    lr: float = 0.05,
    steps: int = 300,
    tol: float = 1e-3,
) -> torch.Tensor:
    """Return the index of the minimizer whose basin holds each point, or −1 for none.

    Noisy methods end near a minimizer but not on it; running plain, projected gradient
    descent with a small step from their end points tells in which basin each one stopped.
    """
    ends = descend_many(f, points, lr, steps, interval=interval)[-1]
    return nearest_minimizer(ends, minimizers, tol)


def _profile(f: Function, interval: tuple[float, float]) -> tuple[list[float], list[str]]:
    """Return the values of f at the endpoints and stationary points, left to right."""
    lo, hi = check_interval("interval", interval)
    points = stationary_points(f, (lo, hi))
    ends = [float(f(torch.tensor([x], dtype=torch.float64))[0]) for x in (lo, hi)]
    values = [ends[0], *(p.value for p in points), ends[1]]
    return values, ["end", *(p.kind for p in points), "end"]


# fmt: off
# --8<-- [start:well_depth]
def _climb(values: list[float], i: int) -> float:
    """How far f must rise from values[i] to reach a lower value."""
    rises = []
    for side in (values[i - 1 :: -1], values[i + 1 :]):
        lower = [k for k, value in enumerate(side) if value < values[i]]
        if lower:
            top = max(side[: lower[0]], default=values[i])
            rises.append(top - values[i])
    return min(rises)  # the cheaper side


def well_depth(f: Function, interval: tuple[float, float]) -> float:
    """Return Hajek's d*: the depth of the deepest non-global well of f."""
    values, kinds = _profile(f, interval)  # ends and stationary points
    depths = [
        _climb(values, i)
        for i, kind in enumerate(kinds)
        if kind == "local minimizer" and values[i] > min(values)
    ]
    if not depths:
        raise ValueError(f"f has no non-global local minimizer on {interval}")
    return max(depths)


# --8<-- [end:well_depth]
# fmt: on


# fmt: off
# --8<-- [start:kramers_steps]
def kramers_steps(
    minimum: StationaryPoint,
    barrier: StationaryPoint,
    *,
    sigma: float,
    lr: float,
) -> float:
    """Mean number of noisy gradient steps to cross from minimum over barrier.

    Noisy gradient descent is Langevin dynamics at temperature T = ησ²/2, a
    step lasting η units of time. Kramers' law gives the escape rate
    k = √(f''(x_a)·|f''(x_b)|) / (2π) · exp(−ΔE/T), with ΔE = f(x_b) − f(x_a),
    x_a the minimizer and x_b the top of the barrier.
    """
    _check_kramers(minimum, barrier, sigma, lr)
    temperature = lr * sigma**2 / 2
    height = barrier.value - minimum.value
    curvatures = minimum.curvature * -barrier.curvature
    rate = math.sqrt(curvatures) / (2 * math.pi)
    rate *= math.exp(-height / temperature)
    return 1 / (rate * lr)


# --8<-- [end:kramers_steps]
# fmt: on


def _check_kramers(minimum: object, barrier: object, sigma: object, lr: object) -> None:
    """Require a local minimizer and a local maximizer above it, sigma and lr > 0."""
    check_positive("sigma", sigma)
    check_positive("lr", lr)
    if not isinstance(minimum, StationaryPoint) or minimum.kind != "local minimizer":
        raise TypeError(f"minimum must be a local minimizer StationaryPoint, got {minimum!r}")
    if not isinstance(barrier, StationaryPoint) or barrier.kind != "local maximizer":
        raise TypeError(f"barrier must be a local maximizer StationaryPoint, got {barrier!r}")
    if not barrier.value > minimum.value or not minimum.curvature > 0 > barrier.curvature:
        raise ValueError(
            f"barrier must lie above minimum with curvatures of opposite signs, "
            f"got {minimum!r} and {barrier!r}"
        )


@dataclass(frozen=True)
class Escape:
    """How one method fared, started many times from the shallow local minimizer.

    ``fraction`` is the share of runs whose end point lies in the basin of the global
    minimizer (found by ``settle``), ``mean_value`` the average of f at the end points and
    ``over_time[t]`` the share of runs on the global minimizer's side of the local maximizer
    after t steps.
    """

    method: str
    fraction: float
    mean_value: float
    over_time: torch.Tensor


# fmt: off
# --8<-- [start:escape_experiment]
@one_thread()
def escape_repeats(
    repeats: int, *, runs: int = 500, steps: int = 1000, seed: int = 0
) -> list[list[Escape]]:
    """Run every method from the local minimizer of x·cos(πx), in batches.

    Each of ``repeats`` independent batches starts every method ``runs``
    times; the result holds one list of methods per batch. Gradient methods
    take steps of η = 0.05, σ being the standard deviation of the noise;
    annealing proposes moves of standard deviation 0.1, about the size of a
    noisy gradient step. Same budget for all. The batches run as one: the
    runs are independent, so a batch is a block of ``runs`` of them.
    """
    _check_counts(repeats=repeats, runs=runs, steps=steps, seed=seed)
    f, interval = x_cos_pi_x, (-1.0, 2.0)
    shallow, barrier, deep = (p.x for p in stationary_points(f, interval))
    depth = well_depth(f, interval)
    starts = torch.full((repeats * runs,), shallow, dtype=torch.float64)

    def gd(sigma: float) -> torch.Tensor:
        return descend_many(
            f, starts, 0.05, steps, noise=sigma, interval=interval, seed=seed
        )

    def sa(temperatures: torch.Tensor) -> torch.Tensor:
        return simulated_annealing(
            f, starts, temperatures, 0.1, interval=interval, seed=seed
        )

    methods = {
        "gradient descent": gd(0.0),
        "noisy GD, σ = 1": gd(1.0),
        "noisy GD, σ = 3": gd(3.0),
        "noisy GD, σ = 6": gd(6.0),
        "SA, log, C = d*": sa(logarithmic_cooling(depth, steps)),
        "SA, log, C = 1": sa(logarithmic_cooling(1.0, steps)),
        "SA, geometric 0.995": sa(geometric_cooling(1.0, 0.995, steps)),
        "SA, geometric 0.9": sa(geometric_cooling(1.0, 0.9, steps)),
    }
    return _outcomes(methods, (shallow, barrier, deep), repeats)


# --8<-- [end:escape_experiment]
# fmt: on


# fmt: off
# --8<-- [start:minibatch_escape]
@one_thread()
def minibatch_escape(
    repeats: int = 1,
    *,
    sigma: float = 3.0,
    n: int = 64,
    runs: int = 500,
    steps: int = 1000,
    seed: int = 0,
) -> list[Escape]:
    """Minibatch SGD (batch size 1, η = 0.05) on data whose mean loss is f.

    Example i has the loss ℓ_i(x) = f(x) + ω_i (x − x_g)² / 2, x_g the global
    minimizer, with mean(ω) = 0, so that the ℓ_i average to f exactly. The
    gradient noise ω_i (x − x_g) depends on x; ω is scaled so that it has
    standard deviation ``sigma`` at the shallow minimizer, the start. Each of
    ``repeats`` batches of ``runs`` runs has its own data set (row k of ω);
    the result holds one Escape per batch.
    """
    check_positive("sigma", sigma)
    _check_counts(repeats=repeats, n=n, runs=runs, steps=steps, seed=seed)
    f, interval = x_cos_pi_x, (-1.0, 2.0)
    shallow, barrier, deep = (p.x for p in stationary_points(f, interval))
    generator = torch.Generator().manual_seed(seed)
    z = torch.randn(repeats, n, generator=generator, dtype=torch.float64)
    z = (z - z.mean(1, keepdim=True)) / z.std(1, correction=0, keepdim=True)
    omega = z * sigma / abs(shallow - deep)
    xs = torch.full((repeats, runs), shallow, dtype=torch.float64)
    path = [xs]
    for _ in range(steps):
        i = torch.randint(n, xs.shape, generator=generator)  # one example each
        grad = derivative(f, xs) + omega.gather(1, i) * (xs - deep)
        xs = (xs - 0.05 * grad).clamp(*interval)
        path.append(xs)
    paths = {"minibatch SGD": torch.stack(path).flatten(start_dim=1)}
    batches = _outcomes(paths, (shallow, barrier, deep), repeats)
    return [methods[0] for methods in batches]


# --8<-- [end:minibatch_escape]
# fmt: on


def _check_counts(**counts: object) -> None:
    """Check that each count is an integer: n >= 2, seed >= 0, the others >= 1."""
    for name, value in counts.items():
        check_int(name, value, minimum={"n": 2, "seed": 0}.get(name, 1))


def escape_experiment(*, runs: int = 500, steps: int = 1000, seed: int = 0) -> list[Escape]:
    """Run ``escape_repeats`` once: every method ``runs`` times from the shallow minimizer."""
    return escape_repeats(1, runs=runs, steps=steps, seed=seed)[0]


def _outcomes(
    methods: dict[str, torch.Tensor], points: tuple[float, float, float], repeats: int
) -> list[list[Escape]]:
    """Summarize each method's paths, batch by batch, as Escape records.

    The paths have shape (steps + 1, repeats * runs); batch k is the k-th block of runs.
    All end points are settled in one call, the slow part.
    """
    shallow, barrier, deep = points
    ends = torch.cat([path[-1] for path in methods.values()])
    labels = settle(x_cos_pi_x, ends, (shallow, deep), (-1.0, 2.0))
    labels = labels.reshape(len(methods), repeats, -1)
    batches: list[list[Escape]] = [[] for _ in range(repeats)]
    for (name, path), settled in zip(methods.items(), labels, strict=True):
        blocks = path.reshape(path.shape[0], repeats, -1)
        for k in range(repeats):
            batch = blocks[:, k]
            batches[k].append(
                Escape(
                    method=name,
                    fraction=float((settled[k] == 1).double().mean()),
                    mean_value=float(x_cos_pi_x(batch[-1]).mean()),
                    over_time=(batch > barrier).double().mean(dim=1),
                )
            )
    return batches
