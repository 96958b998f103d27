"""The admin's password re-check before issuing a decision counts like a sign-in
(django-axes): wrong passwords lock the account, and a locked admin cannot issue."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from mongcai.accounts.models import EventKind, SecurityEvent
from tests.awards.conftest import add_recipient
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # 16:00 in Hà Nội


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@time_machine.travel(NOW, tick=False)
def test_wrong_passwords_at_issue_count_and_lock_like_sign_ins(
    client, admin_user, person_a, catalogue, draft
):
    client.force_login(admin_user)
    url = f"/awards/decisions/{draft.pk}/issue/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"password": "sai", "no_cash": "on"}, follow=True)
        assert "Mật khẩu không đúng" in response.text
    response = client.post(url, {"password": "sai", "no_cash": "on"})
    assert response.status_code == 429
    assert "Thử lại sau 16:15" in response.text
    # Even the right password is refused now, and nothing is issued.
    assert client.post(url, {"password": TEST_PASSWORD, "no_cash": "on"}).status_code == 429
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert SecurityEvent.objects.filter(kind=EventKind.LOCKOUT, subject=admin_user).exists()


@time_machine.travel(NOW, tick=False)
def test_issuing_is_in_the_security_record(client, admin_user, person_a, catalogue, draft):
    add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")
    client.force_login(admin_user)
    client.post(
        f"/awards/decisions/{draft.pk}/issue/",
        {"password": TEST_PASSWORD, "no_cash": "on"},
        REMOTE_ADDR="10.7.7.7",
    )
    draft.refresh_from_db()
    assert draft.status == "issued"
    event = SecurityEvent.objects.get(kind=EventKind.DECISION_ISSUED)
    assert event.actor == admin_user
    assert event.ip_address == "10.7.7.7"
    assert draft.reference in event.detail
    assert event.at == timezone.now()


def test_an_admin_locked_meanwhile_cannot_issue(client, admin_user, person_a, catalogue, draft):
    """The admin's session was open when someone guessed at the password elsewhere."""
    add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")
    client.force_login(admin_user)
    attacker = type(client)()
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, admin_user.username, "sai", address=f"10.8.8.{index}")
    response = client.post(
        f"/awards/decisions/{draft.pk}/issue/",
        {"password": TEST_PASSWORD, "no_cash": "on"},
        REMOTE_ADDR="10.9.0.1",
    )
    assert response.status_code == 429
    draft.refresh_from_db()
    assert draft.status == "draft"
