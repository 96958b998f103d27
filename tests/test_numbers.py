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


@pytest.mark.parametrize(
    "text",
    [
        "１２３",  # fullwidth
        "١٢٣",  # Arabic-Indic
        "۱۲۳",  # Extended Arabic-Indic (Persian)
        "१२३",  # Devanagari
        "12³",  # superscript
        "1.2３4",
    ],
)
def test_digits_of_other_scripts_are_refused_not_read(text):
    with translation.override("en"), pytest.raises(NumberError, match="digits other than 0–9"):
        parse_decimal(text, "vi")


@pytest.mark.parametrize(
    "text",
    ["9" * 400, "1" + "0" * 24, "1.000.000.000.000.000", "0,1234567890123456", "1" * 100_000],
)
def test_more_digits_than_a_double_holds_are_refused(text):
    with translation.override("en"), pytest.raises(NumberError, match="more than 15 digits"):
        parse_decimal(text, "vi")


def test_fifteen_digits_are_read_exactly():
    assert parse_decimal("999.999.999.999.999", "vi") == Decimal("999999999999999")
    assert parse_decimal("123.456.789,123456", "vi") == Decimal("123456789.123456")
    assert parse_decimal("000.001", "vi") == Decimal(1)


@given(text=st.text(max_size=40), language=st.sampled_from(["vi", "en"]))
def test_any_text_is_a_number_of_at_most_15_digits_or_a_reason(text, language):
    try:
        value = parse_decimal(text, language)
    except NumberError as error:
        assert str(error)
    else:
        assert value.is_finite() and len(value.as_tuple().digits) <= 15
