"""Reproducible builds: the same sources give the same site, byte for byte.

Two clean builds (fresh site folders) must write identical trees. They share the figure and
notebook cache; that the drawing itself gives the same bytes every time is checked on every
figure and notebook by tests/test_fingerprints.py, which compares each build with the
committed digests. A notebook executed again is also compared in tests/test_serve.py, whose
edit of a package module makes the numerical notebook again. Set OPTGUIDE_REPRODUCE_ALL=1 to
redraw every figure and re-execute every notebook here as well, each compared with the
built copy (slow).
"""

import difflib
import gzip
import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from conftest import ROOT, Build, build_env, mkdocs_build
from optguide.build.kernels import pinned

EVERYTHING = os.environ.get("OPTGUIDE_REPRODUCE_ALL") == "1"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def job_env() -> dict[str, str]:
    """The environment of the build's own jobs (see optguide.build.jobs): pinned kernels."""
    env = pinned(build_env())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def first_difference(name: str, a: bytes, b: bytes) -> str:
    """Describe where two versions of a file differ, as a short unified diff if it is text."""
    if name.endswith(".gz"):
        a, b = gzip.decompress(a), gzip.decompress(b)
        if a == b:
            return f"{name}: same content, different gzip header"
    try:
        lines = difflib.unified_diff(
            a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0
        )
        return f"{name}:\n" + "\n".join(list(lines)[2:12])
    except UnicodeDecodeError:
        return f"{name}: binary, {len(a)} vs {len(b)} bytes"


def compare(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    problems = [f"only in the first build: {n}" for n in sorted(first.keys() - second.keys())]
    problems += [f"only in the second build: {n}" for n in sorted(second.keys() - first.keys())]
    for name in sorted(first.keys() & second.keys()):
        if first[name] != second[name]:
            problems.append(first_difference(name, first[name], second[name]))
    return problems


@pytest.mark.slow
def test_two_clean_builds_write_identical_sites(built_site: Build, tmp_path: Path) -> None:
    second = mkdocs_build(ROOT, tmp_path / "site")
    assert second.returncode == 0, second.output
    first_tree, second_tree = tree(built_site.site), tree(second.site)
    assert "sitemap.xml.gz" in first_tree and "search/search_index.json" in first_tree
    problems = compare(first_tree, second_tree)
    assert not problems, "\n".join(problems)


def figure_names(site: Path) -> list[str]:
    """Return the names of the figures in the built site."""
    figures = site / "figures"
    return sorted(
        p.relative_to(figures).as_posix()[: -len("-light.svg")]
        for p in figures.rglob("*-light.svg")
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not EVERYTHING, reason="OPTGUIDE_REPRODUCE_ALL=1 only; tests/test_fingerprints.py checks"
)
def test_figures_drawn_again_from_scratch_are_byte_identical(
    built_site: Build, tmp_path: Path
) -> None:
    names = figure_names(built_site.site)
    assert names
    # One process: the tests keep both cores busy, so a second would only pay the imports
    # of PyTorch and matplotlib again.
    completed = subprocess.run(
        [sys.executable, "-m", "optguide.figures", "--out", str(tmp_path), *names],
        cwd=ROOT,
        env=job_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    problems = []
    for name in names:
        for theme in ("light", "dark"):
            relative = f"{name}-{theme}.svg"
            again = (tmp_path / relative).read_bytes()
            built = (built_site.site / "figures" / relative).read_bytes()
            if again != built:
                problems.append(first_difference(f"figures/{relative}", built, again))
    assert not problems, "\n".join(problems)


def notebooks() -> list[str]:
    return sorted(p.stem for p in (ROOT / "examples").glob("*.py"))


def differing_cells(built: bytes, again: bytes) -> list[str]:
    a, b = json.loads(built), json.loads(again)
    if len(a["cells"]) != len(b["cells"]):
        return [f"{len(a['cells'])} cells vs {len(b['cells'])}"]
    cells = [
        f"cell {i}: {json.dumps(x)[:300]}\n    vs {json.dumps(y)[:300]}"
        for i, (x, y) in enumerate(zip(a["cells"], b["cells"], strict=True))
        if x != y
    ]
    return cells or ["notebook metadata differs"]


@pytest.mark.slow
@pytest.mark.skipif(
    not EVERYTHING,
    reason="OPTGUIDE_REPRODUCE_ALL=1 only; tests/test_serve.py executes a notebook again",
)
@pytest.mark.parametrize("name", notebooks())
def test_notebook_executed_again_is_byte_identical(
    built_site: Build, tmp_path: Path, name: str
) -> None:
    built = built_site.site / f"examples/{name}/{name}.ipynb"
    if not built.is_file():
        pytest.skip(f"examples/{name}.py is not in the nav (not built)")
    out = tmp_path / f"{name}.ipynb"
    completed = subprocess.run(
        [sys.executable, "-m", "optguide.build.notebooks", f"examples/{name}.py", str(out)],
        cwd=ROOT,
        env=job_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    again = out.read_bytes()
    if again != built.read_bytes():
        pytest.fail(
            f"examples/{name}.py:\n" + "\n".join(differing_cells(built.read_bytes(), again))
        )


def split_streams(notebook: Path) -> list[str]:
    """Return the code cells of ``notebook`` whose printed text is split into pieces."""
    cells = json.loads(notebook.read_text())["cells"]
    split = []
    for index, cell in enumerate(cells):
        outputs = cell.get("outputs", [])
        for first, second in pairwise(outputs):
            if first["output_type"] == second["output_type"] == "stream" and (
                first["name"] == second["name"]
            ):
                split.append(f"cell {index}: {''.join(second['text'])[:60]!r}")
                break
    return split


def test_printed_output_of_a_notebook_cell_is_one_stream(built_site: Build) -> None:
    # The kernel sends a cell's stdout in chunks cut by timing, so the same run gives one
    # stream output in one build and three in the next: the .ipynb and the page differ.
    # Executing must merge consecutive pieces of the same stream (nbclient does this with
    # coalesce_streams=True), so that the executed notebook is a function of its source.
    notebooks = sorted(built_site.site.glob("examples/*/*.ipynb"))
    assert notebooks
    problems = [
        f"{path.relative_to(built_site.site)}: {cell}"
        for path in notebooks
        for cell in split_streams(path)
    ]
    assert not problems, "\n".join(problems)
