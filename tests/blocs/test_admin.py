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


@pytest.mark.django_db
def test_the_admin_sees_and_gives_a_secretarys_units_on_the_user_page(
    client, admin_user, secretary_a, unit_a, unit_b
):
    """The link is declared on the unit (accounts stands below blocs); the user's page
    still shows it, and the unit's page edits it."""
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{secretary_a.pk}/change/")
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0].formset
    assert [form.instance.unit for form in inline.initial_forms] == [unit_a]
    unit_page = client.get(f"/admin/blocs/unit/{unit_b.pk}/change/")
    data = {**unit_page.context["adminform"].form.initial, "valid_to": ""}
    data.update(
        valid_from=unit_b.valid_from.strftime("%d/%m/%Y"),
        parent=unit_b.parent_id,
        successors=[],
        secretaries=[secretary_a.pk],
        **{"children-TOTAL_FORMS": "0", "children-INITIAL_FORMS": "0"},
    )
    response = client.post(f"/admin/blocs/unit/{unit_b.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(secretary_a.units.all()) == {unit_a, unit_b}
