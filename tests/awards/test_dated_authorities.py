"""An authority that has ended cannot issue; an ended unit cannot propose or be nominated."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards import services
from awards.models import Decision
from tests.factories import TEST_PASSWORD

from .conftest import propose

pytestmark = pytest.mark.django_db

CITY_END = dt.date(2025, 6, 30)


@pytest.fixture
def ended_city_authority(city_authority):
    city_authority.valid_from = dt.date(2008, 9, 24)
    city_authority.valid_to = CITY_END
    city_authority.save()
    return city_authority


def test_an_ended_authority_cannot_date_a_decision_after_its_end(
    admin_user, ended_city_authority, draft
):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.decision_save(user=admin_user, decision=draft, decided_on=dt.date(2026, 1, 5))
    assert "ceased to exist on 30/06/2025" in str(error.value)
    assert Decision.objects.get(pk=draft.pk).decided_on == dt.date(2024, 9, 2)


def test_a_draft_of_an_authority_that_ended_since_cannot_be_issued(
    admin_user, city_authority, draft
):
    city_authority.valid_to = dt.date(2024, 8, 31)
    city_authority.save()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.decision_issue(user=admin_user, decision=draft, password=TEST_PASSWORD)
    assert "cannot issue a decision dated 02/09/2024" in str(error.value)
    assert Decision.objects.get(pk=draft.pk).status == "draft"


def test_a_decision_before_the_end_is_still_accepted(admin_user, ended_city_authority, draft):
    services.decision_save(user=admin_user, decision=draft, decided_on=CITY_END)
    assert Decision.objects.get(pk=draft.pk).decided_on == CITY_END


def test_the_admin_is_told_in_the_form_and_nothing_changes(
    client, admin_user, ended_city_authority, draft
):
    client.force_login(admin_user)
    response = client.post(
        f"/awards/decisions/{draft.pk}/edit/",
        {
            "authority": ended_city_authority.pk,
            "number": 123,
            "decided_on": "05/01/2026",
            "kind": "ad_hoc",
            "summary": "Về việc khen thưởng đột xuất",
            "signer_name": "Lê Văn Chính",
            "signer_position": "Phó Chủ tịch",
            "signing_mode": "KT.",
        },
    )
    assert response.status_code == 200
    assert "30/06/2025" in response.text and "05/01/2026" in response.text
    assert Decision.objects.get(pk=draft.pk).decided_on == dt.date(2024, 9, 2)


def test_an_ended_unit_cannot_propose_or_be_nominated_after_its_end(
    secretary_a, unit_a, person_a, catalogue, campaign
):
    from awards.models import Title

    unit_a.valid_to = dt.date(2024, 12, 31)
    unit_a.save()
    collective = Title.objects.filter(recipient_kind="collective").first()
    individual = Title.objects.filter(recipient_kind="individual").first()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            propose(secretary_a, unit_a, None, collective, campaign, year=2025)
        assert "cannot be nominated for 2025" in str(error.value)
        with pytest.raises(ValidationError) as error:
            propose(secretary_a, unit_a, person_a, individual, campaign, year=2025)
        assert "cannot propose for 2025" in str(error.value)
    # For a year it existed in, it still may.
    assert propose(secretary_a, unit_a, person_a, individual, campaign, year=2024).pk
