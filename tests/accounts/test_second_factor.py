"""The second factor: required of admins and council members, open to secretaries."""

import base64
import datetime as dt
import re

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mongcai.accounts.models import EventKind, SecurityEvent
from tests.factories import RECOVERY_CODES, TEST_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db

COUNCIL_PAGE = "/campaigns/reports/"


def sign_in(client, username, password=TEST_PASSWORD, follow=True):
    return client.post("/login/", {"username": username, "password": password}, follow=follow)


def after_the_back_off():
    """A wrong code makes the device wait (1 s after one failure): a person types again later."""
    return time_machine.travel(dt.timedelta(seconds=5))


def code_of(secret: str) -> str:
    """What an authenticator app shows for the key typed from the enrolment page."""
    key = base64.b32decode(secret.replace(" ", ""))
    totp = TOTP(key)
    return f"{totp.token():06d}"


@pytest.fixture
def new_council_member(db):
    return UserFactory(username="hoa", full_name="Hoa", role="council", second_factor=False)


def test_a_council_member_without_a_second_factor_is_sent_to_enrol(client, new_council_member):
    response = sign_in(client, "hoa")
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/?next=")
    assert "Thiết lập xác thực hai lớp" in response.text
    # Every council page leads back there until it is done.
    response = client.get(COUNCIL_PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/?next=%2Fcampaigns%2Freports%2F"
    assert client.get("/awards/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_force_logged_in_admin_without_a_device_cannot_reach_the_admin_site(client):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True, second_factor=False)
    client.force_login(admin)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/")


def test_enrolment_shows_a_qr_code_and_the_key_then_gives_recovery_codes_once(
    client, new_council_member
):
    sign_in(client, "hoa")
    page = client.get("/account/two-factor/?next=/campaigns/reports/")
    assert page.status_code == 200
    assert (
        '<svg width="' in page.text
        and "<script" not in page.text.split("<main")[1].split("</main>")[0]
    )
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page.text).group(1)
    # Reloading shows the same key: the enrolment in progress is kept.
    assert secret in client.get("/account/two-factor/").text
    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert "Mã không đúng" in wrong.text
    new_council_member.refresh_from_db()
    assert not new_council_member.has_second_factor
    with after_the_back_off():
        response = client.post(
            "/account/two-factor/", {"code": code_of(secret), "next": "/campaigns/reports/"}
        )
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{4}-[a-z2-7]{4})</li>", codes_page.text)
    assert len(codes) == 10
    assert "no-store" in codes_page["Cache-Control"]
    assert 'href="/campaigns/reports/"' in codes_page.text
    # Shown once: the page does not show them again.
    again = client.get("/account/recovery-codes/")
    assert '<li class="col">' not in again.text
    assert "10 mã khôi phục" in again.text
    new_council_member.refresh_from_db()
    assert new_council_member.has_second_factor
    # This session passed the factor: the council page opens.
    assert client.get(COUNCIL_PAGE).status_code == 200
    assert SecurityEvent.objects.filter(
        kind=EventKind.SECOND_FACTOR_ENROLLED, subject=new_council_member
    ).exists()


def test_sign_in_with_the_code(client, council_member):
    response = sign_in(client, "charlie")
    assert response.redirect_chain[-1][0] == "/account/code/?next=%2F"
    assert client.get(COUNCIL_PAGE).status_code == 302
    response = client.post(
        "/account/code/", {"code": totp_code(council_member), "next": COUNCIL_PAGE}
    )
    assert response["Location"] == COUNCIL_PAGE
    assert client.get(COUNCIL_PAGE).status_code == 200


def test_without_the_code_nothing_opens(client, council_member):
    sign_in(client, "charlie")
    for url in (COUNCIL_PAGE, "/", "/awards/", "/account/", "/password/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/code/"), url
    wrong = client.post("/account/code/", {"code": "123456"})
    assert "Mã không đúng" in wrong.text
    assert client.get(COUNCIL_PAGE).status_code == 302
    assert SecurityEvent.objects.filter(
        kind=EventKind.SECOND_FACTOR_FAILED, subject=council_member
    ).exists()
    # One may still leave, or switch the language.
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/logout/").status_code == 302


def test_a_code_is_accepted_once(client, council_member):
    code = totp_code(council_member)
    sign_in(client, "charlie")
    client.post("/account/code/", {"code": code})
    client.post("/logout/")
    sign_in(client, "charlie")
    replay = client.post("/account/code/", {"code": code})
    assert "Mã không đúng" in replay.text


def test_wrong_codes_back_off(client, council_member):
    sign_in(client, "charlie")
    for _ in range(3):
        client.post("/account/code/", {"code": "111111"})
    response = client.post("/account/code/", {"code": totp_code(council_member)})
    assert "Nhập sai mã quá nhiều lần" in response.text
    assert client.get(COUNCIL_PAGE).status_code == 302


