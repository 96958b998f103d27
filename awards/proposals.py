"""Proposals to a higher level (khen cao): assemble, send, return, record the decision.

Which nominees go up: those a closed session of the organiser's council passed, for a
title or form that none of the organiser's own authorities grants on the letter's date
and that the authority proposed to does grant (the legal pack's `TitleGrant` by level,
or the admin's link of an authority to a title). The higher level's decision is
recorded as a `Decision` of its authority, issued as received, so its recipients
enter history and eligibility exactly as the organiser's own decisions do; the
gate of `services.decision_add_nominations` (passed by a closed session, checked on
the decision's date with its authority) applies to them.

States: drafted → sent (date, channel, reference) → returned with reasons (back to
drafted; the return stays in `ProposalEvent`) → … → decided. Each transition is a
service that checks who asks and refuses an illegal one with a translated message.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.permissions import in_organiser_scope
from blocs.selectors import organiser_units
from mongcai.accounts.permissions import is_admin
from mongcai.lib.text import validate_text

from .honour_cache import honour_board_invalidate_on_commit
from .models import (
    AgendaItem,
    AgendaResult,
    Authority,
    CouncilSession,
    Decision,
    DecisionRecipient,
    DecisionStatus,
    Nomination,
    NominationStatus,
    Proposal,
    ProposalEvent,
    ProposalEventKind,
    ProposalItem,
    ProposalStatus,
    SessionStatus,
    Title,
    TitleGrant,
)
from .services import (
    NOMINEE_FIELDS,
    _bulk_create_recipients,
    _check_recipient,
    _nominee,
    recipients_recompute,
)

# Proposal fields a drafted proposal's form may change.
LETTER_FIELDS = (
    "authority",
    "number",
    "dated",
    "summary",
    "body",
    "signer_name",
    "signer_position",
)


# Reads ---------------------------------------------------------------------


def grants_on(authority: Authority, title: Title, day: dt.date) -> bool:
    """The authority grants the title on `day`: a grant in force names its level, or the
    admin linked the authority to the title (the rule of eligibility's authority check)."""
    in_force = TitleGrant.objects.filter(title=title, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    return (
        in_force.filter(level=authority.level).exists()
        or title.authorities.filter(pk=authority.pk).exists()
    )


def own_authorities(organiser, day: dt.date | None = None) -> list[Authority]:
    """The organiser's authorities existing on `day` (all of them without a day)."""
    authorities = list(Authority.objects.filter(organiser=organiser).order_by("name"))
    return [a for a in authorities if day is None or a.exists_on(day)]


def needs_higher_level(organiser, title: Title, day: dt.date) -> bool:
    """None of the organiser's authorities existing on `day` grants the title."""
    return not any(grants_on(a, title, day) for a in own_authorities(organiser, day))


def higher_authorities(organiser) -> QuerySet[Authority]:
    """The authorities a proposal of the organiser may go to: any but its own."""
    return Authority.objects.exclude(organiser=organiser).order_by("level", "name")


def proposals_for_user(user) -> QuerySet[Proposal]:
    """Proposals of the user's organisers and below."""
    return Proposal.objects.filter(organiser__in=organiser_units(user)).select_related(
        "organiser", "authority", "sender", "session", "decision__authority"
    )


def _in_a_live_proposal() -> Exists:
    """The nomination is in a proposal not yet decided, or accepted by a decided one."""
    return Exists(
        ProposalItem.objects.filter(nomination=OuterRef("pk")).filter(
            ~Q(proposal__status=ProposalStatus.DECIDED) | ~Q(accepted=False)
        )
    )


def proposal_candidates(session: CouncilSession, day: dt.date) -> list[Nomination]:
    """Nominees the closed `session` passed that no decision holds, no live proposal holds
    and the session's organiser cannot award itself on `day`."""
    if session.status != SessionStatus.CLOSED:
        return []
    passed = AgendaItem.objects.filter(
        session=session, nomination=OuterRef("pk"), result=AgendaResult.PASSED
    )
    nominations = (
        Nomination.objects.filter(Exists(passed), status=NominationStatus.APPROVED)
        .filter(recipient__isnull=True)
        .exclude(_in_a_live_proposal())
        .select_related("person", "collective", "title", "unit", "campaign")
        .order_by("title__name", "pk")
    )
    titles = {}
    result = []
    for nomination in nominations:
        if nomination.title_id not in titles:
            titles[nomination.title_id] = needs_higher_level(
                session.organiser, nomination.title, day
            )
        if titles[nomination.title_id]:
            result.append(nomination)
    return result


def closed_sessions_for(user) -> QuerySet[CouncilSession]:
    return CouncilSession.objects.filter(
        organiser__in=organiser_units(user), status=SessionStatus.CLOSED
    ).order_by("-held_on", "-pk")


# Writes --------------------------------------------------------------------


def _require_admin(user, organiser_id: int):
    if not is_admin(user) or not in_organiser_scope(user, organiser_id):
        raise ValidationError(_("Only an administrator of the organiser may do this."))


def _locked(proposal: Proposal, *states: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in states:
        raise ValidationError(
            _("This proposal is %(status)s: this step is not possible now.")
            % {"status": proposal.get_status_display().lower()}
        )
    return proposal


def _check_letter(proposal: Proposal):
    if proposal.sender.organiser_id != proposal.organiser_id:
        raise ValidationError(_("The letter is written by one of the organiser's authorities."))
    if proposal.authority.organiser_id == proposal.organiser_id:
        raise ValidationError(
            _("%(authority)s is the organiser's own: propose to a higher level.")
            % {"authority": proposal.authority}
        )
    problem = proposal.sender.issue_problem(proposal.dated)
    if problem:
        raise ValidationError(problem)


def _check_nominees(proposal: Proposal, nominations: list[Nomination]):
    if not nominations:
        raise ValidationError(_("Choose at least one nominee."))
    allowed = {n.pk for n in proposal_candidates(proposal.session, proposal.dated)}
    if proposal.pk is not None:
        allowed |= set(proposal.items.values_list("nomination_id", flat=True))
    for nomination in nominations:
        if nomination.pk not in allowed:
            raise ValidationError(
                _(
                    "%(nominee)s cannot be proposed: the nominee must be passed by this closed "
                    "session, in no decision or other proposal, for a title the organiser "
                    "cannot grant."
                )
                % {"nominee": nomination.nominee}
            )
        if not grants_on(proposal.authority, nomination.title, proposal.dated):
            raise ValidationError(
                _("%(authority)s does not grant %(title)s.")
                % {"authority": proposal.authority, "title": nomination.title}
            )


def _set_items(proposal: Proposal, nominations: list[Nomination]):
    proposal.items.exclude(nomination__in=nominations).delete()
    kept = set(proposal.items.values_list("nomination_id", flat=True))
    ProposalItem.objects.bulk_create(
        ProposalItem(proposal=proposal, nomination=n, order=i)
        for i, n in enumerate(nominations, start=1)
        if n.pk not in kept
    )


@transaction.atomic
def proposal_create(*, user, session: CouncilSession, sender: Authority, nominations, **letter):
    """Draft a proposal of the session's organiser with nominees the session passed."""
    _require_admin(user, session.organiser_id)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_("Only a closed session's nominees can be proposed."))
    proposal = Proposal(
        organiser=session.organiser, session=session, sender=sender, created_by=user
    )
    for name in LETTER_FIELDS:
        if name in letter:
            setattr(proposal, name, letter[name])
    proposal.full_clean()
    _check_letter(proposal)
    nominations = list(nominations)
    _check_nominees(proposal, nominations)
    proposal.save()
    _set_items(proposal, nominations)
    ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEventKind.DRAFTED, on=proposal.dated, by=user
    )
    return proposal


@transaction.atomic
def proposal_edit(*, user, proposal: Proposal, nominations, **letter) -> Proposal:
    """Change a drafted proposal (also after a return): its letter and its nominees."""
    _require_admin(user, proposal.organiser_id)
    proposal = _locked(proposal, ProposalStatus.DRAFTED)
    for name in LETTER_FIELDS:
        if name in letter:
            setattr(proposal, name, letter[name])
    proposal.full_clean()
    _check_letter(proposal)
    nominations = list(nominations)
    _check_nominees(proposal, nominations)
    proposal.save()
    _set_items(proposal, nominations)
    return proposal


@transaction.atomic
def proposal_send(
    *, user, proposal: Proposal, sent_on: dt.date, channel: str, reference: str = ""
) -> Proposal:
    """drafted → sent. The letter needs its number from the office register first."""
    _require_admin(user, proposal.organiser_id)
    proposal = _locked(proposal, ProposalStatus.DRAFTED)
    if proposal.number is None:
        raise ValidationError(
            _("Enter the letter's number from the office register before sending it.")
        )
    if sent_on < proposal.dated:
        raise ValidationError(_("A proposal cannot be sent before the letter's date."))
    if not proposal.items.exists():
        raise ValidationError(_("Choose at least one nominee."))
    proposal.status = ProposalStatus.SENT
    proposal.sent_on = sent_on
    proposal.channel = channel
    proposal.reference = reference.strip()
    proposal.full_clean()
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEventKind.SENT,
        on=sent_on,
        channel=channel,
        reference=proposal.reference,
        by=user,
    )
    return proposal


