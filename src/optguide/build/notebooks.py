"""Turn a jupytext percent-format script into an executed notebook.

``python -m optguide.build.notebooks SOURCE.py OUT.ipynb`` reads the script, gives its cells
stable ids (jupytext draws random ones, which would make every build differ), runs every
cell in a fresh kernel and writes the result. A cell that raises stops the run with the
script's file name, the line where the cell starts and the error, and exit status 1.
"""

import re
import sys
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

__all__ = ["cell_lines", "execute", "main", "read"]

_CELL_MARKER = re.compile(r"^# %%", re.MULTILINE)
TIMEOUT_SECONDS = 600
KERNEL_ATTEMPTS = 3


def read(source: Path) -> Any:
    """Read a percent-format script as a notebook with stable cell ids."""
    notebook = jupytext.read(source, fmt="py:percent")
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata.pop("jupytext", None)
    return notebook


def cell_lines(text: str, cells: int) -> list[int]:
    """Return the 1-based line on which each of ``cells`` cells starts in ``text``."""
    starts = [text.count("\n", 0, match.start()) + 1 for match in _CELL_MARKER.finditer(text)]
    if len(starts) < cells:
        starts = [1] * (cells - len(starts)) + starts
    return starts[-cells:] if cells else []


def execute(source: Path, output: Path) -> None:
    """Execute the notebook made from ``source`` and write it to ``output``.

    Raises RuntimeError naming the file and line of the first cell that fails. A kernel
    that fails to start (two kernels started at once can race for the same port) is
    started again, up to ``KERNEL_ATTEMPTS`` times; a failing cell is never retried.
    """
    notebook = read(source)
    lines = cell_lines(source.read_text(encoding="utf-8"), len(notebook.cells))
    for attempt in range(1, KERNEL_ATTEMPTS + 1):
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT_SECONDS,
            kernel_name="python3",
            allow_errors=False,
            record_timing=False,
            coalesce_streams=True,  # printed output arrives in pieces cut by timing
            resources={"metadata": {"path": str(source.parent)}},
        )
        started = False
        try:
            with client.setup_kernel():
                started = True
                _run_cells(client, notebook, source, lines)
            break
        except Exception as error:
            if started or attempt == KERNEL_ATTEMPTS:
                raise
            print(f"{source}: kernel failed to start ({error!r}); retrying", file=sys.stderr)
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, output)


def _run_cells(client: NotebookClient, notebook: Any, source: Path, lines: list[int]) -> None:
    """Run every cell in order; raise RuntimeError with the file and line of a failure."""
    for index, cell in enumerate(notebook.cells):
        try:
            client.execute_cell(cell, index)
        except CellExecutionError as error:
            raise RuntimeError(
                f"{source}:{lines[index]}: cell {index + 1} raised {error.ename}: "
                f"{error.evalue}\n{error}"
            ) from None


def main(argv: list[str]) -> int:
    """Run ``execute`` on the command line's two paths; return the exit status."""
    if len(argv) != 2:
        print("usage: python -m optguide.build.notebooks SOURCE.py OUT.ipynb", file=sys.stderr)
        return 2
    try:
        execute(Path(argv[0]), Path(argv[1]))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
