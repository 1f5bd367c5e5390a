"""tanh, its derivative and the logistic sigmoid's, and gradient descent from a saturated start.

Left: f(x) = tanh(x) with the iterates of two gradient-descent runs of equal budget, one from
x = 4 (saturated) and one from x = 0.5. Right: 1 − tanh²(x) and σ(x)(1 − σ(x)) on a log
scale, with the value at x = 4 marked where the code computes it.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.figures.style import Theme, new_figure
from optguide.saturation import sigmoid_derivative, tanh_derivative, tanh_descent

STARTS = (4.0, 0.5)
LR, STEPS = 0.1, 100
TEXT = {
    "x": "$x$",
    "f": r"$f(x) = \tanh(x)$",
    "run": "{steps} steps from $x_0 = {start:g}$",
    "start": "start",
    "deriv": "derivative",
    "tanh'": r"$1 - \tanh^2(x)$",
    "sigma'": r"$\mathrm{sigmoid}'(x)$",
    "at4": r"$\tanh'(4) \approx {value:.2g}$",
    "max": r"$\mathrm{sigmoid}'(0) = 1/4$",
    "moved": "moved {distance:.3f}",
}


@dataclass(frozen=True)
class Saturation:
    """The sampled curves and the gradient-descent paths."""

    xs: torch.Tensor
    paths: dict[float, torch.Tensor]


def compute() -> Saturation:
    """Sample the curves and run gradient descent on tanh from each start."""
    xs = torch.linspace(-6.0, 6.0, 601, dtype=torch.float64)
    return Saturation(xs=xs, paths={s: tanh_descent(s, LR, STEPS) for s in STARTS})


def draw(data: Saturation, theme: Theme) -> Figure:
    """Plot tanh with the iterates, and the two derivatives on a log scale."""
    figure = new_figure(7.2, 3.2)
    left, right = figure.subplots(1, 2)
    left.plot(data.xs, torch.tanh(data.xs), color=theme.muted, linewidth=1.4)
    for index, (start, path) in enumerate(data.paths.items()):
        color = theme.color(index)
        left.plot(
            path,
            torch.tanh(path),
            "o",
            color=color,
            markersize=3.5,
            alpha=0.7,
            label=TEXT["run"].format(steps=STEPS, start=start),
        )
        left.plot([start], [torch.tanh(torch.tensor(start))], "x", color=theme.foreground)
    saturated = data.paths[STARTS[0]]
    end = float(saturated[-1])
    left.annotate(
        TEXT["moved"].format(distance=STARTS[0] - end),
        xy=(end, float(torch.tanh(saturated[-1]))),
        xytext=(-6, -40),
        textcoords="offset points",
        ha="center",
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    left.set_xlabel(TEXT["x"])
    left.set_ylabel(TEXT["f"])
    left.set_ylim(-1.15, 1.15)
    left.legend(loc="upper left", fontsize=8)

    right.semilogy(data.xs, tanh_derivative(data.xs), color=theme.color(0), label=TEXT["tanh'"])
    right.semilogy(
        data.xs, sigmoid_derivative(data.xs), color=theme.color(1), label=TEXT["sigma'"]
    )
    at4 = float(tanh_derivative(torch.tensor(4.0, dtype=torch.float64)))
    right.plot([4.0], [at4], "o", color=theme.highlight, zorder=3)
    arrow = {"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9}
    right.annotate(
        TEXT["at4"].format(value=at4),
        xy=(4.0, at4),
        xytext=(-10, -34),
        textcoords="offset points",
        ha="right",
        arrowprops=arrow,
    )
    peak = float(sigmoid_derivative(torch.tensor(0.0, dtype=torch.float64)))
    right.plot([0.0], [peak], "o", color=theme.highlight, zorder=3)
    right.annotate(
        TEXT["max"],
        xy=(0.0, peak),
        xytext=(0, -40),
        textcoords="offset points",
        ha="center",
        arrowprops=arrow,
    )
    right.set_xlabel(TEXT["x"])
    right.set_ylabel(TEXT["deriv"])
    right.set_ylim(1e-6, 2.0)
    right.legend(loc="lower center", fontsize=8)
    return figure
