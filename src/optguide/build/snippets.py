"""The source sections that pages include with pymdownx.snippets, checked by name.

A page shows package code with a fence whose body is an include line,
``--8<-- "src/optguide/module.py:section"``, and the module marks the section with
``# --8<-- [start:section]`` and ``# --8<-- [end:section]``. pymdownx.snippets reports a
missing file or section without naming the page; the plugin and the doc tests use this
module to say which page, which line and which section.
"""

import re
from pathlib import Path

__all__ = ["INCLUDE", "SnippetError", "check_page", "section_text"]

INCLUDE = re.compile(
    r'^[ \t]*--8<--[ \t]+"(?P<file>[^":]+)(?::(?P<section>[\w-]+))?"[ \t]*$', re.M
)


class SnippetError(LookupError):
    """An include line names a file or a section that does not exist."""


def section_text(root: Path, file: str, section: str | None) -> str:
    """Return the text that ``--8<-- "file:section"`` includes, relative to ``root``."""
    path = root / file
    if not path.is_file():
        raise SnippetError(f"snippet file {file!r} does not exist")
    text = path.read_text(encoding="utf-8")
    if section is None:
        return text
    name = re.escape(section)
    pattern = rf"^[^\n]*--8<-- \[start:{name}\][^\n]*\n(?P<body>.*?)^[^\n]*--8<-- \[end:{name}\]"
    match = re.search(pattern, text, re.MULTILINE | re.DOTALL)
    if match is None:
        raise SnippetError(f"section {section!r} not found in {file!r}")
    if not match["body"].strip():
        raise SnippetError(f"section {section!r} of {file!r} is empty")
    return match["body"]


def check_page(markdown: str, root: Path, first_line: int = 1) -> list[str]:
    """Return one message per include line of ``markdown`` that cannot be resolved.

    ``first_line`` is the line of the page's file on which ``markdown`` starts (mkdocs
    hands plugins a page without its front matter), so that each message names the line
    of the file.
    """
    problems = []
    for match in INCLUDE.finditer(markdown):
        try:
            section_text(root, match["file"], match["section"])
        except SnippetError as error:
            line = markdown.count("\n", 0, match.start()) + first_line
            problems.append(f"line {line}: {error}")
    return problems
