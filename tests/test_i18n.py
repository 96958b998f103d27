import datetime as dt
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_po_files_are_complete(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(po) > 200
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what Django serves: every Vietnamese string comes out of it."""
    po = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))
    with translation.override("vi"):
        for entry in po:
            if entry.msgid_plural:
                continue
            if entry.msgctxt:
                served = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                served = translation.gettext(entry.msgid)
            assert served == entry.msgstr, entry.msgid


def render(source: str, **context) -> str:
    return Template("{% load l10n %}" + source).render(Context(context))


def test_vietnamese_dates_and_numbers():
    with translation.override("vi"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=dt.date(2022, 10, 26)) == "26/10/2022"
        assert render("{{ n|floatformat:1 }}", n=Decimal("1234.5")) == "1.234,5"
        assert render("{{ n }}", n=9548) == "9.548"


def test_english_numbers_keep_day_first_dates():
    with translation.override("en"):
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=dt.date(2022, 10, 26)) == "26/10/2022"
        assert render("{{ n|floatformat:1 }}", n=Decimal("1234.5")) == "1,234.5"


def test_time_zone_is_vietnam():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
