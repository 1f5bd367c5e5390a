"""Fixtures shared by the tests: the project's paths and one strict build of the site."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass(frozen=True)
class Build:
    """A finished build: where it went, its exit status and everything it printed."""

    site: Path
    returncode: int
    output: str


def build_env() -> dict[str, str]:
    """Return the environment for a build: quiet about mkdocs 2, fixed sitemap dates."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    return env


def mkdocs_build(project: Path, site: Path, *extra: str) -> Build:
    """Run ``mkdocs build --strict`` (never with -q) for ``project`` into ``site``."""
    completed = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site), *extra],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return Build(site, completed.returncode, completed.stdout + completed.stderr)


SITE_BUILD_TIMEOUT = 30 * 60  # seconds: far above a cold build on a slow machine


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder that every pytest-xdist worker of this run shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_site_build: subprocess.Popen[bytes] | None = None


def _start_site_build(shared: Path) -> None:
    """Start the one build of the site in the background, unless some worker already did.

    The build (tests/site_build.py) writes site-build.json when it ends; starting it before
    the first test lets it run while the tests that need no site do.
    """
    global _site_build
    with (shared / "site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = shared / "site-build.started"
        if started.exists():
            return
        started.touch()
        script = Path(__file__).with_name("site_build.py")
        result = shared / "site-build.json"
        site = shared / "site-build" / "site"
        _site_build = subprocess.Popen(
            [sys.executable, str(script), str(ROOT), str(site), str(result)], env=build_env()
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the site build as soon as the tests are known, if any of them needs the site.

    (``_tmp_path_factory`` is what the ``tmp_path_factory`` fixture returns; fixtures are
    not available to hooks.)
    """
    if any("built_site" in getattr(item, "fixturenames", ()) for item in session.items):
        _start_site_build(_shared_dir(session.config._tmp_path_factory))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the whole site once per test run, strictly; fail loudly if it fails.

    The build runs once for all pytest-xdist workers, in the background, from the start of
    the run; every worker that needs it waits for its result here.
    """
    shared = _shared_dir(tmp_path_factory)
    _start_site_build(shared)
    if _site_build is not None:
        _site_build.wait(timeout=SITE_BUILD_TIMEOUT)
    result = shared / "site-build.json"
    waited = 0.0
    while not result.is_file():
        assert waited < SITE_BUILD_TIMEOUT, "the site build never wrote its result"
        time.sleep(0.2)
        waited += 0.2
    saved = json.loads(result.read_text())
    build = Build(Path(saved["site"]), saved["returncode"], saved["output"])
    assert build.returncode == 0, build.output
    return build


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
