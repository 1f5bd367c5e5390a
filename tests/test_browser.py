"""The built site as readers get it: every page in headless Chromium, light and dark.

All pages present at test time are read at 1280 px in light and loaded at 390 px by a
reader whose system prefers dark; a chapter and a notebook are read again at 1280 px after
switching to dark with the header's toggle (see tests/browser/visits.py). Each test below
reads those records and lists every page that breaks its rule. Without Chromium these
tests skip and say how to get it; under CI=true they fail instead.
"""

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser.browser import chromium_path, page_urls
from browser.visits import (
    SEARCH_QUERY,
    SUGGEST_PREFIX,
    AllowedFinding,
    SiteVisits,
    Visit,
    collect,
    switched_pages,
)
from conftest import ROOT, Build
from page_weight import (  # collected here, to share this file's one visit of the site
    test_first_load_of_every_page_within_budget,  # noqa: F401
    test_no_figure_file_is_over_200_kb,  # noqa: F401
    test_notebook_pages_share_one_jupyter_stylesheet,  # noqa: F401
)

pytestmark = pytest.mark.browser

SADDLE_SOURCE = ROOT / "docs/chapters/saddle-points.md"
SADDLE_PATH = "chapters/saddle-points/"

# axe-core findings inside Material's own markup, which our pages cannot change. Each is
# one rule on one element, with the reason; anything else serious or critical fails.
THEME_FINDINGS = (
    AllowedFinding(
        rule="aria-dialog-name",
        selector=".md-search",
        reason=(
            "Material's search overlay (partials/search.html) is a role=dialog element "
            "without aria-label; the search input inside it is labelled, and the overlay "
            "only opens from that labelled input."
        ),
    ),
)


def require_chromium() -> None:
    """Skip (or, under CI=true, fail) when there is no Chromium or no Playwright."""
    missing = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "Playwright is not installed: run `make setup` (it is in the test extras)"
    if missing is None and chromium_path() is None:
        missing = (
            "Chromium not found: install it with `apt-get install chromium` (Debian/Ubuntu) "
            "or point the CHROMIUM variable at a Chromium binary"
        )
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def site_visits(built_site: Build) -> SiteVisits:
    require_chromium()
    return collect(built_site.site, THEME_FINDINGS)


def report(problems: Iterable[str]) -> str:
    return "\n".join(sorted(set(problems)))


def where(visit: Visit) -> str:
    how = ", switched" if visit.switched else ""
    return f"/{visit.path} ({visit.scheme}{how}, {visit.width} px)"


def every_visit(site_visits: SiteVisits) -> list[Visit]:
    """The 1280 px reads and the 390 px first loads: every page load the tests look at."""
    return site_visits.visits + site_visits.narrow


def test_every_page_is_visited_in_both_schemes(site_visits: SiteVisits, built_site: Build) -> None:
    pages = page_urls(built_site.site)
    assert len(pages) >= 3
    switched = switched_pages(built_site.site)
    assert len(switched) == 2, f"no chapter with figures or no notebook with plots: {switched}"
    visited = {(v.path, v.scheme, v.switched) for v in site_visits.visits}
    assert visited == {(p, "light", False) for p in pages} | {(p, "dark", True) for p in switched}
    assert {(v.path, v.scheme, v.switched) for v in site_visits.narrow} == {
        (p, "dark", False) for p in pages
    }
    # The reader's system scheme selects Material's matching palette on the first load (light
    # at 1280 px, dark at 390 px), and the header's toggle switches it.
    wrong = [
        f"{where(v)}: {v.body_scheme}"
        for v in every_visit(site_visits)
        if v.body_scheme != {"light": "default", "dark": "slate"}[v.scheme]
    ]
    assert not wrong, report(wrong)


def test_no_console_error_on_any_page(site_visits: SiteVisits) -> None:
    problems = [f"{where(v)}: {e}" for v in every_visit(site_visits) for e in v.console_errors]
    assert not problems, report(problems)


def test_no_failed_request_on_any_page(site_visits: SiteVisits) -> None:
    problems = [f"{where(v)}: {r}" for v in every_visit(site_visits) for r in v.failed_requests]
    assert not problems, report(problems)


def test_no_request_leaves_the_site(site_visits: SiteVisits) -> None:
    # The reader's browser talks to the site's own origin only: no CDN, no web font, no
    # API. Such requests are aborted by the test (never sent) and listed here.
    problems = [
        f"{where(v)}: {url}" for v in every_visit(site_visits) for url in v.foreign_requests
    ]
    assert not problems, report(problems)


