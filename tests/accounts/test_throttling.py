"""Failed sign-ins are limited per account and per address (django-axes), and so is
the admin's password re-check when issuing a decision."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings

from mongcai.accounts.models import EventKind, SecurityEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)  # 16:00 in Hà Nội


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="127.0.0.1"):
    """Wrong passwords: the form again (200) until the limit, then the lockout page (429)."""
    for attempt in range(1, times + 1):
        expected = 429 if attempt >= settings.AXES_FAILURE_LIMIT else 200
        assert sign_in(client, username, "sai-mat-khau", address).status_code == expected


@time_machine.travel(NOW, tick=False)
def test_an_account_is_locked_after_the_limit_even_with_the_right_password(client, secretary_a):
    limit = settings.AXES_FAILURE_LIMIT
    fail(client, "alice", limit - 1)
    response = sign_in(client, "alice", "sai-mat-khau")
    assert response.status_code == 429
    # The lock ends LOGIN_LOCKOUT_MINUTES after the last failure, said in local time.
    assert "Thử lại sau 16:15 ngày 07/12/2026" in response.text
    response = sign_in(client, "alice", TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@time_machine.travel(NOW, tick=False)
def test_the_account_lock_holds_from_every_address(client, secretary_a):
    """Guessing one account's password from many computers is stopped too."""
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "sai", address=f"10.0.0.{index + 1}")
    assert sign_in(client, "alice", TEST_PASSWORD, address="10.9.9.9").status_code == 429


@time_machine.travel(NOW, tick=False)
def test_an_address_is_locked_after_the_limit_across_accounts(client, secretary_a, secretary_b):
    """Guessing many accounts' passwords from one computer is stopped."""
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"khong-co-{index}", "sai", address="10.1.1.1")
    assert sign_in(client, "bob", TEST_PASSWORD, address="10.1.1.1").status_code == 429
    # Another computer signs in normally.
    assert sign_in(client, "bob", TEST_PASSWORD, address="10.1.1.2").status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(client, secretary_a):
    with time_machine.travel(NOW, tick=False):
        fail(client, "alice", settings.AXES_FAILURE_LIMIT)
    later = NOW + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert sign_in(client, "alice", TEST_PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_usernames_are_counted_case_blind(client, secretary_a):
    for name in ("Alice", "ALICE ", "alice", "aLice", "alicE"):
        sign_in(client, name, "sai", address="10.2.2.2")
    assert sign_in(client, "alice", TEST_PASSWORD, address="10.3.3.3").status_code == 429


@time_machine.travel(NOW, tick=False)
def test_a_successful_sign_in_forgets_the_earlier_failures(client, secretary_a):
    fail(client, "alice", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", TEST_PASSWORD).status_code == 302
    client.post("/logout/")
    fail(client, "alice", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", TEST_PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_failures_and_the_lockout_are_in_the_security_record(client, secretary_a):
    fail(client, "alice", settings.AXES_FAILURE_LIMIT)
    failed = SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED, username="alice")
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert failed.first().subject == secretary_a
    assert failed.first().ip_address == "127.0.0.1"
    assert SecurityEvent.objects.filter(kind=EventKind.LOCKOUT, username="alice").exists()


@time_machine.travel(NOW, tick=False)
def test_the_admin_sees_the_locks_and_unlocks_an_account(client, secretary_a, admin_user):
    fail(client, "alice", settings.AXES_FAILURE_LIMIT, address="10.4.4.4")
    client.force_login(admin_user)
    page = client.get("/account/locks/")
    assert page.status_code == 200
    assert "alice" in page.text and "10.4.4.4" in page.text
    assert "16:15 07/12/2026" in page.text
    response = client.post("/account/locks/release/", {"username": "alice"}, follow=True)
    assert "Đã mở khóa" in response.text
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert SecurityEvent.objects.filter(kind=EventKind.UNLOCK, subject=secretary_a).exists()
    client.post("/logout/")
    # axes counts failures by (account, address): the address's only failures were
    # alice's, so it is free again too.
    assert sign_in(client, "alice", TEST_PASSWORD, address="10.4.4.4").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_the_admin_unlocks_an_address(client, admin_user):
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"ai-do-{index}", "sai", address="10.6.6.6")
    client.force_login(admin_user)
    client.post("/account/locks/release/", {"ip_address": "10.6.6.6"})
    assert not AccessAttempt.objects.filter(ip_address="10.6.6.6").exists()
    assert "Không có gì bị khóa" in client.get("/account/locks/").text


@pytest.mark.parametrize("actor", ["secretary_a", "council_member"])
def test_only_admins_see_or_release_locks(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/account/locks/").status_code == 403
    assert client.post("/account/locks/release/", {"username": "x"}).status_code == 403


def test_an_outsider_is_sent_to_sign_in_from_the_locks(client):
    assert client.get("/account/locks/").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, settings, secretary_a):
    settings.TRUSTED_PROXY_COUNT = 1
    for index in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/login/",
            {"username": f"x{index}", "password": "sai"},
            REMOTE_ADDR="192.0.2.1",
            headers={"x-forwarded-for": f"203.0.113.{index}, 198.51.100.7"},
        )
    # Every attempt came from 198.51.100.7 (the proxy's own view); what the client
    # wrote on the left is not believed.
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").count() == 5
    blocked = client.post(
        "/login/",
        {"username": "alice", "password": TEST_PASSWORD},
        REMOTE_ADDR="192.0.2.1",
        headers={"x-forwarded-for": "198.51.100.7"},
    )
    assert blocked.status_code == 429
