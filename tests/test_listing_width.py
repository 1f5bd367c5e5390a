"""No line of a shown listing is wider than the code column (79 characters at 1280 px).

Every fenced block of every page of docs/ is read as the reader sees it: a block whose
body is an include line ``--8<-- "src/...:section"`` shows that section, dedented (as
pymdownx.snippets' dedent_subsections does); any other block (doctests and their output
included) shows its body without the fence's indentation. Each line wider than 79
characters is listed with page, block and line. tests/test_browser.py checks the same
thing on the rendered pages: that no code block scrolls sideways at 1280 px.
"""

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from optguide.build.snippets import INCLUDE, section_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WIDTH = 79
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$", re.M)


@dataclass(frozen=True)
class Block:
    """One fenced block of a page: where it starts, what it is, the lines it shows."""

    page: str
    line: int
    name: str
    shown: list[tuple[int, str]]  # (line in its source, text)
    source: str


def blocks(page: Path) -> list[Block]:
    """Return the fenced blocks of ``page`` with the lines each one shows."""
    text = page.read_text(encoding="utf-8")
    lines = text.split("\n")
    found = []
    index = 0
    while index < len(lines):
        opening = FENCE.fullmatch(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = index + 1
        while end < len(lines) and not closing.fullmatch(lines[end]):
            end += 1
        body = [
            line[len(indent) :] if line.startswith(indent) else line
            for line in lines[index + 1 : end]
        ]
        found.append(_block(page, index + 1, opening["info"].strip(), body))
        index = end + 1
    return found


def _block(page: Path, line: int, info: str, body: list[str]) -> Block:
    where = page.relative_to(DOCS).as_posix()
    includes = [INCLUDE.fullmatch(row) for row in body if row.strip()]
    if includes and all(includes):
        shown: list[tuple[int, str]] = []
        names = []
        for include in includes:
            assert include is not None
            section = section_text(ROOT, include["file"], include["section"])
            names.append(f"{include['file']}:{include['section'] or ''}")
            start = _section_line(include["file"], include["section"])
            shown += [
                (start + number, row)
                for number, row in enumerate(textwrap.dedent(section).split("\n"))
            ]
        return Block(where, line, ", ".join(names), shown, names[0].split(":")[0])
    shown = [(line + 1 + number, row) for number, row in enumerate(body)]
    return Block(where, line, f"```{info} block", shown, f"docs/{where}")


def _section_line(file: str, section: str | None) -> int:
    """Return the line of ``file`` on which ``section``'s first shown line is."""
    if section is None:
        return 1
    text = (ROOT / file).read_text(encoding="utf-8")
    marker = text.find(f"--8<-- [start:{section}]")
    return text.count("\n", 0, marker) + 2


def too_wide(page: Path) -> list[str]:
    """Return one message per shown line of ``page`` wider than WIDTH characters."""
    problems = []
    for block in blocks(page):
        for number, row in block.shown:
            width = len(row.expandtabs(4).rstrip())
            if width > WIDTH:
                problems.append(
                    f"docs/{block.page}, block at line {block.line} ({block.name}): "
                    f"{block.source}:{number} is {width} characters: {row.strip()[:60]!r}"
                )
    return problems


def test_the_width_check_reads_sections_and_plain_blocks() -> None:
    found = blocks(DOCS / "index.md")
    doctest = next(b for b in found if b.name == "```python block")
    assert doctest.shown[0] == (doctest.line + 1, ">>> from optguide.objectives import x_cos_pi_x")
    include = '--8<-- "src/optguide/objectives.py:x_cos_pi_x"'
    section = _block(DOCS / "index.md", 1, "python", [include])
    assert section.source == "src/optguide/objectives.py"
    assert section.shown and section.shown[0][1].startswith("def x_cos_pi_x")


def test_no_shown_line_of_any_page_is_wider_than_79_characters() -> None:
    problems = [p for page in sorted(DOCS.rglob("*.md")) for p in too_wide(page)]
    assert not problems, f"{len(problems)} shown lines over {WIDTH} characters:\n" + "\n".join(
        problems
    )
