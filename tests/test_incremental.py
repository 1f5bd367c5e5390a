"""Rebuilds redo exactly the work whose inputs changed, and run it in parallel.

This is what keeps ``make serve`` fast and never stale: mkdocs serve runs the same build
on every edit, so a prose edit must not redraw a figure, and an edit to one figure's code
must redraw that figure and nothing else.
"""

import re
from pathlib import Path

import pytest

from conftest import Build, edit, mkdocs_build
from optguide.build.jobs import Job, run_all
from optguide.build.keys import figure_work, notebook_work
from optguide.figures.registry import figure_names

# The package module whose edit the test makes: one figure and one notebook import it.
MODULE = "newton.py"
MADE = re.compile(r"optguide: making (?P<what>.*) on \d+ worker")


def made(build: Build) -> dict[str, set[str]]:
    """Return what a build made, by kind, read from its log."""
    assert build.returncode == 0, build.output
    match = MADE.search(build.output)
    if match is None:
        return {}
    groups = {}
    for group in match["what"].split("; "):
        kind, names = group.split(": ", 1)
        groups[kind] = set(names.split(", "))
    return groups


def rebuild(project: Path) -> Build:
    return mkdocs_build(project, project / "site")


@pytest.mark.slow
def test_rebuilds_redo_only_what_changed(project: Path) -> None:
    edit(project / "docs/index.md", "Here is the function", "Here, then, is the function")
    assert made(rebuild(project)) == {}, "a copy with a prose edit rebuilds from the cache"

    figure = project / "src/optguide/figures/home/landscape.py"
    svg = project / "site/figures/home/landscape-light.svg"
    before = svg.read_bytes()
    edit(figure, '"global": "global minimum"', '"global": "global minimum (edited)"')
    assert made(rebuild(project)) == {"figures": {"home/landscape"}}
    assert svg.read_bytes() != before, "the site shows the redrawn figure"

    # An edit to a package module redraws exactly the figures and notebooks that import it,
    # directly or not. MODULE has one of each, and both are quick to make again.
    inputs = work_inputs(project)
    module = project / "src/optguide" / MODULE
    expected = {
        kind: {name for name, used in outputs.items() if module in used}
        for kind, outputs in inputs.items()
    }
    assert all(expected.values()), f"{MODULE} must feed a figure and a notebook"
    module.write_text(module.read_text() + "\n# an edit\n")
    assert made(rebuild(project)) == expected


def work_inputs(project: Path) -> dict[str, dict[str, frozenset[Path]]]:
    """Return the files each figure and each notebook depends on, by kind and name."""
    src = project / "src"
    return {
        "figures": {
            name: frozenset(figure_work(name, src).inputs)
            for name in figure_names(src / "optguide/figures")
        },
        "notebooks": {
            script.stem: frozenset(notebook_work(script, src).inputs)
            for script in sorted((project / "examples").glob("*.py"))
        },
    }


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
