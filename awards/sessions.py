"""The council's session: convene, record attendance, vote by secret ballot, close.

Only a nominee passed by a closed session can go into a decision
(`passed_nomination_ids`, asked by `services.decision_add_nominations`). The votes
needed per title come from the legal pack (an `EligibilityRule` of kind ballot in
force on the session's date) or else from the council's regulation (`majority`),
always as a share of all the members invited, present or not; the quorum is a share
of them too.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.permissions import in_organiser_scope
from mongcai.accounts.models import Role, User
from mongcai.lib.text import validate_text

from .models import (
    AgendaItem,
    AgendaResult,
    BallotCast,
    CouncilSession,
    DecisionRecipient,
    EligibilityRule,
    Nomination,
    NominationStatus,
    RuleKind,
    SessionMember,
    SessionStatus,
)
from .models.council import THRESHOLD_SHARES, reaches
from .procedure import disclosure_status


def passed_nomination_ids(nominations) -> set[int]:
    """The nominations passed by a closed session (one query)."""
    return set(
        AgendaItem.objects.filter(
            nomination__in=nominations,
            result=AgendaResult.PASSED,
            session__status=SessionStatus.CLOSED,
        ).values_list("nomination_id", flat=True)
    )


def council_members(organiser) -> "list[User]":
    """Who may sit on the organiser's council: its members with the council role."""
    return list(
        organiser.organiser_members.filter(role=Role.COUNCIL, is_active=True).order_by(
            "full_name", "username"
        )
    )


def agenda_candidates(organiser):
    """Nominations of the organiser's campaigns the council has not passed yet and that
    are not in a decision: proposed, or approved under the former single review."""
    return (
        Nomination.objects.filter(
            campaign__organiser=organiser,
            status__in=[NominationStatus.PROPOSED, NominationStatus.APPROVED],
        )
        .exclude(
            agenda_items__result=AgendaResult.PASSED,
            agenda_items__session__status=SessionStatus.CLOSED,
        )
        .exclude(
            pk__in=DecisionRecipient.objects.filter(nomination__isnull=False).values(
                "nomination_id"
            )
        )
        .select_related("person", "collective", "household", "title", "unit")
        .order_by("title__name", "pk")
    )


def _require_council(user, organiser_id: int):
    if not (user.is_council or user.is_superuser) or not in_organiser_scope(user, organiser_id):
        raise ValidationError(_("Only the organiser's council holds its sessions."))


def _locked_open(session: CouncilSession) -> CouncilSession:
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("This session is closed: hold a new session instead."))
    return session


@transaction.atomic
def session_create(
    *,
    user,
    organiser,
    name: str,
    held_on,
    place: str,
    members,
    nominations,
    quorum: str,
    majority: str,
    regulation: str = "",
) -> CouncilSession:
    """Convene a session of the organiser's council with its members and agenda."""
    _require_council(user, organiser.pk)
    members = list(members)
    nominations = list(nominations)
    if not members:
        raise ValidationError(_("Invite the council's members."))
    if not nominations:
        raise ValidationError(_("Put at least one nominee on the agenda."))
    allowed = {m.pk for m in council_members(organiser)}
    if any(m.pk not in allowed for m in members):
        raise ValidationError(_("Only members of this organiser's council can be invited."))
    candidates = set(agenda_candidates(organiser).values_list("pk", flat=True))
    for nomination in nominations:
        if nomination.pk not in candidates:
            raise ValidationError(
                _("%(nominee)s cannot be put on this session's agenda.")
                % {"nominee": nomination.nominee}
            )
    session = CouncilSession(
        organiser=organiser,
        name=name.strip(),
        held_on=held_on,
        place=place.strip(),
        quorum=quorum,
        majority=majority,
        regulation=regulation.strip(),
        chair=user,
        convened_by=user,
    )
    session.full_clean()
    session.save()
    SessionMember.objects.bulk_create(SessionMember(session=session, member=m) for m in members)
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, nomination=n, order=i)
        for i, n in enumerate(nominations, start=1)
    )
    return session


