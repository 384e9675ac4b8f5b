"""Numbers in the visitor's language: one helper for the pages, the PDF and the XLSX."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cerdas.core.numbers import DASH, number, percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["1.234,6", "12,5%", "3", "1.234.567", "50%"]),
        ("en", ["1,234.6", "12.5%", "3", "1,234,567", "50%"]),
    ],
)
def test_numbers_follow_the_active_language(language, expected):
    with translation.override(language):
        got = [
            number(1234.56, 1),
            percent(0.125, 1),
            number(3.0, 1, trim=True),
            number(1234567),
            percent(0.5),
        ]
    assert got == expected


def test_an_explicit_language_wins_and_nothing_is_a_dash():
    with translation.override("en"):
        assert number(2.5, 1, language="id") == "2,5"
        assert percent(0.25, language="id") == "25%"
    assert number(None) == DASH and percent(None) == DASH


def test_the_template_filters_use_the_same_helper():
    template = Template(
        "{% load performance %}{{ a|pct }} {{ b|hours }} {{ c|score }} {{ d|decimal:2 }}"
    )
    context = Context({"a": 0.875, "b": 12.25, "c": 81.04, "d": 1234.5})
    with translation.override("id"):
        assert template.render(context) == "88% 12,3 j 81,0 1.234,50"
    with translation.override("en"):
        assert template.render(context) == "88% 12.3 j 81.0 1,234.50"
