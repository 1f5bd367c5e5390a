"""`make serve` as a contributor uses it: each edit is rebuilt, redoing only what it changed.

mkdocs serve runs the whole build again on every edit, so the build's cache is what keeps
it fast and never stale: a prose edit must redraw nothing, an edit to one figure's code
must redraw that figure and nothing else, and an edit to a package module must make again
exactly the figures and notebooks that import it, directly or not. The prose edit is made
before the server starts (the copy's cache was made from the unedited pages), the two code
edits while it serves. Each build's log line says what it made; the served page and figure
show the edits, and what the module edit (a comment) made again is byte for byte what it
replaces.
"""

import re
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import MKDOCS, build_env, edit
from optguide.build.keys import figure_work, notebook_work
from optguide.figures.registry import figure_names

pytestmark = pytest.mark.slow
BUILT = re.compile(r"Documentation built in")
MADE = re.compile(r"optguide: making (?P<what>.*?) on \d+ worker")
# The package module whose edit the test makes: one figure and one notebook import it, and
# both are quick to make again (the numerical notebook is the quickest after landscape's).
MODULE = "newton.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def made(log: str) -> dict[str, set[str]]:
    """Return what the build whose ``log`` this is made, by kind (empty: nothing)."""
    match = MADE.search(log)
    if match is None:
        return {}
    groups = {}
    for group in match["what"].split("; "):
        kind, names = group.split(": ", 1)
        groups[kind] = set(names.split(", "))
    return groups


class Server:
    """mkdocs serve in a subprocess, with its log lines collected by a thread."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        # Python writes bytecode, as on most contributors' machines: a build job that wrote
        # it into the watched src/ would start a build that no edit asked for.
        env = {k: v for k, v in build_env().items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.process = subprocess.Popen(
            [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def builds(self) -> list[str]:
        """Return the log of every finished build: its lines up to mkdocs' closing one.

        A quick build prints only that line, with what the plugin made added to it; a long
        one says what it is making in a line of its own first (see optguide.build.quiet).
        """
        finished, current = [], []
        for line in list(self.lines):
            current.append(line)
            if BUILT.search(line):
                finished.append("".join(current))
                current = []
        return finished

    def wait_for_build(self, count: int, timeout: float = 180) -> dict[str, set[str]]:
        """Wait for build number ``count`` to end; return what it made."""
        deadline = time.monotonic() + timeout
        while len(self.builds()) < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, "no rebuild:\n" + "".join(self.lines)
            time.sleep(0.2)
        assert len(self.builds()) == count, "one edit, one build:\n" + "".join(self.lines)
        return made(self.builds()[count - 1])

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as reply:
            return bytes(reply.read())


@contextmanager
def serving(project: Path) -> Iterator[Server]:
    """Serve ``project`` with mkdocs serve for the length of the ``with`` block."""
    running = Server(project)
    try:
        yield running
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)


def dependents(project: Path, module: Path) -> dict[str, set[str]]:
    """Return the figures and the notebooks of ``project`` that depend on ``module``."""
    src = project / "src"
    figures = figure_names(src / "optguide/figures")
    scripts = sorted((project / "examples").glob("*.py"))
    return {
        "figures": {name for name in figures if module in figure_work(name, src).inputs},
        "notebooks": {s.stem for s in scripts if module in notebook_work(s, src).inputs},
    }


def site_paths(outputs: dict[str, set[str]]) -> list[str]:
    """Return where the site serves the figures and notebooks of ``outputs``."""
    figures = [
        f"figures/{name}{suffix}"
        for name in sorted(outputs["figures"])
        for suffix in ("-light.svg", "-dark.svg", ".json")
    ]
    return figures + [f"examples/{name}/{name}.ipynb" for name in sorted(outputs["notebooks"])]


def test_serve_rebuilds_only_what_each_edit_changed_and_serves_it(project: Path) -> None:
    # The prose edit comes first, before the server starts: the copy's cache holds what the
    # unedited pages were built with, so its first build must take everything from it.
    edit(project / "docs/index.md", "## A first landscape", "## A first landscape, edited")
    with serving(project) as server:
        assert server.wait_for_build(1) == {}, "a prose edit redraws nothing"
        assert b"A first landscape, edited" in server.get("")
        figure = server.get("figures/home/landscape-dark.svg")
        time.sleep(1.0)  # let the watcher take its first look at the files

        edit(project / "src/optguide/figures/home/landscape.py", "markersize=6", "markersize=9")
        assert server.wait_for_build(2) == {"figures": {"home/landscape"}}
        assert server.get("figures/home/landscape-dark.svg") != figure

        module = project / "src/optguide" / MODULE
        expected = dependents(project, module)
        assert all(expected.values()), f"{MODULE} must feed a figure and a notebook"
        before = {path: server.get(path) for path in site_paths(expected)}
        time.sleep(1.0)
        module.write_text(module.read_text() + "\n# an edit\n")
        assert server.wait_for_build(3) == expected
        # A comment changes no result: what was made again from scratch, the figure drawn
        # and the notebook executed, is byte for byte what it replaces (as in
        # tests/test_reproducible.py, which leaves the notebooks to this test).
        changed = [path for path, served in before.items() if server.get(path) != served]
        assert not changed, f"made again from the same code, these differ: {changed}"
