"""Simulated annealing: random moves, accepted uphill with a probability that cools.

Kirkpatrick, Gelatt and Vecchi (1983) carried the Metropolis rule of statistical physics
over to optimization. From x, propose a random x'; if f(x') ≤ f(x) move there; if not, move
there anyway with probability exp(−(f(x') − f(x)) / T). At a high temperature T the walk
crosses barriers freely; as T falls it settles, and if it falls slowly enough it settles in
the deepest valley. How fast T may fall is the cooling schedule. Many independent chains run
at once, one per entry of a tensor, for an objective that acts elementwise.
"""

import math
from collections.abc import Callable

import torch

from optguide.threads import one_thread
from optguide.validation import as_finite_tensor, check_int, check_interval, check_positive

__all__ = ["geometric_cooling", "logarithmic_cooling", "simulated_annealing"]

Function = Callable[[torch.Tensor], torch.Tensor]


def _check_geometric(t0: object, ratio: object, steps: object) -> None:
    """Check t0 > 0, 0 < ratio < 1 and steps >= 1."""
    check_positive("t0", t0)
    if check_positive("ratio", ratio) >= 1:
        raise ValueError(f"ratio must be < 1 for the temperature to fall, got {ratio!r}")
    check_int("steps", steps, minimum=1)


# fmt: off
# --8<-- [start:schedules]
def logarithmic_cooling(C: float, steps: int) -> torch.Tensor:
    """Return the temperatures T_t = C / log(t + 2), t = 0, …, steps − 1.

    The slow schedule of the convergence theorems (Geman and Geman, 1984;
    Hajek, 1988): on a finite set of states, the chain ends in a global
    minimizer with probability tending to one if and only if C is at least
    the depth of the deepest non-global well.
    """
    check_positive("C", C)
    check_int("steps", steps, minimum=1)
    t = torch.arange(steps, dtype=torch.float64)
    return C / torch.log(t + 2)


def geometric_cooling(t0: float, ratio: float, steps: int) -> torch.Tensor:
    """Return the temperatures T_t = t0 · ratio^t, t = 0, …, steps − 1.

    The fast schedule used in practice, by Kirkpatrick et al. (1983) among
    others: each step multiplies the temperature by 0 < ratio < 1. It comes
    with no guarantee.
    """
    _check_geometric(t0, ratio, steps)
    return t0 * ratio ** torch.arange(steps, dtype=torch.float64)


# --8<-- [end:schedules]
# fmt: on


def _check_annealing(
    starts: object, temperatures: object, step_size: object, interval: object, seed: object
) -> tuple[torch.Tensor, torch.Tensor, float, float]:
    """Check the arguments of ``simulated_annealing``; return starts, schedule, bounds."""
    xs = as_finite_tensor("starts", starts, ndim=1)
    schedule = as_finite_tensor("temperatures", temperatures, ndim=1)
    if schedule.numel() == 0 or not bool((schedule > 0).all()):
        raise ValueError(
            f"temperatures must be a non-empty sequence of numbers > 0, got {temperatures!r}"
        )
    check_positive("step_size", step_size)
    check_int("seed", seed, minimum=0)
    if interval is None:
        return xs, schedule, -math.inf, math.inf
    return (xs, schedule, *check_interval("interval", interval))


# fmt: off
# --8<-- [start:simulated_annealing]
@one_thread()
def simulated_annealing(
    f: Function,
    starts: object,
    temperatures: object,
    step_size: float,
    *,
    interval: tuple[float, float] | None = None,
    seed: int = 0,
) -> torch.Tensor:
    """Run one Metropolis chain per start, step t at ``temperatures[t]``.

    A proposal is x' = x + δ ξ, ξ standard Gaussian, δ = ``step_size``; one
    outside ``interval`` is rejected, which keeps every chain on the domain.
    Returns the path, of shape (len(temperatures) + 1, number of starts).
    """
    xs, schedule, lo, hi = _check_annealing(
        starts, temperatures, step_size, interval, seed
    )
    generator = torch.Generator().manual_seed(seed)
    values = f(xs)
    path = [xs]
    for temperature in schedule:
        xi = torch.randn(xs.shape, generator=generator, dtype=xs.dtype)
        proposal = xs + step_size * xi
        inside = (proposal >= lo) & (proposal <= hi)
        proposed = f(proposal)
        uniform = torch.rand(xs.shape, generator=generator, dtype=xs.dtype)
        uphill = (proposed - values) / temperature
        accept = inside & (torch.log(uniform) < -uphill)  # Metropolis
        xs = torch.where(accept, proposal, xs)
        values = torch.where(accept, proposed, values)
        path.append(xs)
    return torch.stack(path)


# --8<-- [end:simulated_annealing]
# fmt: on
