from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mongcai.lib.numbers import NumberError, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1.234,5", "vi", "1234.5"),
        ("9.548", "vi", "9548"),
        ("1.000.000", "vi", "1000000"),
        ("2,5", "vi", "2.5"),
        ("1234,56", "vi", "1234.56"),
        (" 6 446 ", "vi", "6446"),
        ("1,234.5", "en", "1234.5"),
        ("2.5", "en", "2.5"),
        ("0", "vi", "0"),
        ("-3,5", "vi", "-3.5"),
    ],
)
def test_numbers_are_read_the_users_way(text, language, value):
    assert parse_decimal(text, language) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("1,234.5", "vi", "ambiguous"),
        ("1.5", "vi", "groups of three"),
        ("1,5", "en", "groups of three"),
        ("1,2,3", "vi", "more than one decimal mark"),
        ("12a", "vi", "is not a number"),
        ("", "vi", "Enter a number"),
        ("1.23.456", "vi", "groups of three"),
    ],
)
def test_malformed_or_ambiguous_numbers_are_refused_with_the_reason(text, language, reason):
    with translation.override("en"), pytest.raises(NumberError, match=reason):
        parse_decimal(text, language)


def test_errors_are_translated():
    with translation.override("vi"), pytest.raises(NumberError, match="không phải là số"):
        parse_decimal("abc", "vi")


@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False),
    language=st.sampled_from(["vi", "en"]),
)
def test_formatting_then_parsing_gives_the_number_back(value, language):
    assert parse_decimal(format_decimal(value, language), language) == value
