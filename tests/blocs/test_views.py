import pytest

from tests.factories import MembershipFactory, UnitFactory


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
