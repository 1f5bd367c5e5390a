"""The notation page is the table of the guide's symbols: one symbol, one meaning."""

import re
from collections import Counter
from pathlib import Path

from optguide.figures import registry

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _symbols(cell: str) -> list[str]:
    """Return the symbols a table cell defines: each math span, cut at '=' or '(' ."""
    symbols = []
    for span in re.findall(r"\$([^$]+)\$", cell):
        head = span.split("=")[0]
        while re.search(r"\([^()]*\)", head):  # drop arguments: R(θ) defines R
            head = re.sub(r"\([^()]*\)", "", head)
        symbols.extend(re.sub(r"\s+", "", part) for part in head.split(","))
    return symbols


def notation_symbols(text: str) -> list[str]:
    """Return every symbol in the first column of the page's tables, in order."""
    found = []
    for line in text.splitlines():
        if line.startswith("| $"):
            found.extend(_symbols(line.split("|")[1]))
    return found


def test_symbol_parsing() -> None:
    assert _symbols(r"$\lambda_i$, $\lambda_{\min}$") == [r"\lambda_i", r"\lambda_{\min}"]
    assert _symbols(r"$x, y$") == ["x", "y"]
    assert _symbols(r"$z_l = W_l h_{l-1} + b_l$") == ["z_l"]
    assert _symbols(r"$\ell(\theta; x, y)$") == [r"\ell"]
    assert _symbols(r"$\hat R_n(\theta) = \frac{1}{n}$") == [r"\hatR_n"]


def test_no_symbol_is_defined_twice() -> None:
    symbols = notation_symbols((DOCS / "notation.md").read_text(encoding="utf-8"))
    assert len(symbols) > 30
    twice = sorted(symbol for symbol, count in Counter(symbols).items() if count > 1)
    assert not twice, f"docs/notation.md defines these symbols more than once: {twice}"


def test_a_duplicate_is_caught() -> None:
    page = "| $\\sigma$ | a standard deviation | |\n| $\\sigma$ | the sigmoid | |\n"
    assert Counter(notation_symbols(page))[r"\sigma"] == 2


def test_the_vanishing_gradients_chapter_follows_the_notation() -> None:
    # sigma is a standard deviation, ell the loss, t the iteration and T a temperature.
    page = (DOCS / "chapters" / "vanishing-gradients.md").read_text(encoding="utf-8")
    math = " ".join(re.findall(r"\$[^$]+\$", page))
    assert r"\sigma" not in math
    assert not re.search(r"\\partial L\b|\bL\(", math)
    assert not re.search(r"h_t\b|h_\{t-1\}|\^T\b|_T\b", math)
    for name in registry.figure_names():
        if name.startswith("vanishing_gradients/"):
            texts = " ".join(registry.load(name).TEXT.values())
            assert r"\partial L" not in texts and r"\sigma" not in texts, name
