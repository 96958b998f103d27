"""The council's session (awards.sessions): quorum, the secret ballot, thresholds, closing
and the gate to a decision (docs/awards.md, "The council's session")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards import services, sessions
from awards.models import (
    AgendaItem,
    BallotCast,
    CouncilSession,
    EligibilityRule,
    LegalBasis,
    Nomination,
    RuleKind,
    SessionMember,
)
from awards.models.council import reaches
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def session(city, members, nominations):
    return sessions.session_create(
        user=members[0],
        organiser=city,
        name="Phiên họp xét khen thưởng năm 2024",
        held_on=dt.date(2024, 8, 20),
        place="Phòng họp số 1",
        members=members,
        nominations=nominations,
        quorum="two_thirds",
        majority="more_than_half",
    )


def vote(session, member, *choices):
    items = list(session.items.order_by("order"))
    return sessions.ballot_cast(
        user=member,
        session=session,
        choices={item.pk: choice for item, choice in zip(items, choices, strict=True)},
    )


def test_reaches_compares_shares_exactly():
    assert reaches(2, 3, percent=Decimal(50), strict=True)
    assert not reaches(1, 2, percent=Decimal(50), strict=True)
    assert reaches(2, 3, percent=Decimal(200) / 3, strict=False)
    assert not reaches(1, 3, percent=Decimal(200) / 3, strict=False)
    assert not reaches(8, 9, percent=Decimal(90), strict=False)
    assert reaches(9, 10, percent=Decimal(90), strict=False)
    assert not reaches(0, 0, percent=Decimal(50), strict=True)


def test_without_quorum_the_session_cannot_close(session, members):
    sessions.session_attendance(user=members[0], session=session, present=members[:1])
    with pytest.raises(ValidationError, match="quorum"):
        sessions.session_close(user=members[0], session=session)
    session.refresh_from_db()
    assert session.is_open
    assert set(Nomination.objects.values_list("status", flat=True)) == {"proposed"}


def test_results_follow_from_the_counts_of_all_members(session, members, nominations):
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, True)
    vote(session, members[1], True, False)
    vote(session, members[2], False, False)
    sessions.session_close(user=members[0], session=session, conclusions="Thống nhất.")
    first, second = session.items.order_by("order")
    assert (first.agree, first.disagree, first.result) == (2, 1, "passed")
    assert (second.agree, second.disagree, second.result) == (1, 2, "failed")
    assert first.threshold == "more than half of the members"
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {nominations[0].pk: "approved", nominations[1].pk: "rejected"}
    assert "1 of 3 members agreed" in Nomination.objects.get(pk=nominations[1].pk).review_comment


def test_the_legal_packs_share_applies_to_its_title(session, members, nominations, catalogue):
    EligibilityRule.objects.create(
        title=catalogue["giay-khen-ca-nhan"],
        kind=RuleKind.BALLOT,
        share_percent=Decimal(90),
        valid_from=dt.date(2024, 1, 1),
        legal_basis=LegalBasis.objects.get(code="nd-98-2023"),
        article="Điều thử",
    )
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, True)
    vote(session, members[1], True, True)
    vote(session, members[2], True, False)
    sessions.session_close(user=members[0], session=session)
    first, second = session.items.order_by("order")
    # 3 of 3 reach 90 %; 2 of 3 (67 %) do not, although more than half agreed.
    assert (first.result, second.result) == ("passed", "failed")
    assert "90% of all members" in second.threshold


def test_a_member_votes_once_per_nominee(session, members):
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[1], True, False)
    with pytest.raises(ValidationError, match="already voted"):
        vote(session, members[1], False, True)
    assert [(i.agree, i.disagree) for i in session.items.order_by("order")] == [(1, 0), (0, 1)]
    assert BallotCast.objects.filter(member=members[1]).count() == 2


def test_only_present_invited_members_vote(session, members, city):
    sessions.session_attendance(user=members[0], session=session, present=members[:2])
    with pytest.raises(ValidationError, match="present"):
        vote(session, members[2], True, True)
    outsider = UserFactory(role="council")
    city.organiser_members.add(outsider)
    with pytest.raises(ValidationError, match="invited"):
        vote(session, outsider, True, True)
    assert not BallotCast.objects.exists()


def test_a_vote_after_closing_is_refused_and_closing_is_final(session, members):
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, True)
    vote(session, members[1], True, True)
    sessions.session_close(user=members[0], session=session)
    with pytest.raises(ValidationError, match="closed"):
        vote(session, members[2], True, True)
    with pytest.raises(ValidationError, match="closed"):
        sessions.session_close(user=members[0], session=session)
    with pytest.raises(ValidationError, match="closed"):
        sessions.session_attendance(user=members[0], session=session, present=members[:1])
    assert [(i.agree, i.disagree) for i in session.items.order_by("order")] == [(2, 0), (2, 0)]


def test_the_ballot_record_cannot_reveal_a_members_vote(session, members):
    """Read every column of every row that names a member: none holds a choice, and the
    cast rows are the same whatever the member voted."""
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, False)
    vote(session, members[1], False, True)
    cast_columns = {f.column for f in BallotCast._meta.concrete_fields}
    assert cast_columns == {"id", "item_id", "member_id"}
    seat_columns = {f.column for f in SessionMember._meta.concrete_fields}
    assert seat_columns == {"id", "session_id", "member_id", "present"}
    # No other table of the app refers to a member and an agenda item together.
    for model in (CouncilSession, AgendaItem):
        names = {f.name for f in model._meta.concrete_fields}
        assert not {"member", "voter", "choice", "vote"} & names
    # The rows of the two members are alike: item ids in the same order, nothing else.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {BallotCast._meta.db_table} WHERE member_id = %s ORDER BY id",
            [members[0].pk],
        )
        first = [row[1:] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT * FROM {BallotCast._meta.db_table} WHERE member_id = %s ORDER BY id",
            [members[1].pk],
        )
        second = [row[1:] for row in cursor.fetchall()]
    assert [r for r in first] == [(item, members[0].pk) for item, _ in second]
    # No history table records the counts changing vote by vote.
    assert not hasattr(AgendaItem, "history")


def test_only_council_members_of_the_organiser_are_invited(city, council_member, nominations):
    admin = UserFactory(role="admin", is_staff=True)
    city.organiser_members.add(admin)
    with pytest.raises(ValidationError, match="council"):
        sessions.session_create(
            user=council_member,
            organiser=city,
            name="Phiên họp",
            held_on=dt.date(2024, 8, 20),
            place="Phòng họp",
            members=[council_member, admin],
            nominations=nominations,
            quorum="two_thirds",
            majority="more_than_half",
        )
    assert not CouncilSession.objects.exists()


def test_a_nominee_below_threshold_cannot_enter_a_decision(
    session, members, nominations, admin_user, draft
):
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, False)
    vote(session, members[1], True, False)
    sessions.session_close(user=members[0], session=session)
    passed, failed = (Nomination.objects.get(pk=n.pk) for n in nominations)
    with pytest.raises(ValidationError, match="not approved by the council in a closed session"):
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[failed])
    assert (
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[passed])
        == 1
    )


def test_an_approval_without_a_session_cannot_enter_a_decision(
    nominations, council_member, admin_user, draft
):
    nomination = services.nomination_review(
        nomination=nominations[0], reviewer=council_member, approve=True, comment=""
    )
    with pytest.raises(ValidationError, match="closed session"):
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])
    assert not draft.recipients.exists()


def test_a_passed_nominee_is_not_put_on_another_agenda(session, members, nominations, city):
    sessions.session_attendance(user=members[0], session=session, present=members)
    vote(session, members[0], True, True)
    vote(session, members[1], True, True)
    sessions.session_close(user=members[0], session=session)
    assert not sessions.agenda_candidates(city).exists()
    with pytest.raises(ValidationError, match="agenda"):
        sessions.session_create(
            user=members[0],
            organiser=city,
            name="Phiên họp lần 2",
            held_on=dt.date(2024, 9, 1),
            place="Phòng họp",
            members=members,
            nominations=nominations[:1],
            quorum="two_thirds",
            majority="more_than_half",
        )
