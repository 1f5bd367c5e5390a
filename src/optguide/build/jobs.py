"""Run the build's slow work (drawing figures, executing notebooks) in parallel subprocesses.

Each job is a command run with ``PYTHONPATH`` pointing at the project's own ``src``, so a
job always imports the code as it is on disk now: under ``mkdocs serve`` an edited figure
function is redrawn without restarting the server. Jobs share the machine's cores through
a thread pool; each thread waits on its own subprocess. Every job runs on one thread with
MKL's code path pinned (see ``kernels``), so that its output is the same from run to
run and on every machine of one kind.
"""

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from optguide.build.kernels import pinned

__all__ = ["Job", "JobResult", "default_workers", "run_all"]


@dataclass(frozen=True)
class Job:
    """One subprocess: a label for messages, and the Python module and arguments it runs."""

    label: str
    module: str
    args: tuple[str, ...]


@dataclass(frozen=True)
class JobResult:
    """What a job printed, whether it succeeded, and when it ran (``time.monotonic``)."""

    job: Job
    returncode: int
    stdout: str
    stderr: str
    started: float
    finished: float

    @property
    def ok(self) -> bool:
        """Whether the subprocess exited with status 0."""
        return self.returncode == 0


def default_workers() -> int:
    """Return the number of parallel jobs: the cores this process may use.

    ``os.process_cpu_count`` (Python 3.13+) counts the cores this process may run on;
    before 3.13, ``os.cpu_count`` counts the machine's (``os.sched_getaffinity`` would be
    exact but exists only on Linux).
    """
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def _run(job: Job, src: Path, cwd: Path) -> JobResult:
    environment = pinned(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(src), *filter(None, [environment.get("PYTHONPATH")])]
    )
    # Bytecode the job wrote into src/ would look like an edit to mkdocs serve, which
    # watches src/, and start a second build after every build that ran a job.
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", job.module, *job.args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return JobResult(
        job, completed.returncode, completed.stdout, completed.stderr, started, time.monotonic()
    )


def run_all(jobs: Sequence[Job], src: Path, cwd: Path, workers: int) -> list[JobResult]:
    """Run ``jobs`` with at most ``workers`` at a time; return their results in order."""
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda job: _run(job, src, cwd), jobs))
