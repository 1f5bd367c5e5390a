"""Numbered figures, exercises and equations, and the generated references to them.

A page labels what it refers to:

- a figure by its figure line ``![alt](figure:chapter/name "Caption.")``: its label is
  ``fig-chapter-name`` (``markup.figure_anchor``), its number its place among the page's
  figures;
- an exercise by its title, ``??? question "Exercise {#ex-momentum}: Title"``; every
  ``"Exercise: Title"`` is numbered in page order, labelled or not;
- an equation by a line ``{#eq-stability}`` right under its ``$$ ... $$`` display; the
  labelled displays are numbered in page order (a KaTeX tag, N).

A reference is an empty link, ``[](#fig-chapter-name)`` on the same page or
``[](other.md#ex-momentum)`` to another page; the build writes "Figure 3", "Exercise 2" or
"Equation (1)" into it, as a link in an element of class ``guide-ref``. Labels are read
from every page's source before any page is rendered (``scan``), so a reference to a later
page works, and a reference to a missing label fails the build with page, line and label.
"""

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from optguide.build.markup import figure_anchor, find_figures
from optguide.build.mdtext import finditer_outside_code, line_of, sub_outside_code

__all__ = [
    "Label",
    "add_anchors",
    "check_references",
    "number_page",
    "render_references",
    "scan",
]

NAMES = {"fig": "Figure", "ex": "Exercise", "eq": "Equation"}
LABEL_NAME = re.compile(r"(?:fig|ex|eq)-[a-z0-9]+(?:-[a-z0-9]+)*")
EXERCISE = re.compile(
    r'^(?P<head>[ \t]*(?:\?\?\?\+?|!!!)[ \t]+question[ \t]+")Exercise'
    r"(?:[ \t]*\{#(?P<label>[^}\s]*)\})?(?:[ \t]+\d+)?[ \t]*:[ \t]*(?P<title>[^\"\n]*)\"",
    re.M,
)
EQUATION_LABEL = re.compile(r"^[ \t]*\{#(?P<label>[^}\s]*)\}[ \t]*$", re.M)
REFERENCE = re.compile(r"\[\]\((?P<page>[^)\s#]*)#(?P<label>(?:fig|ex|eq)-[^)\s]*)\)")


@dataclass(frozen=True)
class Label:
    """A numbered thing a reference can point at."""

    name: str
    kind: str
    number: int
    line: int

    @property
    def text(self) -> str:
        """What a reference to it reads: "Figure 3", "Exercise 2", "Equation (1)"."""
        if self.kind == "eq":
            return f"Equation ({self.number})"
        return f"{NAMES[self.kind]} {self.number}"


def _equation_lines(lines: list[str], label_index: int) -> tuple[int, int] | None:
    """Return (first, last) line index of the ``$$`` display right above a label line."""
    last = label_index - 1
    if last < 0 or not lines[last].rstrip().endswith("$$"):
        return None
    if lines[last].strip() != "$$" and lines[last].lstrip().startswith("$$"):
        return last, last
    for first in range(last - 1, -1, -1):
        if not lines[first].strip():
            return None
        if lines[first].lstrip().startswith("$$"):
            return first, last
    return None


def _equation_labels(markdown: str) -> list[tuple[re.Match[str], tuple[int, int] | None]]:
    lines = markdown.split("\n")
    return [
        (match, _equation_lines(lines, line_of(markdown, match.start()) - 1))
        for match in finditer_outside_code(EQUATION_LABEL, markdown)
    ]


def scan(markdown: str) -> tuple[dict[str, Label], list[str]]:
    """Return the labels of a page and the problems with them ("line N: ...")."""
    labels: dict[str, Label] = {}
    problems: list[str] = []

    def add(label: Label, prefix: str) -> None:
        if not LABEL_NAME.fullmatch(label.name) or not label.name.startswith(prefix):
            problems.append(
                f"line {label.line}: label {{#{label.name}}} must be {prefix}<words>, "
                "lowercase letters, digits and hyphens"
            )
        elif label.name in labels:
            first = labels[label.name].line
            problems.append(f"line {label.line}: label {label.name!r} is also on line {first}")
        else:
            labels[label.name] = label

    for number, ref in enumerate(find_figures(markdown), 1):
        add(Label(figure_anchor(ref.name), "fig", number, ref.line), "fig-")
    for number, match in enumerate(finditer_outside_code(EXERCISE, markdown), 1):
        if match["label"] is not None:
            add(Label(match["label"], "ex", number, line_of(markdown, match.start())), "ex-")
    number = 0
    for match, where in _equation_labels(markdown):
        line = line_of(markdown, match.start())
        if where is None:
            problems.append(
                f"line {line}: {{#{match['label']}}} must be on the line right under "
                "a $$ ... $$ display"
            )
            continue
        number += 1
        add(Label(match["label"], "eq", number, line), "eq-")
    return labels, problems


