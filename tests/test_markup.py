import pytest

from optguide.build.markup import (
    FigureRef,
    figure_html,
    find_figures,
    mark_doctests,
    replace_figures,
    svg_size,
)

PAGE = """# Title

![A curve with two minima.](figure:home/landscape "The landscape.")

text

    ![Indented.](figure:ch/two "Second.")
"""


def test_find_figures_reads_name_alt_caption_and_line() -> None:
    refs = find_figures(PAGE)
    assert refs == [
        FigureRef("home/landscape", "A curve with two minima.", "The landscape.", 3),
        FigureRef("ch/two", "Indented.", "Second.", 7),
    ]


def test_figure_html_has_both_variants_relative_to_the_page_and_a_numbered_caption() -> None:
    ref = FigureRef("home/landscape", "Alt.", "Cap.", 1)
    html = figure_html(ref, 2, "chapters", (640, 360))
    size = "{ loading=lazy width=640 height=360 }"
    assert f"![Alt.](../figures/home/landscape-light.svg#only-light){size}" in html
    assert f"![Alt.](../figures/home/landscape-dark.svg#only-dark){size}" in html
    assert '<span class="guide-ref">Figure 2.</span> Cap.' in html
    assert 'id="fig-home-landscape"' in html
    top = figure_html(ref, 1, "", (640, 360))
    assert "(figures/home/landscape-light.svg#only-light)" in top
    assert "svg" not in figure_html(ref, 1, "", None)


def test_svg_size_is_the_declared_size_in_css_pixels() -> None:
    header = '<svg xmlns:xlink="x" width="460.8pt" height="259.2pt" viewBox="0 0 460.8 259.2">'
    assert svg_size(header) == (614, 346)  # 1 pt = 4/3 px
    with pytest.raises(ValueError, match="no width and height"):
        svg_size('<svg width="100%">')


def test_replace_figures_numbers_in_page_order_and_keeps_indentation() -> None:
    out = replace_figures(PAGE, lambda ref, number: f"<p>{number}:{ref.name}</p>")
    assert "<p>1:home/landscape</p>" in out
    assert "    <p>2:ch/two</p>" in out
    assert "figure:" not in out


def test_mark_doctests_only_touches_fences_that_start_with_a_prompt() -> None:
    text = "```python\n>>> 1 + 1\n2\n```\n\n```python\nx = 1\n```\n"
    assert mark_doctests(text) == "```pycon\n>>> 1 + 1\n2\n```\n\n```python\nx = 1\n```\n"
