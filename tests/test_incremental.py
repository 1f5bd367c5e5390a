"""Rebuilds redo exactly the work whose inputs changed, and run it in parallel.

This is what keeps ``make serve`` fast and never stale: mkdocs serve runs the same build
on every edit, so a prose edit must not redraw a figure, and an edit to one figure's code
must redraw that figure and nothing else. tests/test_serve.py makes those edits to a copy
of the project that it serves and reads what each build made; here, the jobs that make the
missing outputs run side by side and import the code as it is on disk when they start.
"""

from pathlib import Path

from optguide.build.jobs import Job, run_all


def test_jobs_run_in_parallel(tmp_path: Path) -> None:
    (tmp_path / "nap.py").write_text("import time\ntime.sleep(0.5)\n")
    jobs = [Job("nap one", "nap", ()), Job("nap two", "nap", ())]
    first, second = run_all(jobs, tmp_path, tmp_path, workers=2)
    assert first.ok and second.ok
    assert second.started < first.finished, "the second job started before the first ended"
    one, two = run_all(jobs, tmp_path, tmp_path, workers=1)
    assert two.started >= one.finished, "with one worker the jobs run one after the other"


def test_a_job_imports_the_code_on_disk_now(tmp_path: Path) -> None:
    module = tmp_path / "answer.py"
    module.write_text("print(1)\n")
    (first,) = run_all([Job("answer", "answer", ())], tmp_path, tmp_path, workers=1)
    module.write_text("print(2)\n")
    (second,) = run_all([Job("answer", "answer", ())], tmp_path, tmp_path, workers=1)
    assert (first.stdout, second.stdout) == ("1\n", "2\n")
