"""A nonconvex empirical risk: the frequency θ of sin(θx), its risk and three empirical risks.

Left: the exact risk R(θ) on [0, 6], with θ*'s basin shaded, and the empirical risks of
three samples of five examples, each with its global minimizer marked. Right: how often,
over 200 samples of each size n, the empirical minimizer lies outside θ*'s basin.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.sine_model import (
    INTERVAL,
    THETA_STAR,
    basin,
    sine_data,
    sine_empirical_risk,
    sine_erm,
    sine_risk,
    wrong_basin_count,
)

SIZES = [3, 5, 10, 20, 50]
SHOWN_SEEDS = [0, 1, 4]  # seed 4 is the first whose minimizer leaves the basin
SHOWN_N = 5
TRIALS = 200
TEXT = {
    "x": r"frequency $\theta$",
    "y": "loss",
    "risk": r"risk $R(\theta)$",
    "empirical": r"$\hat R_n(\theta)$, $n = 5$, sample {seed}",
    "basin": r"basin of $\theta^\star$",
    "n": "training examples $n$",
    "wrong": "ERMs outside the basin of $\\theta^\\star$\n(of 200 samples)",
}


@dataclass(frozen=True)
class SineFigure:
    """Curves on a grid, the basin, the shown minimizers, and the counts per n."""

    grid: torch.Tensor
    risk: torch.Tensor
    empirical: list[torch.Tensor]
    minimizers: list[float]
    basin: tuple[float, float]
    wrong: list[int]


def compute() -> SineFigure:
    """Evaluate the curves and count wrong-basin minimizers (about two seconds)."""
    grid = torch.linspace(*INTERVAL, 601, dtype=torch.float64)
    samples = [sine_data(SHOWN_N, seed) for seed in SHOWN_SEEDS]
    return SineFigure(
        grid=grid,
        risk=sine_risk(grid),
        empirical=[sine_empirical_risk(grid, s) for s in samples],
        minimizers=[sine_erm(s) for s in samples],
        basin=basin(),
        wrong=[wrong_basin_count(n, TRIALS) for n in SIZES],
    )


def draw(data: SineFigure, theme: Theme) -> Figure:
    """Left: the risk, its basin and three empirical risks. Right: wrong-basin counts."""
    figure = new_figure(6.8, 4.1)
    left, right = figure.subplots(1, 2, width_ratios=(1.5, 1))
    left.axvspan(*data.basin, color=theme.shade, alpha=0.12, linewidth=0, label=TEXT["basin"])
    left.plot(data.grid, data.risk, color=theme.foreground, linewidth=2.4, label=TEXT["risk"])
    for index, (curve, theta) in enumerate(zip(data.empirical, data.minimizers, strict=True)):
        color = theme.color(index)
        label = TEXT["empirical"].format(seed=SHOWN_SEEDS[index])
        left.plot(data.grid, curve, color=color, linewidth=1.2, label=label)
        value = float(curve[(data.grid - theta).abs().argmin()])
        left.plot([theta], [value], "o", color=color, markersize=5, zorder=3)
    left.axvline(THETA_STAR, color=theme.muted, linestyle=":", linewidth=1.0)
    left.set_xlim(*INTERVAL)
    left.set_xlabel(TEXT["x"])
    left.set_ylabel(TEXT["y"])
    figure.legend(loc="outside upper center", ncol=3, fontsize=8)
    positions = list(range(len(SIZES)))
    right.bar(positions, data.wrong, color=theme.color(3), width=0.6)
    right.set_xticks(positions, [str(n) for n in SIZES])
    right.set_xlabel(TEXT["n"])
    right.set_ylabel(TEXT["wrong"], fontsize=8.5)
    return figure
