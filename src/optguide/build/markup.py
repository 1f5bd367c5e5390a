"""Markdown that the plugin rewrites before mkdocs renders a page.

Figures are written in the page as an image line with a ``figure:`` address::

    ![What the figure shows, for a reader who cannot see it.](figure:home/landscape "Caption.")

and become a numbered ``<figure>`` holding the light and the dark SVG, of which the page
shows the one that matches the reader's color scheme. Doctest blocks (```` ```python ````
fences that start with ``>>>``) are shown with the ``pycon`` lexer, which marks prompts
and output apart from code; Sybil still reads them as ``python``.
"""

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "FigureRef",
    "figure_anchor",
    "figure_html",
    "find_figures",
    "mark_doctests",
    "replace_figures",
    "svg_size",
]

FIGURE_LINE = re.compile(
    r"^(?P<indent>[ \t]*)!\[(?P<alt>[^\]]*)\]\(figure:(?P<name>[^\s)]*)"
    r"(?:[ \t]+\"(?P<caption>[^\"]*)\")?\)[ \t]*$",
    re.MULTILINE,
)
DOCTEST_FENCE = re.compile(r"^(?P<open>[ \t]*(?:`{3,}|~{3,}))python[ \t]*\n(?=[ \t]*>>>)", re.M)


@dataclass(frozen=True)
class FigureRef:
    """One figure line in a page: where it is and what it asks for."""

    name: str
    alt: str
    caption: str
    line: int


def _ref(match: re.Match[str], markdown: str) -> FigureRef:
    return FigureRef(
        name=match["name"],
        alt=match["alt"].strip(),
        caption=(match["caption"] or "").strip(),
        line=markdown.count("\n", 0, match.start()) + 1,
    )


def find_figures(markdown: str) -> list[FigureRef]:
    """Return the figure lines of ``markdown`` in order, with their 1-based line numbers."""
    return [_ref(match, markdown) for match in FIGURE_LINE.finditer(markdown)]


def figure_anchor(name: str) -> str:
    """Return the anchor of figure ``name``: ``fig-`` and the name, / and _ made -."""
    return "fig-" + name.replace("/", "-").replace("_", "-")


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="(?P<w>[\d.]+)pt"\s+height="(?P<h>[\d.]+)pt"')


def svg_size(svg: str) -> tuple[int, int]:
    """Return the width and height, in CSS pixels, that a matplotlib SVG declares in pt."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("the SVG declares no width and height in pt")
    return round(float(match["w"]) * 4 / 3), round(float(match["h"]) * 4 / 3)


def figure_html(ref: FigureRef, number: int, page_dir: str, size: tuple[int, int] | None) -> str:
    """Return the Markdown-in-HTML of figure number ``number`` for a page in ``page_dir``.

    ``size`` is the figure's width and height in CSS pixels (``svg_size``): written into
    the image tags, it lets the browser reserve the figure's place before the lazy image
    loads, so that the page does not grow under the reader and a link to a label lands
    where it should. ``size`` is None when the build skips figures (to measure what the
    rest costs); the caption then stands alone.
    """
    lines = [f'<figure class="guide-figure" id="{figure_anchor(ref.name)}" markdown="1">']
    if size is not None:
        width, height = size
        for theme in ("light", "dark"):
            target = posixpath.relpath(f"figures/{ref.name}-{theme}.svg", page_dir or ".")
            # Lazy: the browser then skips the variant that the color scheme hides.
            attributes = f"loading=lazy width={width} height={height}"
            lines.append(f"![{ref.alt}]({target}#only-{theme}){{ {attributes} }}")
    label = f'<span class="guide-ref">Figure {number}.</span>'
    lines.append(f'<figcaption markdown="span">{label} {ref.caption}</figcaption>')
    lines.append("</figure>")
    return "\n".join(lines)


def replace_figures(markdown: str, render: Callable[[FigureRef, int], str]) -> str:
    """Replace each figure line with ``render(ref, number)``, numbering from 1 in page order."""
    counter = 0

    def substitute(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        html = render(_ref(match, markdown), counter)
        indent = match["indent"]
        return "\n" + "\n".join(indent + line for line in html.splitlines()) + "\n"

    return FIGURE_LINE.sub(substitute, markdown)


def mark_doctests(markdown: str) -> str:
    """Show ```` ```python ```` fences that hold a doctest with the ``pycon`` lexer."""
    return DOCTEST_FENCE.sub(lambda match: f"{match['open']}pycon\n", markdown)
