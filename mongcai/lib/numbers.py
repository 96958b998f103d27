"""Numbers as people type them: 1.234,5 in Vietnamese, 1,234.5 in English."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _

SEPARATORS = {"vi": (",", "."), "en": (".", ",")}  # (decimal, thousands)

# The most digits a number may have: a double (SQLite's REAL, the demo's
# database) holds 15 exactly, and 999.999.999.999.999 is past any figure a unit
# reports; a longer number was stored as a different one, or as Infinity.
MAX_DIGITS = 15


class NumberError(ValueError):
    """A number that cannot be read; the message says why, for the user."""


def parse_decimal(text: str, language: str) -> Decimal:
    """Read a number typed in `language`'s convention, refusing anything ambiguous.

    Thousands separators must group digits by three (1.234.567); a number
    written the other language's way (1,234.5 on the Vietnamese form) is
    refused rather than guessed.
    """
    decimal_mark, thousands = SEPARATORS.get(language[:2], SEPARATORS["vi"])
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise NumberError(_("Enter a number."))
    # Digits of other scripts (fullwidth １, Arabic-Indic ١, Devanagari १,
    # superscripts) are refused, not read: nobody here types them on purpose,
    # and a pasted one is more likely a mistake than a figure.
    if _other_digits(raw):
        raise NumberError(
            _("“%(text)s” has digits other than 0–9: type the figure with the keys 0–9.")
            % {"text": text}
        )
    sign = ""
    if raw[0] in "+-":
        sign, raw = raw[0] if raw[0] == "-" else "", raw[1:]
    if raw.count(decimal_mark) > 1:
        raise NumberError(
            _("“%(text)s” has more than one decimal mark “%(mark)s”.")
            % {"text": text, "mark": decimal_mark}
        )
    whole, _sep, fraction = raw.partition(decimal_mark)
    if thousands in fraction:
        raise NumberError(
            _("“%(text)s” is ambiguous: write decimals after “%(mark)s”, e.g. %(example)s.")
            % {"text": text, "mark": decimal_mark, "example": _example(language)}
        )
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise NumberError(
                _(
                    "“%(text)s” is ambiguous: “%(sep)s” separates thousands in groups of "
                    "three digits, e.g. %(example)s."
                )
                % {"text": text, "sep": thousands, "example": _example(language)}
            )
        whole = "".join(groups)
    if not re.fullmatch(r"[0-9]+", whole or "") or (
        fraction and not re.fullmatch(r"[0-9]+", fraction)
    ):
        raise NumberError(_("“%(text)s” is not a number.") % {"text": text})
    if len(whole.lstrip("0")) + len(fraction.rstrip("0")) > MAX_DIGITS:
        raise NumberError(
            _("“%(text)s” has more than %(digits)s digits.") % {"text": text, "digits": MAX_DIGITS}
        )
    try:
        return Decimal(f"{sign}{whole}.{fraction or '0'}").normalize() + 0
    except InvalidOperation as error:
        raise NumberError(_("“%(text)s” is not a number.") % {"text": text}) from error


class AsciiIntegerField(forms.IntegerField):
    """A whole number typed with the keys 0–9: Django's own field reads ２０２４ as 2024,
    where the figures refuse it (parse_decimal); a year or a number is read alike."""

    def to_python(self, value):
        if isinstance(value, str) and _other_digits(value):
            raise forms.ValidationError(
                _("“%(text)s” has digits other than 0–9: type the figure with the keys 0–9.")
                % {"text": value},
                code="invalid",
            )
        return super().to_python(value)


def _other_digits(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def format_decimal(value: Decimal, language: str, decimals: int | None = None) -> str:
    """The inverse of parse_decimal, for prefilling forms and templates."""
    decimal_mark, thousands = SEPARATORS.get(language[:2], SEPARATORS["vi"])
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _sep, fraction = text.partition(".")
    fraction = fraction.rstrip("0") if decimals is None else fraction
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal_mark + fraction if fraction else ''}"


def _example(language: str) -> str:
    return "1.234,5" if language.startswith("vi") else "1,234.5"
