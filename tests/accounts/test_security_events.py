"""The security record: written by every security event, read and exported by the
admin, never changed (no change or delete in the admin, a trigger in the database)."""

import csv
import datetime as dt
import io

import pytest
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from mongcai.accounts.models import EventKind, SecurityEvent
from mongcai.accounts.services import security_event_record
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_ins_are_recorded(client, secretary_a):
    client.post("/login/", {"username": "alice", "password": TEST_PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = SecurityEvent.objects.get(kind=EventKind.LOGIN)
    assert (event.actor, event.subject, event.ip_address) == (secretary_a, secretary_a, "10.1.2.3")


@pytest.mark.parametrize("statement", ["UPDATE {t} SET detail = 'x'", "DELETE FROM {t}"])
def test_the_database_refuses_to_change_or_delete_an_event(secretary_a, statement):
    security_event_record(kind=EventKind.LOGIN, actor=secretary_a, subject=secretary_a)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(t=SecurityEvent._meta.db_table))
    assert SecurityEvent.objects.get().detail == ""


def test_the_orm_cannot_change_an_event_either(secretary_a):
    event = security_event_record(kind=EventKind.LOGIN, subject=secretary_a)
    event.detail = "sửa"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()


def test_the_admin_site_shows_events_read_only(client, admin_user, secretary_a):
    event = security_event_record(kind=EventKind.LOGIN, subject=secretary_a)
    client.force_login(admin_user)
    assert client.get("/admin/accounts/securityevent/").status_code == 200
    page = client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(f"/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/securityevent/add/").status_code == 403


@pytest.fixture
def events(admin_user, secretary_a, council_member):
    rows = []
    for index in range(120):
        rows.append(
            SecurityEvent(
                kind=EventKind.LOGIN_FAILED if index % 2 else EventKind.LOGIN,
                subject=secretary_a if index % 3 else council_member,
                username="alice" if index % 3 else "charlie",
                ip_address="10.0.0.1",
                at=dt.datetime(2026, 11, 1 + index % 28, 3, 0, tzinfo=dt.UTC),
                detail='=HYPERLINK("http://x")' if index == 0 else "",
            )
        )
    SecurityEvent.objects.bulk_create(rows)


def test_the_admin_filters_the_record(client, admin_user, events, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(9):
        page = client.get("/account/events/?kind=login_failed&username=alice")
    assert page.status_code == 200
    shown = page.context["page"].object_list
    assert {e.kind for e in shown} == {EventKind.LOGIN_FAILED}
    assert {e.username for e in shown} == {"alice"}
    page = client.get("/account/events/?since=2026-11-03&until=2026-11-03")
    assert {e.at.day for e in page.context["page"].object_list} == {3}
    bad = client.get("/account/events/?since=2026-11-05&until=2026-11-01&kind=nope")
    assert bad.status_code == 200
    assert "Ngày bắt đầu sau ngày kết thúc" in bad.text


def test_the_admin_exports_the_filtered_record(client, admin_user, events):
    client.force_login(admin_user)
    response = client.get("/account/events/export.csv?username=charlie")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Thời điểm", "Sự kiện"]
    assert len(rows) == 1 + 40 and {r[2] for r in rows[1:]} == {"charlie"}
    assert any(r[5].startswith("'=HYPERLINK") for r in rows[1:])
    response = client.get("/account/events/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + SecurityEvent.objects.count()  # the 120 and the admin's sign-in
    formula = next(c for c in sheet["F"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert client.get("/account/events/export.pdf").status_code == 404


@pytest.mark.parametrize("actor", ["secretary_a", "council_member"])
def test_only_admins_read_the_record(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/account/events/").status_code == 403
    assert client.get("/account/events/export.csv").status_code == 403


def test_an_outsider_is_sent_to_sign_in_from_the_record(client):
    assert client.get("/account/events/").status_code == 302
    assert client.get("/account/events/export.xlsx").status_code == 302
