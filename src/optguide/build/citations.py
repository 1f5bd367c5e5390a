"""Citations from one bibliography, docs/bibliography.yml, checked at build time.

Each entry is keyed by the first author's family name in lowercase and the year (plus a
letter when one author has two works in a year)::

    dauphin2014:
      short: Dauphin et al.
      year: 2014
      authors: Dauphin, Y. N., Pascanu, R., Gulcehre, C., Cho, K., Ganguli, S., & Bengio, Y.
      title: Identifying and attacking the saddle point problem in high-dimensional ...
      venue: "*Advances in Neural Information Processing Systems 27*, 2933–2941"

In prose, ``[@dauphin2014]`` reads "(Dauphin et al., 2014)", ``[@goodfellow2016, section
8.2.3]`` adds the locator, ``[@a2019; @b2020]`` cites several works, and a bare
``@dauphin2014`` reads "Dauphin et al. (2014)"; each name links to the entry on the
references page, whose anchor is the key. Code (fences, inline code) is never read.
A line ``{{ bibliography }}`` becomes the list of the entries the page cites;
``{{ bibliography all }}`` (the references page) lists every entry, grouped by the pages
that cite it. Citations carry the class ``guide-cite`` and lists ``guide-bibliography``, so
that the test of the numbers in the prose skips their years and pages.
"""

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from optguide.build.mdtext import finditer_outside_code, line_of, sub_outside_code

__all__ = [
    "Citation",
    "Entry",
    "bibliography_markdown",
    "find_citations",
    "load",
    "render_citations",
]

FIELDS = ("short", "year", "authors", "title", "venue")
KEY = re.compile(r"[a-z][a-z-]*[0-9]{4}[a-z]?")
BRACKETED = re.compile(r"\[(?P<body>[ \t]*@[^\[\]]*?)\](?![(\[])")
ITEM = re.compile(r"\s*@(?P<key>[^\s,;\]]+)(?:\s*,\s*(?P<locator>[^;]*?))?\s*")
NARRATIVE = re.compile(r"(?<![\w@./\[-])@(?P<key>[a-z][a-z-]*[0-9]{4}[a-z]?)(?![\w-])")
BIBLIOGRAPHY = re.compile(
    r"^[ \t]*\{\{[ \t]*bibliography(?P<all>[ \t]+all)?[ \t]*\}\}[ \t]*$", re.M
)


@dataclass(frozen=True)
class Entry:
    """One work of the bibliography."""

    key: str
    short: str
    year: str
    authors: str
    title: str
    venue: str

    @property
    def shown_year(self) -> str:
        """The year as citations show it: with the key's letter, as in 2015a and 2015b."""
        return self.year + self.key[-1] if self.key[-1].isalpha() else self.year

    def markdown(self) -> str:
        """Return the entry as the reference lists show it, in Markdown."""
        title = self.title if self.title.rstrip("*")[-1:] in ".?!" else f"{self.title}."
        venue = self.venue if self.venue.rstrip("*")[-1:] in ".?!" else f"{self.venue}."
        return f"{self.authors} ({self.shown_year}). {title} {venue}"

    def sort_key(self) -> tuple[str, str, str]:
        """Return the order of reference lists: by authors, then year."""
        return (self.authors.casefold(), self.year, self.key)


@dataclass(frozen=True)
class Citation:
    """One cited key in a page, with its line; ``narrative`` for a bare ``@key``."""

    key: str
    line: int
    narrative: bool


def load(path: Path) -> dict[str, Entry]:
    """Read the bibliography; raise ValueError naming the entry that is malformed."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to entries")
    entries = {}
    for key, fields in data.items():
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise ValueError(f"{path}: key {key!r} is not lowercase first author + year")
        if not isinstance(fields, dict):
            raise ValueError(f"{path}: entry {key!r} is not a mapping")
        missing = [name for name in FIELDS if not str(fields.get(name, "")).strip()]
        unknown = sorted(set(fields) - set(FIELDS))
        if missing or unknown:
            raise ValueError(f"{path}: entry {key!r}: missing {missing}, unknown {unknown}")
        values = {name: " ".join(str(fields[name]).split()) for name in FIELDS}
        if not re.sub("[a-z]$", "", key).endswith(values["year"]):
            raise ValueError(f"{path}: entry {key!r}: the key does not end in its year")
        entries[key] = Entry(key=key, **values)
    return entries


def _items(body: str) -> list[tuple[str, str]] | None:
    """Return the (key, locator) of a bracketed citation's body, or None if it is not one."""
    items = []
    for part in body.split(";"):
        match = ITEM.fullmatch(part)
        if match is None:
            return None
        items.append((match["key"], " ".join((match["locator"] or "").split())))
    return items


