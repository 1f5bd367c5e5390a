"""Fixtures shared by the tests: the project's paths, the site's one build, the type check."""

import os
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import background
import guard

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
WORKER_NICENESS = 10  # for the workers once the site build has started


@dataclass(frozen=True)
class Build:
    """A finished build: where it went, its exit status and everything it printed."""

    site: Path
    returncode: int
    output: str


def site_url() -> str:
    """Return the address the tested build is made for: 127.0.0.1, on a port of its own.

    Material's instant navigation follows a link only if the site's sitemap lists its
    address, port included, and the sitemap lists addresses only when ``site_url`` is set.
    The browser tests serve the site on this port (tests/browser/browser.py reads it from
    the sitemap); it is fixed by the checkout's path, so that two builds of one checkout
    are identical and two checkouts on one machine rarely want the same port.
    """
    return f"http://127.0.0.1:{20000 + zlib.crc32(str(ROOT).encode()) % 20000}/"


def build_env() -> dict[str, str]:
    """Return the environment for a build: quiet about mkdocs 2, fixed sitemap dates, and
    the local ``site_url`` (see ``site_url``)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env["SITE_URL"] = site_url()
    return env


def build_command(site: Path, *extra: str) -> list[str]:
    """Return the command of a strict build (never with -q) into ``site``."""
    return [*MKDOCS, "build", "--strict", "--site-dir", str(site), *extra]


def mkdocs_build(project: Path, site: Path, *extra: str) -> Build:
    """Run ``mkdocs build --strict`` for ``project`` into ``site``."""
    completed = subprocess.run(
        build_command(site, *extra),
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(site, completed.returncode, completed.stdout + completed.stderr)


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder that every pytest-xdist worker of this run shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _site(shared: Path) -> Path:
    return shared / "built_site" / "site"


def guard_records(shared: Path) -> Path:
    """Return the folder where the figure guard writes its records."""
    return shared / "guard_figures" / "records"


def _job(job: str, shared: Path) -> tuple[list[str], dict[str, str]]:
    """Return the command and the environment of background ``job``."""
    if job == "built_site":
        return build_command(_site(shared)), build_env()
    if job == "type_check":
        return [sys.executable, "-m", "mypy"], dict(os.environ)
    if job == "guard_figures":
        env = guard.environment(guard.FIGURE_PATH, {"PYTHONPATH": str(ROOT / "src")})
        return guard.figure_command(guard_records(shared)), env
    path = job.removeprefix("guard_docs_")
    return guard.doc_command(), guard.environment(path)


def _jobs(fixture: str) -> list[str]:
    """Return the background jobs that ``fixture`` waits for: one per guard path for
    ``guard_docs``, else one of its own name."""
    if fixture == "guard_docs":
        return [f"guard_docs_{path}" for path in sorted(guard.GUARD_PATHS)]
    return [fixture]


# The checks that run beside the tests go in two lanes, one job at a time in each (see
# tests/background.py): the type check and the guard's figures in one, the guard's doc
# blocks under each of its paths in the other. The site's build runs in none.
_LANES = {"guard_figures": "figures", "type_check": "figures"}
_LANES.update({f"guard_docs_{path}": "docs" for path in guard.GUARD_PATHS})


def _start(job: str, shared: Path) -> str:
    """Start background ``job`` (see tests/background.py) unless it runs; return its name."""
    command, env = _job(job, shared)
    background.start(job, command, ROOT, shared, env, lane=_LANES.get(job))
    return job


# The order in which pytest-xdist hands out the test files (make test turns off its own
# order, by number of tests). First the browser pass, the longest chain of work: it waits
# for the site's build, then runs Chromium for about two minutes. Then the doc pages, which
# need nothing built and fill the cores while the build runs; then the files marked slow,
# which build copies of the project; then the other tests, short ones that fill the cores
# at the end; last, those that read a background job's result (the guard, the type check),
# which by then has ended.
_BACKGROUND_RESULTS = {"guard_docs", "guard_figures", "type_check"}


def _rank(item: pytest.Item) -> int:
    """Return where ``item`` goes in the order above."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if "site_visits" in fixtures:
        return 0
    if (ROOT / "docs") in item.path.parents:
        return 1
    if fixtures & _BACKGROUND_RESULTS:
        return 4
    return 2 if item.get_closest_marker("slow") else 3


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the files as described above (a file goes where its first test goes)."""
    ranks: dict[Path, int] = {}
    for item in items:
        rank = _rank(item)
        ranks[item.path] = min(rank, ranks.get(item.path, rank))
    items.sort(key=lambda item: ranks[item.path])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the site build, the type check and the guard as soon as the tests that need
    them are known.

    The build starts first, at normal priority: half the tests wait for the site. Every
    process started after it (the tests, the type check, the guard's runs) runs at a lower
    priority and takes the cores the build leaves. The guard's runs need nothing from the
    build, so they overlap it and the tests instead of queueing behind them on one worker.
    (``_tmp_path_factory`` is what the ``tmp_path_factory`` fixture returns; fixtures are
    not available to hooks.)
    """
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    shared = _shared_dir(session.config._tmp_path_factory)
    if "built_site" in needed:
        _start("built_site", shared)
        background.lower_priority(WORKER_NICENESS)
    for fixture in ("type_check", "guard_docs", "guard_figures"):
        if fixture in needed:
            for job in _jobs(fixture):
                _start(job, shared)


def _finished(job: str, tmp_path_factory: pytest.TempPathFactory) -> background.Finished:
    """Start background ``job`` unless it runs already; wait for it to end."""
    shared = _shared_dir(tmp_path_factory)
    return background.wait(_start(job, shared), shared)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the whole site once per test run, strictly; fail loudly if it fails.

    The build runs once for all pytest-xdist workers, in the background from the start of
    the run; every worker that needs it waits for its result here.
    """
    finished = _finished("built_site", tmp_path_factory)
    build = Build(_site(_shared_dir(tmp_path_factory)), finished.returncode, finished.output)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def type_check(tmp_path_factory: pytest.TempPathFactory) -> background.Finished:
    """``mypy`` as configured in pyproject.toml, run once in the background."""
    return _finished("type_check", tmp_path_factory)


@pytest.fixture(scope="session", params=sorted(guard.GUARD_PATHS))
def guard_docs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, background.Finished]:
    """Every doc block run once more under one of the guard's unpinned kernel paths: the
    path's name, and how the run ended."""
    path: str = request.param
    return path, _finished(f"guard_docs_{path}", tmp_path_factory)


@pytest.fixture(scope="session")
def guard_figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[background.Finished, Path]:
    """Every figure's record made once more under ``guard.FIGURE_PATH``; and where."""
    finished = _finished("guard_figures", tmp_path_factory)
    return finished, guard_records(_shared_dir(tmp_path_factory))


COPIED = ("docs", "examples", "src", "mkdocs.yml", "conftest.py", "pyproject.toml")


@pytest.fixture
def project(tmp_path: Path, built_site: Build) -> Path:
    """A copy of the project, with the build cache so that unchanged outputs are reused.

    It asks for ``built_site`` so that the cache is full before it is copied: a copy of an
    empty cache would make every test below rebuild the whole site from scratch.
    """
    copy = tmp_path / "project"
    copy.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    for cache in (".cache/optguide", ".cache/mkdocs-jupyter"):
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, copy / cache)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` with ``new``, failing if it is not there."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
