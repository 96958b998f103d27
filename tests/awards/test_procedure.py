"""Annual registration, public disclosure, the gate of a direct recipient and the
minutes' number (awards.procedure, awards.sessions; docs/awards.md)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from awards import eligibility, procedure, services, sessions
from awards.models import DecisionRecipient, Nomination, Registration
from tests.awards.conftest import add_recipient, pass_by_session, propose
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

JAN = dt.date(2024, 1, 10)


@pytest.fixture
def registration_round(admin_user, city, catalogue):
    return procedure.round_open(
        user=admin_user, organiser=city, year=2024, deadline=dt.date(2024, 1, 31)
    )


def register(secretary, registration_round, title, nominee, *, today=JAN):
    individual = title.recipient_kind == "individual"
    return procedure.registration_add(
        user=secretary,
        registration_round=registration_round,
        title=title,
        person=nominee if individual else None,
        collective=None if individual else nominee,
        today=today,
    )


def test_the_pack_says_which_titles_need_registration(catalogue):
    codes = set(procedure.registrable_titles(2024).values_list("code", flat=True))
    assert {"lao-dong-tien-tien", "tap-the-lao-dong-tien-tien", "co-thi-dua"} <= codes
    assert "giay-khen-ca-nhan" not in codes


def test_a_secretary_registers_their_people_and_unit_by_the_deadline(
    registration_round, secretary_a, unit_a, person_a, catalogue
):
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    register(
        secretary_a,
        registration_round,
        catalogue["tap-the-lao-dong-tien-tien"],
        unit_a,
        today=dt.date(2024, 1, 31),
    )
    assert Registration.objects.filter(round=registration_round, unit=unit_a).count() == 2


def test_registering_after_the_deadline_is_refused_until_the_admin_extends_it(
    registration_round, secretary_a, person_a, admin_user, catalogue
):
    late = dt.date(2024, 2, 1)
    with pytest.raises(ValidationError, match="closed on 31/01/2024"):
        register(
            secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a, today=late
        )
    assert not Registration.objects.exists()
    procedure.round_set_deadline(
        user=admin_user, registration_round=registration_round, deadline=dt.date(2024, 2, 15)
    )
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a, today=late)
    assert Registration.objects.count() == 1


def test_a_duplicate_registration_is_refused(registration_round, secretary_a, person_a, catalogue):
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    with pytest.raises(ValidationError, match="already registered"):
        register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    assert Registration.objects.count() == 1


def test_a_secretary_cannot_register_another_units_people(
    registration_round, secretary_b, person_a, catalogue
):
    with pytest.raises(ValidationError, match="your own units"):
        register(secretary_b, registration_round, catalogue["lao-dong-tien-tien"], person_a)


def test_a_title_without_registration_is_refused(
    registration_round, secretary_a, person_a, catalogue
):
    with pytest.raises(ValidationError, match="not a title registered"):
        register(secretary_a, registration_round, catalogue["giay-khen-ca-nhan"], person_a)


def test_only_the_organisers_admin_opens_a_round(city, catalogue, secretary_a, council_member):
    for user in (secretary_a, council_member):
        with pytest.raises(ValidationError, match="administrator"):
            procedure.round_open(
                user=user, organiser=city, year=2025, deadline=dt.date(2025, 1, 31)
            )


def test_one_round_per_organiser_and_year(registration_round, admin_user, city):
    with pytest.raises(ValidationError, match="already has a registration"):
        procedure.round_open(
            user=admin_user, organiser=city, year=2024, deadline=dt.date(2024, 2, 28)
        )


def test_reminders_name_the_units_before_the_deadline(
    registration_round, secretary_a, person_a, unit_a, catalogue
):
    rows = procedure.registration_reminders(secretary_a, today=dt.date(2024, 1, 26))
    assert [(r["unit"], r["registered"], r["days_left"]) for r in rows] == [(unit_a, False, 5)]
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    rows = procedure.registration_reminders(secretary_a, today=dt.date(2024, 1, 26))
    assert rows[0]["registered"] is True
    assert procedure.registration_reminders(secretary_a, today=dt.date(2024, 1, 10)) == []


def test_the_registered_check_shows_whether_the_nominee_registered(
    registration_round, secretary_a, person_a, person_a2, catalogue, campaign, unit_a
):
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    title = catalogue["lao-dong-tien-tien"]
    for person, outcome in ((person_a, "passed"), (person_a2, "failed")):
        nomination = propose(secretary_a, unit_a, person, title, campaign)
        check = {c["rule"]: c for c in nomination.checks}["registered"]
        assert check["outcome"] == outcome
        assert check["blocking"] is False
        assert "Luật" in check["basis"] or "06/2022" in check["basis"]
    assert eligibility.RULES["registered"]


# ---------------------------------------------------------------- disclosure


@pytest.fixture
def disclosure(admin_user, city, nominations):
    return procedure.disclosure_publish(
        user=admin_user,
        organiser=city,
        year=2024,
        name="Công khai danh sách đề nghị khen thưởng năm 2024",
        starts_on=dt.date(2024, 8, 1),
        ends_on=dt.date(2024, 8, 10),
    )


def test_the_admin_publishes_the_years_nominees(disclosure, nominations):
    assert set(disclosure.nominations.all()) == set(nominations)


def test_members_comment_while_the_list_is_open(disclosure, nominations, secretary_b):
    comment = procedure.comment_send(
        user=secretary_b,
        disclosure=disclosure,
        nomination=nominations[0],
        text="Đề nghị làm rõ thành tích.",
        today=dt.date(2024, 8, 5),
    )
    assert (comment.author, comment.is_resolved) == (secretary_b, False)
    for day in (dt.date(2024, 7, 31), dt.date(2024, 8, 11)):
        with pytest.raises(ValidationError, match="received from 01/08/2024 to 10/08/2024"):
            procedure.comment_send(
                user=secretary_b,
                disclosure=disclosure,
                nomination=nominations[0],
                text="Muộn",
                today=day,
            )
    assert disclosure.comments.count() == 1


def test_only_members_of_the_organiser_comment(disclosure, nominations):
    outsider = UserFactory(username="outsider", role="secretary")
    with pytest.raises(ValidationError, match="members of the organiser"):
        procedure.comment_send(
            user=outsider,
            disclosure=disclosure,
            nomination=nominations[0],
            text="Ý kiến",
            today=dt.date(2024, 8, 5),
        )


def test_a_resolution_is_recorded_once_by_the_admin(
    disclosure, nominations, secretary_b, admin_user
):
    comment = procedure.comment_send(
        user=secretary_b,
        disclosure=disclosure,
        nomination=nominations[0],
        text="Ý kiến",
        today=dt.date(2024, 8, 5),
    )
    with pytest.raises(ValidationError, match="administrator"):
        procedure.comment_resolve(user=secretary_b, comment=comment, resolution="Đã xử lý")
    procedure.comment_resolve(user=admin_user, comment=comment, resolution="Đã xác minh, đúng.")
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by) == ("Đã xác minh, đúng.", admin_user)
    assert comment.resolved_at is not None
    with pytest.raises(ValidationError, match="already resolved"):
        procedure.comment_resolve(user=admin_user, comment=comment, resolution="Lần hai")


def test_the_agenda_shows_comments_and_warns_before_the_disclosure_ends(
    disclosure, nominations, secretary_b, members, city
):
    procedure.comment_send(
        user=secretary_b,
        disclosure=disclosure,
        nomination=nominations[0],
        text="Ý kiến",
        today=dt.date(2024, 8, 5),
    )
    for held_on, warned in ((dt.date(2024, 8, 10), True), (dt.date(2024, 8, 11), False)):
        session = sessions.session_create(
            user=members[0],
            organiser=city,
            name="Phiên họp",
            held_on=held_on,
            place="Phòng họp",
            members=members,
            nominations=nominations,
            quorum="two_thirds",
            majority="more_than_half",
        )
        items = list(session.items.select_related("nomination").order_by("order"))
        procedure.agenda_procedure(items, session.held_on)
        assert items[0].disclosed and [c.text for c in items[0].comments] == ["Ý kiến"]
        assert items[0].disclosure_warning is warned
        assert items[1].comments == []


def test_the_session_closes_only_once_the_disclosure_has_ended(
    disclosure, nominations, members, city
):
    session = sessions.session_create(
        user=members[0],
        organiser=city,
        name="Phiên họp",
        held_on=dt.date(2024, 8, 10),
        place="Phòng họp",
        members=members,
        nominations=nominations,
        quorum="two_thirds",
        majority="more_than_half",
    )
    sessions.session_attendance(user=members[0], session=session, present=members)
    for member in members:
        sessions.ballot_cast(
            user=member, session=session, choices={i.pk: True for i in session.items.all()}
        )
    with (
        time_machine.travel(dt.datetime(2024, 8, 10, 8, tzinfo=dt.UTC)),
        pytest.raises(ValidationError, match="runs until 10/08/2024"),
    ):
        sessions.session_close(user=members[0], session=session)
    session.refresh_from_db()
    assert session.status == "open"
    assert {n.status for n in Nomination.objects.filter(pk__in=[n.pk for n in nominations])} == {
        "proposed"
    }
    with time_machine.travel(dt.datetime(2024, 8, 11, 9, tzinfo=dt.UTC)):
        sessions.session_close(user=members[0], session=session)
    assert session.items.filter(result="passed").count() == 2


# ---------------------------------------------------------------- the gate


def test_a_nominee_cannot_be_added_directly_bypassing_the_council(
    admin_user, draft, nominations, council_member, catalogue, person_a
):
    title = catalogue["giay-khen-ca-nhan"]
    with pytest.raises(ValidationError, match="only a nominee passed by a closed session"):
        add_recipient(admin_user, draft, person_a, title, "Trực tiếp")
    pass_by_session(council_member, nominations[:1], agree=False)  # failed: below threshold
    with pytest.raises(ValidationError, match="only a nominee passed by a closed session"):
        add_recipient(admin_user, draft, person_a, title, "Trực tiếp")
    with pytest.raises(ValidationError, match="not approved by the council"):
        services.decision_add_nominations(
            user=admin_user, decision=draft, nominations=nominations[:1]
        )
    assert not DecisionRecipient.objects.exists()


def test_a_recipient_outside_the_nomination_route_is_still_added(
    admin_user, draft, catalogue, unit_b
):
    add_recipient(admin_user, draft, unit_b, catalogue["giay-khen-tap-the"], "Đột xuất")
    assert draft.recipients.count() == 1


# ---------------------------------------------------------------- the minutes' number


def test_the_admin_numbers_the_minutes_of_a_closed_session(admin_user, council_member, nominations):
    session = pass_by_session(council_member, nominations)
    with pytest.raises(ValidationError, match="administrator"):
        sessions.session_minutes_number(
            user=council_member, session=session, number=5, day=dt.date(2024, 8, 21)
        )
    with pytest.raises(ValidationError, match="before the session"):
        sessions.session_minutes_number(
            user=admin_user, session=session, number=5, day=dt.date(2024, 8, 1)
        )
    sessions.session_minutes_number(
        user=admin_user, session=session, number=5, day=dt.date(2024, 8, 21)
    )
    session.refresh_from_db()
    assert (session.minutes_number, session.minutes_date) == (5, dt.date(2024, 8, 21))
    import io

    import docx

    from awards.session_document import minutes_docx

    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(minutes_docx(session))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Số: 05/BB-HĐTĐKT" in text
    assert "ngày 21 tháng 8 năm 2024" in text


def test_a_minutes_number_is_given_once_per_organiser_and_year(
    admin_user, council_member, nominations
):
    first = pass_by_session(council_member, nominations[:1])
    second = pass_by_session(council_member, nominations[1:])
    sessions.session_minutes_number(
        user=admin_user, session=first, number=5, day=dt.date(2024, 8, 21)
    )
    with pytest.raises(ValidationError, match="already given"):
        sessions.session_minutes_number(
            user=admin_user, session=second, number=5, day=dt.date(2024, 9, 1)
        )


def test_an_email_reminder_goes_once_to_units_not_registered(
    registration_round, secretary_a, secretary_b, person_a, catalogue, mailoutbox
):
    secretary_a.email, secretary_b.email = "a@example.com", "b@example.com"
    secretary_a.save(update_fields=["email"])
    secretary_b.save(update_fields=["email"])
    register(secretary_a, registration_round, catalogue["lao-dong-tien-tien"], person_a)
    assert procedure.registration_reminders_send(today=dt.date(2024, 1, 20), days_before=3) == 0
    assert procedure.registration_reminders_send(today=dt.date(2024, 1, 29), days_before=3) == 1
    assert mailoutbox[0].to == ["b@example.com"]
    assert "31/01/2024" in mailoutbox[0].body
    assert procedure.registration_reminders_send(today=dt.date(2024, 1, 30), days_before=3) == 0
    assert len(mailoutbox) == 1


def test_the_registration_reminders_are_scheduled():
    from mongcai.celery import app

    entry = app.conf.beat_schedule["registration-reminders"]
    assert entry["task"] == "awards.tasks.registration_reminders_send"
