"""Computed facts and declared inputs, as the build writes them (optguide.build.numbers)."""

import pytest

from optguide.build.numbers import check_inputs, facts_of, insert_facts, mark_inputs

RECORDS = {"numerical/float_floor": {"texts": [], "facts": {"steps": "52"}}}


def test_a_fact_becomes_an_element_naming_its_source() -> None:
    text, problems = insert_facts(
        "It froze after {{ fact numerical/float_floor:steps }} steps.", facts_of(RECORDS), "p.md"
    )
    assert problems == []
    assert text == (
        'It froze after <span class="guide-fact" data-computed="numerical/float_floor:steps"'
        ' title="computed by the figure numerical/float_floor (steps)">52</span> steps.'
    )


def test_a_fact_in_alt_text_is_plain() -> None:
    line = "![Froze at {{ fact numerical/float_floor:steps }}.](figures/x.svg#only-light)"
    text, problems = insert_facts(line, facts_of(RECORDS), "p.md")
    assert (text, problems) == ("![Froze at 52.](figures/x.svg#only-light)", [])


def test_a_missing_fact_is_reported_with_its_page_and_line() -> None:
    _, problems = insert_facts(
        "\n{{ fact numerical/float_floor:nope }}", facts_of(RECORDS), "p.md"
    )
    assert problems == ["p.md:2: no fact 'nope' in figure 'numerical/float_floor'"]


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