def test_every_image_loads_and_the_variant_of_the_scheme_is_the_one_shown(
    site_visits: SiteVisits,
) -> None:
    # A shown image must have loaded. A hidden one (the other scheme's variant) may not
    # load at all when it is lazy, so it must be shown, and loaded, in the other scheme.
    # The 390 px visits are the dark scheme's first loads.
    problems = []
    variants = 0
    loaded_somewhere: dict[tuple[str, str], bool] = {}
    for visit in every_visit(site_visits):
        for image in visit.images:
            key = (visit.path, urlsplit(image["src"])._replace(netloc="").geturl())
            loaded = image["shown"] and image["naturalWidth"] > 0
            loaded_somewhere[key] = loaded_somewhere.get(key, False) or loaded
            if image["shown"] and image["naturalWidth"] == 0:
                problems.append(f"{where(visit)}: {image['src']} did not load")
            for scheme in ("light", "dark"):
                if image["src"].endswith(f"#only-{scheme}"):
                    variants += 1
                    if image["shown"] != (scheme == visit.scheme):
                        state = "shown" if image["shown"] else "hidden"
                        problems.append(f"{where(visit)}: {image['src']} is {state}")
    problems += [
        f"/{path}: {src} is shown and loaded in neither scheme"
        for (path, src), loaded in loaded_somewhere.items()
        if not loaded
    ]
    assert not problems, report(problems)
    assert variants > 0, "no #only-light/#only-dark figure found on any page"


def test_no_page_grows_as_its_figures_load(site_visits: SiteVisits) -> None:
    # Figures load lazily. Unless their tags give their size, each one takes its height
    # only when it arrives: the text moves under the reader, and a link to a label below
    # it lands in the wrong place.
    problems = [
        f"{where(visit)}: {visit.heights[0]} px on load, {visit.heights[1]} px with its images"
        for visit in site_visits.visits
        if abs(visit.heights[1] - visit.heights[0]) > 4
    ]
    assert not problems, report(problems)
    assert all(visit.heights[0] > 0 for visit in site_visits.visits)


def test_every_formula_is_rendered_by_katex(site_visits: SiteVisits) -> None:
    problems = []
    for visit in site_visits.visits:
        math = visit.math
        problems += [f"{where(visit)}: raw TeX in the text: {text!r}" for text in math["raw"]]
        problems += [f"{where(visit)}: not rendered: {text!r}" for text in math["unrendered"]]
        problems += [f"{where(visit)}: KaTeX error: {text}" for text in math["errors"]]
    assert not problems, report(problems)
    # The check looked at real formulas: on the home page and on every notebook page.
    formulas = {v.path: v.math["formulas"] for v in site_visits.visits}
    assert formulas[""] > 0
    notebooks = [v for v in site_visits.visits if v.notebook is not None]
    assert notebooks, "no notebook page found"


def test_notebook_pages_show_their_executed_outputs(site_visits: SiteVisits) -> None:
    problems = []
    notebooks = [v for v in site_visits.visits if v.notebook is not None]
    assert notebooks, "no notebook page found"
    for visit in notebooks:
        notebook = visit.notebook
        assert notebook is not None
        unrun = [p for p in notebook["prompts"] if not re.fullmatch(r"In \[\d+\]:", p)]
        if notebook["cells"] == 0 or unrun:
            problems.append(f"{where(visit)}: code cells not executed: {unrun[:3]}")
        if notebook["outputs"] == 0:
            problems.append(f"{where(visit)}: no cell output on the page")
        for text in notebook["stderr"]:
            problems.append(f"{where(visit)}: the reader sees stderr output: {text!r}")
    assert not problems, report(problems)


def test_no_serious_or_critical_accessibility_violation(site_visits: SiteVisits) -> None:
    problems = [
        f"{where(v)}: {f['rule']} ({f['impact']}) at {f['target']}: {f['html']}\n"
        f"    {f['summary']}"
        for v in every_visit(site_visits)
        for f in v.axe
        if f["allowed"] is None
    ]
    assert not problems, report(problems)


def test_every_theme_finding_on_the_list_still_occurs(site_visits: SiteVisits) -> None:
    # An entry that matches nothing any more is removed, so the list stays the truth.
    seen = {(f["rule"], f["allowed"]) for v in every_visit(site_visits) for f in v.axe}
    stale = [
        f"{a.rule} at {a.selector}" for a in THEME_FINDINGS if (a.rule, a.selector) not in seen
    ]
    assert not stale, report(stale)


def _saddle_chapter_is_written() -> None:
    if not SADDLE_SOURCE.is_file():
        pytest.skip(
            f"{SADDLE_SOURCE.relative_to(ROOT)} does not exist yet; this runs once it does"
        )


