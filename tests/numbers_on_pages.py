"""Read the numbers that a built page states, and the numbers its code printed.

A page states numbers in prose, captions, alt texts and math. Each is either tied to the
code (printed by a doctest block of the same page, to the precision the prose writes; or
inserted by the build from a figure's record, in a ``data-computed`` element), declared
as an input in the page's front matter (``data-input``), or untied: a typed result that
can drift from what the code computes. tests/test_numbers.py fails on the untied ones.

Which numbers are checked: decimals (``1.22``), scientific notation and powers of ten
(``1.6e-10``, ``4 × 10^14``, ``10^{-16}``), and integers of 10 or more. Digits inside
identifiers (``float32``), section numbers with two dots (``8.2.3``), code, generated
references and citations are not numbers of the page.
"""

import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Number", "PageNumbers", "numbers_in", "read_page", "tied", "untied"]

_MANTISSA = r"(?:\d{1,3}(?:(?:,|\u2009|\u202f|\\,)\d{3})+|\d+)(?:\.\d+)?"
_EXPONENT = r"\^\{?\s*(?P<exp>[-−]?\s*\d+)\s*\}?"
_SCALED = re.compile(
    rf"(?<![\w.\\])(?P<mant>{_MANTISSA})"
    rf"(?:\s*(?:\\times|×|\\cdot|·)\s*10{_EXPONENT}|e(?P<e>[+-]?\d+))(?![\w]|\.\d)"
)
_POWER = re.compile(rf"(?<![\w.\\]){{?10{_EXPONENT}")
_PLAIN = re.compile(rf"(?<![\w.\\])(?P<mant>{_MANTISSA})(?![\w]|\.\d)")


@dataclass(frozen=True)
class Number:
    """A number as written: its value, the decimals of its mantissa, its power of ten."""

    text: str
    mantissa: float
    decimals: int
    exponent: int | None  # 10^exponent; None for a plain number
    power_only: bool = False  # written as a bare power of ten, "10^{-16}"

    @property
    def value(self) -> float:
        from decimal import Decimal

        return float(Decimal(repr(self.mantissa)).scaleb(self.exponent or 0))

    @property
    def checked(self) -> bool:
        """Whether a page must tie this number: not a small integer written plainly."""
        if self.exponent is not None or self.decimals > 0:
            return True
        return abs(self.mantissa) >= 10


def _mantissa(text: str) -> tuple[float, int]:
    digits = re.sub(r"(?:,|\u2009|\u202f|\\,)", "", text)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), decimals


def _exponent(text: str) -> int:
    return int(text.replace("−", "-").replace(" ", ""))


def numbers_in(text: str) -> list[Number]:
    """Return the numbers written in ``text`` (prose or TeX), in order of appearance."""
    found: list[tuple[int, Number]] = []
    taken = list(text)

    def blank(match: re.Match[str]) -> None:
        for index in range(match.start(), match.end()):
            taken[index] = " "

    for match in _SCALED.finditer(text):
        mantissa, decimals = _mantissa(match["mant"])
        exponent = _exponent(match["exp"] or match["e"])
        found.append((match.start(), Number(match[0], mantissa, decimals, exponent)))
        blank(match)
    rest = "".join(taken)
    for match in _POWER.finditer(rest):
        number = Number(match[0], 1.0, 0, _exponent(match["exp"]), power_only=True)
        found.append((match.start(), number))
        blank(match)
    rest = "".join(taken)
    for match in _PLAIN.finditer(rest):
        mantissa, decimals = _mantissa(match["mant"])
        found.append((match.start(), Number(match[0], mantissa, decimals, None)))
    return [number for _, number in sorted(found, key=lambda pair: pair[0])]


def tied(number: Number, printed: float) -> bool:
    """Tell whether ``printed`` rounds to ``number`` at the precision it is written with.

    Signs are not compared (prose often says "falls by"); a bare power of ten is an order
    of magnitude, tied by any value within a factor of ten of it.
    """
    target, value = abs(number.value), abs(printed)
    if number.power_only:
        return value > 0 and abs(math.log10(value) - (number.exponent or 0)) <= 1
    scale = 10.0 ** (number.exponent or 0)
    half = 0.5 * 10.0 ** (-number.decimals) * scale
    return abs(value - target) <= half * (1 + 1e-9) + 1e-300


