import datetime as dt

import pytest

from tests.factories import BlocFactory, MembershipFactory, UnitFactory


@pytest.mark.django_db
def test_bloc_page_lists_members_with_the_head_first(client, secretary_b, unit_a, unit_b):
    client.force_login(secretary_b)
    response = client.get("/blocs/?year=2023")
    assert response.status_code == 200
    text = response.text
    assert "Khối thử" in text
    assert text.index("Phường A") < text.index("Xã B")
    assert "Trưởng khối" in text


@pytest.mark.django_db
def test_bloc_page_query_count_does_not_grow_with_units(
    client, council_member, bloc, django_assert_max_num_queries
):
    for _ in range(60):
        MembershipFactory(bloc=bloc, unit=UnitFactory(), year=2023)
    client.force_login(council_member)
    with django_assert_max_num_queries(8):
        response = client.get("/blocs/?year=2023")
    assert response.text.count("list-group-item d-flex") == 60


def test_bloc_page_needs_login(client):
    response = client.get("/blocs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_bloc_page_shows_heads_over_the_years_and_the_term(
    client, secretary_b, bloc, unit_a, unit_b
):
    MembershipFactory(bloc=bloc, unit=unit_b, year=2022, role="head")
    MembershipFactory(bloc=bloc, unit=unit_a, year=2022, role="deputy")
    client.force_login(secretary_b)
    response = client.get(f"/blocs/{bloc.code}/?year=2023")
    assert response.status_code == 200
    history = response.text.split('id="head-history"')[1]
    assert history.index("2023") < history.index("2022")
    assert "nhiệm kỳ 01/01/2023–31/12/2023" in response.text
    assert "Đề xuất Trưởng khối" not in response.text  # only admins confirm the rotation


@pytest.mark.django_db
def test_admin_sees_the_suggested_head_and_confirms_it(client, admin_user, bloc, unit_a, unit_b):
    from blocs.models import BlocMembership

    client.force_login(admin_user)
    page = client.get(f"/blocs/{bloc.code}/")
    assert "Đề xuất Trưởng khối: <strong>Xã B</strong>" in page.text
    response = client.post(
        f"/blocs/{bloc.code}/rotate/",
        {"year": 2024, "head": unit_b.pk, "deputy": unit_a.pk},
        follow=True,
    )
    assert "Xã B làm Trưởng khối năm 2024." in response.text
    assert BlocMembership.objects.get(year=2024, role="head").unit == unit_b


@pytest.mark.django_db
def test_rotation_refuses_same_head_and_deputy(client, admin_user, bloc, unit_a, unit_b):
    from blocs.models import BlocMembership

    client.force_login(admin_user)
    response = client.post(
        f"/blocs/{bloc.code}/rotate/",
        {"year": 2024, "head": unit_b.pk, "deputy": unit_b.pk},
        follow=True,
    )
    assert "phải là hai đơn vị khác nhau" in response.text
    assert not BlocMembership.objects.filter(year=2024).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary_a", "secretary_b", "council_member"])
def test_only_admins_confirm_a_rotation(request, client, bloc, unit_a, unit_b, who):
    from blocs.models import BlocMembership

    client.force_login(request.getfixturevalue(who))
    response = client.post(f"/blocs/{bloc.code}/rotate/", {"year": 2024, "head": unit_b.pk})
    assert response.status_code == 403
    assert not BlocMembership.objects.filter(year=2024).exists()


def _bloc_detail_queries(client, bloc, members: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for year in (2022, 2023):
        for index in range(members):
            MembershipFactory(
                bloc=bloc,
                unit=UnitFactory(),
                year=year,
                role="head" if index == 0 else "member",
            )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/blocs/{bloc.code}/?year=2023").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_bloc_detail_query_count_does_not_grow_with_members(client, admin_user):
    from tests.factories import BlocFactory

    client.force_login(admin_user)
    small = _bloc_detail_queries(client, BlocFactory(), 3)
    large = _bloc_detail_queries(client, BlocFactory(), 40)
    # 18 with the admin's second-factor device, loaded once per request.
    assert small == large <= 18


@pytest.mark.django_db
def test_merged_units_keep_their_years_and_the_new_unit_appears_from_its_start(
    client, council_member
):
    import datetime as dt

    from tests.factories import BlocFactory

    bloc = BlocFactory(code="phuong")
    old = UnitFactory(name="Phường Ka Long", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Phường Móng Cái 1", valid_from=dt.date(2025, 7, 1))
    old.successors.add(new)
    MembershipFactory(bloc=bloc, unit=old, year=2025, role="head")
    MembershipFactory(bloc=bloc, unit=new, year=2026, role="head")
    client.force_login(council_member)
    before = client.get("/blocs/phuong/?year=2025").text.split('id="members"')[1].split("</ul>")[0]
    after = client.get("/blocs/phuong/?year=2026").text.split('id="members"')[1].split("</ul>")[0]
    assert "Phường Ka Long" in before and "đến 30/06/2025" in before
    assert "Phường Móng Cái 1" not in before
    assert "Phường Móng Cái 1" in after and "Phường Ka Long" not in after
    history = client.get("/blocs/phuong/").text.split('id="head-history"')[1]
    assert history.index("Phường Móng Cái 1") < history.index("Phường Ka Long")


@pytest.mark.django_db
def test_bloc_page_groups_the_blocs_under_each_organiser_that_numbers_them(
    client, admin_user, council_member, city, bloc, unit_a
):
    """Each organiser numbers its blocs from 1: one who reads several organisers sees
    each organiser's blocs under its name, not two "1." in one list."""
    ward = UnitFactory(code="ward-org", name="Phường Tổ chức", kind="ward", is_organiser=True)
    type(bloc).objects.filter(pk=bloc.pk).update(order=1)
    BlocFactory(organiser=ward, name="Khối các khu phố", order=1)
    client.force_login(admin_user)
    text = client.get("/blocs/?year=2023").text
    assert text.count('data-testid="bloc-organiser"') == 2
    assert text.index("Phường Tổ chức") < text.index("1. Khối các khu phố")
    assert text.index("Thành phố thử") < text.index("1. Khối thử")
    # An organiser merged away keeps its blocs' history, after those that exist.
    type(city).objects.filter(pk=city.pk).update(valid_to=dt.date(2025, 6, 30))
    text = client.get("/blocs/?year=2023").text
    assert text.index("Phường Tổ chức") < text.index("Thành phố thử") < text.index("1. Khối thử")
    assert "Thành phố thử <small" in text and "30/06/2025" in text
    # A reader of one organiser gets no heading.
    client.force_login(council_member)
    text = client.get("/blocs/?year=2023").text
    assert "1. Khối thử" in text and "Khối các khu phố" not in text
    assert 'data-testid="bloc-organiser"' not in text
