"""Where a page's Markdown is prose and where it is code, for the rewriting passes.

Cross-references and citations are written in prose only: ``[@key]`` in a fenced block,
``@decorator`` in inline code or ``[](#x)`` in an HTML comment stay as they are. This module
finds the code (fenced blocks, inline code spans) and the comments of a page, so that the
passes can rewrite the rest.
"""

import re
from collections.abc import Callable

__all__ = ["finditer_outside_code", "line_of", "protected_spans", "sub_outside_code"]

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})", re.M)
_INLINE_CODE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def line_of(text: str, position: int) -> int:
    """Return the 1-based line of ``text`` that holds ``position``."""
    return text.count("\n", 0, position) + 1


def _fenced_blocks(markdown: str) -> list[tuple[int, int]]:
    """Return (start, end) of every fenced code block, fences included."""
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        opening = _FENCE.search(markdown, position)
        if opening is None:
            return spans
        fence = opening["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        line_end = markdown.find("\n", opening.end())
        if line_end < 0:
            return [*spans, (opening.start(), len(markdown))]
        match = closing.search(markdown, line_end + 1)
        end = len(markdown) if match is None else match.end()
        spans.append((opening.start(), end))
        position = end


def protected_spans(markdown: str) -> list[tuple[int, int]]:
    """Return the sorted (start, end) spans of code and comments in ``markdown``."""
    fenced = _fenced_blocks(markdown)
    spans = list(fenced)
    cursor = 0
    for start, end in [*fenced, (len(markdown), len(markdown))]:
        prose = markdown[cursor:start]
        for pattern in (_COMMENT, _INLINE_CODE):
            spans += [(cursor + m.start(), cursor + m.end()) for m in pattern.finditer(prose)]
        cursor = end
    return sorted(spans)


def sub_outside_code(
    pattern: re.Pattern[str], markdown: str, replace: Callable[[re.Match[str]], str]
) -> str:
    """Like ``pattern.sub(replace, markdown)``, leaving matches that touch code alone."""
    spans = protected_spans(markdown)

    def substitute(match: re.Match[str]) -> str:
        for start, end in spans:
            if start < match.end() and match.start() < end:
                return match.group(0)
        return replace(match)

    return pattern.sub(substitute, markdown)


def finditer_outside_code(pattern: re.Pattern[str], markdown: str) -> list[re.Match[str]]:
    """Return the matches of ``pattern`` in ``markdown`` that touch no code or comment."""
    spans = protected_spans(markdown)
    return [
        match
        for match in pattern.finditer(markdown)
        if not any(start < match.end() and match.start() < end for start, end in spans)
    ]