@dataclass
class PageNumbers:
    """What one built page states and what its code printed or its build inserted."""

    stated: list[tuple[str, Number]] = field(default_factory=list)  # (where, number)
    printed: list[float] = field(default_factory=list)
    figures: set[str] = field(default_factory=set)


_SKIP_TAGS = {"pre", "code", "script", "style", "textarea", "svg"}
_SKIP_CLASSES = ("guide-ref", "guide-cite", "guide-bibliography", "headerlink")
_VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr", "col", "area"}


class _Reader(HTMLParser):
    """Collect the page's stated numbers and its doctest outputs from the article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageNumbers()
        self.stack: list[tuple[str, str]] = []  # (tag, role): role in article/skip/math/...
        self.in_article = 0
        self.math: list[str] | None = None

    def _role(self, tag: str, attrs: dict[str, str | None]) -> str:
        classes = attrs.get("class") or ""
        if tag == "article" and "md-content__inner" in classes:
            return "article"
        if tag == "span" and classes.split() == ["go"]:  # a doctest's output (pycon lexer)
            return "output"
        if tag in ("span", "div") and "arithmatex" in classes.split():
            return "math"
        if "data-computed" in attrs:
            return "computed"
        if tag in _SKIP_TAGS or "data-input" in attrs:
            return "skip"
        if any(name in classes.split() for name in _SKIP_CLASSES):
            return "skip"
        if tag == "a" and "references" in (attrs.get("href") or ""):
            return "skip"
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img" and self.in_article and not self._skipping():
            self._state("alt text", values.get("alt") or "")
            source = values.get("src") or ""
            found = re.search(r"figures/(\w+/\w+)-(?:light|dark)\.svg", source)
            if found:
                self.page.figures.add(found[1])
        if tag in _VOID:
            return
        role = self._role(tag, values)
        if role == "article":
            self.in_article += 1
        elif role == "math":
            self.math = []
        self.stack.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        if all(name != tag for name, _ in self.stack):
            return  # a stray end tag (HTML closes some elements implicitly): ignore it
        while self.stack:
            name, role = self.stack.pop()
            if role == "article":
                self.in_article -= 1
            elif role == "math" and self.math is not None:
                # An equation's number (\tag{N}) is the build's, not the page's.
                self._state("math", re.sub(r"\\tag\{[^}]*\}", "", "".join(self.math)))
                self.math = None
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(role == "output" for _, role in self.stack):
            self.page.printed += [n.value for n in numbers_in(data)]
        elif self.math is not None:
            self.math.append(data)
        elif self.in_article and self._computed():
            self.page.printed += [n.value for n in numbers_in(data)]
        elif self.in_article and not self._skipping():
            self._state("prose", data)

    def _skipping(self) -> bool:
        return any(role == "skip" for _, role in self.stack)

    def _computed(self) -> bool:
        return any(role == "computed" for _, role in self.stack)

    def _state(self, where: str, text: str) -> None:
        for number in numbers_in(text):
            if number.checked:
                self.page.stated.append((f"{where}: …{_around(text, number.text)}…", number))


def _around(text: str, token: str, width: int = 40) -> str:
    at = text.find(token)
    start, end = max(0, at - width), min(len(text), at + len(token) + width)
    return " ".join(text[start:end].split())


def read_page(path: Path, site: Path) -> PageNumbers:
    """Read the built page at ``path``, adding the facts of the figures it shows."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    page = reader.page
    for name in page.figures:
        record = site / "figures" / f"{name}.json"
        if record.is_file():
            facts = json.loads(record.read_text(encoding="utf-8")).get("facts", {})
            for value in facts.values():
                page.printed += [n.value for n in numbers_in(str(value))]
    return page


def untied(page: PageNumbers, inputs: list[str]) -> list[str]:
    """Return a line for each stated number that is neither printed nor declared."""
    declared = [n for text in inputs for n in numbers_in(text)]
    problems = []
    for where, number in page.stated:
        if any(tied(number, value) for value in page.printed):
            continue
        if any(n.value == number.value and n.power_only == number.power_only for n in declared):
            continue
        problems.append(f"{number.text!r} in {where}")
    return problems
