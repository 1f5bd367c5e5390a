"""The notation page is the table of the guide's symbols: one symbol, one meaning.

Two things are checked. The page lists each symbol once. And every page of the guide
(chapters, home page, the notebooks' text cells), every figure label and every listing
shown on a page uses a listed symbol in its listed meaning, as far as a pattern can tell:
each ``Rule`` below names a symbol of the table, a word of its meaning there (so that the
rule is revisited when the table changes), and the uses that give the symbol another
meaning, such as the standard deviation σ applied as a function (the sigmoid) or ∂L (L is
the depth). A ``Topic`` rule is for a symbol whose meaning belongs to one subject, such as
the temperature T: it may appear only in a section of a page that talks about that
subject. A page that defines a listed symbol in so many words ("with $u$ the ...", "let
$c$ be ...") must define it with a word of its listed meaning.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from optguide.build.snippets import INCLUDE, section_text
from optguide.figures import registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTATION = DOCS / "notation.md"


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


def notation_meanings(text: str) -> dict[str, str]:
    """Return each symbol of the page's tables with the meaning its row gives it."""
    meanings = {}
    for line in text.splitlines():
        if line.startswith("| $"):
            cells = line.split("|")
            meanings.update(dict.fromkeys(_symbols(cells[1]), cells[2].strip()))
    return meanings


# --- where the guide writes math ------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Text in which the guide writes symbols: a page, a figure's labels or a listing."""

    name: str  # a path relative to the repository, or "figure NAME"
    text: str
    kind: str  # "page" (Markdown, LaTeX in $...$), "figure" (LaTeX) or "listing" (Unicode)
    context: str = ""  # what the text is about, if it does not say: a figure's docstring


FENCE = re.compile(r"^([ \t]*)(`{3,}).*?^\1\2[ \t]*$", re.S | re.M)


def page_prose(markdown: str) -> str:
    """Return ``markdown`` without its fenced blocks: the prose, captions and math."""
    return FENCE.sub("", markdown)


def notebook_prose(script: str) -> str:
    """Return the text cells of a jupytext percent-format notebook, without their '# '."""
    lines, in_text = [], False
    for line in script.splitlines():
        if line.startswith("# %%"):
            in_text = "[markdown]" in line
        elif in_text and line.startswith("#"):
            lines.append(line[2:])
    return "\n".join(lines)


def pages() -> list[Source]:
    """Return every page of the site but the notation page, and every notebook's text."""
    found = [
        Source(path.relative_to(ROOT).as_posix(), page_prose(path.read_text("utf-8")), "page")
        for path in sorted(DOCS.rglob("*.md"))
        if path != NOTATION
    ]
    found += [
        Source(path.relative_to(ROOT).as_posix(), notebook_prose(path.read_text("utf-8")), "page")
        for path in sorted((ROOT / "examples").glob("*.py"))
    ]
    return found


def figures() -> list[Source]:
    """Return the words of every figure, its TEXT dict, about what its docstring says."""
    found = []
    for name in registry.figure_names():
        module = registry.load(name)
        words = "\n".join(map(str, getattr(module, "TEXT", {}).values()))
        found.append(Source(f"figure {name}", words, "figure", module.__doc__ or ""))
    return found


def listings() -> list[Source]:
    """Return every section of the package that a page shows, once each."""
    shown = {}
    for path in sorted(DOCS.rglob("*.md")):
        for include in INCLUDE.finditer(path.read_text("utf-8")):
            key = f"{include['file']}:{include['section'] or ''}"
            shown[key] = section_text(ROOT, include["file"], include["section"])
    return [Source(key, text, "listing") for key, text in sorted(shown.items())]


@cache
def sources() -> tuple[Source, ...]:
    """Return every page, figure and listing of the guide."""
    return (*pages(), *figures(), *listings())


def math_spans(text: str) -> list[str]:
    """Return the math of ``text``: $$...$$ displays and $...$ inline spans.

    Inline code is dropped first (a `$` there is not math), and a span never runs over a
    blank line. The words of \\text{...} and the names of \\operatorname{...} are dropped
    from each span.
    """
    text = re.sub(r"`[^`\n]+`", " ", text)
    spans = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        spans += [display or inline for display, inline in SPAN.findall(paragraph)]
    return [re.sub(r"\\(?:text|mathrm|operatorname)\{[^}]*\}", " ", span) for span in spans]


