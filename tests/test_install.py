"""The package as readers get it: the wheel the site serves, installed outside the repository.

The fast tests check the wheel (same bytes from the same sources, every module inside,
a RECORD that matches) and the install cell at the top of every notebook script. The slow
one takes the built site, serves it on 127.0.0.1, makes a fresh virtual environment in a
temporary folder that sees the pinned stack of this one but not the package, and there,
from a temporary working folder and offline (``PIP_NO_INDEX``):

1. runs a notebook downloaded from the served site as a script: its first cell finds no
   ``optguide`` and installs the wheel from the site, the rest runs on it;
2. then, in the same interpreter, as a reader who pastes them into that notebook would,
   runs the first doctest block that imports the package from every chapter, outputs
   compared, against the installed wheel (a second interpreter would only import PyTorch
   again);
3. checks that a new interpreter imports the package from the installed wheel.
"""

import base64
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from browser.browser import serve_site
from conftest import ROOT, Build
from optguide.build.wheel import (
    INSTALL_MARKER,
    PACKAGES_DIR,
    WHEEL_MARKER,
    expand,
    install_cell,
    pages_address,
    wheel_spec,
    write_wheel,
)

NOTEBOOK = "landscape"  # the downloaded notebook: one of the quickest
TIMEOUT = 300  # seconds for each step in the new environment


def repo_url() -> str:
    text = (ROOT / "mkdocs.yml").read_text()
    match = re.search(r"^repo_url:\s*(\S+)", text, re.MULTILINE)
    assert match, "mkdocs.yml has no repo_url"
    return match.group(1)


