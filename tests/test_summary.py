"""The summary page's table covers every chapter and tells each challenge how to check it."""

import re
from pathlib import Path

CHAPTERS = Path(__file__).resolve().parents[1] / "docs" / "chapters"


def _table_rows() -> list[list[str]]:
    text = (CHAPTERS / "summary.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_every_chapter_is_linked_from_the_table() -> None:
    linked = {name for row in _table_rows() for name in re.findall(r"\(([\w-]+\.md)\)", row[0])}
    chapters = {p.name for p in CHAPTERS.glob("*.md")} - {"summary.md"}
    assert chapters <= linked, f"chapters missing from the summary table: {chapters - linked}"


def test_every_row_says_how_to_check_it() -> None:
    rows = _table_rows()
    assert rows and all(len(row) == 5 and row[3] for row in rows)
    names = [re.match(r"\*\*(.+?)\*\*", row[0])[1] for row in rows]  # type: ignore[index]
    assert "Vanishing gradients" in names and "Exploding gradients" in names
