"""A unit's page (dates, predecessors, successors), the units on a date, recording a
reorganisation: who sees what, and bad input."""

import datetime as dt

import pytest

from blocs.models import Reorganisation, Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def new_ward(db):
    return UnitFactory(code="phuong-moi", name="Phường Mới", kind="ward", valid_from=REFORM)


def merge_data(ending, successor, **extra):
    return {
        "kind": "merge",
        "effective_on": "01/07/2025",
        "ending": [u.pk for u in ending],
        "successors": [successor.pk],
        "legal_basis": "Nghị quyết 1679/NQ-UBTVQH15 ngày 16/06/2025",
        "source_url": "",
        "note": "",
        **extra,
    }


def test_admin_records_a_merge_and_the_units_pages_show_it(
    client, admin_user, unit_a, unit_b, new_ward
):
    client.force_login(admin_user)
    response = client.post("/blocs/units/reorganise/", merge_data([unit_a, unit_b], new_ward))
    assert response.status_code == 302
    unit_a.refresh_from_db()
    assert unit_a.valid_to == dt.date(2025, 6, 30)
    page = client.get(f"/blocs/units/{new_ward.pk}/").text
    predecessors = page.split('id="predecessors"')[1].split("</ul>")[0]
    assert "Phường A" in predecessors and "Xã B" in predecessors
    assert "01/07/2025" in page and "1679/NQ-UBTVQH15" in page
    old = client.get(f"/blocs/units/{unit_a.pk}/").text
    assert "30/06/2025" in old.split('id="unit-dates"')[1]
    assert "Phường Mới" in old.split('id="successors"')[1].split("</ul>")[0]


def test_a_wrong_reorganisation_is_explained_and_changes_nothing(
    client, admin_user, unit_a, unit_b, new_ward
):
    client.force_login(admin_user)
    data = merge_data([unit_a], new_ward)
    data["successors"] = [new_ward.pk, unit_b.pk]
    response = client.post("/blocs/units/reorganise/", data)
    assert response.status_code == 200
    assert "đúng một đơn vị kế tiếp" in response.text
    response = client.post("/blocs/units/reorganise/", {**data, "effective_on": "31/02/2025"})
    assert response.status_code == 200
    assert not Reorganisation.objects.exists()
    assert Unit.objects.get(pk=unit_a.pk).valid_to is None


@pytest.mark.parametrize("actor", ["secretary_a", "council_member"])
def test_only_the_admin_records_a_reorganisation(client, request, actor, unit_a, unit_b, new_ward):
    client.force_login(request.getfixturevalue(actor))
    assert client.get("/blocs/units/reorganise/").status_code == 403
    response = client.post("/blocs/units/reorganise/", merge_data([unit_a], new_ward))
    assert response.status_code == 403
    assert not Reorganisation.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, unit_a):
    for url in ("/blocs/units/", f"/blocs/units/{unit_a.pk}/", "/blocs/units/reorganise/"):
        assert client.get(url).status_code == 302


def test_a_secretary_sees_their_own_unit_only(client, secretary_a, unit_a, unit_b):
    client.force_login(secretary_a)
    assert client.get(f"/blocs/units/{unit_a.pk}/").status_code == 200
    assert client.get(f"/blocs/units/{unit_b.pk}/").status_code == 404
    listed = client.get("/blocs/units/").text.split('id="unit-table"')[1]
    assert "Phường A" in listed and "Xã B" not in listed


def test_the_units_list_shows_the_units_of_a_date(
    client, admin_user, unit_a, new_ward, django_assert_max_num_queries
):
    unit_a.valid_to = dt.date(2025, 6, 30)
    unit_a.save()
    UnitFactory.create_batch(40, valid_from=REFORM)
    client.force_login(admin_user)
    before = client.get("/blocs/units/?on=15/03/2024").text.split('id="unit-table"')[1]
    assert "Phường A" in before and "Phường Mới" not in before
    with django_assert_max_num_queries(12):
        after = client.get("/blocs/units/?on=06/12/2026").text.split('id="unit-table"')[1]
    assert "Phường A" not in after and "Phường Mới" in after


def test_a_bad_date_is_explained(client, admin_user, unit_a):
    client.force_login(admin_user)
    response = client.get("/blocs/units/?on=32/13/2025")
    assert response.status_code == 200
    assert "alert-danger" in response.text
