from pathlib import Path

import pytest
from matplotlib.text import Annotation

from optguide.figures import __main__ as figures_cli
from optguide.figures import registry
from optguide.figures.style import THEMES, use


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


def test_cli_draws_both_themes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The command's own function, in this process: every build job runs it as
    # `python -m optguide.figures`, and so does tests/test_reproducible.py, which also checks
    # that a second drawing is byte-identical.
    assert figures_cli.main(["--out", str(tmp_path), "home/landscape"]) == 0
    assert "[1/1] home/landscape:" in capsys.readouterr().out
    drawn = {t: (tmp_path / f"home/landscape-{t}.svg").read_bytes() for t in THEMES}
    assert drawn["light"] != drawn["dark"]
    assert b"<dc:date>" not in drawn["light"]


def test_cli_reports_a_failing_figure_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert figures_cli.main(["--out", str(tmp_path), "home/nope"]) == 1
    stderr = capsys.readouterr().err
    assert "figure 'home/nope' failed" in stderr
    assert "no figure named 'home/nope'" in stderr
