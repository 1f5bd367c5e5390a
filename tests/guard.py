"""Run the site's code under numerical kernels other than the pinned ones.

The build and the tests pin MKL's code path and one thread (optguide.build.kernels), so
that a machine builds the same bytes as any other of its kind. A reader's machine does
not: it takes the path its CPU chooses. The guard therefore runs the pages' doc blocks,
and draws the figures' records, under ``GUARD_PATHS`` too; what a page prints, and the
digits a figure draws, must come out the same.

``python tests/guard.py [PAGE ...]`` runs the doc blocks of the pages (default: all of
docs/) under each guard path and prints the result, for a contributor checking a page.
"""

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from optguide.build.kernels import GUARD_PATHS, unpinned

__all__ = [
    "FIGURE_PATH",
    "GUARD_PATHS",
    "doc_command",
    "environment",
    "failures",
    "figure_command",
    "run_under",
]

# The figures are checked under one path: unpinned MKL with PyTorch's scalar kernels, the
# most different from the pinned build.
FIGURE_PATH = "scalar"
_FAILED = re.compile(r"^(?:FAILED )?(docs/\S+::line:\d+,column:\d+)", re.M)


def environment(path: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return this process's environment with the kernels of the guard's ``path``.

    The variables by which pytest-xdist tells a worker it is one are dropped: the guard's
    own pytest runs alone.
    """
    env = unpinned(os.environ, path)
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    env.update(extra or {})
    return env


def doc_command(*pages: str) -> list[str]:
    """Return the command that runs the doc blocks of ``pages`` (default: all of docs/)."""
    options = ["-q", "-p", "no:xdist", "-p", "no:cacheprovider", "--tb=short", "-W", "ignore"]
    return [sys.executable, "-m", "pytest", *options, *(pages or ("docs",))]


def figure_command(out: Path) -> list[str]:
    """Return the command that writes every figure's record, and nothing else, to ``out``."""
    return [sys.executable, "-m", "optguide.figures", "--record-only", "--out", str(out)]


def run_under(
    path: str, command: list[str], cwd: Path, extra: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` with the kernels of the guard's ``path``."""
    return subprocess.run(
        command, cwd=cwd, env=environment(path, extra), capture_output=True, text=True
    )


def failures(output: str) -> list[str]:
    """Return the doc blocks (page::line) that a pytest run over docs/ reports as failed."""
    return sorted(set(_FAILED.findall(output)))


def main(pages: list[str]) -> int:
    """Run the doc blocks of ``pages`` under every guard path; print what each prints."""
    status = 0
    for path in sorted(GUARD_PATHS):
        completed = run_under(path, doc_command(*pages), Path.cwd())
        lines = (completed.stdout + completed.stderr).strip().splitlines()
        print(f"{path}: {lines[-1] if lines else completed.returncode}")
        if completed.returncode:
            status = 1
            print("\n".join(lines[-60:]))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
