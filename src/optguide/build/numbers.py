"""Numbers on a page that the build ties to the code: computed facts and declared inputs.

A result that a page states in prose comes from the code that computed it. Where no
doctest block prints it, the page inserts it from a figure's record::

    The float32 run freezes after {{ fact numerical/float_floor:freeze }} steps.

which becomes the string ``facts(data)["freeze"]`` of the figure module, in an element
that names its source (``data-computed``, shown as a tooltip). Inputs and definitions (a
learning rate the code is given, a sample size) are listed in the page's front matter
(``inputs: ["0.5", "100"]``); the build marks them ``data-input`` in the HTML, so that
anyone can audit a page, and tests/test_numbers.py checks every other number.
"""

import html
import re
from collections.abc import Callable, Iterable, Mapping

__all__ = ["FACT", "check_inputs", "facts_of", "insert_facts", "mark_inputs", "missing_facts"]

FACT = re.compile(r"\{\{\s*fact\s+(?P<figure>[a-z0-9_]+/[a-z0-9_]+):(?P<key>\w+)\s*\}\}")
_IMAGE_LINE = re.compile(r"^\s*!\[")
# Elements whose text is never marked: code, scripts, and math (KaTeX reads its source).
_SKIPPED = ("pre", "code", "script", "style", "textarea")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")


def missing_facts(
    markdown: str, lookup: Callable[[str, str], str | None], where: str, first_line: int = 1
) -> list[str]:
    """Return one problem per fact of ``markdown`` that ``lookup`` cannot supply.

    ``lookup`` maps (figure, key) to a value or None. Each problem names page ``where``
    and the line of the fact in the page's file, on whose line ``first_line`` (after the
    front matter) ``markdown`` starts.
    """
    return [
        f"{where}:{first_line + number}: no fact {match['key']!r} in figure {match['figure']!r}"
        for number, line in enumerate(markdown.split("\n"))
        for match in FACT.finditer(line)
        if lookup(match["figure"], match["key"]) is None
    ]


def insert_facts(markdown: str, lookup: Callable[[str, str], str | None]) -> str:
    """Replace each ``{{ fact figure:key }}`` of ``markdown`` with its value.

    In an image line (a figure's alt text) the value is plain text; elsewhere it is an
    element naming its source. A fact that ``lookup`` cannot supply is left as it is
    (``missing_facts`` reports it, before the page's lines move).
    """
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        plain = bool(_IMAGE_LINE.match(line))

        def substitute(match: re.Match[str], plain: bool = plain) -> str:
            figure, key = match["figure"], match["key"]
            value = lookup(figure, key)
            if value is None:
                return match[0]
            if plain:
                return value
            source = html.escape(f"{figure}:{key}")
            title = html.escape(f"computed by the figure {figure} ({key})")
            return (
                f'<span class="guide-fact" data-computed="{source}" title="{title}">'
                f"{html.escape(value)}</span>"
            )

        lines[number] = FACT.sub(substitute, line)
    return "\n".join(lines)


def _pattern(inputs: Iterable[str]) -> re.Pattern[str] | None:
    """Return a regex matching any of ``inputs`` as a whole number, longest first."""
    words = sorted({str(word) for word in inputs if str(word).strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(html.escape(word)) for word in words)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w]|\.\d)")


def mark_inputs(page_html: str, inputs: Iterable[str]) -> str:
    """Wrap each declared input in the text of ``page_html`` in a ``data-input`` element.

    Text inside code, scripts and math is left alone: KaTeX renders math from its source,
    so a declared input inside math is only listed, not marked.
    """
    pattern = _pattern(inputs)
    if pattern is None:
        return page_html
    out: list[str] = []
    skip: list[str] = []
    position = 0
    for tag in _TAG.finditer(page_html):
        out.append(_mark(page_html[position : tag.start()], pattern, bool(skip)))
        closing, name, attributes = tag[1] == "/", tag[2].lower(), tag[3]
        if closing and skip and skip[-1] == name:
            skip.pop()
        elif not closing and not attributes.rstrip().endswith("/"):
            math = name == "span" and "arithmatex" in attributes
            if name in _SKIPPED or math or (skip and name == skip[-1]):
                skip.append(name)
        out.append(tag[0])
        position = tag.end()
    out.append(_mark(page_html[position:], pattern, bool(skip)))
    return "".join(out)


def _mark(text: str, pattern: re.Pattern[str], skipped: bool) -> str:
    if skipped or not text:
        return text
    return pattern.sub(lambda m: f'<span class="guide-input" data-input>{m[0]}</span>', text)


def check_inputs(inputs: object) -> list[str]:
    """Return the page's declared inputs as strings, or raise TypeError for a bad list."""
    if inputs is None:
        return []
    if not isinstance(inputs, list) or not all(isinstance(i, str | int | float) for i in inputs):
        raise TypeError(f"front matter 'inputs' must be a list of numbers, got {inputs!r}")
    return [str(i) for i in inputs]


def facts_of(records: Mapping[str, Mapping[str, object]]) -> Callable[[str, str], str | None]:
    """Return a lookup of ``figure, key`` in the figures' records."""

    def lookup(figure: str, key: str) -> str | None:
        facts = records.get(figure, {}).get("facts", {})
        value = facts.get(key) if isinstance(facts, dict) else None
        return value if isinstance(value, str) else None

    return lookup
