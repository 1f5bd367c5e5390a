import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.text import Annotation

from optguide.figures import registry
from optguide.figures.style import THEMES, use

ROOT = Path(__file__).resolve().parent.parent


def test_every_figure_module_is_found_by_name() -> None:
    names = registry.figure_names()
    assert "home/landscape" in names
    for name in names:
        assert registry.source_path(name).is_file()


@pytest.mark.parametrize("name", ["landscape", "home/missing", "../x/y", "Home/Landscape"])
def test_bad_figure_names_are_rejected(name: str) -> None:
    with pytest.raises(ValueError, match=r"figure name|no figure named"):
        registry.load(name)


def test_unknown_theme_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="theme must be one of"):
        registry.render("home/landscape", tmp_path, themes=("sepia",))


def test_landscape_annotations_point_at_the_computed_stationary_points() -> None:
    module = registry.load("home/landscape")
    data = module.compute()
    with use(THEMES["light"]):
        figure = module.draw(data, THEMES["light"])
    arrows = [child for child in figure.axes[0].get_children() if isinstance(child, Annotation)]
    assert sorted(arrow.xy for arrow in arrows) == sorted((p.x, p.value) for p in data.points)
    labels = {arrow.get_text() for arrow in arrows}
    assert labels == {"local minimum", "local maximum", "global minimum"}


def draw_with_cli(name: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m optguide.figures --out OUT NAME`` and return how it went."""
    command = [sys.executable, "-m", "optguide.figures", "--out", str(out), name]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_cli_draws_both_themes(tmp_path: Path) -> None:
    # That a second drawing is byte-identical is tests/test_reproducible.py's check.
    completed = draw_with_cli("home/landscape", tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "[1/1] home/landscape:" in completed.stdout
    drawn = {t: (tmp_path / f"home/landscape-{t}.svg").read_bytes() for t in THEMES}
    assert drawn["light"] != drawn["dark"]
    assert b"<dc:date>" not in drawn["light"]


def test_cli_reports_a_failing_figure_by_name(tmp_path: Path) -> None:
    completed = draw_with_cli("home/nope", tmp_path)
    assert completed.returncode == 1
    assert "figure 'home/nope' failed" in completed.stderr
    assert "no figure named 'home/nope'" in completed.stderr
