"""Commands that a test run starts once, in the background, for all of its workers.

The slow things that many tests need (the site's build, the type check) start as soon as
the tests are collected (tests/conftest.py), so they run while the tests that need none of
them do. Under pytest-xdist the first worker to ask starts the command, under a lock; every
worker that needs its result waits for the file the command writes when it ends.

``python tests/background.py RESULT LANE CWD COMMAND...`` runs COMMAND in CWD and writes
RESULT (JSON: exit status and everything printed) whatever the outcome, through a temporary
file, so that a waiting worker never reads half of it. Jobs given the same LANE (a lock
file; "-" for none) run one after the other, in the order they took the lock.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

TIMEOUT = 30 * 60  # seconds: far above a cold build of the site on a slow machine
_started: dict[str, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class Finished:
    """A background command that has ended: its exit status and everything it printed."""

    returncode: int
    output: str


def start(
    name: str,
    command: list[str],
    cwd: Path,
    shared: Path,
    env: dict[str, str],
    lane: str | None = None,
) -> None:
    """Start ``command`` as the run's ``name`` job, unless a worker already started it.

    Jobs of one ``lane`` run one at a time: more runnable processes than cores would only
    take turns, and each turn costs them their caches (four at once on two cores took
    about a seventh more CPU time each than two at once).
    """
    with FileLock(shared / f"{name}.lock"):
        marker = shared / f"{name}.pid"
        if marker.exists():
            return
        result = shared / f"{name}.json"
        lock = str(shared / f"lane-{lane}.lock") if lane else "-"
        runner = [sys.executable, __file__, str(result), lock, str(cwd), *command]
        _started[name] = subprocess.Popen(runner, env=env)
        marker.write_text(str(_started[name].pid))


def wait(name: str, shared: Path) -> Finished:
    """Wait for the ``name`` job of this run to end; return how it ended."""
    if name in _started:
        _started[name].wait(timeout=TIMEOUT)
    result = shared / f"{name}.json"
    deadline = time.monotonic() + TIMEOUT
    while not result.is_file():
        assert time.monotonic() < deadline, f"the background job {name!r} never ended"
        assert _alive(shared / f"{name}.pid") or result.is_file(), (
            f"the background job {name!r} ended without writing {result}"
        )
        time.sleep(0.2)
    saved = json.loads(result.read_text())
    return Finished(saved["returncode"], saved["output"])


def lower_priority(increment: int) -> None:
    """Lower this process's priority by ``increment``, where the system has ``os.nice``."""
    if hasattr(os, "nice"):
        os.nice(increment)


def _alive(marker: Path) -> bool:
    """Tell whether the job whose process id ``marker`` holds is still running."""
    try:
        os.kill(int(marker.read_text()), 0)
    except (ProcessLookupError, ValueError, FileNotFoundError):
        return False
    return True


def run(result: Path, lane: str, cwd: Path, command: list[str]) -> None:
    """Run ``command`` in ``cwd`` (holding ``lane``'s lock, unless "-") and write how it
    ended to ``result``."""
    try:
        with FileLock(lane) if lane != "-" else contextlib.nullcontext():
            completed = subprocess.run(
                command, cwd=cwd, capture_output=True, text=True, check=False
            )
        saved = {"returncode": completed.returncode, "output": completed.stdout + completed.stderr}
    except BaseException:  # still write a result: workers are waiting for one
        saved = {"returncode": -1, "output": traceback.format_exc()}
    partial = result.with_suffix(".partial")
    partial.write_text(json.dumps(saved))
    partial.replace(result)


if __name__ == "__main__":
    run(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4:])
