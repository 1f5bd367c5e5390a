"""Measure how long the site takes to build, cold, warm, and after edits; print a table.

Run by hand (``make benchmark``), not as a test: timings depend on the machine. Every
measurement runs on a fresh copy of the project in a temporary folder, so the work tree
and its cache are never touched. Each row is the median of ``--runs`` runs.

Rows:
- cold: an empty cache, so every figure is drawn and every notebook executed;
- cold, unpinned: the same without the kernel pin (optguide.build.kernels), to show
  what the pin costs;
- warm: a full cache, nothing changed;
- prose edit / figure edit: under ``mkdocs serve``, the rebuild after editing a page, or
  one figure's module, read from the server's own "Documentation built in" line;
- floor: the same pages with figures and notebooks switched off (what mkdocs and Material
  cost on their own), not strict since the notebook pages are then missing;
- guard: what tests/test_guard_docs.py and tests/test_guard_figures.py add to the tests,
  the doc blocks under both unpinned paths and the figure records under one;
- tests: ``make test`` once the virtual environment exists;
- reference: a fixed pure-Python loop, before and after the rest, to tell a change in the
  project from a change in the machine's own speed.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "examples", "src", "mkdocs.yml", "conftest.py", "pyproject.toml")
BUILT = re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds")


def environment(**extra: str) -> dict[str, str]:
    """Return the build environment: quiet, fixed dates, plus ``extra``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    env.update(extra)
    return env


def copy_project(target: Path) -> Path:
    """Copy the files a build reads into ``target``; return it."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def timed_build(project: Path, *args: str, **env: str) -> float:
    """Return the wall time of one ``mkdocs build`` of ``project``."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site", *args],
        cwd=project,
        env=environment(**env),
        check=False,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the build failed:\n{completed.stdout}{completed.stderr}")
    return time.perf_counter() - start


def serve_rebuild(project: Path, edit: Callable[[], None], timeout: float = 300) -> float:
    """Start mkdocs serve, make one edit, return the rebuild time the server reports."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            "127.0.0.1:8765",
        ],
        cwd=project,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(timeout, server.kill)
    watchdog.start()
    try:
        assert server.stdout is not None
        builds = 0
        for line in server.stdout:
            match = BUILT.search(line)
            if match is None:
                continue
            builds += 1
            if builds == 1:
                time.sleep(1.0)  # let the file watcher settle before the edit
                edit()
            else:
                return float(match["seconds"])
        raise RuntimeError(f"mkdocs serve did not rebuild within {timeout} s")
    finally:
        watchdog.cancel()
        server.terminate()
        server.wait(timeout=30)


def append(path: Path, text: str) -> Callable[[], None]:
    """Return an edit that appends ``text`` to ``path``."""
    return lambda: path.write_text(path.read_text() + text)


def repeat(runs: int, measure: Callable[[], float]) -> list[float]:
    """Return ``runs`` measurements."""
    return [measure() for _ in range(runs)]


def guard() -> float:
    """Return the wall time of the guard's commands, run one after the other."""
    sys.path.insert(0, str(ROOT / "tests"))
    from guard import FIGURE_PATH, GUARD_PATHS, doc_command, figure_command, run_under

    start = time.perf_counter()
    for path in sorted(GUARD_PATHS):
        run_under(path, doc_command(), ROOT)
    with tempfile.TemporaryDirectory() as out:
        src = {"PYTHONPATH": str(ROOT / "src")}
        run_under(FIGURE_PATH, figure_command(Path(out)), ROOT, src)
    return time.perf_counter() - start


def reference() -> float:
    """Return the CPU time of a fixed pure-Python loop: how fast the machine is right now.

    A shared machine changes speed from minute to minute (the one this project is built on
    took 2.25 to 2.70 CPU-seconds for this loop in five runs back to back), and every
    other row moves with it.
    """
    start = time.process_time()
    total = 0
    for i in range(30_000_000):
        total += i * i % 7
    return time.process_time() - start


def main() -> int:
    """Measure every row and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-tests", action="store_true", help="leave out the test row")
    args = parser.parse_args()
    rows: dict[str, list[float]] = {"reference loop, before (CPU s)": repeat(args.runs, reference)}
    with tempfile.TemporaryDirectory(prefix="optguide-bench-") as scratch:
        project = copy_project(Path(scratch) / "project")

        def cold() -> float:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            return timed_build(project, "--strict")

        def cold_unpinned() -> float:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            return timed_build(project, "--strict", OPTGUIDE_UNPINNED="1")

        # The unpinned row first: each cold row empties the cache, so the pinned cold
        # build must be the last one before the warm row, which reuses its cache.
        rows["cold build, kernels unpinned"] = repeat(args.runs, cold_unpinned)
        rows["cold build (empty cache)"] = repeat(args.runs, cold)
        rows["warm build (full cache)"] = repeat(
            args.runs, lambda: timed_build(project, "--strict")
        )
        rows["guard (doc blocks x 2 paths, figures x 1)"] = repeat(args.runs, guard)
        rows["floor (no figures, no notebooks)"] = repeat(
            args.runs,
            lambda: timed_build(
                project,
                OPTGUIDE_FIGURES="false",
                OPTGUIDE_NOTEBOOKS="false",
                OPTGUIDE_STRICT="false",
            ),
        )
        page = project / "docs/index.md"
        rows["serve: rebuild after a prose edit"] = repeat(
            args.runs, lambda: serve_rebuild(project, append(page, "\nOne more sentence.\n"))
        )
        figure = project / "src/optguide/figures/home/landscape.py"
        counter = iter(range(1000))
        rows["serve: rebuild after a one-figure edit"] = repeat(
            args.runs,
            lambda: serve_rebuild(project, append(figure, f"\n# edit {next(counter)}\n")),
        )
    if not args.skip_tests:

        def tests() -> float:
            start = time.perf_counter()
            subprocess.run(
                ["make", "test"], cwd=ROOT, env=environment(), check=True, capture_output=True
            )
            return time.perf_counter() - start

        rows["make test (after set-up)"] = repeat(1, tests)
    rows["reference loop, after (CPU s)"] = repeat(args.runs, reference)
    floor = statistics.median(rows["floor (no figures, no notebooks)"])
    print(f"{'measurement':40} {'median s':>9} {'min s':>7} {'max s':>7} {'x floor':>8}")
    for name, times in rows.items():
        median = statistics.median(times)
        print(f"{name:40} {median:9.2f} {min(times):7.2f} {max(times):7.2f} {median / floor:8.2f}")
    print(f"({args.runs} runs per row, {os.cpu_count()} cores, Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
