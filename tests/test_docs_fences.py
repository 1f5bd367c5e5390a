"""Every Python fence in docs/ is run by Sybil, or skipped on purpose with a reason.

Sybil collects only fences whose info string is exactly ``python``: a fence written
```` ```py ```` or ```` ```python title="x" ```` would silently never run. This test finds
every fence the way a Markdown reader does and checks each Python one against the regions
that the project's Sybil parser really collects.
"""

import importlib.util
import re
from pathlib import Path

import pytest
from sybil import Document

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
PYTHON_WORDS = {"python", "py", "python3", "py3", "pycon", "ipython", "ipython3"}
SKIP = re.compile(r"<!--\s*skip:\s*(?P<action>\w+)(?P<rest>.*?)-->")


def _root_conftest():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_fences(text: str) -> list[tuple[int, str]]:
    """Return (line, info string) of each fence whose language is a kind of Python."""
    found = []
    open_fence: re.Match[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if match is None:
            continue
        if open_fence is None:
            open_fence = match
            info = match["info"].strip()
            language = re.split(r"[\s{]", info.lstrip("{."), maxsplit=1)[0].lower()
            if language in PYTHON_WORDS:
                found.append((number, info))
        elif (
            match["fence"][0] == open_fence["fence"][0]
            and len(match["fence"]) >= len(open_fence["fence"])
            and not match["info"].strip()
        ):
            open_fence = None
    return found


def test_the_fence_scanner_sees_what_sybil_would_miss() -> None:
    text = "```python\nx = 1\n```\n\n```py\ny = 2\n```\n\n"
    text += '    ```python title="a.py"\n    z\n    ```\n'
    assert python_fences(text) == [(1, "python"), (5, "py"), (9, 'python title="a.py"')]


def test_there_are_pages_to_check() -> None:
    assert len(PAGES) >= 3


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_python_fence_is_collected_by_sybil(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    fences = python_fences(text)
    wrong = [
        f"{page.relative_to(ROOT)}:{line}: ```{info}" for line, info in fences if info != "python"
    ]
    assert not wrong, "Sybil runs only fences written exactly ```python:\n" + "\n".join(wrong)
    parser = _root_conftest().PythonBlockParser()
    document = Document(text, str(page))
    collected = {
        text.count("\n", 0, region.start) + 1 for region in parser.codeblock_parser(document)
    }
    missed = [line for line, _ in fences if line not in collected]
    assert not missed, f"{page.relative_to(ROOT)}: fences at lines {missed} are not collected"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_skip_states_a_reason(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for match in SKIP.finditer(text):
        if match["action"] in {"next", "start"}:
            line = text.count("\n", 0, match.start()) + 1
            assert re.search(r'"[^"]{8,}"', match["rest"]), (
                f'{page.relative_to(ROOT)}:{line}: write <!-- skip: {match["action"]} "reason" -->'
            )
