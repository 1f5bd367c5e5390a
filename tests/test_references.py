"""Numbered figures, exercises and equations, and the references the build writes to them."""

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from optguide.build.crossrefs import Prose, ProseError
from optguide.build.references import add_anchors, number_page, render_references, scan

ROOT_DOCS = Path(__file__).resolve().parent.parent / "docs"

PAGE = """# A chapter

![Alt one.](figure:ch/first_one "Caption one.")

Text.

![Alt two.](figure:ch/second "Caption two, see [](#fig-ch-first-one).")

$$
a = b
$$
{#eq-first}

$$ c = d $$
{#eq-second}

??? question "Exercise: Unlabelled"

    Body.

???+ question "Exercise {#ex-second}: Labelled"

    Body, after [](#eq-second) and [](#ex-second).

```python
[](#eq-nowhere) is code, and so is {#eq-code}
```

`[](#ex-nowhere)` is inline code.
"""

OTHER = """# Other

See [](chapter.md#fig-ch-second), [](chapter.md#ex-second) and [](chapter.md#eq-first).
"""


def urls(page: str) -> Callable[[str], str]:
    def url(target: str) -> str:
        return "" if target == page else "../" + target.split("/")[-1].removesuffix(".md") + "/"

    return url


def test_scan_numbers_figures_exercises_and_labelled_equations_in_page_order() -> None:
    labels, problems = scan(PAGE)
    assert problems == []
    assert {name: (label.text, label.line) for name, label in labels.items()} == {
        "fig-ch-first-one": ("Figure 1", 3),
        "fig-ch-second": ("Figure 2", 7),
        "eq-first": ("Equation (1)", 12),
        "eq-second": ("Equation (2)", 15),
        "ex-second": ("Exercise 2", 21),
    }


def test_number_page_writes_exercise_numbers_and_equation_tags() -> None:
    numbered = number_page(PAGE)
    assert '??? question "Exercise 1: Unlabelled"' in numbered
    assert '???+ question "Exercise 2: Labelled"' in numbered
    assert "a = b\n \\tag{1} $$\n\n" in numbered
    assert "$$ c = d \\tag{2} $$\n\n" in numbered
    assert "{#eq-code}" in numbered  # code is left alone
    assert numbered.count("\n") == PAGE.count("\n")


def test_references_become_links_reading_the_number_and_code_is_left_alone() -> None:
    labels, _ = scan(PAGE)
    index = {"chapters/chapter.md": labels, "chapters/other.md": {}}
    page = render_references(PAGE, "chapters/chapter.md", index, urls("chapters/chapter.md"))
    assert "see <a class='guide-ref' href='#fig-ch-first-one'>Figure 1</a>.\")" in page
    assert "after <a class='guide-ref' href='#eq-second'>Equation (2)</a> and" in page
    assert "[](#eq-nowhere)" in page and "`[](#ex-nowhere)`" in page
    other = render_references(OTHER, "chapters/other.md", index, urls("chapters/other.md"))
    assert "<a class='guide-ref' href='../chapter/#fig-ch-second'>Figure 2</a>" in other
    assert "<a class='guide-ref' href='../chapter/#ex-second'>Exercise 2</a>" in other


def test_rendered_exercises_and_equations_get_their_ids() -> None:
    labels, _ = scan(PAGE)
    html = (
        '<details class="question">\n<summary>Exercise 1: Unlabelled</summary></details>'
        '<details class="question" open="open">\n<summary>Exercise 2: Labelled</summary>'
        '<div class="arithmatex">\\[a = b \\tag{1}\\]</div>'
        '<div class="arithmatex">\\[c = d \\tag{2}\\]</div>'
    )
    out, missing = add_anchors(html, labels)
    assert missing == []
    assert '<details class="question" id="ex-second" open="open">' in out
    assert '<div class="arithmatex guide-equation" id="eq-first">\\[a = b \\tag{1}' in out
    assert '<div class="arithmatex guide-equation" id="eq-second">\\[c = d \\tag{2}' in out
    assert sorted(add_anchors("<p>x</p>", labels)[1]) == ["eq-first", "eq-second", "ex-second"]


def prose(tmp_path: Path) -> Prose:
    bibliography = tmp_path / "bibliography.yml"
    bibliography.write_text("")
    return Prose(bibliography)


