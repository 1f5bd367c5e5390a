"""No untied number on a page: every result it states comes from its code.

A decimal, a power of ten or a count of 10 or more in the prose, a caption, an alt text or
the math of a page must be printed by a doctest block of that page (to the precision the
prose writes), or inserted by the build from a figure's record (``{{ fact name:key }}``),
or declared as an input in the page's front matter. See tests/numbers_on_pages.py.
"""

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Build
from numbers_on_pages import numbers_in, read_page, tied, untied

DOCS = ROOT / "docs"
# Pages that state no results of their own: the bibliography, and the 404 page.
EXEMPT = ("references.md", "404.html")


def _pages() -> list[Path]:
    pages = sorted(DOCS.rglob("*.md"))
    return [p for p in pages if p.relative_to(DOCS).as_posix() not in EXEMPT]


def _built(site: Path, source: Path) -> Path:
    relative = source.relative_to(DOCS).with_suffix("")
    if relative.name == "index":
        return site / relative.parent / "index.html"
    return site / relative / "index.html"


def front_matter_inputs(source: Path) -> list[str]:
    """Return the ``inputs`` list of a page's front matter (empty when there is none)."""
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return []
    meta = yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}
    return [str(item) for item in meta.get("inputs", [])]


@pytest.mark.parametrize("source", _pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_stated_number_is_printed_computed_or_declared(
    built_site: Build, source: Path
) -> None:
    page = read_page(_built(built_site.site, source), built_site.site)
    problems = untied(page, front_matter_inputs(source))
    assert not problems, (
        f"{source.relative_to(ROOT)}: numbers that no code block of the page prints, no "
        "{{ fact }} inserts and the front matter does not declare as inputs:\n  "
        + "\n  ".join(problems)
    )


def test_the_reader_finds_the_numbers_it_must() -> None:
    found = [
        (n.text, n.value, n.checked)
        for n in numbers_in(
            r"fell to 3.1416, 1.2 \times 10^{-7}, 4 × 10^14, 10^{-16}, 1.6e-10, 72 steps,"
            " 10,000 points, 7 runs, float32, section 8.2.3"
        )
    ]
    assert found == [
        ("3.1416", 3.1416, True),
        (r"1.2 \times 10^{-7}", 1.2e-7, True),
        ("4 × 10^14", 4e14, True),
        ("10^{-16}", 1e-16, True),
        ("1.6e-10", 1.6e-10, True),
        ("72", 72.0, True),
        ("10,000", 10000.0, True),
        ("7", 7.0, False),
    ]


def test_a_number_is_tied_only_at_its_precision() -> None:
    (pi,) = numbers_in("3.1416")
    assert tied(pi, 3.14159) and not tied(pi, 3.1418)
    (big,) = numbers_in("4 × 10^14")
    assert tied(big, 4.2e14) and not tied(big, 2.1e194)
    (steps,) = numbers_in("52")
    assert tied(steps, 52) and not tied(steps, 54)


def test_the_reader_reads_past_a_stray_end_tag(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<article class="md-content__inner"><p>one</p></p><div>fell to 3.1416</div></article>'
    )
    stated = [number.text for _, number in read_page(page, tmp_path).stated]
    assert stated == ["3.1416"]
