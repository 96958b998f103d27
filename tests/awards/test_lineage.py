"""History follows successors: what a predecessor unit earned is found from its successor."""

import datetime as dt

import pytest

from awards import eligibility, services
from awards.models import RecipientKind
from blocs.models import ReorganisationKind
from blocs.selectors import unit_lineage_ids
from blocs.services import reorganisation_record
from tests.factories import UnitFactory

from .conftest import issued_with

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def merged(unit_a, unit_b):
    """Units A and B merged into a new ward on 01/07/2025."""
    new = UnitFactory(code="phuong-moi", name="Phường Mới", kind="ward", valid_from=REFORM)
    reorganisation_record(
        kind=ReorganisationKind.MERGE,
        effective_on=REFORM,
        ending=[unit_a, unit_b],
        successors=[new],
        legal_basis="Nghị quyết thử",
    )
    return new


def decision_on(admin_user, authority, day, number, campaign):
    return services.decision_save(
        user=admin_user,
        authority=authority,
        number=number,
        decided_on=day,
        kind="ad_hoc",
        campaign=campaign,
        summary="Về việc khen thưởng",
        signer_name="Lê Văn C",
        signer_position="Chủ tịch",
    )


def test_lineage_goes_back_through_every_reorganisation(unit_a, unit_b, merged):
    later = UnitFactory(code="phuong-sau", valid_from=dt.date(2026, 1, 1))
    reorganisation_record(
        kind=ReorganisationKind.MERGE,
        effective_on=dt.date(2026, 1, 1),
        ending=[merged],
        successors=[later],
        legal_basis="Nghị quyết thử 2",
    )
    assert unit_lineage_ids(later) == {later.pk, merged.pk, unit_a.pk, unit_b.pk}
    assert unit_lineage_ids(unit_a) == {unit_a.pk}


def test_the_successors_history_shows_the_predecessors_awards(
    client, admin_user, city_authority, catalogue, unit_a, person_a, merged, campaign
):
    decision = decision_on(admin_user, city_authority, dt.date(2024, 12, 20), 7, campaign)
    issued_with(
        admin_user,
        decision,
        [
            (unit_a, catalogue["giay-khen-tap-the"], "Hoàn thành xuất sắc 2024"),
            (person_a, catalogue["giay-khen-ca-nhan"], "Cứu người"),
        ],
    )
    # The person goes on at the new ward: their award stays in their history.
    person_a.unit = merged
    person_a.save()
    client.force_login(admin_user)
    page = client.get(f"/awards/units/{merged.pk}/").text
    assert "Hoàn thành xuất sắc 2024" in page and "Cứu người" in page
    assert "Phường A" in page  # shown at the unit where it was earned
    assert "Cứu người" in client.get(f"/awards/people/{person_a.pk}/").text


def test_titles_earned_by_predecessors_count_for_consecutive_years(
    admin_user, city_authority, catalogue, unit_a, merged, campaign
):
    title = catalogue["giay-khen-tap-the"]
    issued_with(
        admin_user,
        decision_on(admin_user, city_authority, dt.date(2024, 12, 20), 8, campaign),
        [(unit_a, title, "Năm 2024")],
    )
    nominee = eligibility.Nominee(
        recipient_kind=RecipientKind.COLLECTIVE,
        person=None,
        collective=merged,
        unit=merged,
        title=catalogue["bang-khen-tap-the"],
        campaign=campaign,
        year=2026,
        achievement="Năm 2026",
        on_date=dt.date(2026, 12, 1),
    )
    held, _pending = eligibility._years_held(nominee, title, [2024, 2025, 2026])
    assert held == {2024}
    # A unit that is not in the lineage does not inherit it.
    other = UnitFactory(code="khac", valid_from=REFORM)
    nominee.collective = nominee.unit = other
    assert eligibility._years_held(nominee, title, [2024])[0] == set()