@transaction.atomic
def session_attendance(*, user, session: CouncilSession, present) -> CouncilSession:
    """Record who of the invited members came."""
    _require_council(user, session.organiser_id)
    session = _locked_open(session)
    present_ids = {m.pk for m in present}
    invited = set(session.members.values_list("member_id", flat=True))
    if not present_ids <= invited:
        raise ValidationError(_("Only invited members can be present."))
    voted = set(
        BallotCast.objects.filter(item__session=session).values_list("member_id", flat=True)
    )
    if not voted <= present_ids:
        raise ValidationError(_("A member who has voted cannot be marked absent."))
    session.members.update(present=Q(member_id__in=present_ids))
    return session


@transaction.atomic
def ballot_cast(*, user, session: CouncilSession, choices: dict[int, bool]) -> int:
    """A present member's ballot paper: agree (True) or disagree (False) per agenda item.

    The choice only increments a count; `BallotCast` records that the member voted,
    once per item (a second ballot on an item is refused, nothing of the paper counted).
    """
    session = _locked_open(session)
    seat = session.members.filter(member=user).first()
    if seat is None:
        raise ValidationError(_("Only the session's invited members vote."))
    if not seat.present:
        raise ValidationError(_("Only members recorded as present vote."))
    if not choices:
        raise ValidationError(_("Mark agree or disagree for at least one nominee."))
    items = {i.pk: i for i in session.items.all()}
    if any(pk not in items for pk in choices):
        raise ValidationError(_("A nominee of the ballot is not on this session's agenda."))
    if BallotCast.objects.filter(item_id__in=choices, member=user).exists():
        raise ValidationError(_("You have already voted on this nominee."))
    try:
        with transaction.atomic():
            # Sorted by id, not by the paper's order: the rows say nothing of the choices.
            BallotCast.objects.bulk_create(
                BallotCast(item_id=pk, member=user) for pk in sorted(choices)
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already voted on this nominee.")) from error
    agree = [pk for pk, choice in choices.items() if choice]
    disagree = [pk for pk, choice in choices.items() if not choice]
    AgendaItem.objects.filter(pk__in=agree).update(agree=F("agree") + 1)
    AgendaItem.objects.filter(pk__in=disagree).update(disagree=F("disagree") + 1)
    return len(choices)


def quorum_met(session: CouncilSession) -> bool:
    invited = session.members.count()
    present = session.members.filter(present=True).count()
    percent, strict = THRESHOLD_SHARES[session.quorum]
    return reaches(present, invited, percent=percent, strict=strict)


def ballot_rule(title, day) -> EligibilityRule | None:
    """The legal pack's share of agreeing votes for the title on that day, if any."""
    return (
        EligibilityRule.objects.filter(
            title=title, kind=RuleKind.BALLOT, valid_from__lte=day, share_percent__isnull=False
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("legal_basis")
        .order_by("-valid_from")
        .first()
    )


def item_threshold(session: CouncilSession, item: AgendaItem) -> tuple:
    """(percent, strict, label): the votes the nominee needs, and where that comes from."""
    rule = ballot_rule(item.nomination.title, session.held_on)
    if rule is not None:
        label = _("at least %(share)s%% of all members (%(source)s%(unverified)s)") % {
            "share": f"{rule.share_percent.normalize():f}".replace(".", ","),
            "source": rule.citation_display,
            "unverified": "" if rule.verified else _(", unverified"),
        }
        return rule.share_percent, False, label
    percent, strict = THRESHOLD_SHARES[session.majority]
    label = session.get_majority_display().lower()
    if session.regulation:
        label = f"{label} ({session.regulation})"
    return percent, strict, label


def _require_disclosures_ended(items, today) -> None:
    """The council decides on a published list only once its public disclosure has ended
    (the comments it may bring are in): closing is refused while a nominee's period runs.
    A nominee never published is only a warning on the agenda (agenda_procedure)."""
    status = disclosure_status([item.nomination for item in items], today)
    running = [
        (item.nomination.nominee, row["ends_on"])
        for item in items
        if (row := status.get(item.nomination_id)) and row["disclosed"] and not row["ended"]
    ]
    if running:
        raise ValidationError(
            _(
                "The public disclosure of %(nominees)s runs until %(date)s: the session "
                "can close from the next day."
            )
            % {
                "nominees": ", ".join(str(name) for name, _ends in running),
                "date": max(ends for _name, ends in running).strftime("%d/%m/%Y"),
            }
        )


@transaction.atomic
def session_close(*, user, session: CouncilSession, conclusions: str = "") -> CouncilSession:
    """Count the ballot and close: the result per nominee follows from the counts.

    Refused without the quorum. A passed nominee's nomination is approved, a failed
    one's rejected, so the unit sees the outcome; only the passed can enter a decision.
    """
    _require_council(user, session.organiser_id)
    session = _locked_open(session)
    conclusions = conclusions.strip()
    validate_text(conclusions)
    if not quorum_met(session):
        raise ValidationError(
            _("The quorum is not met (%(quorum)s): the session cannot close.")
            % {"quorum": session.get_quorum_display().lower()}
        )
    members = session.members.count()
    now = timezone.now()
    items = list(session.items.select_related("nomination__title", "nomination__person"))
    _require_disclosures_ended(items, timezone.localdate())
    for item in items:
        percent, strict, label = item_threshold(session, item)
        passed = reaches(item.agree, members, percent=percent, strict=strict)
        item.result = AgendaResult.PASSED if passed else AgendaResult.FAILED
        item.threshold = label[:300]
        nomination = item.nomination
        nomination.status = NominationStatus.APPROVED if passed else NominationStatus.REJECTED
        nomination.reviewed_by, nomination.reviewed_at = user, now
        nomination.review_comment = (
            _(
                "Passed by the council's session of %(date)s: %(agree)s of %(members)s "
                "members agreed."
            )
            if passed
            else _(
                "Not passed by the council's session of %(date)s: %(agree)s of %(members)s "
                "members agreed, %(needed)s needed."
            )
        ) % {
            "date": session.held_on.strftime("%d/%m/%Y"),
            "agree": item.agree,
            "members": members,
            "needed": label,
        }
    AgendaItem.objects.bulk_update(items, ["result", "threshold"])
    Nomination.objects.bulk_update(
        [i.nomination for i in items], ["status", "reviewed_by", "reviewed_at", "review_comment"]
    )
    session.status = SessionStatus.CLOSED
    session.closed_by, session.closed_at = user, now
    session.conclusions = conclusions
    session.save()
    return session


@transaction.atomic
def session_minutes_number(*, user, session: CouncilSession, number: int, day) -> CouncilSession:
    """The admin enters the number and date the văn thư gave the minutes (NĐ 30/2020:
    numbered when registered), for a closed session; unique per organiser and year."""
    if not (user.is_admin_role or user.is_superuser) or not in_organiser_scope(
        user, session.organiser_id
    ):
        raise ValidationError(_("Only an administrator of this organiser may do this."))
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.is_open or session.historical:
        raise ValidationError(_("The minutes are numbered once the session is closed."))
    if not number or number < 1:
        raise ValidationError(_("Enter the number the minutes were registered with."))
    if day < session.held_on:
        raise ValidationError(_("The minutes cannot be dated before the session."))
    taken = (
        CouncilSession.objects.filter(
            organiser=session.organiser, minutes_number=number, minutes_date__year=day.year
        )
        .exclude(pk=session.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            _("Minutes number %(number)s of %(year)s is already given to another session.")
            % {"number": number, "year": day.year}
        )
    session.minutes_number, session.minutes_date = number, day
    session.save(update_fields=["minutes_number", "minutes_date"])
    return session
