"""Break a copy of the project on purpose: each break must fail with a message that names it.

These are the failures the checks exist for. A check that lets one of them through, or
reports it without the file and what went wrong, is a defect of the project. That the
unbroken copy builds, so that each failure below is the break's doing, is the first check
of tests/test_incremental.py.
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


def test_a_figure_that_raises_fails_the_build_naming_it(project: Path) -> None:
    module = project / "src/optguide/figures/home/landscape.py"
    edit(
        module,
        '    """Sample f and locate',
        '    raise RuntimeError("broken on purpose")\n    """Sample f and locate',
    )
    result = build(project)
    assert result.returncode != 0
    assert "home/landscape failed" in result.output
    assert "figure 'home/landscape' failed" in result.output
    assert "RuntimeError: broken on purpose" in result.output
    assert "landscape.py" in result.output


def test_a_notebook_cell_that_raises_fails_the_build_with_file_and_line(project: Path) -> None:
    notebook = project / "examples/landscape.py"
    edit(notebook, "starts = [-0.9,", "raise ValueError('broken on purpose')\nstarts = [-0.9,")
    result = build(project)
    assert result.returncode != 0
    text = notebook.read_text().splitlines()
    cell_line = max(
        i
        for i, line in enumerate(text, 1)
        if line.startswith("# %%") and i < text.index("raise ValueError('broken on purpose')") + 1
    )
    assert f"examples/landscape.py:{cell_line}: cell" in result.output
    assert "ValueError: broken on purpose" in result.output


def test_a_missing_snippet_section_fails_the_build_naming_it(project: Path) -> None:
    page = project / "docs/notation.md"
    page.write_text(
        page.read_text()
        + '\n```python\n--8<-- "src/optguide/objectives.py:no_such_section"\n```\n'
    )
    result = build(project)
    assert result.returncode != 0
    assert "no_such_section" in result.output
    assert "objectives.py" in result.output


def test_a_broken_link_fails_the_build_naming_page_and_target(project: Path) -> None:
    page = project / "docs/notation.md"
    page.write_text(page.read_text() + "\nSee [the missing chapter](chapters/missing.md).\n")
    result = build(project)
    assert result.returncode != 0
    assert "notation.md" in result.output
    assert "chapters/missing.md" in result.output


def test_a_broken_anchor_fails_the_build(project: Path) -> None:
    page = project / "docs/notation.md"
    page.write_text(page.read_text() + "\nSee [the figure](index.md#no-such-anchor).\n")
    result = build(project)
    assert result.returncode != 0
    assert "no-such-anchor" in result.output


def test_an_unknown_figure_name_fails_the_build_with_page_and_line(project: Path) -> None:
    page = project / "docs/notation.md"
    page.write_text(page.read_text() + '\n![Alt.](figure:home/nothing "Caption.")\n')
    result = build(project)
    assert result.returncode != 0
    assert "notation.md:" in result.output
    assert "no figure named 'home/nothing'" in result.output


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
