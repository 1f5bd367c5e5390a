"""The built site: figures, notebooks, math and pages as the build leaves them in site/."""

import json
import re

from conftest import ROOT, Build
from optguide.figures.registry import figure_names


def test_strict_build_prints_no_warning(built_site: Build) -> None:
    assert "WARNING" not in built_site.output
    assert "ERROR" not in built_site.output


def test_every_figure_is_in_the_site_in_both_themes_and_nowhere_in_docs(built_site: Build) -> None:
    for name in figure_names():
        for theme in ("light", "dark"):
            svg = built_site.site / "figures" / f"{name}-{theme}.svg"
            assert svg.read_bytes().startswith(b"<?xml"), svg
    assert not list((ROOT / "docs").rglob("*.svg"))


def test_home_page_shows_the_figure_as_a_light_dark_pair_with_alt_text(built_site: Build) -> None:
    html = (built_site.site / "index.html").read_text()
    figure = re.search(
        r'<figure class="guide-figure" id="fig-home-landscape">(.*?)</figure>', html, re.S
    )
    assert figure is not None
    images = re.findall(
        r'<img alt="([^"]+)" height="\d+" loading="lazy" src="([^"]+)" width="\d+"',
        figure.group(1),
    )
    assert [src for _, src in images] == [
        "figures/home/landscape-light.svg#only-light",
        "figures/home/landscape-dark.svg#only-dark",
    ]
    assert all(alt.startswith("The curve f(x) = x cos(πx)") for alt, _ in images)
    assert "Figure 1." in figure.group(1)


def test_doctest_blocks_are_shown_with_prompts_marked(built_site: Build) -> None:
    html = (built_site.site / "index.html").read_text()
    # The pycon lexer marks prompts (gp) and output (go), which the copy button leaves out.
    assert '<span class="gp">&gt;&gt;&gt; </span>' in html
    assert '<span class="go">local minimizer  x = -0.2739' in html


def test_math_is_served_by_the_site_itself(built_site: Build) -> None:
    html = (built_site.site / "index.html").read_text()
    assert '<span class="arithmatex">' in html or '<div class="arithmatex">' in html
    for asset in ("katex.min.js", "auto-render.min.js", "katex.min.css"):
        assert f"assets/katex/{asset}" in html
        assert (built_site.site / "assets/katex" / asset).is_file()
    css = (built_site.site / "assets/katex/katex.min.css").read_text()
    for font in re.findall(r"url\((fonts/[^)]+)\)", css):
        assert (built_site.site / "assets/katex" / font).is_file(), font
    assert "fonts.googleapis" not in html


def test_notebook_page_is_executed_and_offers_its_ipynb(built_site: Build) -> None:
    page = built_site.site / "examples/landscape/index.html"
    html = page.read_text()
    assert "largest difference:" in html
    assert re.search(r"start \+0\.2 -&gt; end -0\.2739", html)
    assert 'href="landscape.ipynb" download' in html
    notebook = json.loads((page.parent / "landscape.ipynb").read_text())
    ids = [cell["id"] for cell in notebook["cells"]]
    assert ids == [f"cell-{i}" for i in range(len(ids))]
    outputs = [
        o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]
    ]
    assert any("image/png" in o.get("data", {}) for o in outputs)


def test_site_has_no_generated_python_pages(built_site: Build) -> None:
    assert not (built_site.site / "conftest").exists()
    assert not list(built_site.site.rglob("*.py"))


def test_the_404_page_links_home_and_the_site_serves_no_bibliography(built_site: Build) -> None:
    html = (built_site.site / "404.html").read_text()
    assert re.search(r'<a href="/">home page of Loss Is Not Learning</a>', html), html[-2000:]
    assert not (built_site.site / "bibliography.yml").exists()


def test_home_page_references_and_citations_are_generated_links(built_site: Build) -> None:
    html = (built_site.site / "index.html").read_text()
    assert "<a class='guide-ref' href='#fig-home-landscape'>Figure 1</a> marks" in html
    assert (
        "<span class='guide-cite'>(<a href='references/#hunter2007'>Hunter, 2007</a>)</span>"
    ) in html
    references = (built_site.site / "references/index.html").read_text()
    assert '<span class="guide-entry" id="hunter2007"></span>Hunter, J. D. (2007).' in references
