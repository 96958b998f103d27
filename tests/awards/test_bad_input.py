"""People and nominations: impossible years, control characters and endless text
are refused with the reason where the secretary types them; nothing is saved."""

import pytest
from django.utils import timezone

from awards.models import Nomination, Person

pytestmark = pytest.mark.django_db

CONTROL = [
    "Nguyễn\tVăn An",  # a tab
    "Nguyễn Văn\nAn",  # a line break
    "Nguyễn \x1b[31mAn",  # a terminal escape
    "Nguyễn\x00An",  # NUL, which PostgreSQL refuses to store
    "Nguyễn \u202enA náV",  # a right-to-left override
    "Nguyễn\u2028An",  # a line separator
    "Nguyễn\x85An",  # a C1 "next line"
]


def person_post(**changes):
    return {
        "full_name": "Nguyễn Văn Bảo",
        "position": "Chuyên viên",
        "gender": "male",
        "birth_year": "1985",
        "service_from": "01/09/2010",
        **changes,
    }


def register(client, secretary, unit, **changes):
    client.force_login(secretary)
    return client.post("/awards/people/new/", {"unit": unit.pk, **person_post(**changes)})


def test_a_person_with_a_plausible_birth_year_is_registered(client, secretary_a, unit_a):
    response = register(client, secretary_a, unit_a)
    assert response.status_code == 302
    assert Person.objects.get().birth_year == 1985


@pytest.mark.parametrize("year", ["0", "1800", "1899", "2999", "next year"])
def test_an_impossible_birth_year_is_refused(client, secretary_a, unit_a, year):
    if year == "next year":
        year = str(timezone.localdate().year + 1)
    response = register(client, secretary_a, unit_a, birth_year=year)
    assert response.status_code == 200
    assert "Năm sinh phải từ 1900 đến" in response.text
    assert not Person.objects.exists()


@pytest.mark.parametrize("year", ["２０００", "٢٠٠٠", "२०००", "²⁰⁰⁰"])
def test_a_birth_year_in_other_scripts_digits_is_refused(client, secretary_a, unit_a, year):
    response = register(client, secretary_a, unit_a, birth_year=year)
    assert response.status_code == 200
    assert not Person.objects.exists()


@pytest.mark.parametrize("name", CONTROL)
@pytest.mark.parametrize("field", ["full_name", "position"])
def test_control_characters_in_a_name_or_position_are_refused(
    client, secretary_a, unit_a, field, name
):
    response = register(client, secretary_a, unit_a, **{field: name})
    assert response.status_code == 200
    assert "ký tự điều khiển" in response.text or "ký tự rỗng (NUL)" in response.text, field
    assert not Person.objects.exists()


def nomination_post(unit, person, campaign, catalogue, **changes):
    return {
        "unit": unit.pk,
        "recipient_kind": "individual",
        "person": person.pk,
        "title": catalogue["giay-khen-ca-nhan"].pk,
        "campaign": campaign.pk,
        "year": 2024,
        "kind": "ad_hoc",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        "details": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"achievement": "Hoàn thành\txuất sắc"}, "ký tự điều khiển"),
        ({"achievement": "Hoàn thành \u202exuất sắc"}, "ký tự điều khiển"),
        ({"details": "Chủ trì\x1b[2J số hóa"}, "ký tự điều khiển"),
        ({"details": "Chủ trì số hóa. " * 2_000}, "Tối đa 20.000 ký tự"),
        ({"year": "２０２４"}, ""),
    ],
)
def test_a_nomination_with_bad_text_is_refused(
    client, secretary_a, unit_a, person_a, campaign, catalogue, changes, reason
):
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        nomination_post(unit_a, person_a, campaign, catalogue, **changes),
    )
    assert response.status_code == 200
    assert reason in response.text
    assert not Nomination.objects.exists()


def test_line_breaks_are_kept_in_free_text(
    client, secretary_a, unit_a, person_a, campaign, catalogue
):
    client.force_login(secretary_a)
    client.post(
        "/awards/nominations/new/",
        nomination_post(
            unit_a, person_a, campaign, catalogue, details="Chủ trì số hóa.\r\n\tHồ sơ 2024."
        ),
    )
    assert Nomination.objects.get().details == "Chủ trì số hóa.\r\n\tHồ sơ 2024."


def test_admin_adding_malformed_nomination_ids_to_a_decision_changes_nothing(
    client, admin_user, draft
):
    from tests.test_query_params import MALFORMED

    client.force_login(admin_user)
    response = client.post(f"/awards/decisions/{draft.pk}/nominations/", {"nominations": MALFORMED})
    assert response.status_code == 302
    assert not draft.recipients.exists()
