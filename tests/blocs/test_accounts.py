"""The admin's accounts page: units, last sign-in, second factor; invitations per unit
or from a spreadsheet; a secretary who changes job is replaced."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from campaigns.models import ReportChange
from mongcai.accounts.models import EventKind, SecurityEvent, User
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ tên", "Thư điện tử", "Đơn vị"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("moi.xlsx", buffer.getvalue())


def test_the_admin_sees_units_last_sign_in_and_second_factor(
    client, admin_user, secretary_a, secretary_b, council_member, django_assert_max_num_queries
):
    for index in range(30):
        UserFactory(units=[UnitFactory()], username=f"tk{index}")
    client.force_login(admin_user)
    # 13: the units of each account and the organisers of each (two prefetches).
    with django_assert_max_num_queries(13):
        page = client.get("/users/")
    assert page.status_code == 200
    row = page.text.split('data-account="alice"')[1].split("</tr>")[0]
    assert "Phường A" in row
    assert "Chưa bật" in row
    row = page.text.split('data-account="charlie"')[1].split("</tr>")[0]
    assert "Đang bật" in row


def test_the_list_filters_by_role_and_state(client, admin_user, secretary_a, council_member):
    secretary_a.is_active = False
    secretary_a.save()
    client.force_login(admin_user)
    assert 'data-account="alice"' not in client.get("/users/").text
    page = client.get("/users/?state=inactive")
    assert 'data-account="alice"' in page.text and "Đã vô hiệu hóa" in page.text
    page = client.get("/users/?role=council&state=")
    assert 'data-account="charlie"' in page.text and 'data-account="alice"' not in page.text


@pytest.mark.parametrize("actor", ["secretary_a", "council_member"])
def test_only_admins_manage_accounts(client, request, actor, secretary_b):
    client.force_login(request.getfixturevalue(actor))
    for url in ("/users/", "/users/invite/", "/users/invite/template.xlsx"):
        assert client.get(url).status_code == 403, url
    for url in ("/users/invite/upload/", "/users/invite/person/"):
        assert client.post(url).status_code == 403, url
    assert client.get(f"/users/{secretary_b.pk}/deactivate/").status_code == 403
    assert client.post(f"/users/{secretary_b.pk}/deactivate/").status_code == 403


def test_an_outsider_is_sent_to_sign_in(client):
    assert client.get("/users/").status_code == 302


def test_the_admin_invites_the_secretaries_of_chosen_units(
    client, admin_user, unit_a, unit_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    url = f"/users/invite/?units={unit_a.pk}&units={unit_b.pk}"
    page = client.get(url)
    assert "Phường A" in page.text and "Xã B" in page.text
    data = {
        f"u{unit_a.pk}-unit": unit_a.pk,
        f"u{unit_a.pk}-full_name": "Trần Văn An",
        f"u{unit_a.pk}-email": "an@phuong-a.gov.vn",
        f"u{unit_b.pk}-unit": unit_b.pk,
        f"u{unit_b.pk}-full_name": "Lê Thị Bình",
        f"u{unit_b.pk}-email": "binh@xa-b.gov.vn",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "2 lời mời đã được gửi" in response.text
    an = User.objects.get(username="an@phuong-a.gov.vn")
    assert list(an.units.all()) == [unit_a] and not an.has_usable_password()
    assert {m.to[0] for m in mailoutbox} == {"an@phuong-a.gov.vn", "binh@xa-b.gov.vn"}
    event = SecurityEvent.objects.get(kind=EventKind.INVITATION_SENT, subject=an)
    assert event.detail == "Phường A" and event.actor == admin_user


def test_a_bad_row_invites_nobody(client, admin_user, unit_a, unit_b, secretary_a, mailoutbox):
    secretary_a.email = "alice@phuong-a.gov.vn"
    secretary_a.save()
    client.force_login(admin_user)
    url = f"/users/invite/?units={unit_a.pk}&units={unit_b.pk}"
    data = {
        f"u{unit_a.pk}-unit": unit_a.pk,
        f"u{unit_a.pk}-full_name": "Trần Văn An",
        f"u{unit_a.pk}-email": "an@phuong-a.gov.vn",
        f"u{unit_b.pk}-unit": unit_b.pk,
        f"u{unit_b.pk}-full_name": "Alice",
        f"u{unit_b.pk}-email": "alice@phuong-a.gov.vn",
    }
    response = client.post(url, data)
    assert "alice@phuong-a.gov.vn" in response.text and "Đã có tài khoản" in response.text
    assert not User.objects.filter(username="an@phuong-a.gov.vn").exists()
    assert mailoutbox == []


def test_the_admin_invites_from_a_spreadsheet(
    client, admin_user, unit_a, unit_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    template = load_workbook(io.BytesIO(client.get("/users/invite/template.xlsx").content))
    assert ["unit-a", "Phường A"] in [list(r) for r in template.worksheets[1].values]
    upload = xlsx(
        [
            ["Trần Văn An", "an@phuong-a.gov.vn", "unit-a"],
            [None, None, None],
            ["Lê Thị Bình", "binh@xa-b.gov.vn", "Xã B"],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/users/invite/upload/", {"file": upload}, follow=True)
    assert "2 lời mời đã được gửi" in response.text
    assert list(User.objects.get(username="binh@xa-b.gov.vn").units.all()) == [unit_b]
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["An", "an@x.vn", "khong-co"]], "Dòng 2: không có đơn vị “khong-co”"),
        ([["An", "an@x.vn", "unit-a"], ["Ba", "ba@x.vn", "unit-a"]], "mỗi đơn vị một thư ký"),
        ([["An", "khong-phai-email", "unit-a"]], "Dòng 2"),
        ([["", "an@x.vn", "unit-a"]], "thiếu họ tên"),
        ([], "không có thư ký nào"),
    ],
)
def test_a_spreadsheet_with_a_wrong_row_invites_nobody(
    client, admin_user, unit_a, unit_b, rows, message
):
    client.force_login(admin_user)
    response = client.post("/users/invite/upload/", {"file": xlsx(rows)}, follow=True)
    assert message in response.text
    assert not User.objects.filter(role="secretary").exists()


def test_an_upload_that_is_not_a_spreadsheet_or_unpacks_too_far_is_refused(
    client, admin_user, unit_a, settings
):
    client.force_login(admin_user)
    response = client.post(
        "/users/invite/upload/", {"file": SimpleUploadedFile("a.xlsx", b"not a zip")}, follow=True
    )
    assert "không phải tệp Excel" in response.text
    settings.TEMPLATE_MAX_UNPACKED_BYTES = 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 10_000)
    response = client.post(
        "/users/invite/upload/",
        {"file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert "bị từ chối" in response.text


def test_the_admin_invites_a_council_member(
    client, admin_user, city, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/users/invite/person/",
            {
                "full_name": "Phạm Hùng",
                "email": "hung@mongcai.gov.vn",
                "role": "council",
                "organiser": city.pk,
            },
        )
    user = User.objects.get(username="hung@mongcai.gov.vn")
    assert user.is_council and not user.has_usable_password()
    assert list(user.organisers.all()) == [city]
    assert len(mailoutbox) == 1


def test_a_secretary_changing_job_is_deactivated_and_the_unit_moves(
    client, admin_user, secretary_a, unit_a, report_a
):
    successor = UserFactory(username="nam", full_name="Nam")
    change = ReportChange.objects.create(
        report=report_a, user=secretary_a, at=timezone.now(), kind="status", new="submitted"
    )
    client.force_login(admin_user)
    page = client.get(f"/users/{secretary_a.pk}/deactivate/")
    assert "Phường A" in page.text
    response = client.post(
        f"/users/{secretary_a.pk}/deactivate/", {"successor": successor.pk}, follow=True
    )
    assert "Alice (A) đã bị vô hiệu hóa" in response.text
    secretary_a.refresh_from_db()
    assert not secretary_a.is_active
    assert list(unit_a.secretaries.all()) == [successor]
    # History keeps who did each thing: the change is still the old secretary's.
    change.refresh_from_db()
    assert change.user == secretary_a
    kinds = set(SecurityEvent.objects.filter(subject=secretary_a).values_list("kind", flat=True))
    assert {EventKind.DEACTIVATED, EventKind.UNITS_MOVED} <= kinds
    # The old account cannot sign in.
    client.post("/logout/")
    response = client.post("/login/", {"username": "alice", "password": "s3cret-Test-pass"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_leaving_secretarys_successor_can_be_invited(
    client, admin_user, secretary_a, unit_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/users/{secretary_a.pk}/deactivate/",
            {"new_full_name": "Đỗ Minh", "new_email": "minh@phuong-a.gov.vn"},
        )
    minh = User.objects.get(username="minh@phuong-a.gov.vn")
    assert list(minh.units.all()) == [unit_a]
    assert mailoutbox[0].to == ["minh@phuong-a.gov.vn"]


def test_a_leaving_secretary_needs_a_successor_for_the_units(
    client, admin_user, secretary_a, unit_a
):
    client.force_login(admin_user)
    response = client.post(f"/users/{secretary_a.pk}/deactivate/", {})
    assert "Hãy chọn người nhận các đơn vị" in response.text
    secretary_a.refresh_from_db()
    assert secretary_a.is_active


def test_a_deactivated_secretarys_open_session_ends(client, admin_user, secretary_a, unit_a):
    other = UserFactory(username="nam")
    client.force_login(secretary_a)
    assert client.get("/").status_code == 200
    admin = type(client)()
    admin.force_login(admin_user)
    admin.post(f"/users/{secretary_a.pk}/deactivate/", {"successor": other.pk})
    assert client.get("/").status_code == 302


def test_the_admin_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/users/{admin_user.pk}/deactivate/", {}, follow=True)
    assert "Bạn không thể vô hiệu hóa tài khoản của chính mình" in response.text
    admin_user.refresh_from_db()
    assert admin_user.is_active