@transaction.atomic
def proposal_return(*, user, proposal: Proposal, returned_on: dt.date, reasons: str) -> Proposal:
    """sent → drafted, with the higher level's reasons kept in the history."""
    _require_admin(user, proposal.organiser_id)
    proposal = _locked(proposal, ProposalStatus.SENT)
    reasons = reasons.strip()
    validate_text(reasons)
    if not reasons:
        raise ValidationError(_("Give the reasons the higher level returned it for."))
    if returned_on < proposal.sent_on:
        raise ValidationError(_("A proposal cannot come back before it was sent."))
    proposal.status = ProposalStatus.DRAFTED
    proposal.sent_on = None
    proposal.channel = ""
    proposal.reference = ""
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEventKind.RETURNED,
        on=returned_on,
        reasons=reasons,
        by=user,
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    user,
    proposal: Proposal,
    authority: Authority,
    number: int,
    decided_on: dt.date,
    summary: str,
    signer_name: str,
    signer_position: str,
    signing_mode: str = "",
    accepted: dict[int, bool],
    amounts: dict[int, int | None] | None = None,
) -> Decision:
    """sent → decided: record the higher level's decision (number, date, authority, the
    nominees accepted or not, the amounts it gives). Its awards enter history as issued.

    `accepted` and `amounts` are keyed by `ProposalItem` id; an amount left out is the
    catalogue's cash on the decision's date (coefficient × base salary)."""
    _require_admin(user, proposal.organiser_id)
    proposal = _locked(proposal, ProposalStatus.SENT)
    amounts = amounts or {}
    if authority.organiser_id == proposal.organiser_id:
        raise ValidationError(
            _("%(authority)s is the organiser's own: record its decisions as decisions.")
            % {"authority": authority}
        )
    if decided_on < proposal.sent_on:
        raise ValidationError(_("The decision cannot come before the proposal was sent."))
    items = list(proposal.items.select_related("nomination__title", "nomination__campaign"))
    if set(accepted) != {item.pk for item in items}:
        raise ValidationError(_("Say for every nominee whether the decision accepts them."))
    chosen = [item for item in items if accepted[item.pk]]
    if not chosen:
        raise ValidationError(
            _("A decision with no accepted nominee is a return: record it as returned.")
        )
    for key, amount in amounts.items():
        if amount is not None and amount < 0:
            raise ValidationError(_("An amount cannot be negative."))
        if key not in accepted:
            raise ValidationError(_("An amount is given for a nominee not in the proposal."))
    decision = Decision(
        authority=authority,
        number=number,
        decided_on=decided_on,
        kind=chosen[0].nomination.kind,
        campaign=chosen[0].nomination.campaign,
        summary=summary.strip(),
        proposal=str(proposal.sender),
        signing_mode=signing_mode,
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        created_by=user,
    )
    decision.full_clean()
    if Decision.objects.filter(authority=authority, year=decision.year, number=number).exists():
        raise ValidationError(
            _("This issuer already has a decision with this number in that year.")
        )
    decision.save()
    recipients = []
    for order, item in enumerate(chosen, start=1):
        nomination = item.nomination
        _check_recipient(decision, _nominee(nomination, on_date=decided_on, authority=authority))
        recipients.append(
            DecisionRecipient(
                decision=decision,
                nomination=nomination,
                order=order,
                **{name: getattr(nomination, name) for name in NOMINEE_FIELDS},
            )
        )
    _bulk_create_recipients(decision, recipients)
    salary = recipients_recompute(decision=decision)
    by_nomination = {r.nomination_id: r for r in decision.recipients.all()}
    for item in items:
        item.accepted = accepted[item.pk]
        item.recipient = by_nomination.get(item.nomination_id)
        amount = amounts.get(item.pk)
        if item.recipient is not None and amount is not None:
            DecisionRecipient.objects.filter(pk=item.recipient.pk).update(amount=amount)
    ProposalItem.objects.bulk_update(items, ["accepted", "recipient"])
    # Recorded as received: issued by the higher level, not by this deployment's admin.
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.ISSUED,
        base_salary=salary.amount if salary else None,
        no_cash=not decision.recipients.filter(amount__gt=0).exists(),
        issued_by=user,
        issued_at=timezone.now(),
    )
    proposal.status = ProposalStatus.DECIDED
    proposal.decision = decision
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEventKind.DECIDED,
        on=decided_on,
        reference=f"{number}/{authority.symbol}",
        by=user,
    )
    honour_board_invalidate_on_commit()
    decision.refresh_from_db()
    return decision


def decided_recipients_count(proposal: Proposal) -> int:
    return proposal.items.filter(accepted=True).count()