def number_page(markdown: str) -> str:
    """Write the numbers into a page's exercise titles and labelled equations."""
    counter = 0

    def exercise(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        return f'{match["head"]}Exercise {counter}: {match["title"]}"'

    markdown = sub_outside_code(EXERCISE, markdown, exercise)
    lines = markdown.split("\n")
    number = 0
    for match, where in _equation_labels(markdown):
        if where is None:
            continue
        number += 1
        last = where[1]
        closing = lines[last].rstrip()
        # A closing line that is only "$$" keeps its indentation: inside an exercise or a
        # list, a tag line at column 0 would end the block and leave the TeX unrendered.
        before = closing[:-2].rstrip() or closing[: len(closing) - len(closing.lstrip())]
        lines[last] = before + f" \\tag{{{number}}} $$"
        # The label line becomes blank, which also ends the display's block.
        lines[line_of(markdown, match.start()) - 1] = ""
    return "\n".join(lines)


def _target(page: str, link: str) -> str:
    """Return the source path that ``link`` (empty: this page) names from ``page``."""
    if not link:
        return page
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), link))


def check_references(markdown: str, page: str, index: dict[str, dict[str, Label]]) -> list[str]:
    """Return one problem per reference of ``page`` to a page or label that does not exist."""
    problems = []
    for match in finditer_outside_code(REFERENCE, markdown):
        line = line_of(markdown, match.start())
        target = _target(page, match["page"])
        if target not in index:
            problems.append(f"line {line}: reference to {match[0]}: no page {target}")
        elif match["label"] not in index[target]:
            where = "" if target == page else f" on {target}"
            problems.append(f"line {line}: reference to a missing label {match['label']!r}{where}")
    return problems


def render_references(
    markdown: str,
    page: str,
    index: dict[str, dict[str, Label]],
    url: Callable[[str], str],
) -> str:
    """Replace each reference with a link reading "Figure 3" etc.

    ``url(target)`` returns the address of the page with source path ``target`` relative
    to ``page`` (empty for ``page`` itself). A reference that ``check_references`` would
    report raises LookupError.
    """

    def replace(match: re.Match[str]) -> str:
        target = _target(page, match["page"])
        label = index.get(target, {}).get(match["label"])
        if label is None:
            raise LookupError(f"{page}: reference to a missing label {match[0]}")
        href = html.escape(f"{url(target)}#{label.name}", quote=True)
        # Single quotes: a reference may sit inside a figure line's "caption".
        return f"<a class='guide-ref' href='{href}'>{label.text}</a>"

    return sub_outside_code(REFERENCE, markdown, replace)


def add_anchors(page_html: str, labels: dict[str, Label]) -> tuple[str, list[str]]:
    """Give labelled exercises and equations of rendered ``page_html`` their ids.

    Returns the HTML and the labels whose element was not found (a build error).
    """
    missing = []
    for label in labels.values():
        if label.kind == "ex":
            pattern = re.compile(
                rf"<details class=\"question\"(?P<rest>[^>]*)>(?P<gap>\s*)"
                rf"<summary>Exercise {label.number}:"
            )
            replacement = (
                rf'<details class="question" id="{label.name}"\g<rest>>\g<gap>'
                rf"<summary>Exercise {label.number}:"
            )
        elif label.kind == "eq":
            pattern = re.compile(
                rf"<div class=\"arithmatex\">(?=(?:(?!</div>).)*?\\tag\{{{label.number}\}})",
                re.S,
            )
            replacement = f'<div class="arithmatex guide-equation" id="{label.name}">'
        else:
            continue
        page_html, count = pattern.subn(replacement, page_html, count=1)
        if count == 0:
            missing.append(label.name)
    return page_html, missing