def test_the_wheel_has_the_same_bytes_each_time_and_every_module(tmp_path: Path) -> None:
    wheel = wheel_spec(ROOT)
    first = write_wheel(ROOT, wheel, tmp_path / "a").read_bytes()
    second = write_wheel(ROOT, wheel, tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = set(archive.namelist())
        modules = {
            path.relative_to(ROOT / "src").as_posix()
            for path in (ROOT / "src" / "optguide").rglob("*.py")
            if "__pycache__" not in path.parts
        }
        assert modules <= names, sorted(modules - names)
        info = wheel.dist_info
        metadata = archive.read(f"{info}/METADATA").decode()
        assert "Name: optguide" in metadata and "Requires-Dist: torch" in metadata
        record = list(csv.reader(io.StringIO(archive.read(f"{info}/RECORD").decode())))
        assert {row[0] for row in record} == names
        for path, digest, size in record:
            if path == f"{info}/RECORD":
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert (digest, int(size)) == (f"sha256={expected.decode()}", len(data)), path


def test_the_install_line_uses_the_site_url_when_the_build_has_one() -> None:
    wheel = wheel_spec(ROOT)
    page = f"```sh\n{INSTALL_MARKER}\n```\n[the wheel]({WHEEL_MARKER})"
    hosted = expand(page, "https://example.org/guide/", wheel)
    line = f"pip install https://example.org/guide/packages/{wheel.filename}"
    assert hosted == f"```sh\n{line}\n```\n[the wheel](packages/{wheel.filename})"
    assert "pip install https://SITE/packages/" in expand(page, None, wheel)
    assert pages_address("https://github.com/OptGuide/optguide") == (
        "https://optguide.github.io/optguide/"
    )
    assert pages_address("https://gitlab.com/a/b") is None


def test_every_notebook_script_starts_with_the_install_cell() -> None:
    site = pages_address(repo_url())
    assert site is not None
    cell = install_cell(site, wheel_spec(ROOT))
    wrong = [
        p.name
        for p in sorted((ROOT / "examples").glob("*.py"))
        if not p.read_text().startswith(cell)
    ]
    assert not wrong, (
        f"these notebook scripts do not start with the install cell: {', '.join(wrong)}.\n"
        f"Put this cell first in each (it does nothing inside the repository):\n\n{cell}"
    )


def test_the_install_page_gives_the_line_and_the_site_serves_the_wheel(
    built_site: Build,
) -> None:
    wheel = wheel_spec(ROOT)
    served = built_site.site / PACKAGES_DIR / wheel.filename
    assert served.is_file(), f"the site does not serve {PACKAGES_DIR}/{wheel.filename}"
    html = (built_site.site / "install" / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    # The site's own address when the build has a site_url, else the placeholder SITE.
    line = re.search(rf"pip install (\S+)/{PACKAGES_DIR}/{re.escape(wheel.filename)}", text)
    assert line, "the install page has no pip install line for the wheel"
    assert line.group(1) == "https://SITE" or line.group(1).startswith("http"), line.group(0)
    assert f'href="../{PACKAGES_DIR}/{wheel.filename}"' in html
    assert "@optguide-" not in html


def first_package_doctest(page: Path) -> str | None:
    """Return the first ``>>>`` block of ``page`` that imports the package, if any."""
    for block in re.findall(r"^```python\n(.*?)^```", page.read_text(), re.M | re.S):
        if block.startswith(">>>") and re.search(r"^>>> (from|import) optguide", block, re.M):
            return str(block)
    return None


def chapter_snippets() -> dict[str, str]:
    nav = yaml.safe_load(re.sub(r"!\w+", "", (ROOT / "mkdocs.yml").read_text()))["nav"]
    chapters = [entry for entry in nav if isinstance(entry, str) and entry.startswith("chapters/")]
    found = {name: first_package_doctest(ROOT / "docs" / name) for name in chapters}
    return {name: block for name, block in found.items() if block is not None}


# Appended to the downloaded notebook's code: runs the snippets of the JSON file argv[1].
RUN_SNIPPETS = """\
import doctest, json, sys
import optguide
print("optguide from", optguide.__file__)
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
failed = 0
for name, text in json.load(open(sys.argv[1])).items():
    test = doctest.DocTestParser().get_doctest(text, {}, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=flags)
    runner.run(test)
    failed += runner.failures
sys.exit(1 if failed else 0)
"""


@pytest.fixture
def served(built_site: Build) -> Iterator[str]:
    """The built site on http://127.0.0.1:PORT/ (loopback only), for the test's length."""
    with serve_site(built_site.site) as url:
        yield url


def stack_without_the_package(folder: Path) -> Path:
    """Link every installed distribution of this environment into ``folder``, but optguide."""
    folder.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        lowered = entry.name.lower()
        if lowered.startswith(("optguide", "__editable__")) or entry.suffix == ".pth":
            continue
        (folder / entry.name).symlink_to(entry)
    return folder


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"{' '.join(command)} failed:\n{output}"
    return output


@pytest.mark.slow
def test_the_served_wheel_runs_a_notebook_and_every_chapters_snippet_outside_the_repo(
    tmp_path: Path, served: str
) -> None:
    started = time.perf_counter()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The stack, pip included, without the package: a .pth line adds its folder to sys.path.
    stack = stack_without_the_package(tmp_path / "stack")
    Path(purelib, "stack.pth").write_text(f"{stack}\n")
    work = tmp_path / "work"  # the reader's folder: no src/, no clone
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"PIP_NO_INDEX": "1", "OPTGUIDE_SITE": served, "MPLBACKEND": "Agg"})
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    missing = subprocess.run(
        [python, "-c", "import optguide"], cwd=work, env=env, capture_output=True, check=False
    )
    assert missing.returncode != 0, "the new environment must not see the repository's package"

    # 1. A downloaded notebook, run as a script: its first cell installs the wheel.
    page = f"{served}examples/{NOTEBOOK}/"
    html = urllib.request.urlopen(page, timeout=30).read().decode()
    link = re.search(r'href="([^"]+\.ipynb)" download', html)
    assert link, f"no download link on {page}"
    notebook = json.loads(urllib.request.urlopen(page + link.group(1), timeout=30).read())
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    code = "\n\n".join("".join(c["source"]) for c in cells)
    # 2. Then one copied snippet from every chapter, against the wheel the notebook installed.
    snippets = chapter_snippets()
    assert len(snippets) >= 5, sorted(snippets)
    (work / "snippets.json").write_text(json.dumps(snippets))
    (work / f"{NOTEBOOK}.py").write_text(f"{code}\n\n{RUN_SNIPPETS}")
    output = run([str(python), f"{NOTEBOOK}.py", "snippets.json"], work, env)
    assert f"optguide from {purelib}" in output, output

    # 3. The installed wheel stays: a new interpreter imports the package from it.
    where = run([str(python), "-c", "import optguide; print(optguide.__file__)"], work, env)
    assert where.strip().startswith(purelib), where
    print(f"install test: {len(snippets)} snippets, {time.perf_counter() - started:.1f} s")
