"""The floor that floating point puts under gradient descent, in float32 and float64.

Both runs use the same least-squares problem and step; every tolerance is switched off, so
each run stops only when an update no longer changes the iterate (the relative-change rule
with tolerance zero). The distance is measured to the float64 closed-form solution. The
step at which a run freezes is rounding noise (it moves with the processor's kernels), so no
text of the figure prints it.

Right: the floor against the condition number κ(H). For each κ and seed a problem with
κ(XᵀX) = κ is rounded to the precision and solved by gradient descent with the optimal
step until it stalls; the floor is the median relative distance over the end of the run
to the exact minimizer of the rounded problem (``descent_floor``). It grows like κ·u and
stays below a small multiple of it. A floor can be exactly 0 (the iterate lands on the
rounded problem's minimizer to the last bit); a log scale cannot show 0, so such a run is
drawn as a triangle on the panel's bottom edge.
"""

import math
from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.iterative import minimize
from optguide.least_squares import (
    descent_floor,
    design_with_condition,
    empirical_risk,
    make_regression,
    solve_normal_equations,
)

DTYPES = {"float32": torch.float32, "float64": torch.float64}
LR = 0.5
FLOOR_KAPPAS = {"float32": (1.0, 10.0, 100.0, 1000.0), "float64": (1.0, 10.0, 100.0)}
SEEDS = (0, 1, 2)
BOUNDS = (2.0, 5.0, 10.0)  # the bound floor / (κ·u) < b that the page states
TEXT = {
    "right x": r"condition number $\kappa(H)$",
    "right y": r"floor $\|w - w^\star\| / \|w^\star\|$",
    "floor": "{name}: measured floor",
    "zero": "{name}: floor exactly 0",
    "law": r"{name}: $\kappa u$",
    "x": "iteration $t$",
    "y": r"$\|w_t - \hat w\| \,/\, \|\hat w\|$",
    "stop": "{name}, run until it freezes",
    "u": "{name} unit roundoff $u$",
}


@dataclass(frozen=True)
class FloorRuns:
    """Relative distances to ŵ per iteration, and the unit roundoff u, for each precision."""

    names: list[str]
    distances: list[torch.Tensor]
    roundoffs: list[float]
    floors: dict[str, list[tuple[float, float]]]  # precision -> (κ, floor) per run


def compute() -> FloorRuns:
    """Run gradient descent with η = 0.5 in each precision until the iterate freezes."""
    problem = make_regression()
    w_hat = solve_normal_equations(problem.X, problem.y)
    names, distances, roundoffs = [], [], []
    for name, dtype in DTYPES.items():
        X, y = problem.X.to(dtype), problem.y.to(dtype)

        def risk(w: torch.Tensor, X: torch.Tensor = X, y: torch.Tensor = y) -> torch.Tensor:
            return empirical_risk(X, y, w)

        result = minimize(
            risk,
            torch.zeros(X.shape[1]),
            lr=LR,
            grad_tol=0.0,
            max_iter=2_000,
            dtype=dtype,
        )
        error = torch.linalg.vector_norm(result.path.double() - w_hat, dim=1)
        names.append(name)
        distances.append(error / torch.linalg.vector_norm(w_hat))
        roundoffs.append(torch.finfo(dtype).eps / 2)
    return FloorRuns(names=names, distances=distances, roundoffs=roundoffs, floors=_floors())


def _floors() -> dict[str, list[tuple[float, float]]]:
    """Measure the floor for each precision, κ and seed."""
    weights = torch.linspace(1.0, -1.0, 6, dtype=torch.float64)
    floors: dict[str, list[tuple[float, float]]] = {}
    for name, kappas in FLOOR_KAPPAS.items():
        dtype = DTYPES[name]
        u = torch.finfo(dtype).eps / 2
        floors[name] = []
        for kappa in kappas:
            steps = math.ceil(1.25 * kappa / 2 * math.log(1 / u)) + 50  # reach the floor
            for seed in SEEDS:
                X = design_with_condition(100, 6, math.sqrt(kappa), seed=seed)
                noise = torch.randn(
                    100, generator=torch.Generator().manual_seed(seed), dtype=torch.float64
                )
                floor = descent_floor(X, X @ weights + 0.1 * noise, dtype, steps)
                floors[name].append((kappa, floor))
    return floors


def _ratios(data: FloorRuns) -> list[float]:
    """Return floor / (κ·u) for every measured run (0 where the run landed on w*)."""
    return [
        floor / (kappa * u)
        for name, u in zip(data.names, data.roundoffs, strict=True)
        for kappa, floor in data.floors[name]
    ]


def facts(data: FloorRuns) -> dict[str, str]:
    """Return bounds on floor / (κ·u): a power of ten under every nonzero one, and above all.

    The upper bound is the smallest of ``BOUNDS`` above every ratio, not a power of ten
    rounded up from the largest one: the largest ratio moves with the seeds (from about
    0.5 to a little over 1), and the page must state a bound that holds for other seeds.
    A floor of exactly 0 has no logarithm; it lies under every bound.
    """
    ratios = _ratios(data)
    nonzero = [r for r in ratios if r > 0.0]
    high = next((b for b in BOUNDS if max(ratios) < b), None)
    return {
        "floor_low": f"{10.0 ** math.floor(math.log10(min(nonzero))):g}" if nonzero else "0",
        "floor_high": f"{high:g}" if high is not None else f"more than {BOUNDS[-1]:g}",
    }


def draw(data: FloorRuns, theme: Theme) -> Figure:
    """Plot both error curves on a log scale with each precision's unit roundoff."""
    figure = new_figure(8.6, 3.5)
    axes, right = figure.subplots(1, 2, width_ratios=(1.3, 1.0))
    for index, (name, distance, u) in enumerate(
        zip(data.names, data.distances, data.roundoffs, strict=True)
    ):
        color = theme.color(index)
        axes.semilogy(
            distance,
            color=color,
            linewidth=2.6 if index == 0 else 1.6,
            zorder=3 if index == 0 else 2,
            label=TEXT["stop"].format(name=name),
        )
        axes.axhline(u, color=color, linestyle=":", linewidth=1.2)
        axes.annotate(
            TEXT["u"].format(name=name),
            xy=(0, u),
            xytext=(4, 3),
            textcoords="offset points",
            color=theme.muted,
            fontsize=9,
        )
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.legend(loc="upper right", fontsize=8.5)
    for index, (name, u) in enumerate(zip(data.names, data.roundoffs, strict=True)):
        color = theme.color(index)
        kappas = [k for k, _ in data.floors[name]]
        span = sorted(set(kappas))
        right.loglog(
            span, [k * u for k in span], ":", color=color, label=TEXT["law"].format(name=name)
        )
        measured = [(k, f) for k, f in data.floors[name] if f > 0.0]
        right.loglog(
            [k for k, _ in measured],
            [f for _, f in measured],
            "o",
            color=color,
            markersize=4.5,
            label=TEXT["floor"].format(name=name),
        )
        zeros = [k for k, f in data.floors[name] if f == 0.0]
        if zeros:  # x in data, y in axes coordinates: on the bottom edge
            right.plot(
                zeros,
                [0.0] * len(zeros),
                "v",
                color=color,
                markersize=6,
                clip_on=False,
                transform=right.get_xaxis_transform(),
                label=TEXT["zero"].format(name=name),
            )
    right.set_xlabel(TEXT["right x"])
    right.set_ylabel(TEXT["right y"])
    right.legend(loc="center right", fontsize=8)
    return figure