def test_a_reference_to_a_missing_label_names_page_line_and_label(tmp_path: Path) -> None:
    pages = [
        ("chapters/chapter.md", PAGE + "\n[](#fig-ch-missing)\n"),
        ("chapters/other.md", OTHER + "[](chapter.md#ex-gone) [](nowhere.md#ex-second)\n"),
    ]
    with pytest.raises(ProseError) as error:
        prose(tmp_path).scan(pages)
    assert str(error.value).splitlines() == [
        "chapters/chapter.md: line 31: reference to a missing label 'fig-ch-missing'",
        "chapters/other.md: line 4: reference to a missing label 'ex-gone' on chapters/chapter.md",
        "chapters/other.md: line 4: reference to [](nowhere.md#ex-second): "
        "no page chapters/nowhere.md",
    ]


def test_malformed_and_duplicate_labels_fail_with_their_line(tmp_path: Path) -> None:
    page = (
        '??? question "Exercise {#ex-one}: A"\n\n??? question "Exercise {#ex-one}: B"\n\n'
        '??? question "Exercise {#Bad_Label}: C"\n\nText.\n{#eq-floating}\n'
    )
    with pytest.raises(ProseError) as error:
        prose(tmp_path).scan([("p.md", page)])
    assert str(error.value).splitlines() == [
        "p.md: line 3: label 'ex-one' is also on line 1",
        "p.md: line 5: label {#Bad_Label} must be ex-<words>, lowercase letters, digits and "
        "hyphens",
        "p.md: line 8: {#eq-floating} must be on the line right under a $$ ... $$ display",
    ]


def site_pages() -> list[tuple[str, str]]:
    """Return (source path, Markdown) of every page of docs/."""
    return [
        (path.relative_to(ROOT_DOCS).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(ROOT_DOCS.rglob("*.md"))
    ]


def test_every_reference_of_the_guide_names_an_existing_label() -> None:
    # What the build checks before rendering, without the build.
    Prose(ROOT_DOCS / "bibliography.yml").scan(site_pages())


@functools.cache
def site_markdown_extensions() -> tuple[list[object], dict[str, object]]:
    """Return the Markdown extensions of mkdocs.yml and their settings, as mkdocs reads them."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT_DOCS.parent / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"]


def render_like_the_site(markdown_text: str) -> str:
    """Number ``markdown_text`` and render it with the site's own Markdown extensions."""
    import markdown

    extensions, settings = site_markdown_extensions()
    renderer = markdown.Markdown(extensions=extensions, extension_configs=settings)
    labels, problems = scan(markdown_text)
    assert problems == []
    page_html, missing = add_anchors(renderer.convert(number_page(markdown_text)), labels)
    assert missing == []
    return page_html


MULTI_LINE = r"""$$
a = b \\
c = d
$$
{#eq-two}

$$
\begin{aligned}
x &= 1
\end{aligned}
$$
{#eq-aligned}
"""


@pytest.mark.parametrize("indent", ["", "    ", "        "], ids=["page", "exercise", "solution"])
def test_a_labelled_display_of_several_lines_renders_as_math_wherever_it_is(indent: str) -> None:
    # Inside an exercise (and its solution) the display is indented; its closing "$$" once
    # lost that indentation with the tag, which ended the block and left the TeX as text.
    body = "".join(indent + line if line else "" for line in MULTI_LINE.splitlines(True))
    heads = ['??? question "Exercise: E"\n', '    ??? success "Solution"\n'][: len(indent) // 4]
    page_html = render_like_the_site("".join(heads) + indent + "Text.\n\n" + body)
    assert (
        '<div class="arithmatex guide-equation" id="eq-two">\\[\na = b \\\\\nc = d\n'
        " \\tag{1} \\]</div>" in page_html
    )
    assert (
        '<div class="arithmatex guide-equation" id="eq-aligned">\\[\n\\begin{aligned}\n'
        "x &amp;= 1\n\\end{aligned}\n \\tag{2} \\]</div>" in page_html
    )
    assert "$$" not in page_html
    if indent:
        assert page_html.rstrip().endswith("\\]</div>" + "\n</details>" * (len(indent) // 4))
