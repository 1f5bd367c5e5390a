"""Every link in the built site: internal ones resolve, external ones are the ones we mean.

All HTML files of the session build are parsed; every ``href`` and ``src`` (and
``srcset``) is resolved against its page. An internal link must name a file of the site,
and its fragment an ``id`` (or ``<a name>``) of the page it points to. An external link
must be on EXTERNAL below, where each entry says why the site links there.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import Build, site_url

# Every external URL the site may link to, with the reason. A new external link (a cited
# paper, a tool) is added here on purpose, by the author of the page that needs it.
EXTERNAL = {
    "https://github.com/optguide/optguide": "repo_url: the source of the site, in the header",
    "https://github.com/optguide/optguide#readme": "the home page's pointer to the README",
    "https://squidfunk.github.io/mkdocs-material/": "Material's 'Made with' footer credit",
}
# Link prefixes that are not web addresses: they never leave the page by themselves.
NOT_LINKS = ("data:", "mailto:", "javascript:", "blob:")
BASE = "http://site.invalid/"


@dataclass
class Page:
    """The links and the anchors of one HTML file of the site."""

    links: list[tuple[str, str]] = field(default_factory=list)  # (tag.attribute, url)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name in ("href", "src"):
            if name in values:
                self.page.links.append((f"{tag}.{name}", values[name].strip()))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.page.links.append((f"{tag}.srcset", candidate.split()[0]))


@cache
def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def links(site: Path) -> Iterator[tuple[Path, str, str]]:
    for path in html_files(site):
        for attribute, url in parse(path).links:
            yield path, attribute, url


def target_file(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """Resolve an internal ``url`` found on ``page``: the site file it names, and its fragment."""
    page_url = urljoin(BASE, page.relative_to(site).as_posix())
    parts = urlsplit(urljoin(page_url, url))
    path = unquote(parts.path).lstrip("/")
    candidate = site / path
    if path == "" or candidate.is_dir():
        candidate = candidate / "index.html"
    return (candidate if candidate.is_file() else None), unquote(parts.fragment)


def is_external(url: str) -> bool:
    # The tested build's own address (its site_url, in canonical links) is internal.
    if url.startswith(site_url()):
        return False
    return bool(urlsplit(url).scheme) or url.startswith("//")


def test_the_site_has_pages_and_links(built_site: Build) -> None:
    assert len(html_files(built_site.site)) >= 3
    assert sum(1 for _ in links(built_site.site)) > 50


def broken_links(site: Path) -> tuple[int, list[str]]:
    """Return how many internal links of ``site`` were checked, and the broken ones."""
    problems = []
    checked = 0
    for page, attribute, url in links(site):
        if url.startswith(NOT_LINKS) or is_external(url) or url in ("", "#"):
            continue
        # The 404 page is served at any depth, so its links are absolute from the root:
        # resolved against the site's root, they are checked like all others.
        target, fragment = target_file(site, page, url)
        where = f"{page.relative_to(site)}: {attribute}={url!r}"
        checked += 1
        if target is None:
            problems.append(f"{where}: no such file in the site")
        elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
            problems.append(f"{where}: no id {fragment!r} in {target.relative_to(site)}")
    return checked, problems


def test_every_internal_link_and_anchor_resolves(built_site: Build) -> None:
    checked, problems = broken_links(built_site.site)
    assert checked > 50
    assert not problems, "\n".join(problems)


def test_every_external_link_is_one_we_mean_to_have(built_site: Build) -> None:
    site = built_site.site
    found: dict[str, list[str]] = {}
    for page, _, url in links(site):
        if is_external(url) and not url.startswith(NOT_LINKS):
            found.setdefault(url, []).append(str(page.relative_to(site)))
    unexpected = {url: pages for url, pages in found.items() if url not in EXTERNAL}
    assert not unexpected, "external links not on the list EXTERNAL:\n" + "\n".join(
        f"{url} on {', '.join(sorted(set(pages))[:5])}"
        for url, pages in sorted(unexpected.items())
    )


@pytest.mark.parametrize("url", sorted(EXTERNAL))
def test_every_listed_external_link_is_a_plain_https_address(url: str) -> None:
    assert re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", url), url
    assert EXTERNAL[url].strip()


def test_a_broken_link_or_anchor_would_be_found(tmp_path: Path) -> None:
    # The checker itself: a missing id, a missing page and a missing image are caught.
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">x</h2><a href="../b/">b</a>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">no</a><img src="f.svg#only-dark">'
    )
    checked, problems = broken_links(tmp_path)
    assert checked == 4
    assert problems == [
        "a/index.html: a.href='../b/': no such file in the site",
        "index.html: a.href='a/#gone': no id 'gone' in a/index.html",
        "index.html: img.src='f.svg#only-dark': no such file in the site",
    ]
