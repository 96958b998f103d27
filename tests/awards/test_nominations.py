"""Nominations: own unit only, one award per achievement, council review, the flag."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from awards import services
from awards.models import Nomination

from .conftest import propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
IN_2024 = dt.datetime(2024, 9, 1, 9, 0, tzinfo=dt.UTC)


def test_secretary_cannot_propose_for_another_unit(
    secretary_a, unit_b, person_b, campaign, catalogue
):
    with pytest.raises(ValidationError, match="your own unit"):
        propose(secretary_a, unit_b, person_b, catalogue["giay-khen-ca-nhan"], campaign)
    assert not Nomination.objects.exists()


def test_a_person_of_another_unit_is_refused(secretary_a, unit_a, person_b, campaign, catalogue):
    with pytest.raises(ValidationError, match="does not belong to the unit"):
        propose(secretary_a, unit_a, person_b, catalogue["giay-khen-ca-nhan"], campaign)


def test_same_person_campaign_and_achievement_cannot_be_nominated_twice(
    secretary_a, unit_a, person_a, campaign, catalogue
):
    propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    with pytest.raises(ValidationError, match=r"(?i)already nominated for this campaign"):
        propose(secretary_a, unit_a, person_a, catalogue["bang-khen-ca-nhan"], campaign)
    assert Nomination.objects.count() == 1
    # A different achievement is another award.
    propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["giay-khen-ca-nhan"],
        campaign,
        achievement="Cứu người đuối nước",
    )
    assert Nomination.objects.count() == 2


def test_the_database_refuses_a_duplicate_nomination(
    secretary_a, unit_a, person_a, campaign, catalogue
):
    first = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    first.pk = None
    with pytest.raises(IntegrityError):
        first.save()


def test_a_rejected_nomination_frees_the_achievement(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    first = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    services.nomination_review(
        nomination=first, reviewer=council_member, approve=False, comment="Chưa đủ minh chứng"
    )
    again = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    assert again.status == "proposed"


def test_council_approves_with_a_comment(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    services.nomination_review(
        nomination=nomination, reviewer=council_member, approve=True, comment="Đồng ý"
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.review_comment, nomination.reviewed_by) == (
        "approved",
        "Đồng ý",
        council_member,
    )


def test_rejection_needs_a_reason(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    with pytest.raises(ValidationError, match="Say why"):
        services.nomination_review(
            nomination=nomination, reviewer=council_member, approve=False, comment=" "
        )
    nomination.refresh_from_db()
    assert nomination.status == "proposed"


@time_machine.travel(IN_2024, tick=False)
def test_a_blocking_failure_prevents_approval(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["chien-si-thi-dua-co-so"], campaign
    )
    with pytest.raises(
        ValidationError, match=r"It cannot be approved: .*Lao động tiên tiến is missing for 2024"
    ):
        services.nomination_review(
            nomination=nomination, reviewer=council_member, approve=True, comment=""
        )
    nomination.refresh_from_db()
    assert nomination.status == "proposed"


@pytest.mark.parametrize("actor", ["secretary_a", "admin_user"])
def test_only_the_council_reviews(
    request, actor, secretary_a, unit_a, person_a, campaign, catalogue
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    user = request.getfixturevalue(actor)
    if user.is_superuser:
        user.is_superuser = False
        user.save()
    with pytest.raises(ValidationError, match="Only the council"):
        services.nomination_review(nomination=nomination, reviewer=user, approve=True, comment="")


def test_a_reviewed_nomination_is_not_reviewed_again(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    services.nomination_review(
        nomination=nomination, reviewer=council_member, approve=True, comment=""
    )
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.nomination_review(
            nomination=nomination, reviewer=council_member, approve=False, comment="Đổi ý"
        )


def test_flag_nomination_is_a_per_campaign_collective_proposal_and_idempotent(
    secretary_a, unit_a, campaign, catalogue
):
    first = services.flag_nomination_propose(
        unit=unit_a,
        campaign=campaign,
        year=2023,
        achievements="Đơn vị dẫn đầu Khối thi đua năm 2023\nHoàn thành vượt mức 12/20 chỉ tiêu",
        proposed_by=secretary_a,
    )
    assert (first.title.code, first.kind, first.status, first.recipient_kind, first.collective) == (
        "co-thi-dua",
        "campaign",
        "proposed",
        "collective",
        unit_a,
    )
    assert first.achievement == "Đơn vị dẫn đầu Khối thi đua năm 2023"
    assert {c["rule"] for c in first.checks} >= {"in_force", "kind", "once"}
    again = services.flag_nomination_propose(
        unit=unit_a, campaign=campaign, year=2023, achievements="Khác", proposed_by=secretary_a
    )
    assert again.pk == first.pk
    assert Nomination.objects.count() == 1


def test_a_unit_cannot_propose_itself_for_the_emulation_flag(
    secretary_a, admin_user, unit_a, campaign, catalogue
):
    """Issue 13: the flag comes from the bloc's ranking or from the council."""
    for title in ("co-thi-dua", "co-thi-dua-chinh-phu"):
        assert catalogue[title].proposal_route == "ranking_council"
        for proposer in (secretary_a, admin_user):
            with pytest.raises(ValidationError, match="bloc's ranking or from the council"):
                propose(proposer, unit_a, None, catalogue[title], campaign, year=2026)
    assert not Nomination.objects.exists()
    # The bloc's ranking still proposes its leading unit.
    flag = services.flag_nomination_propose(
        unit=unit_a,
        campaign=campaign,
        year=2026,
        achievements="Đơn vị dẫn đầu Khối",
        proposed_by=secretary_a,
    )
    assert flag.title.code == "co-thi-dua"