def test_search_index_holds_the_saddle_point_chapter(built_site: Build) -> None:
    _saddle_chapter_is_written()
    index = json.loads((built_site.site / "search/search_index.json").read_text())
    hits = [
        doc["location"]
        for doc in index["docs"]
        if doc["location"].startswith(SADDLE_PATH)
        and SEARCH_QUERY in (doc["title"] + " " + doc["text"]).lower()
    ]
    assert hits, f"no entry of {SADDLE_PATH} in the search index mentions {SEARCH_QUERY!r}"


def test_search_box_finds_the_saddle_point_chapter(site_visits: SiteVisits) -> None:
    _saddle_chapter_is_written()
    assert "search" not in site_visits.errors, site_visits.errors["search"]
    results = site_visits.searches.get(SEARCH_QUERY, [])
    assert any(path.lstrip("/").startswith(SADDLE_PATH) for path in results), (
        f"searching {SEARCH_QUERY!r} offered {results}"
    )


def test_search_index_is_valid_and_lists_every_page(built_site: Build) -> None:
    index = json.loads((built_site.site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    missing = [p for p in page_urls(built_site.site) if p not in locations]
    assert not missing, report(missing)


def test_axe_core_is_vendored_with_its_licence_and_not_served(built_site: Build) -> None:
    # axe-core is vendored with its licence; the site itself never serves it.
    vendor = Path(__file__).parent / "browser/vendor"
    assert (vendor / "axe.min.js").read_text().startswith("/*! axe v")
    assert "Mozilla Public License" in (vendor / "axe-core.LICENSE").read_text()
    assert not list(built_site.site.rglob("axe*.js"))


def test_inline_math_keeps_its_punctuation_on_its_line(site_visits: SiteVisits) -> None:
    # "B = n" at the end of a line must not leave ", where" to start the next one.
    visits = [v for v in site_visits.visits if v.scheme == "light"] + site_visits.narrow
    assert site_visits.narrow, "no page was visited at 390 px"
    problems = [f"{where(v)}: {text}" for v in visits for text in v.punctuation_breaks]
    assert not problems, report(problems)


def test_at_390_px_no_prose_or_figure_is_wider_than_the_screen(site_visits: SiteVisits) -> None:
    # Code, tables and display math may scroll in their own box; nothing else may overflow.
    problems = [f"{where(v)}: {text}" for v in site_visits.narrow for text in v.overflow]
    assert not problems, report(problems)


def test_notebook_plots_are_readable_in_the_dark_scheme(site_visits: SiteVisits) -> None:
    # matplotlib draws on white: in the dark scheme the plots are inverted (hues kept), on
    # a dark first load (390 px) as after switching (1280 px).
    problems, plots = [], 0
    for visit in every_visit(site_visits):
        for value in visit.notebook_filters:
            plots += 1
            inverted = "invert(" in value and "hue-rotate(" in value
            if inverted != (visit.scheme == "dark"):
                problems.append(f"{where(visit)}: a notebook plot has filter {value!r}")
    assert plots > 0, "no notebook plot found"
    assert not problems, report(problems)


def test_printing_a_chapter_gives_light_figures_and_colors_in_both_schemes(
    site_visits: SiteVisits,
) -> None:
    assert "print" not in site_visits.errors, site_visits.errors["print"]
    prints = site_visits.prints
    assert set(prints) == {"light", "dark"}, "no chapter was printed"
    path = prints["light"]["path"]
    light_visit = next(v for v in site_visits.visits if v.path == path and v.scheme == "light")
    figures = [i["src"] for i in light_visit.images if i["src"].endswith("#only-light")]
    problems = []
    for scheme, printed in prints.items():
        images = printed["images"]
        if len(images) != len(figures) or not all(s.endswith("#only-light") for s in images):
            problems.append(f"{scheme}: printed {len(images)} images, {images[:3]}...")
        if printed["background"] != "rgb(255, 255, 255)":
            problems.append(f"{scheme}: printed on {printed['background']}")
        if not printed["text"].startswith("rgba(0, 0, 0"):
            problems.append(f"{scheme}: text printed in {printed['text']}")
    if prints["light"]["pdf_pages"] != prints["dark"]["pdf_pages"]:
        problems.append(
            f"the PDF has {prints['light']['pdf_pages']} pages in light, "
            f"{prints['dark']['pdf_pages']} in dark"
        )
    assert figures and prints["light"]["pdf_pages"] > 1
    assert not problems, f"/{path} printed:\n" + report(problems)


# Each topic and where its first search result must be: the chapter about it.
FIRST_RESULTS = {
    "saddle": "/chapters/saddle-points/",
    "Hessian": "/chapters/",
    "empirical risk": "/chapters/empirical-risk/",
    "vanishing gradient": "/chapters/vanishing-gradients/",
    "learning rate": "/chapters/",
}


def test_searching_a_topic_finds_its_chapter_first(
    site_visits: SiteVisits, built_site: Build
) -> None:
    assert "search" not in site_visits.errors, site_visits.errors["search"]
    problems = []
    for query, expected in FIRST_RESULTS.items():
        if not (built_site.site / expected.lstrip("/")).is_dir():
            continue
        results = site_visits.searches.get(query, [])
        if not results or not results[0].startswith(expected):
            problems.append(f"{query!r}: first results {results[:3]}, expected {expected}")
    assert not problems, report(problems)


def test_search_suggests_the_rest_of_a_word(site_visits: SiteVisits) -> None:
    suggestion = site_visits.suggestion.lower()
    assert suggestion.startswith(SUGGEST_PREFIX) and len(suggestion) > len(SUGGEST_PREFIX), (
        f"typing {SUGGEST_PREFIX!r} suggested {site_visits.suggestion!r}"
    )


def test_search_index_holds_no_copy_notice_pilcrow_or_prompt(built_site: Build) -> None:
    index = json.loads((built_site.site / "search/search_index.json").read_text())
    problems = []
    for doc in index["docs"]:
        text = doc["title"] + " " + doc["text"]
        for junk in ("Copied!", "\u00b6", "In [1]:"):
            if junk in text:
                problems.append(f"{doc['location']}: {junk!r}")
        if doc["location"].startswith("examples/") and doc["text"].lstrip().startswith("<pre"):
            problems.append(f"{doc['location']}: the preview starts with code")
    assert not problems, report(problems)


def test_instant_navigation_shows_math_figures_notebooks_and_copy_buttons(
    site_visits: SiteVisits,
) -> None:
    assert "navigation" not in site_visits.errors, site_visits.errors["navigation"]
    steps = site_visits.navigation
    assert len(steps) == 3, f"no chapter or notebook to navigate to: {steps}"
    chapter, notebook, fresh = steps
    problems = []
    for step in (chapter, notebook):
        name = f"{step['path']} after instant navigation"
        if step.get("missing_link"):
            problems.append(f"{name}: no link to it on the page before")
            continue
        if not step["kept"]:
            problems.append(f"{name}: the page was loaded in full, not by instant navigation")
        if step["formulas"] == 0 or step["unrendered"]:
            problems.append(f"{name}: {step['unrendered']} of {step['formulas']} formulas raw")
        problems += [f"{name}: {i['src']} not loaded" for i in step["images"] if not i["loaded"]]
    copies = chapter.get("copy_buttons"), chapter.get("code_blocks")
    if not chapter.get("missing_link") and (not copies[1] or copies[0] != copies[1]):
        problems.append(
            f"{chapter['path']}: {chapter['copy_buttons']} copy buttons for "
            f"{chapter['code_blocks']} code blocks after instant navigation"
        )
    if not notebook.get("missing_link"):
        for key in ("notebook_cells", "notebook_copy", "notebook_copy_defined", "notebook_style"):
            if notebook[key] != fresh[key] or not fresh[key]:
                problems.append(
                    f"{notebook['path']}: {key} is {notebook[key]!r} after instant "
                    f"navigation, {fresh[key]!r} on a full load"
                )
    assert not problems, report(problems)


def test_every_tab_stop_of_the_home_page_is_visible(site_visits: SiteVisits) -> None:
    assert "tab stops" not in site_visits.errors, site_visits.errors["tab stops"]
    stops = site_visits.tab_stops
    assert len(stops) > 10
    invisible = [f"Tab {n}: {s['what']}" for n, s in enumerate(stops, 1) if not s["visible"]]
    assert not invisible, "focus went where the reader cannot see it:\n" + report(invisible)


def test_math_renders_on_pages_opened_from_disk(site_visits: SiteVisits) -> None:
    assert "file://" not in site_visits.errors, site_visits.errors["file://"]
    pages = site_visits.file_math
    assert "" in pages, "the home page was not opened from disk"
    problems = []
    for path, math in pages.items():
        if math["formulas"] == 0 or math["unrendered"] or math["raw"] or math["errors"]:
            problems.append(
                f"file:///{path}: {len(math['unrendered'])} of {math['formulas']} formulas "
                f"not rendered, raw TeX {math['raw'][:2]}, errors {math['errors'][:2]}"
            )
    assert not problems, report(problems)


def test_no_code_block_scrolls_sideways_at_1280_px(site_visits: SiteVisits) -> None:
    # A shown listing, doctest, output or notebook cell fits the code column (80
    # characters); tests/test_listing_width.py finds the wide lines in the sources.
    visits = [v for v in site_visits.visits if v.scheme == "light"]
    problems = [f"{where(v)}: {block}" for v in visits for block in v.code_overflow]
    assert not problems, f"{len(problems)} code blocks scroll sideways:\n" + report(problems)
