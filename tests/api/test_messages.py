"""DRF's own messages in the API's Vietnamese answers (mongcai/lib/drf_messages.py):
DRF's Vietnamese catalogue holds 21 of them, ours the rest."""

import ast
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from campaigns.models import Report
from tests.api.test_report_write import IN_PERIOD, url

pytestmark = pytest.mark.django_db

MODULE = Path(__file__).resolve().parents[2] / "mongcai" / "lib" / "drf_messages.py"


def listed_messages() -> list[str]:
    tree = ast.parse(MODULE.read_text("utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"
    ]


def test_every_listed_drf_message_has_its_vietnamese_translation():
    messages = listed_messages()
    assert len(messages) >= 50
    with translation.override("vi"):
        untranslated = [m for m in messages if translation.gettext(m) == m]
    assert untranslated == []


@time_machine.travel(IN_PERIOD)
def test_a_malformed_body_is_answered_in_vietnamese(
    as_token, secretary_a, unit_a, period, campaign_indicator
):
    """The journey's case: `values` not a list gave "Expected a list of items…" in English
    in a Vietnamese answer."""
    api = as_token(secretary_a, "vi")
    # The English text before any placeholder, where it is long enough to tell.
    english = {m.split("{")[0] for m in listed_messages() if len(m.split("{")[0]) >= 12}
    for payload, vietnamese in (
        ({"values": "x"}, "Cần một danh sách"),
        ({"version": "abc", "values": []}, "Cần một số nguyên hợp lệ"),
        ({"version": None, "values": [{"indicator": "", "value": "1"}]}, "không được để trống"),
    ):
        response = api.put(url(unit_a, period), payload)
        assert response.status_code == 400, payload
        text = response.content.decode()
        assert vietnamese in text, (payload, text)
        assert not any(message in text for message in english), text
    assert not Report.objects.exists()
