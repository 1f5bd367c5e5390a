"""Cache keys change exactly when something a figure or notebook depends on changes."""

import shutil
from pathlib import Path

import pytest

from optguide.build import cache
from optguide.build.keys import figure_work, notebook_work

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def src(tmp_path: Path) -> Path:
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return copy


def append(path: Path, text: str = "\n# an edit\n") -> None:
    path.write_text(path.read_text() + text)


def test_figure_key_is_stable(src: Path) -> None:
    assert figure_work("home/landscape", src).key == figure_work("home/landscape", src).key


@pytest.mark.parametrize(
    "edited",
    [
        "optguide/figures/home/landscape.py",  # the figure itself
        "optguide/objectives.py",  # a module it imports
        "optguide/validation.py",  # a module that module imports
        "optguide/figures/style.py",  # the theme
        "optguide/figures/registry.py",  # the renderer
        "optguide/__init__.py",  # a parent package, imported first
    ],
)
def test_figure_key_changes_with_what_the_figure_runs(src: Path, edited: str) -> None:
    before = figure_work("home/landscape", src).key
    append(src / edited)
    assert figure_work("home/landscape", src).key != before


@pytest.mark.parametrize("edited", ["optguide/models.py", "optguide/build/plugin.py"])
def test_figure_key_ignores_code_the_figure_does_not_run(src: Path, edited: str) -> None:
    before = figure_work("home/landscape", src).key
    append(src / edited)
    assert figure_work("home/landscape", src).key == before


def test_figure_key_changes_with_a_library_version(
    src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = figure_work("home/landscape", src).key
    real = cache.metadata.version
    monkeypatch.setattr(
        cache.metadata, "version", lambda name: "0.0.1" if name == "matplotlib" else real(name)
    )
    assert figure_work("home/landscape", src).key != before


def test_notebook_key_follows_the_script_and_the_package_it_imports(
    src: Path, tmp_path: Path
) -> None:
    script = tmp_path / "landscape.py"
    shutil.copy(ROOT / "examples/landscape.py", script)
    before = notebook_work(script, src).key
    append(src / "optguide/models.py")  # not imported by the notebook
    assert notebook_work(script, src).key == before
    append(src / "optguide/stationary.py")  # imported by the notebook
    after_package = notebook_work(script, src).key
    assert after_package != before
    append(script, "\n# %% [markdown]\n# One more cell.\n")
    assert notebook_work(script, src).key != after_package


def test_notebook_key_changes_with_a_kernel_library_version(
    src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = ROOT / "examples/landscape.py"
    before = notebook_work(script, src).key
    real = cache.metadata.version
    monkeypatch.setattr(
        cache.metadata, "version", lambda name: "0.0.1" if name == "ipykernel" else real(name)
    )
    assert notebook_work(script, src).key != before
