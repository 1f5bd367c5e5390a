"""Cache keys of the build's outputs: what each figure and each notebook depends on.

A figure's output depends on its module, every package module that module can import, the
code that renders figures, and the libraries that compute and draw it. A notebook's output
depends on its script, the package modules the script imports, the code that executes
notebooks, and the libraries of the kernel. Both depend on the pinned numerical kernels
and the processor family (``kernels.signature``). Prose is in none of these: editing a page
never redraws a figure.
"""

from dataclasses import dataclass
from pathlib import Path

from optguide.build.cache import digest, library_versions
from optguide.build.deps import closure
from optguide.build.kernels import signature

__all__ = ["FIGURE_LIBRARIES", "NOTEBOOK_LIBRARIES", "Work", "figure_work", "notebook_work"]

PACKAGE = "optguide"
FIGURE_LIBRARIES = ("matplotlib", "numpy", "torch")
NOTEBOOK_LIBRARIES = (*FIGURE_LIBRARIES, "ipykernel", "jupytext", "nbclient", "nbformat")


@dataclass(frozen=True)
class Work:
    """One output the site needs: its kind, name, cache key, source and what it hashed."""

    kind: str
    name: str
    key: str
    source: Path
    inputs: tuple[Path, ...]


def figure_work(name: str, src: Path, versions: str | None = None) -> Work:
    """Return the work of figure ``name`` of the package below the ``src`` folder.

    ``versions`` is ``library_versions(FIGURE_LIBRARIES)``, which a build reads once for
    all its figures (each lookup scans the installed distributions).
    """
    figures = src / PACKAGE / "figures"
    source = figures / f"{name}.py"
    module = f"{PACKAGE}.figures.{name.replace('/', '.')}"
    renderer = [figures / "registry.py", figures / "__main__.py"]
    inputs = sorted({source, *closure(source.read_text(), src, PACKAGE, module), *renderer})
    if versions is None:
        versions = library_versions(FIGURE_LIBRARIES)
    key = digest([name, versions, signature()], inputs, src)
    return Work("figures", name, key, source, tuple(inputs))


def notebook_work(source: Path, src: Path, versions: str | None = None) -> Work:
    """Return the work of the notebook script ``source`` that imports the package in ``src``.

    IPython's ``%`` and ``!`` lines are dropped before the imports are read, since they
    are not Python. ``versions`` is ``library_versions(NOTEBOOK_LIBRARIES)``, read once
    per build.
    """
    text = source.read_text()
    code = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    runner = src / PACKAGE / "build" / "notebooks.py"
    inputs = sorted({*closure(code, src, PACKAGE), runner})
    if versions is None:
        versions = library_versions(NOTEBOOK_LIBRARIES)
    key = digest([source.name, text, versions, signature()], inputs, src)
    return Work("notebooks", source.stem, key, source, (source, *inputs))
