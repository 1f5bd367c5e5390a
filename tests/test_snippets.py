from pathlib import Path

import pytest

from optguide.build.snippets import SnippetError, check_page, section_text

MODULE = """import math


# --8<-- [start:first]
def first() -> int:
    return 1


# --8<-- [end:first]
# --8<-- [start:empty]
# --8<-- [end:empty]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src/mod.py").write_text(MODULE)
    return tmp_path


def test_section_text_returns_exactly_the_lines_between_the_markers(root: Path) -> None:
    assert section_text(root, "src/mod.py", "first") == "def first() -> int:\n    return 1\n\n\n"
    assert section_text(root, "src/mod.py", None) == MODULE


@pytest.mark.parametrize(
    ("file", "section", "message"),
    [
        ("src/nope.py", "first", "snippet file 'src/nope.py' does not exist"),
        ("src/mod.py", "second", "section 'second' not found in 'src/mod.py'"),
        ("src/mod.py", "empty", "section 'empty' of 'src/mod.py' is empty"),
    ],
)
def test_missing_or_empty_sections_are_named(
    root: Path, file: str, section: str, message: str
) -> None:
    with pytest.raises(SnippetError, match=message):
        section_text(root, file, section)


def test_check_page_reports_the_line_of_each_bad_include(root: Path) -> None:
    good = '```python\n--8<-- "src/mod.py:first"\n```\n'
    bad = '```python\n--8<-- "src/mod.py:gone"\n```\n'
    page = f"Text.\n\n{good}\n{bad}"
    assert check_page(page, root) == ["line 8: section 'gone' not found in 'src/mod.py'"]
    # After three lines of front matter (and a blank line), which mkdocs strips:
    assert check_page(page, root, first_line=5) == [
        "line 12: section 'gone' not found in 'src/mod.py'"
    ]
