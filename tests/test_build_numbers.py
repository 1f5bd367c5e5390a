"""Computed facts and declared inputs, as the build writes them (optguide.build.numbers)."""

import pytest

from optguide.build.numbers import (
    check_inputs,
    facts_of,
    insert_facts,
    mark_inputs,
    missing_facts,
)

RECORDS = {"numerical/float_floor": {"texts": [], "facts": {"steps": "52"}}}


def test_a_fact_becomes_an_element_naming_its_source() -> None:
    text = insert_facts(
        "It froze after {{ fact numerical/float_floor:steps }} steps.", facts_of(RECORDS)
    )
    assert text == (
        'It froze after <span class="guide-fact" data-computed="numerical/float_floor:steps"'
        ' title="computed by the figure numerical/float_floor (steps)">52</span> steps.'
    )


def test_a_fact_in_alt_text_is_plain() -> None:
    line = "![Froze at {{ fact numerical/float_floor:steps }}.](figures/x.svg#only-light)"
    text = insert_facts(line, facts_of(RECORDS))
    assert text == "![Froze at 52.](figures/x.svg#only-light)"


def test_a_missing_fact_is_reported_with_its_page_and_the_line_of_its_file() -> None:
    # The Markdown starts on line 4 of the file (after three lines of front matter).
    body = "{{ fact numerical/float_floor:steps }}\n\nand {{ fact numerical/float_floor:nope }}"
    problems = missing_facts(body, facts_of(RECORDS), "p.md", first_line=4)
    assert problems == ["p.md:6: no fact 'nope' in figure 'numerical/float_floor'"]
    assert insert_facts(body, facts_of(RECORDS)).endswith("{{ fact numerical/float_floor:nope }}")


def test_inputs_are_marked_outside_code_and_math_only() -> None:
    html = (
        '<p>n = 100 and 1000, <code>100</code>, <span class="arithmatex">\\(100\\)</span>'
        ", 100.5</p>"
    )
    assert mark_inputs(html, ["100"]) == (
        '<p>n = <span class="guide-input" data-input>100</span> and 1000, <code>100</code>, '
        '<span class="arithmatex">\\(100\\)</span>, 100.5</p>'
    )


def test_inputs_must_be_a_list_of_numbers() -> None:
    assert check_inputs(None) == []
    assert check_inputs([0.5, "100"]) == ["0.5", "100"]
    with pytest.raises(TypeError, match="inputs"):
        check_inputs("0.5")