SPAN = re.compile(r"\$\$(.+?)\$\$|\$([^$]+)\$", re.S)


def sections(text: str) -> list[str]:
    """Return the parts of a page between its headings (levels 2 and 3)."""
    return re.split(r"^#{2,3} ", text, flags=re.M)


# --- the rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A listed symbol and the uses that would give it a second meaning.

    ``math`` is matched against each math span of a page or figure label, ``prose``
    against a page's text (math included), ``listing`` against a shown listing (whose
    docstrings and comments write math in Unicode). An empty pattern checks nothing.
    """

    name: str
    symbol: str  # as in the first column of docs/notation.md
    meaning: str  # a word of its meaning there
    reason: str
    math: str = ""
    prose: str = ""
    listing: str = ""

    def clashes(self, source: Source) -> list[str]:
        """Return the pieces of ``source`` that use the symbol in another meaning."""
        found = []
        if self.math and source.kind in ("page", "figure"):
            found += [span for span in math_spans(source.text) if re.search(self.math, span)]
        if self.prose and source.kind == "page":
            found += [match.group(0) for match in re.finditer(self.prose, source.text)]
        if self.listing and source.kind == "listing":
            found += [match.group(0) for match in re.finditer(self.listing, source.text)]
        return found


@dataclass(frozen=True)
class Topic:
    """A listed symbol whose meaning belongs to one subject: it appears only near it.

    Every section of a page (and every figure's labels, with the figure's docstring) that
    uses the symbol, ``token`` matched against its math, must contain one of ``words``.
    """

    name: str
    symbol: str
    meaning: str
    reason: str
    token: str
    words: tuple[str, ...]

    def clashes(self, source: Source) -> list[str]:
        """Return the math of each section of ``source`` that uses the symbol off topic."""
        if source.kind == "listing":
            return []
        found = []
        for section in sections(source.text):
            uses = [span for span in math_spans(section) if re.search(self.token, span)]
            topic = f"{section}\n{source.context}".lower()
            if uses and not any(word in topic for word in self.words):
                found += uses
        return found


NOT_A_COMMAND = r"(?<![\\\w])"  # the letter itself, not inside \cos or a word
RULES: list[Rule | Topic] = [
    Rule(
        "sigma",
        r"\sigma",
        "standard deviation",
        "σ is a standard deviation; the sigmoid is \\operatorname{sigmoid}",
        math=r"\\sigma\s*[(']",
        listing=r"σ\s*[(']",
    ),
    Rule(
        "L",
        "L",
        "depth",
        "L is the depth; the loss is ℓ, eigenvalue bounds are λ_min and λ_max",
        math=rf"\\partial\s*L\b|{NOT_A_COMMAND}L\s*\(|\[\s*\\mu\s*,\s*L\s*\]|\\sqrt\{{?\s*L\b",
        prose=r"\$L\$-Lipschitz",
        listing=r"∂L\b|\bL\(|\[μ, L\]",
    ),
    Rule(
        "t",
        "t",
        "iteration",
        "iterations are counted by t (θ_t, T_t), and t is not a continuous time",
        math=r"\\theta_k\b|\\theta_\{k\s*[-+]\s*1\}|(?<![\w\\])T_k\b|\\theta\(t\)|\{dt\}",
        listing=r"θ_k\b|θ_\{k|\bT_k\b|θ\(t\)",
    ),
    Rule(
        "T-count",
        "T",
        "temperature",
        "T is a temperature, not a count of steps",
        prose=r"\b(?:count|iterations?|steps?|bound)\s+\$T\$|\$T\$\s+(?:steps|iterations)",
    ),
    Topic(
        "T",
        "T",
        "temperature",
        "T is a temperature",
        token=r"(?<![\\\w^])T(?![A-Za-z])",
        words=("temperat", "anneal", "cooling", "langevin", "kramers"),
    ),
    Topic(
        "c",
        "c",
        "clipping",
        "c is the clipping threshold",
        token=rf"{NOT_A_COMMAND}c(?![A-Za-z])",
        words=("clip",),
    ),
    Topic(
        "tau",
        r"\tau",
        "time step",
        "τ is a time step of a recurrence",
        token=r"\\tau(?![A-Za-z])",
        words=("recurren", "time step"),
    ),
    Topic(
        "alpha",
        r"\alpha",
        "penalty",
        "α is the strength of a penalty",
        token=r"\\alpha(?![A-Za-z])",
        words=("penalt", "regulari", "ridge", "shrink", "weight decay"),
    ),
    Rule(
        "alpha-variable",
        r"\alpha",
        "penalty",
        "α is the strength of a penalty, not the variable of a slice",
        math=r"\\alpha\s*\\mapsto",
    ),
    Rule(
        "mu",
        r"\mu",
        "mean",
        "μ is a mean; eigenvalue bounds are λ_min and λ_max, a shift is not μ",
        math=r"\[\s*\\mu\s*,|\\sqrt\{?\s*\\mu|\+\s*\\mu\s*I\b",
        listing=r"\[μ,",
    ),
    Rule(
        "P",
        "P",
        "distribution",
        "P is the distribution of the data; a probability is \\Pr(...)",
        math=rf"{NOT_A_COMMAND}P\s*\(",
    ),
    Rule(
        "R",
        "R",
        "risk",
        "R is the risk, a function of θ, not a radius or a number",
        math=rf"{NOT_A_COMMAND}R\s*=|{NOT_A_COMMAND}R\^2",
    ),
    Rule(
        "d",
        "d",
        "number of parameters",
        "d is the number of parameters; a polynomial's degree is D",
        math=r"\\theta\^\\star_d\b",
        prose=r"degree \$d\$",
    ),
    Rule(
        "h",
        "h_l",
        "output of layer",
        "h_l is a layer's output and h_τ a state; a function is not h",
        math=rf"{NOT_A_COMMAND}h\s*\(",
    ),
    Rule(
        "g",
        "g",
        "gradient",
        "g is a gradient; a function to maximize or a toy function is not g",
        math=rf"{NOT_A_COMMAND}g\s*\(",
    ),
    Rule(
        "noise",
        r"\xi",
        "noise",
        "the noise in a target is σξ; ε is a small positive number",
        math=r"y\s*=[^$]*\+\s*\\varepsilon",
    ),
]

# Clashes left to work that is rewriting those pages: (source, rule name) -> what to do.
# A test fails once a clash is gone, so that its entry is removed, not left to hide one.
KNOWN: dict[tuple[str, str], str] = {}


# --- the table -------------------------------------------------------------------------


def test_symbol_parsing() -> None:
    assert _symbols(r"$\lambda_i$, $\lambda_{\min}$") == [r"\lambda_i", r"\lambda_{\min}"]
    assert _symbols(r"$x, y$") == ["x", "y"]
    assert _symbols(r"$z_l = W_l h_{l-1} + b_l$") == ["z_l"]
    assert _symbols(r"$\ell(\theta; x, y)$") == [r"\ell"]
    assert _symbols(r"$\hat R_n(\theta) = \frac{1}{n}$") == [r"\hatR_n"]


def test_no_symbol_is_defined_twice() -> None:
    symbols = notation_symbols(NOTATION.read_text(encoding="utf-8"))
    assert len(symbols) > 30
    twice = sorted(symbol for symbol, count in Counter(symbols).items() if count > 1)
    assert not twice, f"docs/notation.md defines these symbols more than once: {twice}"


def test_a_duplicate_is_caught() -> None:
    page = "| $\\sigma$ | a standard deviation | |\n| $\\sigma$ | the sigmoid | |\n"
    assert Counter(notation_symbols(page))[r"\sigma"] == 2


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_protects_a_meaning_the_table_gives(rule: Rule | Topic) -> None:
    meanings = notation_meanings(NOTATION.read_text(encoding="utf-8"))
    assert rule.symbol in meanings, f"{rule.symbol} is not on docs/notation.md"
    assert rule.meaning in meanings[rule.symbol], (
        f"docs/notation.md no longer gives {rule.symbol} the meaning {rule.meaning!r} "
        f"that rule {rule.name!r} protects: {meanings[rule.symbol]!r}"
    )


# --- the pages, figures and listings ---------------------------------------------------


def test_the_guide_has_pages_figures_and_listings_to_check() -> None:
    kinds = Counter(source.kind for source in sources())
    assert kinds["page"] >= 13 and kinds["figure"] >= 40 and kinds["listing"] >= 50, kinds
    names = {source.name for source in sources()}
    assert "docs/chapters/numerical.md" in names and "examples/numerical.py" in names


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_no_symbol_takes_a_second_meaning(rule: Rule | Topic) -> None:
    found = {
        source.name: clashes
        for source in sources()
        if (source.name, rule.name) not in KNOWN and (clashes := rule.clashes(source))
    }
    assert not found, f"{rule.reason}; found:\n" + "\n".join(
        f"  {name}: {clashes}" for name, clashes in found.items()
    )


DEFINITION = re.compile(
    r"(?:\b[Ll]et\s+\$(?P<let>[^$]+)\$\s+be|\bwhere\s+\$(?P<where>[^$]+)\$\s+is"
    r"|\bwith\s+\$(?P<with>[^$]+)\$|\$(?P<denotes>[^$]+)\$\s+denotes)"
    r"\s+(?:the|an?)\s+[^.;:]*"
)


def definitions(text: str, meanings: dict[str, str]) -> list[str]:
    """Return the sentences of ``text`` that define a listed symbol without its meaning.

    A definition in so many words ("let $c$ be the ...", "with $u$ the ...") of a symbol
    of the table must share a word of five letters or more with the table's meaning.
    """
    found = []
    for match in DEFINITION.finditer(text):
        symbol = re.sub(r"\s+", "", next(group for group in match.groups() if group))
        if symbol not in meanings:
            continue
        words = {word.lower() for word in re.findall(r"[A-Za-z]{5,}", meanings[symbol])}
        if not any(word in match.group(0).lower() for word in words):
            found.append(" ".join(match.group(0).split()))
    return found


def test_a_page_defines_a_listed_symbol_with_its_listed_meaning() -> None:
    meanings = notation_meanings(NOTATION.read_text(encoding="utf-8"))
    found = {
        source.name: wrong
        for source in pages()
        if (source.name, "definition") not in KNOWN
        and (wrong := definitions(source.text, meanings))
    }
    assert not found, f"symbols of docs/notation.md defined in another meaning: {found}"


def _known_clashes(source_name: str, rule_name: str) -> list[str]:
    source = next(source for source in sources() if source.name == source_name)
    if rule_name == "definition":
        return definitions(source.text, notation_meanings(NOTATION.read_text("utf-8")))
    return _rule(rule_name).clashes(source)


@pytest.mark.parametrize(("source", "rule"), sorted(KNOWN))
def test_a_known_clash_is_still_there(source: str, rule: str) -> None:
    assert _known_clashes(source, rule), (
        f"{source} no longer clashes under rule {rule!r}: remove its entry from KNOWN"
    )


# --- the rules catch what they are for --------------------------------------------------

PLANTED = [
    ("sigma", "page", r"Logistic regression uses the sigmoid $\sigma(z) = 1/(1 + e^{-z})$."),
    ("sigma", "page", r"Its slope is $\sigma'(0) = 1/4$."),
    ("sigma", "listing", '"""Return σ(z) − 1/2 elementwise."""'),
    ("L", "figure", r"$\|\partial L / \partial W_l\|$"),
    ("L", "page", r"For a convex loss $L$, $L(\tfrac12\theta) \le L(\theta)$."),
    ("L", "page", r"On a quadratic with eigenvalues in $[\mu, L]$ the step is"),
    ("L", "page", r"whose gradient is $L$-Lipschitz"),
    ("t", "page", r"$\theta_{k+1} = \theta_k - \eta \nabla f(\theta_k)$"),
    ("t", "figure", r"sharpness $\lambda_{\max}(H(\theta_k))$"),
    ("t", "page", r"gradient flow $\frac{d\theta}{dt} = -\nabla f(\theta(t))$"),
    ("t", "listing", '"""Return the temperatures T_k = c / log(k + 2)."""'),
    ("T-count", "page", r"The count $T$ is an upper bound on the steps."),
    ("T", "page", "## Rates\n\nIt needs $T \\approx \\kappa \\ln(1/\\text{tol})$ steps."),
    ("T", "figure", r"steps back, $T - \tau$"),
    ("c", "page", "## A rate\n\nOn log-log axes a rate $c/n$ is a straight line."),
    ("c", "page", "## Annealing\n\nThe temperature $T_k = c / \\log(k + 2)$ falls."),
    ("tau", "page", "## Kramers\n\nThe mean escape time is $\\tau = 1 / (k\\eta)$."),
    ("alpha", "page", "## Slices\n\nWe plot $\\alpha \\mapsto \\ell(\\theta + \\alpha v)$."),
    ("alpha-variable", "page", r"the slice $\alpha \mapsto \ell(\theta_\alpha)$"),
    ("mu", "page", r"$\eta = 4/(\sqrt{L} + \sqrt{\mu})^2$"),
    ("mu", "page", r"the shifted matrix $A + \mu I$"),
    ("P", "page", r"the model $P(y = 1 \mid x) = \operatorname{sigmoid}(x^\top w)$"),
    ("P", "figure", r"$-\ln P(\lambda_{\min} > 0)$"),
    ("R", "page", r"a semicircle of radius $R = 2\sqrt n$"),
    ("d", "page", r"the polynomials of degree $d$"),
    ("d", "figure", r"best in class $\theta^\star_d$"),
    ("h", "page", r"Take $h(x) = \max(|x| - \tfrac12, 0)^2$."),
    ("g", "page", r"A quantity $g(\theta)$ that we want to make large"),
    ("noise", "page", r"targets $y = \sin(\pi x) + \varepsilon$, with noise"),
]

FINE = [
    ("sigma", "page", r"noise of standard deviation $\sigma$, so $\sigma^2 (1 - d/n)$"),
    ("sigma", "page", r"the sigmoid $\operatorname{sigmoid}(z)$ and $\sigma\xi$"),
    ("L", "page", r"$z_l = W_l h_{l-1} + b_l$ for $l = 1, \dots, L$, and $\ell(\theta)$"),
    ("t", "page", r"$\theta_{t+1} = \theta_t - \eta g$ and $\sum_k v_k P_k(x)$"),
    ("T", "page", "## Annealing\n\nThe temperature $T_t = C / \\log(t + 2)$ falls; $X^T$."),
    ("c", "page", "## Clipping\n\nClip the gradient at $c = 1$; $\\cos x$ and $\\frac12$."),
    ("tau", "page", "## Recurrent networks\n\nThe state $h_\\tau$ at step $\\tau$."),
    ("alpha", "page", "## Ridge\n\nThe penalty $\\alpha\\lVert\\theta\\rVert^2$."),
    ("mu", "page", r"a mean $\mu = 1$, eigenvalues in $[\lambda_{\min}, \lambda_{\max}]$"),
    ("P", "page", r"$(x, y) \sim P$, $\Pr(y = 1)$ and the Legendre polynomials $P_k(x)$"),
    ("R", "page", r"the risk $R(\theta) = \mathbb{E}[\ell]$ and $\hat R_n$"),
    ("h", "page", r"$h_l = \phi(z_l)$ and $\partial\ell/\partial h_\tau$"),
    ("g", "page", r"the minibatch gradient $g_B$ and $g = \nabla f(\theta)$"),
    ("noise", "page", r"$y = \sin(\pi x) + \sigma\xi$ and a radius $\varepsilon > 0$"),
]


def _rule(name: str) -> Rule | Topic:
    return next(rule for rule in RULES if rule.name == name)


@pytest.mark.parametrize(("name", "kind", "text"), PLANTED)
def test_a_planted_clash_is_caught(name: str, kind: str, text: str) -> None:
    assert _rule(name).clashes(Source("planted", text, kind)), text


@pytest.mark.parametrize(("name", "kind", "text"), FINE)
def test_the_listed_meaning_is_not_flagged(name: str, kind: str, text: str) -> None:
    assert not _rule(name).clashes(Source("fine", text, kind)), text


def test_every_rule_has_a_planted_clash_and_a_fine_use() -> None:
    planted = {name for name, _, _ in PLANTED}
    assert planted == {rule.name for rule in RULES}
    fine = {name for name, _, _ in FINE}
    assert fine >= {rule.name for rule in RULES} - {"T-count", "alpha-variable", "d"}


def test_a_definition_with_another_meaning_is_caught() -> None:
    meanings = notation_meanings(NOTATION.read_text(encoding="utf-8"))
    assert definitions(r"a relative error of $\kappa u$, with $u$ the input weights.", meanings)
    assert not definitions(r"an error of $\kappa u$, with $u$ the unit roundoff.", meanings)
    assert definitions(r"Let $c$ be the constant of the cooling schedule.", meanings)
    assert not definitions(r"Let $f$ be a function on a set $D$.", meanings)
    assert not definitions(r"with $Q$ a random orthogonal matrix", meanings)
    assert not definitions(r"with $\Sigma$ the covariance", meanings)  # not on the page


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