def test_a_recovery_code_signs_in_once(client, council_member):
    sign_in(client, "charlie")
    response = client.post("/account/code/", {"code": RECOVERY_CODES[0].upper()}, follow=True)
    assert "còn 2 mã" in response.text
    assert client.get(COUNCIL_PAGE).status_code == 200
    client.post("/logout/")
    sign_in(client, "charlie")
    again = client.post("/account/code/", {"code": RECOVERY_CODES[0]})
    assert "Mã không đúng" in again.text
    assert StaticToken.objects.filter(device__user=council_member).count() == 2
    assert SecurityEvent.objects.filter(
        kind=EventKind.RECOVERY_CODE_USED, subject=council_member
    ).exists()


def test_recovery_codes_renewed_replace_the_old_ones(client, council_member):
    client.force_login(council_member)
    response = client.post("/account/recovery-codes/", follow=True)
    codes = re.findall(r"([a-z2-7]{4})-([a-z2-7]{4})</li>", response.text)
    assert len(codes) == 10
    client.post("/logout/")
    sign_in(client, "charlie")
    client.post("/account/code/", {"code": "".join(codes[0])})
    assert client.get(COUNCIL_PAGE).status_code == 200
    client.post("/logout/")
    sign_in(client, "charlie")
    assert "Mã không đúng" in client.post("/account/code/", {"code": RECOVERY_CODES[1]}).text
    assert SecurityEvent.objects.filter(kind=EventKind.RECOVERY_CODES_RENEWED).exists()


def test_a_secretary_signs_in_without_a_second_factor(client, secretary_a):
    response = sign_in(client, "alice")
    assert response.redirect_chain[-1][0] == "/"
    assert "Chưa bật" in client.get("/account/").text


def test_a_secretary_may_enable_and_then_needs_it(client, secretary_a):
    sign_in(client, "alice")
    page = client.get("/account/two-factor/")
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page.text).group(1)
    client.post("/account/two-factor/", {"code": code_of(secret)})
    client.post("/logout/")
    response = sign_in(client, "alice")
    assert response.redirect_chain[-1][0].startswith("/account/code/")
    client.post("/account/code/", {"code": totp_code(secretary_a)})
    assert client.get("/campaigns/reports/").status_code == 200


def test_a_secretary_may_turn_it_off_with_a_code(client, secretary_a):
    device = TOTPDevice.objects.create(user=secretary_a, confirmed=True)
    secretary_a.has_second_factor = True
    secretary_a.save()
    client.force_login(secretary_a)
    assert "Tắt xác thực hai lớp" in client.get("/account/").text
    client.post("/account/two-factor/off/", {"code": "000000"})
    secretary_a.refresh_from_db()
    assert secretary_a.has_second_factor
    with after_the_back_off():
        client.post("/account/two-factor/off/", {"code": totp_code(secretary_a)})
    secretary_a.refresh_from_db()
    assert not secretary_a.has_second_factor
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_council_member_cannot_turn_it_off(client, council_member):
    client.force_login(council_member)
    page = client.get("/account/")
    assert "Tắt xác thực hai lớp" not in page.text
    response = client.post("/account/two-factor/off/", {"code": totp_code(council_member)})
    assert response.status_code == 403
    council_member.refresh_from_db()
    assert council_member.has_second_factor


def test_the_admin_resets_a_lost_second_factor(client, admin_user, council_member):
    client.force_login(admin_user)
    response = client.post(
        f"/account/{council_member.pk}/two-factor/reset/", {"next": "/users/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/users/"
    council_member.refresh_from_db()
    assert not council_member.has_second_factor
    assert not TOTPDevice.objects.filter(user=council_member).exists()
    event = SecurityEvent.objects.get(kind=EventKind.SECOND_FACTOR_RESET)
    assert (event.actor, event.subject) == (admin_user, council_member)
    # The council member enrols again at the next sign-in.
    other = type(client)()
    assert sign_in(other, "charlie").redirect_chain[-1][0].startswith("/account/two-factor/")


def test_a_verified_session_whose_factor_is_reset_must_enrol_again(client, admin_user):
    council = UserFactory(role="council")
    client.force_login(council)
    assert client.get(COUNCIL_PAGE).status_code == 200
    admin_client = type(client)()
    admin_client.force_login(admin_user)
    admin_client.post(f"/account/{council.pk}/two-factor/reset/")
    assert client.get(COUNCIL_PAGE)["Location"].startswith("/account/two-factor/")


@pytest.mark.parametrize("actor", ["secretary_a", "council_member"])
def test_only_admins_reset_second_factors(client, request, actor, admin_user):
    client.force_login(request.getfixturevalue(actor))
    assert client.post(f"/account/{admin_user.pk}/two-factor/reset/").status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.has_second_factor


def test_the_admin_site_signs_in_through_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fadmin%2F"


def test_demo_accounts_are_spared_only_in_the_demo(client, settings):
    demo = UserFactory(username="hoidong", role="council", is_demo=True, second_factor=False)
    settings.DEBUG = True
    assert sign_in(client, "hoidong").redirect_chain[-1][0] == "/"
    assert client.get(COUNCIL_PAGE).status_code == 200
    settings.DEBUG = False
    # Outside the demo the session is dropped and the published password refused.
    assert client.get(COUNCIL_PAGE)["Location"].startswith("/login/")
    other = type(client)()
    response = sign_in(other, "hoidong", follow=False)
    assert response.status_code == 200
    assert "_auth_user_id" not in other.session
    assert demo.check_password(TEST_PASSWORD)
