"""Page weight: what a reader downloads on the first visit of each page, and its budget.

The bytes are measured in Chromium (tests/browser/visits.py): every file the first load of
a page fetched from the site (HTML, CSS, JS, fonts, figures, the search index), counted
at its size in the site, as an uncompressed static host would serve it. The table is
printed on every run, with the gzip size next to the total for reference (a host that
compresses, such as GitHub Pages, sends about that much). Budgets, on the uncompressed
bytes: no chapter page over 1.5 MB on first load, no figure file over 200 KB (dense
surfaces must be rasterized).
"""

import gzip
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from browser.visits import SiteVisits, Visit, site_file
from conftest import Build
from test_browser import site_visits  # noqa: F401  (the one shared visit of the site)

PAGE_BUDGET = 1_500_000
FIGURE_BUDGET = 200_000
KINDS = {
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "font": "fonts",
    "image": "images",
}
COLUMNS = ("html", "css", "js", "fonts", "images", "other")


@cache
def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def first_load(visit: Visit, site: Path) -> dict[str, int]:
    """Return the bytes of ``visit``'s first load by kind, each URL counted once."""
    totals: dict[str, int] = defaultdict(int)
    seen = set()
    for url, kind, size in visit.resources:
        if url not in seen:
            seen.add(url)
            totals[KINDS.get(kind, "other")] += size
            served = site_file(site, url)
            totals["gzip"] += gzipped(served) if served else 0
    totals["total"] = sum(totals[column] for column in COLUMNS)
    return totals


def table(rows: dict[str, dict[str, int]]) -> str:
    header = f"{'page':<36}" + "".join(f"{c:>9}" for c in (*COLUMNS, "total", "gzip"))
    lines = [header]
    for path, totals in sorted(rows.items()):
        cells = "".join(f"{totals[c] / 1000:>8.0f}k" for c in (*COLUMNS, "total", "gzip"))
        lines.append(f"{'/' + path:<36}{cells}")
    return "\n".join(lines)


def test_no_figure_file_is_over_200_kb(built_site: Build) -> None:
    figures = [p for p in (built_site.site / "figures").rglob("*") if p.is_file()]
    assert figures
    heavy = [
        f"{p.relative_to(built_site.site)}: {p.stat().st_size / 1000:.0f} kB"
        for p in figures
        if p.stat().st_size > FIGURE_BUDGET
    ]
    assert not heavy, "figures over 200 kB (rasterize dense parts):\n" + "\n".join(heavy)


@pytest.mark.browser
def test_first_load_of_every_page_within_budget(
    site_visits: SiteVisits,  # noqa: F811
    built_site: Build,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = {
        v.path: first_load(v, built_site.site) for v in site_visits.visits if v.scheme == "light"
    }
    with capsys.disabled():
        print("\nFirst load of each page, in kB (light scheme; dark is the same files):")
        print(table(rows))
    assert rows[""]["html"] > 0 and rows[""]["js"] > 0 and rows[""]["css"] > 0
    over = [
        f"/{path}: {totals['total'] / 1e6:.2f} MB"
        for path, totals in rows.items()
        if path.startswith("chapters/") and totals["total"] > PAGE_BUDGET
    ]
    assert not over, "chapter pages over 1.5 MB on first load:\n" + "\n".join(over)
