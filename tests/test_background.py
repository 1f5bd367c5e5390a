"""The background jobs of a test run (tests/background.py): a lane runs one job at a time."""

import os
import sys
from pathlib import Path

import background

# Write when the job started and ended (time.monotonic, shared by every process) to a file.
JOB = """\
import sys, time
start = time.monotonic()
time.sleep(0.5)
open(sys.argv[1], "w").write(f"{start} {time.monotonic()}")
"""


def test_jobs_of_one_lane_run_one_after_the_other(tmp_path: Path) -> None:
    spans = []
    for name in ("first", "second"):
        command = [sys.executable, "-c", JOB, str(tmp_path / f"{name}.span")]
        background.start(name, command, tmp_path, tmp_path, dict(os.environ), lane="only")
    for name in ("first", "second"):
        finished = background.wait(name, tmp_path)
        assert finished.returncode == 0, finished.output
        start, end = map(float, (tmp_path / f"{name}.span").read_text().split())
        spans.append((start, end))
    earlier, later = sorted(spans)
    assert earlier[1] <= later[0], f"the jobs overlapped: {spans}"
