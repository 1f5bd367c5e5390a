"""Break a copy of the project on purpose: each break must fail with a message that names it.

These are the failures the checks exist for. A check that lets one of them through, or
reports it without the file and what went wrong, is a defect of the project. That the
unbroken copy builds, so that each failure below is the break's doing, is the first check
of tests/test_serve.py.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Build, build_env, edit, mkdocs_build

pytestmark = pytest.mark.slow


def build(project: Path) -> Build:
    return mkdocs_build(project, project / "site")


def test_a_snippet_that_raises_fails_the_tests_with_page_and_line(project: Path) -> None:
    page = project / "docs/index.md"
    edit(page, ">>> x_star, f_star =", ">>> 1 / 0\n>>> x_star, f_star =")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "docs/index.md"],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout
    assert "docs/index.md::line:" in completed.stdout
    assert "ZeroDivisionError" in completed.stdout


def test_a_figure_and_a_notebook_cell_that_raise_fail_the_build_naming_each(
    project: Path,
) -> None:
    # One build with both breaks: the build runs every job and reports each that failed.
    # Each raises before its job imports PyTorch, which would not change how it fails: the
    # figure's module as the job loads it, the notebook in its cell of imports.
    module = project / "src/optguide/figures/home/landscape.py"
    edit(module, "\nimport torch\n", '\nraise RuntimeError("broken on purpose")\nimport torch\n')
    notebook = project / "examples/landscape.py"
    edit(notebook, "import math\n", "raise ValueError('broken on purpose')\nimport math\n")
    result = build(project)
    assert result.returncode != 0
    assert "optguide: 2 build job(s) failed" in result.output
    assert "home/landscape failed" in result.output
    assert "figure 'home/landscape' failed" in result.output
    assert "RuntimeError: broken on purpose" in result.output
    assert "landscape.py" in result.output
    text = notebook.read_text().splitlines()
    cell_line = max(
        i
        for i, line in enumerate(text, 1)
        if line.startswith("# %%") and i < text.index("raise ValueError('broken on purpose')") + 1
    )
    assert f"examples/landscape.py:{cell_line}: cell" in result.output
    assert "ValueError: broken on purpose" in result.output


def test_a_missing_snippet_section_and_bad_figure_lines_fail_the_build_naming_each(
    project: Path,
) -> None:
    # The problems of a page's include and figure lines are reported together, each with
    # its line in the page's file (front matter included): a section that the module lacks,
    # a figure that does not exist, and a figure line without alt text.
    page = project / "docs/notation.md"
    lines = page.read_text().count("\n")
    page.write_text(
        page.read_text()
        + '\n```python\n--8<-- "src/optguide/objectives.py:no_such_section"\n```\n'
        + '\n![Alt.](figure:home/nothing "Caption.")\n'
        + '\n![](figure:home/landscape "Caption.")\n'
    )
    result = build(project)
    assert result.returncode != 0
    for problem in [
        f"notation.md: line {lines + 3}: section 'no_such_section' not found in "
        "'src/optguide/objectives.py'",
        f"notation.md:{lines + 6}: no figure named 'home/nothing'",
        f"notation.md:{lines + 8}: figure 'home/landscape' needs alt text and a caption",
    ]:
        assert problem in result.output, result.output


def test_a_broken_link_and_a_broken_anchor_each_fail_the_build_naming_them(
    project: Path,
) -> None:
    # Both are strict-mode warnings, reported together: each must be a warning of its own
    # (a warning fails a strict build), naming the page and what is missing.
    page = project / "docs/notation.md"
    page.write_text(
        page.read_text()
        + "\nSee [the missing chapter](chapters/missing.md).\n"
        + "\nSee [the figure](index.md#no-such-anchor).\n"
    )
    result = build(project)
    assert result.returncode != 0
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert any("notation.md" in w and "chapters/missing.md" in w for w in warnings), warnings
    assert any("notation.md" in w and "no-such-anchor" in w for w in warnings), warnings
    assert "Aborted with 2 warnings in strict mode" in result.output


def test_a_reference_to_a_missing_label_or_entry_fails_the_build_naming_them(
    project: Path,
) -> None:
    page = project / "docs/notation.md"
    lines = page.read_text().count("\n")
    page.write_text(page.read_text() + "\nSee [](index.md#fig-home-nothing) and [@nobody2020].\n")
    result = build(project)
    assert result.returncode != 0
    where = f"notation.md: line {lines + 2}:"
    assert f"{where} reference to a missing label 'fig-home-nothing' on index.md" in result.output
    assert f"{where} citation of 'nobody2020', which has no entry" in result.output
