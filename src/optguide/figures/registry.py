"""Find, load and draw the guide's figures by name.

A figure's name is the path of its module below this package: ``home/landscape`` is
``optguide/figures/home/landscape.py``. Listing names and locating sources needs no import,
so the build can decide what to redraw without loading PyTorch or matplotlib.
"""

import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, cast

__all__ = [
    "FIGURES_DIR",
    "FigureModule",
    "figure_names",
    "load",
    "output_path",
    "record",
    "record_path",
    "render",
    "source_path",
]

FIGURES_DIR = Path(__file__).resolve().parent
THEME_NAMES = ("light", "dark")
_NAME = re.compile(r"^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$")


class FigureModule(Protocol):
    """What a figure module provides: an experiment and a way to draw its result.

    A module may also define ``facts(data) -> dict[str, str]``: results of the experiment,
    formatted for prose, that a page inserts with ``{{ fact chapter/name:key }}``.
    """

    def compute(self) -> Any:
        """Run the figure's experiment once and return what ``draw`` needs."""

    def draw(self, data: Any, theme: Any) -> Any:
        """Return a matplotlib Figure of ``data`` in ``theme``."""


def figure_names(root: Path = FIGURES_DIR) -> list[str]:
    """Return the names of all figures below ``root``, sorted."""
    names = []
    for path in sorted(root.glob("*/*.py")):
        if not path.name.startswith("_") and not path.parent.name.startswith("_"):
            names.append(f"{path.parent.name}/{path.stem}")
    return names


def _check_name(name: str, root: Path = FIGURES_DIR) -> None:
    """Raise ValueError unless ``name`` is the name of an existing figure."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"figure name must look like 'chapter/name', got {name!r}")
    if not (root / f"{name}.py").is_file():
        raise ValueError(f"no figure named {name!r}: {root / name}.py does not exist")


def source_path(name: str, root: Path = FIGURES_DIR) -> Path:
    """Return the module file that defines figure ``name``."""
    _check_name(name, root)
    return root / f"{name}.py"


def output_path(out_dir: Path, name: str, theme: str) -> Path:
    """Return where the ``theme`` variant of figure ``name`` is written below ``out_dir``."""
    return out_dir / f"{name}-{theme}.svg"


def record_path(out_dir: Path, name: str) -> Path:
    """Return where the record of figure ``name`` (see ``record``) is written."""
    return out_dir / f"{name}.json"


def _printed(figure: Any) -> list[str]:
    """Return every visible text of ``figure`` that holds a digit, tick labels included."""
    from matplotlib.text import Text

    figure.draw_without_rendering()  # sets the tick labels, as saving would
    texts = (t.get_text() for t in figure.findobj(Text) if t.get_visible())
    return [text for text in texts if any(c.isdigit() for c in text)]


def record(module: FigureModule, data: Any, figure: Any) -> dict[str, Any]:
    """Return what figure ``module`` states in words and digits, for pages and the guard.

    ``texts`` are the digit-bearing texts the light variant draws (legends, annotations,
    tick labels): the guard compares them across numerical kernels. ``facts`` are the
    module's ``facts(data)``, the strings a page may insert.
    """
    facts = getattr(module, "facts", None)
    values = facts(data) if callable(facts) else {}
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in values.items()
    ):
        raise TypeError("facts(data) must return a dict of str to str")
    return {"texts": _printed(figure), "facts": values}


def load(name: str) -> FigureModule:
    """Import and return the module of figure ``name``, checking that it is a figure."""
    _check_name(name)
    module: ModuleType = importlib.import_module(f"optguide.figures.{name.replace('/', '.')}")
    for attribute in ("compute", "draw"):
        if not callable(getattr(module, attribute, None)):
            raise TypeError(f"figure module {module.__name__} must define {attribute}()")
    return cast(FigureModule, module)


def render(
    name: str, out_dir: Path, themes: tuple[str, ...] = THEME_NAMES, svg: bool = True
) -> list[Path]:
    """Draw figure ``name`` in each of ``themes`` as SVG below ``out_dir``; return the paths.

    The experiment runs once; only the drawing is repeated per theme. The figure's record
    (``record``, from the light variant) is written next to the SVGs as JSON. With
    ``svg=False`` only the record is written (the guard needs no drawing).
    """
    import json

    from matplotlib.figure import Figure

    from optguide.figures.style import THEMES, save_svg, use

    for theme in themes:
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {sorted(THEMES)}, got {theme!r}")
    module = load(name)
    data = module.compute()
    paths = []
    for theme in ("light", *(t for t in themes if t != "light")) if svg else ("light",):
        with use(THEMES[theme]):
            figure = module.draw(data, THEMES[theme])
            if not isinstance(figure, Figure):
                raise TypeError(f"draw() of figure {name!r} returned {type(figure).__name__}")
            if theme == "light":
                path = record_path(out_dir, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                text = json.dumps(record(module, data, figure), indent=1, ensure_ascii=False)
                path.write_text(text + "\n", encoding="utf-8")
                paths.append(path)
            if svg and theme in themes:
                path = output_path(out_dir, name, theme)
                save_svg(figure, path)
                paths.append(path)
    return paths
