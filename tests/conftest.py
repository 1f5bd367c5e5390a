"""Fixtures shared by the tests: the project's paths and one strict build of the site."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the whole site once per test run, strictly; fail loudly if it fails.

    Under pytest-xdist every worker asks for this fixture; the first one builds, under a
    lock, into a folder that all workers share, and the others read its result.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    result = shared / "site-build.json"
    with (shared / "site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result.is_file():
            saved = json.loads(result.read_text())
            build = Build(Path(saved["site"]), saved["returncode"], saved["output"])
        else:
            build = mkdocs_build(ROOT, shared / "site-build" / "site")
            result.write_text(
                json.dumps(
                    {
                        "site": str(build.site),
                        "returncode": build.returncode,
                        "output": build.output,
                    }
                )
            )
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
