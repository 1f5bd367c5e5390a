"""Stationary points of functions of one variable, located numerically.

A point x is stationary when f'(x) = 0. We find the ones where f' changes sign, which are
exactly the strict local minimizers and maximizers of a smooth f, by scanning a grid for
sign changes of f' (computed with autograd) and refining each bracket by bisection. A
stationary point where f' touches zero without changing sign (the inflection point of x³
at 0) has no bracket and is not reported: such points are the subject of the saddle-point
chapter, not of this scan.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch

from optguide.validation import check_int, check_interval, check_positive

__all__ = ["StationaryPoint", "derivative", "global_minimizer", "stationary_points"]

Function = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class StationaryPoint:
    """A point where f'(x) = 0, with its value f(x), curvature f''(x) and its kind."""

    x: float
    value: float
    curvature: float
    kind: Literal["local minimizer", "local maximizer"]


def derivative(f: Function, x: torch.Tensor, order: int = 1) -> torch.Tensor:
    """Return the ``order``-th derivative of an elementwise ``f`` at each entry of ``x``.

    Because f acts elementwise, the gradient of sum(f(x)) is the vector of derivatives.
    """
    check_int("order", order, minimum=1)
    point = x.detach().clone().requires_grad_(True)
    out = f(point)
    for k in range(order):  # a graph for the next derivative only if one follows
        (out,) = torch.autograd.grad(out.sum(), point, create_graph=k < order - 1)
    return out.detach()


def _bisect(f: Function, lo: float, hi: float, tol: float) -> float:
    """Shrink a bracket [lo, hi] over which f' changes sign until it is shorter than tol."""
    slope_lo = float(derivative(f, torch.tensor([lo], dtype=torch.float64))[0])
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        slope_mid = float(derivative(f, torch.tensor([mid], dtype=torch.float64))[0])
        if (slope_mid > 0) == (slope_lo > 0) and slope_mid != 0:
            lo, slope_lo = mid, slope_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def stationary_points(
    f: Function,
    interval: tuple[float, float],
    *,
    grid: int = 2001,
    tol: float = 1e-12,
) -> list[StationaryPoint]:
    """Return the stationary points of ``f`` inside ``interval`` where f' changes sign.

    ``grid`` points spaced evenly over the interval bracket the sign changes; two stationary
    points closer together than the grid spacing can be missed, so the grid should be fine
    compared with the features of f. Points are returned from left to right.
    """
    lo, hi = check_interval("interval", interval)
    check_int("grid", grid, minimum=3)
    check_positive("tol", tol)
    grid_x = torch.linspace(lo, hi, grid, dtype=torch.float64)
    xs, slopes = grid_x.tolist(), derivative(f, grid_x).tolist()  # floats: a fast scan
    points = []
    for i in range(grid - 1):
        if slopes[i] == 0 or (slopes[i] > 0) != (slopes[i + 1] > 0):
            if slopes[i + 1] == 0:
                continue  # the zero sits on the next grid point; count it there
            x = _bisect(f, xs[i], xs[i + 1], tol)
            if not lo < x < hi:
                continue
            point = torch.tensor([x], dtype=torch.float64)
            curvature = float(derivative(f, point, order=2)[0])
            kind: Literal["local minimizer", "local maximizer"] = (
                "local minimizer" if slopes[i] < 0 else "local maximizer"
            )
            points.append(StationaryPoint(x, float(f(point)[0]), curvature, kind))
    return points


def global_minimizer(
    f: Function, interval: tuple[float, float], *, grid: int = 2001
) -> tuple[float, float]:
    """Return ``(x, f(x))`` for the smallest value of ``f`` on the closed ``interval``.

    The candidates are the interior local minimizers and the two endpoints, since on a closed
    interval a minimum of a smooth function is attained at one or the other.
    """
    lo, hi = check_interval("interval", interval)
    candidates = [(p.x, p.value) for p in stationary_points(f, (lo, hi), grid=grid)]
    for end in (lo, hi):
        candidates.append((end, float(f(torch.tensor([end], dtype=torch.float64))[0])))
    return min(candidates, key=lambda pair: pair[1])
