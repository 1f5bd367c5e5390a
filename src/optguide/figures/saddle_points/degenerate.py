"""Three critical points where the second-order test is silent: x³, x⁴ and the monkey saddle.

Each marker sits at the point that ``classify_critical_point`` examined, and its label is
the verdict the function returned there.
"""

from dataclasses import dataclass

import torch
from matplotlib.figure import Figure

from optguide.curvature import classify_critical_point, monkey_saddle
from optguide.figures.style import Theme, new_figure

TEXT = {
    "cube": "$f(x) = x^3$",
    "quartic": "$f(x) = x^4$",
    "monkey": "$f(x, y) = x^3 - 3xy^2$",
    "x": "$x$",
    "y": "$y$",
    "cube note": "inflection point,\nno extremum",
    "quartic note": "minimizer",
    "monkey note": "no extremum",
    "verdict": "test: {}",
}


@dataclass(frozen=True)
class Degenerate:
    """Curves of x³ and x⁴, a grid of the monkey saddle, and the test's verdicts at 0."""

    xs: torch.Tensor
    grid_x: torch.Tensor
    grid_y: torch.Tensor
    monkey: torch.Tensor
    verdicts: dict[str, str]
    points: dict[str, tuple[float, ...]]


def cube(t: torch.Tensor) -> torch.Tensor:
    """Return the sum of cubes, x³ for a one-element vector."""
    return (t**3).sum(dim=-1)


def quartic(t: torch.Tensor) -> torch.Tensor:
    """Return the sum of fourth powers, x⁴ for a one-element vector."""
    return (t**4).sum(dim=-1)


def compute() -> Degenerate:
    """Run the second-order test at the origin of each function and sample them."""
    results = {
        "cube": classify_critical_point(cube, [0.0]),
        "quartic": classify_critical_point(quartic, [0.0]),
        "monkey": classify_critical_point(monkey_saddle, [0.0, 0.0]),
    }
    axis = torch.linspace(-1.2, 1.2, 121, dtype=torch.float64)
    grid_x, grid_y = torch.meshgrid(axis, axis, indexing="xy")
    return Degenerate(
        xs=torch.linspace(-1.2, 1.2, 241, dtype=torch.float64),
        grid_x=grid_x,
        grid_y=grid_y,
        monkey=monkey_saddle(torch.stack([grid_x, grid_y], dim=-1)),
        verdicts={name: result.kind for name, result in results.items()},
        points={name: result.point for name, result in results.items()},
    )


def draw(data: Degenerate, theme: Theme) -> Figure:
    """Draw x³ and x⁴ as curves and the monkey saddle as a contour map."""
    figure = new_figure(7.6, 2.9)
    arrow = {"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9}
    for index, (name, function) in enumerate((("cube", cube), ("quartic", quartic))):
        axes = figure.add_subplot(1, 3, index + 1)
        axes.plot(data.xs, function(data.xs.unsqueeze(-1)), color=theme.color(index))
        (x0,) = data.points[name]
        y0 = float(function(torch.tensor([x0])))
        axes.plot([x0], [y0], "o", color=theme.highlight, markersize=6, zorder=3)
        axes.annotate(
            TEXT[f"{name} note"] + "\n" + TEXT["verdict"].format(data.verdicts[name]),
            xy=(x0, y0),
            xytext=(-1.15, 0.9 if name == "cube" else 1.2),
            fontsize=8,
            arrowprops=arrow,
        )
        axes.set_title(TEXT[name], fontsize=10)
        axes.set_xticks([-1, 0, 1])
        axes.set_yticks([-1, 0, 1] if name == "cube" else [0, 1, 2])
        axes.set_xlabel(TEXT["x"])
        axes.set_ylim(-1.8 if name == "cube" else -0.2, 1.8 if name == "cube" else 2.1)
    axes = figure.add_subplot(1, 3, 3)
    # Symmetric levels with 0 as a boundary, so that six bands meet at the origin instead of
    # one band filling the flat center.
    top = float(data.monkey.abs().max())
    filled = axes.contourf(
        data.grid_x.numpy(),
        data.grid_y.numpy(),
        data.monkey.numpy(),
        levels=torch.linspace(-top, top, 13).tolist(),
        cmap="viridis",
    )
    filled.set_rasterized(True)
    axes.contour(
        data.grid_x.numpy(),
        data.grid_y.numpy(),
        data.monkey.numpy(),
        levels=[0.0],
        colors="white",
        linewidths=0.8,
        linestyles="--",
    )
    x0, y0 = data.points["monkey"]
    axes.plot([x0], [y0], "o", color=theme.highlight, markersize=6, zorder=3)
    axes.annotate(
        TEXT["monkey note"] + "\n" + TEXT["verdict"].format(data.verdicts["monkey"]),
        xy=(x0, y0),
        xytext=(-1.1, 0.75),
        fontsize=8,
        color="white",
        arrowprops={**arrow, "color": "white"},
    )
    axes.set_title(TEXT["monkey"], fontsize=10)
    axes.set_xticks([-1, 0, 1])
    axes.set_yticks([-1, 0, 1])
    axes.set_xlabel(TEXT["x"])
    axes.set_ylabel(TEXT["y"])
    axes.set_aspect("equal")
    axes.grid(False)
    figure.colorbar(filled, ax=axes, shrink=0.8, ticks=[-top, 0.0, top], format="%.0f")
    return figure
