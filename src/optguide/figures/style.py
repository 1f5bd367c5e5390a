"""Light and dark themes for figures, and deterministic SVG output.

Every figure is drawn twice, once per theme, on a transparent background, so that it sits
on the page like text does. Colors come from the Okabe–Ito palette, which stays
distinguishable under the common color-vision deficiencies; the dark theme uses lighter
tints of the same hues so that lines keep their contrast against a dark page.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser

__all__ = ["THEMES", "Theme", "new_figure", "save_svg", "use"]


def _remember_parsed_math(size: int) -> None:
    """Let matplotlib remember ``size`` parsed math texts instead of its 50.

    Every log-axis tick label is a math text. A figure lays its texts out several times
    (constrained layout, the tight bounding box, the drawing) in each of two themes, and
    many figures hold more than 50 distinct math texts, so the cache kept missing: parsing
    took about a sixth of the figures' build time. A parse depends only on its arguments,
    so remembering more changes no output.
    """
    parser: Any = MathTextParser
    parser._parse_cached = functools.lru_cache(size)(parser._parse_cached.__wrapped__)


_remember_parsed_math(4096)


@dataclass(frozen=True)
class Theme:
    """The colors one variant of a figure is drawn with."""

    name: str
    foreground: str
    muted: str
    grid: str
    series: tuple[str, ...]
    highlight: str
    shade: str

    def color(self, index: int) -> str:
        """Return the color of the ``index``-th data series, cycling through the palette."""
        return self.series[index % len(self.series)]


THEMES = {
    "light": Theme(
        name="light",
        foreground="#1f2328",
        muted="#57606a",
        grid="#d8dee4",
        series=("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b58400", "#56b4e9"),
        highlight="#c2185b",
        shade="#0072b2",
    ),
    "dark": Theme(
        name="dark",
        foreground="#e6edf3",
        muted="#aab4be",
        grid="#3d444d",
        series=("#56b4e9", "#f5a65b", "#3ddc97", "#e8a3c9", "#f0e442", "#9ecbff"),
        highlight="#ff7eb6",
        shade="#56b4e9",
    ),
}


def _rc(theme: Theme) -> dict[str, Any]:
    """Return the matplotlib settings for ``theme``."""
    return {
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.transparent": True,
        "text.color": theme.foreground,
        "axes.labelcolor": theme.foreground,
        "axes.edgecolor": theme.muted,
        "xtick.color": theme.muted,
        "ytick.color": theme.muted,
        "xtick.labelcolor": theme.foreground,
        "ytick.labelcolor": theme.foreground,
        "grid.color": theme.grid,
        "axes.grid": True,
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(theme.series)),
        "legend.frameon": False,
        "legend.labelcolor": theme.foreground,
        "font.size": 10,
        "lines.linewidth": 1.8,
        "svg.fonttype": "path",
        "svg.hashsalt": "optguide",
        "path.simplify": True,
        "image.cmap": "viridis",
    }


@contextmanager
def use(theme: Theme) -> Iterator[None]:
    """Apply ``theme`` to every artist created inside the block."""
    settings: Any = _rc(theme)  # matplotlib types rcParams keys as a closed set of literals
    with matplotlib.rc_context(settings):
        yield


def new_figure(width: float = 6.4, height: float = 3.6) -> Figure:
    """Return an empty figure of the given size in inches, laid out with constrained layout."""
    return Figure(figsize=(width, height), layout="constrained")


def save_svg(figure: Figure, path: Path) -> None:
    """Write ``figure`` to ``path`` as SVG, byte-identical from one run to the next.

    Matplotlib otherwise stamps the date into the file and draws random ids for clip paths;
    the fixed ``svg.hashsalt`` and the empty Date remove both.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "optguide"}):
        figure.savefig(path, format="svg", metadata={"Date": None}, bbox_inches="tight")
