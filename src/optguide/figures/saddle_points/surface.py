"""The saddle f(x, y) = x² − y² as a surface and as contours, its saddle point marked.

The marked point is where one Newton step from an arbitrary start lands (the critical point
of a quadratic), and the second-order test confirms it is a saddle; the two arrows are the
Hessian's eigenvectors there, labeled with their eigenvalues.
"""

from dataclasses import dataclass

import torch
from matplotlib import colormaps
from matplotlib.figure import Figure

from optguide.curvature import classify_critical_point, hessian, saddle
from optguide.figures.style import Theme, new_figure
from optguide.saddles import newton_step

TEXT = {
    "x": "$x$",
    "y": "$y$",
    "z": "$f(x, y)$",
    "surface": "$f(x, y) = x^2 - y^2$",
    "contour": "contours of $f$",
    "saddle": "saddle point",
    "up": r"$\lambda = {:+.0f}$: $f$ rises",
    "down": r"$\lambda = {:+.0f}$: $f$ falls",
}


@dataclass(frozen=True)
class SaddleSurface:
    """A grid of f, the computed saddle point and the Hessian's eigenpairs there."""

    xs: torch.Tensor
    ys: torch.Tensor
    zs: torch.Tensor
    point: tuple[float, float]
    eigenvalues: torch.Tensor
    eigenvectors: torch.Tensor


def compute() -> SaddleSurface:
    """Locate the critical point with one Newton step and take the Hessian's eigenpairs."""
    axis = torch.linspace(-1.5, 1.5, 121, dtype=torch.float64)
    xs, ys = torch.meshgrid(axis, axis, indexing="xy")
    zs = saddle(torch.stack([xs, ys], dim=-1))
    found = newton_step(saddle, [1.2, -0.7])
    verdict = classify_critical_point(saddle, found)
    assert verdict.kind == "saddle"
    eigenvalues, eigenvectors = torch.linalg.eigh(hessian(saddle, found))
    return SaddleSurface(xs, ys, zs, (float(found[0]), float(found[1])), eigenvalues, eigenvectors)


def draw(data: SaddleSurface, theme: Theme) -> Figure:
    """Draw the rasterized surface on the left and the contour map on the right."""
    figure = new_figure(7.2, 3.4)
    left = figure.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    left.plot_surface(
        data.xs.numpy(),
        data.ys.numpy(),
        data.zs.numpy(),
        cmap=colormaps["viridis"],
        linewidth=0,
        antialiased=True,
        rcount=120,
        ccount=120,
        rasterized=True,
        alpha=0.95,
        zorder=1,
    )
    x0, y0 = data.point
    left.scatter(
        [x0], [y0], [float(x0**2 - y0**2)], color=theme.highlight, s=40, depthshade=False, zorder=5
    )
    left.set_xlabel(TEXT["x"])
    left.set_ylabel(TEXT["y"])
    left.set_title(TEXT["surface"], fontsize=10)
    left.view_init(elev=28, azim=-60)
    for pane in (left.xaxis.pane, left.yaxis.pane, left.zaxis.pane):
        pane.set_alpha(0.0)
    left.tick_params(labelsize=7)
    left.set_xticks([-1, 0, 1], labels=[])
    left.set_yticks([-1, 0, 1], labels=[])
    left.set_zticks([-2, 0, 2], labels=[])

    right = figure.add_subplot(1, 2, 2)
    levels = torch.linspace(-2.25, 2.25, 10).tolist()
    filled = right.contourf(
        data.xs.numpy(), data.ys.numpy(), data.zs.numpy(), levels=levels, cmap="viridis"
    )
    filled.set_rasterized(True)
    right.contour(
        data.xs.numpy(),
        data.ys.numpy(),
        data.zs.numpy(),
        levels=[0.0],
        colors=theme.foreground,
        linewidths=0.8,
        linestyles="--",
    )
    right.plot([x0], [y0], "o", color=theme.highlight, markersize=7, zorder=4)
    right.annotate(
        TEXT["saddle"],
        xy=(x0, y0),
        xytext=(0.45, 0.55),
        color=theme.foreground,
        arrowprops={"arrowstyle": "->", "color": theme.foreground, "linewidth": 0.9},
    )
    for value, vector in zip(data.eigenvalues.tolist(), data.eigenvectors.T, strict=True):
        # eigh fixes an eigenvector only up to sign: draw the +2 arrow to the right and the
        # −2 arrow downward on the page, whatever sign the routine returned.
        sign = 1.0 if float(vector[0]) + float(vector[1]) >= 0 else -1.0
        if value < 0:
            sign = -sign
        dx, dy = 0.9 * sign * float(vector[0]), 0.9 * sign * float(vector[1])
        label = TEXT["up"] if value > 0 else TEXT["down"]
        right.annotate(
            "",
            xy=(x0 + dx, y0 + dy),
            xytext=(x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": "white", "linewidth": 1.6},
        )
        right.text(
            x0 + 1.05 * dx + (0.0 if dx == 0 else -0.15),
            y0
            + 1.05 * dy
            + (0.0 if dy == 0 else (0.08 if dy > 0 else -0.25))
            - (0.22 if dy == 0 else 0),
            label.format(value),
            color="white",
            fontsize=8,
            ha="center",
        )
    right.set_xticks([-1, 0, 1])
    right.set_yticks([-1, 0, 1])
    right.set_xlabel(TEXT["x"])
    right.set_ylabel(TEXT["y"])
    right.set_title(TEXT["contour"], fontsize=10)
    right.set_aspect("equal")
    right.grid(False)
    figure.colorbar(filled, ax=right, shrink=0.85, ticks=[-2, 0, 2])
    return figure