def find_citations(markdown: str) -> tuple[list[Citation], list[str]]:
    """Return the citations of a page in order and the malformed ones ("line N: ...")."""
    found: list[tuple[int, Citation]] = []
    problems = []
    taken = []
    for match in finditer_outside_code(BRACKETED, markdown):
        line = line_of(markdown, match.start())
        items = _items(match["body"])
        if items is None:
            problems.append(
                f"line {line}: {match[0]!r} is not a citation [@key], [@key, locator] "
                "or [@key1; @key2]"
            )
            continue
        taken.append((match.start(), match.end()))
        found += [(match.start(), Citation(key, line, False)) for key, _ in items]
    for match in finditer_outside_code(NARRATIVE, markdown):
        if not any(start <= match.start() < end for start, end in taken):
            line = line_of(markdown, match.start())
            found.append((match.start(), Citation(match["key"], line, True)))
    return [citation for _, citation in sorted(found, key=lambda item: item[0])], problems


def _link(entry: Entry, text: str, href: Callable[[str], str]) -> str:
    return f"<a href='{html.escape(href(entry.key), quote=True)}'>{html.escape(text)}</a>"


def render_citations(markdown: str, entries: dict[str, Entry], href: Callable[[str], str]) -> str:
    """Replace the citations of ``markdown`` with linked author-year text.

    ``href(key)`` is the address of the entry on the references page. An unknown key
    raises KeyError (``find_citations`` and the build report it first, with its line).
    """

    def bracketed(match: re.Match[str]) -> str:
        items = _items(match["body"])
        if items is None:
            return match.group(0)
        parts = []
        for key, locator in items:
            entry = entries[key]
            text = _link(entry, f"{entry.short}, {entry.shown_year}", href)
            parts.append(f"{text}, {html.escape(locator)}" if locator else text)
        # Single quotes throughout: a citation may sit inside a figure line's "caption".
        return f"<span class='guide-cite'>({'; '.join(parts)})</span>"

    def narrative(match: re.Match[str]) -> str:
        entry = entries[match["key"]]
        link = _link(entry, entry.short, href)
        return f"<span class='guide-cite'>{link} ({entry.shown_year})</span>"

    markdown = sub_outside_code(BRACKETED, markdown, bracketed)
    return sub_outside_code(NARRATIVE, markdown, narrative)


def _entries_markdown(keys: Sequence[str], entries: dict[str, Entry], anchored: set[str]) -> str:
    """Return a Markdown list of ``keys``, sorted by author; the first of each key anchored."""
    lines = []
    for entry in sorted((entries[key] for key in set(keys)), key=Entry.sort_key):
        anchor = ""
        if entry.key not in anchored:
            anchored.add(entry.key)
            anchor = f'<span class="guide-entry" id="{entry.key}"></span>'
        lines.append(f"- {anchor}{entry.markdown()}")
    return "\n".join(lines)


def _wrap(body: str) -> str:
    return f'\n<div class="guide-bibliography" markdown="1">\n\n{body}\n\n</div>\n'


def bibliography_markdown(
    markdown: str,
    cited: Sequence[str],
    entries: dict[str, Entry],
    groups: Callable[[], list[tuple[str, str, list[str]]]],
) -> str:
    """Expand the ``{{ bibliography }}`` lines of a page.

    ``cited`` are the keys the page cites. ``groups()`` returns, for the line
    ``{{ bibliography all }}``, (heading, link to the page, keys) for every page that cites,
    in reading order; entries no page cites come last, under "Not cited".
    """

    def expand(match: re.Match[str]) -> str:
        if not match["all"]:
            # Entries on a chapter's own list are not anchors: the references page is.
            return _wrap(_entries_markdown(cited, entries, set(cited)))
        anchored: set[str] = set()
        parts = []
        for heading, link, keys in groups():
            listing = _entries_markdown(keys, entries, anchored)
            parts.append(f"## {heading}\n\nCited in [{heading}]({link}).\n\n{_wrap(listing)}")
        rest = sorted(set(entries) - anchored)
        if rest:
            parts.append(f"## Not cited\n\n{_wrap(_entries_markdown(rest, entries, anchored))}")
        return "\n\n".join(parts)

    return sub_outside_code(BIBLIOGRAPHY, markdown, expand)
