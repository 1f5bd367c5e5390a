"""Citations from docs/bibliography.yml: parsing, rendering, and the checks of the build."""

from pathlib import Path

import pytest

from optguide.build.citations import (
    Citation,
    bibliography_markdown,
    find_citations,
    load,
    render_citations,
)
from optguide.build.crossrefs import Prose, ProseError
from test_references import ROOT_DOCS, site_pages

BIBLIOGRAPHY = """
dauphin2014:
  short: Dauphin et al.
  year: 2014
  authors: Dauphin, Y. N., Pascanu, R., & Bengio, Y.
  title: Identifying and attacking the saddle point problem
  venue: "*Advances in Neural Information Processing Systems 27*, 2933–2941"
goodfellow2016:
  short: Goodfellow et al.
  year: 2016
  authors: Goodfellow, I., Bengio, Y., & Courville, A.
  title: "*Deep Learning*"
  venue: MIT Press
choromanska2015a:
  short: Choromanska et al.
  year: 2015
  authors: Choromanska, A., & LeCun, Y.
  title: Early stopping — but when?
  venue: Springer
"""

PAGE = """# Page

As shown [@dauphin2014], and in @goodfellow2016's book [@goodfellow2016, section 8.2.3;
@choromanska2015a]. Mail me at someone@example2014.org.

```python
@decorator2020
def f(): ...
# [@nobody2020]
```

`@inline2020` and `[@inline2021]` are code.
"""


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    path = tmp_path / "bibliography.yml"
    path.write_text(BIBLIOGRAPHY)
    return path


def test_find_citations_reads_bracketed_and_narrative_ones_and_skips_code() -> None:
    cites, problems = find_citations(PAGE)
    assert problems == []
    assert cites == [
        Citation("dauphin2014", 3, False),
        Citation("goodfellow2016", 3, True),
        Citation("goodfellow2016", 3, False),
        Citation("choromanska2015a", 3, False),
    ]


def test_citations_render_as_linked_author_year_text(entries: Path) -> None:
    page = render_citations(PAGE, load(entries), lambda key: f"../references/#{key}")
    assert (
        "As shown <span class='guide-cite'>(<a href='../references/#dauphin2014'>"
        "Dauphin et al., 2014</a>)</span>, and in <span class='guide-cite'>"
        "<a href='../references/#goodfellow2016'>Goodfellow et al.</a> (2016)</span>'s book "
        "<span class='guide-cite'>(<a href='../references/#goodfellow2016'>Goodfellow et al., "
        "2016</a>, section 8.2.3; <a href='../references/#choromanska2015a'>Choromanska et al.,"
        " 2015a</a>)</span>."
    ) in page
    assert "@decorator2020" in page and "`[@inline2021]`" in page
    assert "someone@example2014.org" in page


def test_a_page_bibliography_lists_its_entries_by_author_and_the_references_page_all(
    entries: Path,
) -> None:
    books = load(entries)
    listing = bibliography_markdown(
        "## References\n\n{{ bibliography }}\n", ["goodfellow2016", "dauphin2014"], books, list
    )
    assert (
        "- Dauphin, Y. N., Pascanu, R., & Bengio, Y. (2014). Identifying and attacking the "
        "saddle point problem. *Advances in Neural Information Processing Systems 27*, "
        "2933–2941.\n- Goodfellow, I., Bengio, Y., & Courville, A. (2016). *Deep Learning*. "
        "MIT Press."
    ) in listing
    assert 'class="guide-bibliography"' in listing and "id=" not in listing
    groups = [("Chapter A", "a.md", ["dauphin2014"]), ("Chapter B", "b.md", ["dauphin2014"])]
    everything = bibliography_markdown("{{ bibliography all }}", [], books, lambda: groups)
    assert everything.count('id="dauphin2014"') == 1
    assert "## Chapter A\n\nCited in [Chapter A](a.md)." in everything
    assert everything.index("## Chapter B") < everything.index("## Not cited")
    assert "(2015a). Early stopping — but when? Springer." in everything


def test_a_citation_without_an_entry_names_page_line_and_key(entries: Path) -> None:
    page = "# P\n\nText [@dauphin2014; @nobody2019].\n\nAnd @missing2001 too, [@ bad].\n"
    with pytest.raises(ProseError) as error:
        Prose(entries).scan([("chapters/p.md", page)])
    assert str(error.value).splitlines() == [
        "chapters/p.md: line 5: '[@ bad]' is not a citation [@key], [@key, locator] or "
        "[@key1; @key2]",
        "chapters/p.md: line 3: citation of 'nobody2019', which has no entry in bibliography.yml",
        "chapters/p.md: line 5: citation of 'missing2001', which has no entry in bibliography.yml",
    ]


def test_a_malformed_bibliography_entry_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bibliography.yml"
    path.write_text("smith2020:\n  short: Smith\n  year: 2019\n  authors: S.\n  title: T\n")
    with pytest.raises(ValueError, match=r"entry 'smith2020': missing \['venue'\]"):
        load(path)
    path.write_text(BIBLIOGRAPHY.replace("year: 2016", "year: 2017"))
    with pytest.raises(ValueError, match="'goodfellow2016': the key does not end in its year"):
        load(path)


def test_the_guide_bibliography_loads_and_every_page_cites_only_its_entries() -> None:
    entries = load(ROOT_DOCS / "bibliography.yml")
    assert len(entries) >= 50
    prose = Prose(ROOT_DOCS / "bibliography.yml")
    prose.scan(site_pages())  # raises, naming page, line and key, on a missing entry
    assert set(prose.cited["index.md"]) == {"paszke2019", "hunter2007"}


def test_every_entry_of_the_bibliography_is_cited_by_some_page() -> None:
    # An entry no page cites is a work the guide does not use: cite it or remove it.
    prose = Prose(ROOT_DOCS / "bibliography.yml")
    prose.scan(site_pages())
    uncited = prose.uncited()
    assert not uncited, f"{len(uncited)} entries no page cites: {', '.join(uncited)}"
