"""Invitations and password resets: single-use links by e-mail that expire; passwords
pass Django's validators; a changed password ends the account's other sessions."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from mongcai.accounts import services
from mongcai.accounts.models import EventKind, SecurityEvent, User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Quang-Ninh-60-nam"


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def set_password(client, url, password, follow=True):
    """Open the link (Django moves the token into the session) and post the password."""
    page = client.get(path_of(url), follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path_of(url)
    return page, client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=follow
    )


@pytest.fixture
def invited(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.account_invite(
            by=admin_user, email="Lan.Nguyen@MongCai.gov.vn ", full_name="Nguyễn Thị Lan"
        )
    return user


def test_an_invitation_creates_an_account_without_a_password_and_mails_a_link(
    invited, mailoutbox, admin_user
):
    assert invited.username == "lan.nguyen@mongcai.gov.vn"
    assert not invited.has_usable_password()
    (message,) = mailoutbox
    assert message.to == ["lan.nguyen@mongcai.gov.vn"]
    assert "Nguyễn Thị Lan" in message.body
    assert f"{settings.SITE_URL}/account/welcome/" in message.body
    event = SecurityEvent.objects.get(kind=EventKind.INVITATION_SENT)
    assert (event.actor, event.subject) == (admin_user, invited)


def test_the_invited_person_sets_a_password_once(client, invited, mailoutbox):
    url = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    page, response = set_password(client, url, NEW_PASSWORD)
    assert "Chào mừng" in page.text and "lan.nguyen@mongcai.gov.vn" in page.text
    assert response.redirect_chain[-1][0] == "/login/"
    assert "Mật khẩu của bạn đã được đặt" in response.text
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert SecurityEvent.objects.filter(kind=EventKind.INVITATION_USED, subject=invited).exists()
    # The same link does not work twice.
    again = Client().get(path_of(url), follow=True)
    assert 'data-testid="link-invalid"' in again.text
    # And the person signs in.
    signed = client.post(
        "/login/", {"username": "lan.nguyen@mongcai.gov.vn", "password": NEW_PASSWORD}
    )
    assert signed.status_code == 302


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ngan-qua", "password_too_short"),
        ("password123", "password_too_common"),
        ("lan.nguyen@mongcai", "password_too_similar"),
        ("84915834712", "password_entirely_numeric"),
    ],
)
def test_the_password_must_pass_the_validators(client, invited, mailoutbox, password, code):
    url = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    _page, response = set_password(client, url, password)
    errors = response.context["form"].errors.as_data()["new_password2"]
    assert code in {error.code for error in errors}
    assert 'class="invalid-feedback"' in response.text
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_an_invitation_link_expires(client, invited, mailoutbox):
    url = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    later = dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        page = client.get(path_of(url), follow=True)
    assert 'data-testid="link-invalid"' in page.text


def test_a_tampered_link_does_not_work(client, invited, mailoutbox):
    url = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    page = client.get(path_of(url)[:-3] + "xx/", follow=True)
    assert 'data-testid="link-invalid"' in page.text


def test_an_invitation_can_be_sent_again_until_it_is_used(
    client, admin_user, invited, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/{invited.pk}/invitation/")
    assert len(mailoutbox) == 2
    set_password(Client(), re.search(r"https?://\S+", mailoutbox[1].body).group(0), NEW_PASSWORD)
    response = client.post(f"/account/{invited.pk}/invitation/", follow=True)
    assert "đã nhận lời mời" in response.text
    assert len(mailoutbox) == 2


def test_an_address_already_used_cannot_be_invited_again(admin_user, secretary_a):
    secretary_a.email = "alice@phuong-a.gov.vn"
    secretary_a.save()
    with pytest.raises(ValidationError, match="Đã có"):
        services.account_invite(by=admin_user, email="ALICE@phuong-a.gov.vn", full_name="A")


def test_only_an_admin_invites(secretary_a):
    with pytest.raises(ValidationError, match="quản trị"):
        services.account_invite(by=secretary_a, email="x@y.vn", full_name="X")


# Password reset -------------------------------------------------------------------------


@pytest.fixture
def with_email(secretary_a):
    secretary_a.email = "alice@phuong-a.gov.vn"
    secretary_a.save()
    return secretary_a


def ask_reset(client, email, capture):
    with capture(execute=True):
        return client.post("/account/password/reset/", {"email": email}, follow=True)


def test_reset_by_email_sets_a_new_password_once(
    client, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask_reset(client, "Alice@Phuong-A.gov.vn", django_capture_on_commit_callbacks)
    assert 'data-testid="reset-sent"' in response.text
    (message,) = mailoutbox
    url = re.search(r"https?://\S+", message.body).group(0)
    assert "/account/password/reset/" in url
    _page, done = set_password(client, url, NEW_PASSWORD)
    assert done.redirect_chain[-1][0] == "/login/"
    with_email.refresh_from_db()
    assert with_email.check_password(NEW_PASSWORD)
    assert 'data-testid="link-invalid"' in Client().get(path_of(url), follow=True).text
    kinds = set(SecurityEvent.objects.filter(subject=with_email).values_list("kind", flat=True))
    assert {EventKind.PASSWORD_RESET_REQUESTED, EventKind.PASSWORD_RESET} <= kinds


def test_reset_says_the_same_for_an_unknown_address(
    client, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask_reset(client, "khong-ai@x.vn", django_capture_on_commit_callbacks)
    assert 'data-testid="reset-sent"' in response.text
    assert mailoutbox == []


def test_reset_mails_an_account_at_most_once_in_a_few_minutes(
    client, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(3):
        ask_reset(client, "alice@phuong-a.gov.vn", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_reset_does_not_mail_a_deactivated_account(
    client, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    with_email.is_active = False
    with_email.save()
    ask_reset(client, "alice@phuong-a.gov.vn", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_reset_link_does_not_open_an_invitation_page_and_back(
    client, invited, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    ask_reset(client, "alice@phuong-a.gov.vn", django_capture_on_commit_callbacks)
    invitation = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    reset = re.search(r"https?://\S+", mailoutbox[1].body).group(0)
    swapped = path_of(reset).replace("/account/password/reset/", "/account/welcome/")
    assert 'data-testid="link-invalid"' in client.get(swapped, follow=True).text
    swapped = path_of(invitation).replace("/account/welcome/", "/account/password/reset/")
    assert 'data-testid="link-invalid"' in client.get(swapped, follow=True).text


def test_a_reset_unlocks_the_account(
    client, with_email, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "alice", "password": "sai"}, REMOTE_ADDR="10.0.0.9")
    ask_reset(client, "alice@phuong-a.gov.vn", django_capture_on_commit_callbacks)
    set_password(client, re.search(r"https?://\S+", mailoutbox[0].body).group(0), NEW_PASSWORD)
    response = client.post("/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert response.status_code == 302


# Sessions end when the password changes -------------------------------------------------


def test_a_password_change_ends_the_other_sessions(with_email):
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post("/login/", {"username": "alice", "password": TEST_PASSWORD})
        assert browser.get("/").status_code == 200
    here.post(
        "/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert SecurityEvent.objects.filter(kind=EventKind.PASSWORD_CHANGED).exists()


def test_a_reset_ends_every_session(with_email, mailoutbox, django_capture_on_commit_callbacks):
    browser = Client()
    browser.post("/login/", {"username": "alice", "password": TEST_PASSWORD})
    ask_reset(Client(), "alice@phuong-a.gov.vn", django_capture_on_commit_callbacks)
    set_password(Client(), re.search(r"https?://\S+", mailoutbox[0].body).group(0), NEW_PASSWORD)
    assert browser.get("/").status_code == 302


def test_the_reset_pages_are_public_and_translated(client):
    page = client.get("/account/password/reset/")
    assert page.status_code == 200
    assert "Quên mật khẩu?" in page.text
    assert "Quên mật khẩu?" in client.get("/login/").text


def test_links_point_at_the_site_url(admin_user, settings, invited):
    settings.SITE_URL = "https://thidua.quangninh.gov.vn"
    link = services.account_link(user=User.objects.get(pk=invited.pk), kind="invitation")
    assert link.startswith("https://thidua.quangninh.gov.vn/account/welcome/")
