"""Labels, references and citations of the whole site, for the plugin's page hooks.

Before any page is rendered, ``Prose.scan`` reads every page's source in reading order:
the labels of each page (``references``) and the works it cites (``citations``), so that a
reference to a later page and the references page (which lists every page's citations)
do not depend on the order in which mkdocs renders pages. It reports every reference to a
missing label and every citation without an entry at once, with page and line. The page
hooks then rewrite each page's Markdown (``markdown``) and give the rendered exercises and
equations their ids (``html``).
"""

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from optguide.build import citations, references
from optguide.build.citations import Entry
from optguide.build.references import Label

__all__ = ["REFERENCES_PAGE", "Prose", "ProseError"]

REFERENCES_PAGE = "references.md"
_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)(?:[ \t]+\{[^}]*\})?[ \t]*$", re.M)


class ProseError(ValueError):
    """A reference to a missing label, a citation without an entry, a malformed label."""


@dataclass
class Prose:
    """What every page labels and cites; rewrites pages accordingly."""

    bibliography: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    labels: dict[str, dict[str, Label]] = field(default_factory=dict)
    cited: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def scan(self, pages: list[tuple[str, str]]) -> None:
        """Read ``pages`` ((source path, Markdown) in reading order); raise on problems."""
        try:
            self.entries = citations.load(self.bibliography) if self.bibliography.is_file() else {}
        except ValueError as error:
            raise ProseError(str(error)) from None
        self.labels, self.cited, self.titles = {}, {}, {}
        problems = []
        for page, markdown in pages:
            labels, found = references.scan(markdown)
            self.labels[page] = labels
            problems += [f"{page}: {problem}" for problem in found]
            cites, malformed = citations.find_citations(markdown)
            problems += [f"{page}: {problem}" for problem in malformed]
            for cite in cites:
                if cite.key not in self.entries:
                    problems.append(
                        f"{page}: line {cite.line}: citation of {cite.key!r}, which has no "
                        f"entry in {self.bibliography.name}"
                    )
            self.cited[page] = list(dict.fromkeys(c.key for c in cites if c.key in self.entries))
            title = _H1.search(markdown)
            self.titles[page] = title["title"] if title else page
        for page, markdown in pages:
            found = references.check_references(markdown, page, self.labels)
            problems += [f"{page}: {problem}" for problem in found]
        if problems:
            raise ProseError("\n".join(problems))

    def uncited(self) -> list[str]:
        """Return the keys of the bibliography that no page cites."""
        cited = {key for keys in self.cited.values() for key in keys}
        return sorted(set(self.entries) - cited)

    def markdown(self, markdown: str, page: str, url: Callable[[str], str]) -> str:
        """Write numbers, references and citations into ``page``'s Markdown.

        ``url(target)`` is the address of the page with source path ``target``, relative
        to ``page`` ("" for ``page`` itself).
        """
        markdown = references.number_page(markdown)
        markdown = references.render_references(markdown, page, self.labels, url)
        to_references = url(REFERENCES_PAGE) if REFERENCES_PAGE in self.labels else ""

        def href(key: str) -> str:
            return f"{to_references}#{key}"

        markdown = citations.render_citations(markdown, self.entries, href)
        return citations.bibliography_markdown(
            markdown, self.cited.get(page, []), self.entries, lambda: self._groups(page)
        )

    def _groups(self, page: str) -> list[tuple[str, str, list[str]]]:
        here = posixpath.dirname(page) or "."
        return [
            (self.titles[other], posixpath.relpath(other, here), keys)
            for other, keys in self.cited.items()
            if keys and other != page
        ]

    def html(self, page_html: str, page: str) -> str:
        """Give the labelled exercises and equations of ``page`` their ids."""
        page_html, missing = references.add_anchors(page_html, self.labels.get(page, {}))
        if missing:
            raise ProseError(
                f"{page}: no element for label(s) {', '.join(missing)} in the rendered page"
            )
        return page_html
