import pytest

from blocs.models import Unit
from tests.factories import UnitFactory


@pytest.mark.django_db
def test_admin_refuses_a_parent_cycle_and_changes_nothing(client, admin_user):
    top = UnitFactory(name="Tỉnh", code="tinh")
    child = UnitFactory(name="Thành phố", code="tp", parent=top)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/blocs/unit/{top.pk}/change/",
        {
            "code": "tinh",
            "name": "Tỉnh đổi tên",
            "short_name": "",
            "kind": "province",
            "parent": child.pk,
            "valid_from": "24/09/2008",
            "valid_to": "",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "không thể là cấp trên của chính nó" in response.text
    top.refresh_from_db()
    assert top.parent is None
    assert top.name == "Tỉnh"


@pytest.mark.django_db
def test_admin_creates_a_unit_with_a_vietnamese_date(client, admin_user):
    city = UnitFactory(code="tp", kind="city")
    client.force_login(admin_user)
    response = client.post(
        "/admin/blocs/unit/add/",
        {
            "code": "phuong-moi",
            "name": "Phường mới",
            "short_name": "",
            "kind": "ward",
            "parent": city.pk,
            "valid_from": "01/07/2025",
            "valid_to": "",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text
    unit = Unit.objects.get(code="phuong-moi")
    assert unit.valid_from.isoformat() == "2025-07-01"
    assert unit.parent == city


@pytest.mark.django_db
def test_secretary_cannot_open_the_admin(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get("/admin/blocs/unit/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
