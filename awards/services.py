"""Writes of the awards app. Views, tasks, the admin and the demo all call these.

Each write is one transaction of its own (a savepoint inside a request's), so the
rows it locks with select_for_update stay locked until it returns, from a view,
a task or a shell alike, and a refusal leaves nothing half-written.
"""

import datetime as dt
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Ceil, Coalesce, Round, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from blocs.permissions import in_organiser_scope, is_secretary_of_unit
from blocs.selectors import units_for_user
from campaigns.selectors import campaigns_for_user
from mongcai.accounts.lockout import client_ip
from mongcai.accounts.models import EventKind
from mongcai.accounts.permissions import is_admin
from mongcai.accounts.services import password_confirmed, security_event_record
from mongcai.lib import jobs
from mongcai.lib.text import validate_text

from . import eligibility, register
from .fund import payments_on_annulment
from .honour_cache import honour_board_invalidate_on_commit
from .models import (
    Authority,
    AwardKind,
    BaseSalary,
    CashRounding,
    Decision,
    DecisionRecipient,
    DecisionStatus,
    Export,
    ExportStatus,
    LegalBasis,
    Nomination,
    NominationStatus,
    Person,
    ProposalRoute,
    RecipientKind,
    Title,
    TitleTerm,
)
from .models.decisions import RECIPIENT_ONCE_PER_DECISION
from .sessions import passed_nomination_ids
from .text import fold

FLAG_TITLE_CODE = "co-thi-dua"


# Catalogue -----------------------------------------------------------------


def base_salary_on(day: dt.date) -> BaseSalary | None:
    """The base salary in force on `day`: the latest row starting on or before it."""
    return BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def rounding_on(day: dt.date) -> CashRounding | None:
    """The rounding rule of the decree in force on `day` (NĐ 91/2017 Điều 68 khoản 2...)."""
    return (
        CashRounding.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def rounding_step(day: dt.date, salary: BaseSalary | None) -> Decimal | None:
    """The step cash is rounded up to on `day`: the decree's rule, else the salary row's."""
    rule = rounding_on(day)
    if rule is not None:
        return rule.step
    return salary.round_up_to if salary is not None else None


def cash_amount(
    coefficient: Decimal | None, salary: BaseSalary | None, step: Decimal | None = None
) -> Decimal | None:
    """coefficient × base salary, rounded up to `step` (else the salary row's step, else
    to the whole đồng, half up)."""
    if coefficient is None or salary is None:
        return None
    raw = coefficient * salary.amount
    step = step or salary.round_up_to
    if step:
        return (raw / step).to_integral_value(ROUND_CEILING) * step
    return raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def cash_on(title: Title, day: dt.date) -> tuple[Decimal | None, "TitleTerm | None"]:
    """The cash a recipient of `title` gets in a decision dated `day`, and the term used."""
    term = term_on(title, day)
    salary = base_salary_on(day)
    amount = cash_amount(term.coefficient if term else None, salary, rounding_step(day, salary))
    return amount, term


def law_date(
    *, submitted_on: dt.date | None, decided_on: dt.date
) -> tuple[dt.date, LegalBasis | None]:
    """The date whose texts evaluate a nomination submitted on `submitted_on` and decided
    on `decided_on` (criteria, granting authority, coefficient): the decision's, unless a
    text that took effect in between keeps the nominations submitted before it under the
    text it replaces (its transition article, e.g. NĐ 152/2025 for NĐ 98/2023). Returns
    the date and that text. The base salary is always the one in force on `decided_on`."""
    if submitted_on is None or submitted_on >= decided_on:
        return decided_on, None
    basis = (
        LegalBasis.objects.exclude(transition_article="")
        .filter(valid_from__gt=submitted_on, valid_from__lte=decided_on)
        .order_by("valid_from")
        .first()
    )
    return (decided_on, None) if basis is None else (submitted_on, basis)


def submitted_on(nomination: Nomination | None) -> dt.date | None:
    if nomination is None or nomination.proposed_at is None:
        return None
    return timezone.localdate(nomination.proposed_at)


def term_on(title: Title, day: dt.date) -> TitleTerm | None:
    return (
        TitleTerm.objects.filter(title=title, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("legal_basis")
        .order_by("-valid_from")
        .first()
    )


# People --------------------------------------------------------------------


@transaction.atomic
def person_save(*, person: Person | None = None, **fields) -> Person:
    """Create or update a person, keeping the folded search name in step."""
    person = person or Person()
    for name, value in fields.items():
        setattr(person, name, value)
    person.search_name = fold(person.full_name)
    person.full_clean()
    person.save()
    return person


# Nominations ---------------------------------------------------------------


NOMINEE_FIELDS = (
    "recipient_kind",
    "person",
    "collective",
    "household",
    "unit",
    "title",
    "campaign",
    "year",
    "achievement",
)


def _nominee(row, *, on_date=None, authority=None) -> eligibility.Nominee:
    """What the eligibility checks read, from a nomination or an unsaved recipient; a
    nomination is read under the texts of the date `law_date` gives (transition rules)."""
    on_date = on_date or timezone.localdate()
    if isinstance(row, Nomination):
        on_date, _transition = law_date(submitted_on=submitted_on(row), decided_on=on_date)
    if isinstance(row, Nomination):
        award_kind = row.kind
    else:
        award_kind = row.decision.kind if getattr(row, "decision_id", None) else ""
    return eligibility.Nominee(
        **{name: getattr(row, name) for name in NOMINEE_FIELDS},
        on_date=on_date,
        award_kind=award_kind,
        nomination_id=row.pk if isinstance(row, Nomination) else None,
        authority=authority,
    )


def nomination_check(*, nomination: Nomination) -> list[dict]:
    """Run the checks again and store them with the nomination."""
    checks = [c.as_dict() for c in eligibility.check(_nominee(nomination))]
    nomination.checks = checks
    return checks


def _save_unique(obj, message: str):
    """Save, turning a lost race on a unique constraint into the user's message."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(message) from error


@transaction.atomic
def nomination_propose(
    *,
    unit,
    recipient_kind: str,
    title: Title,
    campaign,
    year: int,
    kind: str,
    achievement: str,
    proposed_by,
    person: Person | None = None,
    collective=None,
    household=None,
    details: str = "",
) -> Nomination:
    """A secretary proposes one nominee of their unit. The checks run and are stored;
    a failed check does not stop the proposal (the council sees why), a duplicate does."""
    if not (
        is_secretary_of_unit(proposed_by, unit)
        or (is_admin(proposed_by) and units_for_user(proposed_by).filter(pk=unit.pk).exists())
    ):
        raise ValidationError(_("You can only propose for your own unit."))
    if title.proposal_route == ProposalRoute.RANKING_COUNCIL:
        # Issue 13: the flag comes from the bloc's ranking (flag_nomination_propose)
        # or from the council (a recipient the admin adds), never from the unit itself.
        raise ValidationError(
            _(
                "%(title)s is not proposed by a unit: it comes from the bloc's ranking "
                "or from the council."
            )
            % {"title": title}
        )
    # The nomination belongs to the campaign's organiser, whose council decides it.
    if not campaigns_for_user(proposed_by).filter(pk=campaign.pk).exists():
        raise ValidationError(_("Choose a campaign of an organiser your unit belongs to."))
    nomination = Nomination(
        unit=unit,
        recipient_kind=recipient_kind,
        person=person if recipient_kind == RecipientKind.INDIVIDUAL else None,
        collective=collective if recipient_kind == RecipientKind.COLLECTIVE else None,
        household=household if recipient_kind == RecipientKind.HOUSEHOLD else None,
        title=title,
        campaign=campaign,
        year=year,
        kind=kind,
        achievement=achievement.strip(),
        details=details,
        proposed_by=proposed_by,
    )
    return _nomination_create(nomination, refuse_duplicate=True)


def _nomination_create(nomination: Nomination, *, refuse_duplicate: bool) -> Nomination:
    """Validate a new nomination, run and store its checks, save it. A failed check
    does not stop it (the council sees why); with `refuse_duplicate` an achievement
    already nominated or awarded does."""
    nomination.full_clean()
    checks = nomination_check(nomination=nomination)
    duplicate = [c for c in checks if c["rule"] == "once" and c["outcome"] == "failed"]
    if refuse_duplicate and duplicate:
        raise ValidationError(duplicate[0]["message"])
    _save_unique(nomination, _("Already nominated for this campaign and achievement."))
    return nomination


@transaction.atomic
def flag_nomination_propose(
    *, unit, campaign, year: int, achievements: str, proposed_by
) -> Nomination:
    """Propose a bloc's leading unit for the emulation flag (Cờ thi đua), per campaign.

    Idempotent: the nomination already proposed for the unit, campaign and year
    is returned as it is.
    """
    title = Title.objects.get(code=FLAG_TITLE_CODE)
    existing = Nomination.objects.filter(
        eligibility.holding_nominations(),
        collective=unit,
        campaign=campaign,
        year=year,
        title=title,
    ).first()
    if existing is not None:
        return existing
    first_line = (achievements.strip().splitlines() or [""])[0]
    achievement = first_line[:300] or _("Leading unit of the bloc in %(year)s") % {"year": year}
    nomination = Nomination(
        unit=unit,
        recipient_kind=RecipientKind.COLLECTIVE,
        collective=unit,
        title=title,
        campaign=campaign,
        year=year,
        kind=AwardKind.CAMPAIGN,
        achievement=achievement,
        details=achievements,
        proposed_by=proposed_by,
    )
    # The unit's own holding nomination was returned above; any other is the
    # council's to weigh, not a reason to lose the bloc's result.
    return _nomination_create(nomination, refuse_duplicate=False)


@transaction.atomic
def nomination_review(
    *, nomination: Nomination, reviewer, approve: bool, comment: str
) -> Nomination:
    """The council approves or rejects one nominee. A failed blocking rule prevents approval."""
    if not (reviewer.is_council or reviewer.is_superuser) or not in_organiser_scope(
        reviewer, nomination.campaign.organiser_id
    ):
        raise ValidationError(_("Only the council reviews nominations."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != NominationStatus.PROPOSED:
        raise ValidationError(_("This nomination has already been reviewed."))
    comment = comment.strip()
    validate_text(comment)
    if approve:
        checks = nomination_check(nomination=nomination)
        failures = eligibility.blocking_failures(checks)
        if failures:
            raise ValidationError(
                _("It cannot be approved: %(reasons)s")
                % {"reasons": "; ".join(f"{c['label']}: {c['message']}" for c in failures)}
            )
    elif not comment:
        raise ValidationError(_("Say why the nomination is rejected."))
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    nomination.review_comment = comment
    nomination.reviewed_by = reviewer
    nomination.reviewed_at = timezone.now()
    nomination.save()
    return nomination


# Decisions -----------------------------------------------------------------

DECISION_FIELDS = (
    "authority",
    "number",
    "decided_on",
    "kind",
    "campaign",
    "summary",
    "proposal",
    "signing_mode",
    "signer_name",
    "signer_position",
    "copies_to",
)


def _require_admin(user, decision: Decision | None = None):
    """An admin, and for a decision one of its organiser (its authority's) or above."""
    if not is_admin(user):
        raise ValidationError(_("Only an administrator may do this."))
    if decision is not None and not in_organiser_scope(user, decision_organiser_id(decision)):
        raise ValidationError(
            _("%(authority)s does not issue for your organiser.")
            % {"authority": decision.authority}
        )


def decision_organiser_id(decision: Decision) -> int | None:
    """The organiser a decision belongs to: its authority's, or for a decision of an
    authority outside the deployment, the organiser whose proposal it answered."""
    if decision.authority.organiser_id is not None:
        return decision.authority.organiser_id
    proposal = getattr(decision, "higher_proposal", None)
    return proposal.organiser_id if proposal is not None else None


def _require_draft(decision: Decision):
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("An issued decision cannot be changed."))


def number_clash(*, decision: Decision, authority: Authority, number: int, year: int) -> str | None:
    """Why `number` cannot be this decision's in `year`, or None. NĐ 30/2020/NĐ-CP,
    Điều 15 khoản 1: the number and symbol of an agency's documents are unique in a
    year. The register is the issuing body's, so a number taken with the same symbol
    by any authority of the same organiser and issuing body (the Chairman and the
    People's Committee share the Committee's register) is taken. The database
    constraint covers one authority."""
    taken = (
        Decision.objects.filter(year=year, number=number)
        .filter(
            Q(authority=authority)
            | Q(
                authority__organiser=authority.organiser_id,
                authority__body__iexact=authority.body,
                authority__symbol__iexact=authority.symbol,
            )
        )
        .exclude(pk=decision.pk)
        .select_related("authority")
        .first()
    )
    if taken is None:
        return None
    return _(
        "Number %(number)s of %(year)s is already decision %(ref)s of %(date)s in this "
        "register: check the number in the register; nothing is changed."
    ) % {
        "number": number,
        "year": year,
        "ref": taken.reference,
        "date": taken.decided_on.strftime("%d/%m/%Y"),
    }


NUMBER_CLASH = _lazy(
    "This issuer already has a decision with this number in that year: check the number "
    "in the register; nothing is changed."
)


@transaction.atomic
def decision_save(*, user, decision: Decision | None = None, legal_bases=(), **fields) -> Decision:
    """Create a draft, or change a draft. An issued decision cannot be changed."""
    _require_admin(user)
    if decision is None:
        decision = Decision(created_by=user)
    else:
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        _require_draft(decision)
    if decision.pk is not None:
        _require_admin(user, decision)
    for name in DECISION_FIELDS:
        if name in fields:
            setattr(decision, name, fields[name])
    if decision.authority_id is not None:
        _require_admin(user, decision)
    if decision.number and decision.authority_id and decision.decided_on:
        # Before full_clean, whose unique check would only say "taken", not by which.
        clash = number_clash(
            decision=decision,
            authority=decision.authority,
            number=decision.number,
            year=decision.decided_on.year,
        )
        if clash:
            raise ValidationError(clash)
    decision.full_clean()
    _save_unique(decision, str(NUMBER_CLASH))
    decision.legal_bases.set(legal_bases)
    recipients_recompute(decision=decision)
    return decision


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def recipients_recompute(*, decision: Decision) -> BaseSalary | None:
    """Coefficients from the catalogue and cash from the base salary on the decision date,
    in one UPDATE whatever the number of recipients (Round and Ceil run in the database)."""
    salary = base_salary_on(decision.decided_on)
    recipients = DecisionRecipient.objects.filter(decision=decision)
    day = decision.decided_on
    # A nomination submitted before a text with a transition article took effect keeps
    # the texts of its submission date (law_date); the others follow the decision date.
    recipients.update(law_on=None)
    for basis in LegalBasis.objects.exclude(transition_article="").filter(valid_from__lte=day):
        proposed = Nomination.objects.filter(pk=OuterRef("nomination_id")).annotate(
            on=TruncDate("proposed_at")
        )
        recipients.filter(nomination__proposed_at__lt=_start_of(basis.valid_from)).update(
            law_on=Subquery(proposed.values("on")[:1])
        )
    law_day = Coalesce(OuterRef("law_on"), Value(day))
    terms = (
        TitleTerm.objects.filter(title=OuterRef("title_id"), valid_from__lte=law_day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=law_day))
        .order_by("-valid_from")
    )
    recipients.update(coefficient=Subquery(terms.values("coefficient")[:1]))
    step = rounding_step(day, salary)
    if salary is None:
        recipients.update(amount=None)
    elif step:
        step = Value(step)
        recipients.update(amount=Ceil(F("coefficient") * Value(salary.amount) / step) * step)
    else:
        recipients.update(amount=Round(F("coefficient") * Value(salary.amount)))
    return salary


def _check_recipient(decision: Decision, nominee: eligibility.Nominee) -> list[dict]:
    checks = [c.as_dict() for c in eligibility.check(nominee)]
    failures = eligibility.blocking_failures(checks)
    if failures:
        raise ValidationError("; ".join(f"{nominee.label}: {c['message']}" for c in failures))
    return checks


def _next_order(decision: Decision) -> int:
    return (decision.recipients.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def decision_add_nominations(*, user, decision: Decision, nominations) -> int:
    """Add nominations passed by a closed session of the council as recipients, checked
    again on the decision date."""
    _require_admin(user, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    order = _next_order(decision)
    added = []
    nominations = list(nominations)
    # One query for every nomination already in a decision, not one per nomination.
    in_a_decision = set(
        DecisionRecipient.objects.filter(nomination__in=nominations).values_list(
            "nomination_id", flat=True
        )
    )
    passed = passed_nomination_ids(nominations)
    for nomination in nominations:
        if nomination.status != NominationStatus.APPROVED or nomination.pk not in passed:
            raise ValidationError(
                _("%(nominee)s is not approved by the council in a closed session.")
                % {"nominee": nomination.nominee}
            )
        if nomination.pk in in_a_decision:
            raise ValidationError(
                _("%(nominee)s is already in a decision.") % {"nominee": nomination.nominee}
            )
        _check_recipient(
            decision,
            _nominee(nomination, on_date=decision.decided_on, authority=decision.authority),
        )
        added.append(
            DecisionRecipient(
                decision=decision,
                nomination=nomination,
                order=order + len(added),
                **{name: getattr(nomination, name) for name in NOMINEE_FIELDS},
            )
        )
    _bulk_create_recipients(decision, added)
    recipients_recompute(decision=decision)
    return len(added)


def _bulk_create_recipients(decision: Decision, recipients: list[DecisionRecipient]):
    """One recipient receives one title once in a decision: refused with the nominee's
    name here (one query); the database constraint settles a race."""
    seen = set(
        decision.recipients.filter(title__in={r.title_id for r in recipients}).values_list(
            "person_id", "collective_id", "household_id", "title_id"
        )
    )
    for recipient in recipients:
        key = (
            recipient.person_id,
            recipient.collective_id,
            recipient.household_id,
            recipient.title_id,
        )
        if key in seen:
            raise ValidationError(
                _("%(nominee)s already receives %(title)s in this decision.")
                % {"nominee": recipient.nominee, "title": recipient.title}
            )
        seen.add(key)
    try:
        with transaction.atomic():
            DecisionRecipient.objects.bulk_create(recipients)
    except IntegrityError as error:
        if any(name in str(error) for name in RECIPIENT_ONCE_PER_DECISION):
            message = _("A recipient already receives this title in this decision.")
        else:
            message = _("Already awarded for this campaign and achievement.")
        raise ValidationError(message) from error


@transaction.atomic
def decision_add_recipient(
    *,
    user,
    decision: Decision,
    recipient_kind: str,
    title: Title,
    achievement: str,
    year: int,
    person: Person | None = None,
    collective=None,
    household=None,
    campaign=None,
) -> DecisionRecipient:
    """The admin adds a recipient directly (outside the nomination route: an ad hoc
    deed, an award recorded from paper): the same checks as a nomination.

    The council cannot be bypassed: a nominee with a nomination for the title and year
    is refused here, passed or not, and enters only through `decision_add_nominations`
    once a closed session passed it (docs/awards.md, "The gate")."""
    _require_admin(user, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    nominated = Nomination.objects.filter(
        title=title,
        year=year,
        **({"person": person} if person is not None else {"collective": collective}),
    )
    if nominated.exists():
        raise ValidationError(
            _(
                "%(nominee)s is nominated for %(title)s in %(year)s: the nomination goes "
                "to the council, and only a nominee passed by a closed session enters a "
                "decision (add it from the passed nominees)."
            )
            % {"nominee": person or collective, "title": title, "year": year}
        )
    campaign = campaign or decision.campaign
    if campaign is None:
        raise ValidationError(_("Choose the campaign of the achievement."))
    person = person if recipient_kind == RecipientKind.INDIVIDUAL else None
    collective = collective if recipient_kind == RecipientKind.COLLECTIVE else None
    household = household if recipient_kind == RecipientKind.HOUSEHOLD else None
    if person is not None:
        unit = person.unit
    elif household is not None:
        unit = household.unit
    else:
        unit = collective
    if unit is None:
        raise ValidationError(_("Name either a person, a collective or a household."))
    recipient = DecisionRecipient(
        decision=decision,
        recipient_kind=recipient_kind,
        person=person,
        collective=collective,
        household=household,
        unit=unit,
        title=title,
        campaign=campaign,
        year=year,
        achievement=achievement.strip(),
        order=_next_order(decision),
    )
    _check_recipient(
        decision, _nominee(recipient, on_date=decision.decided_on, authority=decision.authority)
    )
    recipient.full_clean(exclude=["coefficient", "amount"])
    _bulk_create_recipients(decision, [recipient])
    recipients_recompute(decision=decision)
    return recipient


@transaction.atomic
def decision_remove_recipient(*, user, recipient: DecisionRecipient) -> None:
    _require_admin(user, recipient.decision)
    decision = Decision.objects.select_for_update().get(pk=recipient.decision_id)
    _require_draft(decision)
    recipient.delete()


def decision_totals(decision: Decision) -> dict:
    return decision.recipients.aggregate(
        collectives=Count("pk", filter=Q(recipient_kind=RecipientKind.COLLECTIVE)),
        individuals=Count("pk", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)),
        households=Count("pk", filter=Q(recipient_kind=RecipientKind.HOUSEHOLD)),
        total=Coalesce(Sum("amount"), Value(Decimal(0))),
        unpriced=Count("pk", filter=Q(amount__isnull=True)),
    )


def decision_issue(
    *,
    user,
    decision: Decision,
    password: str,
    no_cash: bool = False,
    number: int | None = None,
    decided_on: dt.date | None = None,
    request=None,
) -> Decision:
    """Issue a draft. The admin re-enters their password; the decision is immutable after.

    The number and date are the register's (NĐ 30/2020, Điều 15; `register.py`): with a
    register integration configured they are reserved there; otherwise `number` and
    `decided_on` are what the admin read in the register (a draft that already holds a
    number keeps it when `number` is not given). The product never computes a number.
    A number taken in the same register is refused and nothing changes.

    A recipient without a cash amount (coefficient or base salary not configured) is
    refused unless the admin states, with `no_cash`, that those awards carry no cash:
    a forgotten coefficient must not become a decision that pays nothing.

    The password is checked before the transaction and counted like a sign-in
    (`request`, when there is one, is what the failed-sign-in limit counts by):
    a wrong one is recorded even though nothing is issued, and too many lock
    the account."""
    _require_admin(user, decision)
    if not password_confirmed(request=request, user=user, password=password):
        raise ValidationError(_("The password is not correct; the decision is not issued."))
    try:
        return _decision_issue(
            user=user,
            decision=decision,
            no_cash=no_cash,
            number=number,
            decided_on=decided_on,
            ip=client_ip(request) if request else None,
        )
    except IntegrityError as error:
        # Two admins issuing with the same number at once: the constraint decides.
        raise ValidationError(str(NUMBER_CLASH)) from error


@transaction.atomic
def _decision_issue(
    *,
    user,
    decision: Decision,
    no_cash: bool,
    number: int | None,
    decided_on: dt.date | None,
    ip: str | None,
) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_draft(decision)
    day = decided_on or decision.decided_on
    problem = decision.authority.issue_problem(day)
    if problem:
        raise ValidationError(problem)
    if not decision.recipients.exists():
        raise ValidationError(_("A decision needs at least one recipient."))
    if day != decision.decided_on:
        # The register's date is the decision's: cash and the base salary follow it.
        Decision.objects.filter(pk=decision.pk).update(decided_on=day, year=day.year)
        decision.decided_on, decision.year = day, day.year
    salary = recipients_recompute(decision=decision)
    if salary is None and decision.recipients.filter(coefficient__isnull=False).exists():
        raise ValidationError(
            _("No base salary is in force on %(date)s: the admin must enter it first.")
            % {"date": decision.decided_on.strftime("%d/%m/%Y")}
        )
    unpriced = decision.recipients.filter(amount__isnull=True).count()
    if unpriced and not no_cash:
        raise ValidationError(
            ngettext(
                "%(count)s recipient has no cash amount (coefficient or base salary not "
                "configured): configure it, or state that the award carries no cash.",
                "%(count)s recipients have no cash amount (coefficient or base salary not "
                "configured): configure it, or state that the award carries no cash.",
                unpriced,
            )
            % {"count": unpriced}
        )
    # Last, once everything else holds: a number reserved in the register is used.
    if register.configured():
        number, day = register.reserve(decision=decision, day=day)
        if day != decision.decided_on:
            problem = decision.authority.issue_problem(day)
            if problem:
                raise ValidationError(problem)
            Decision.objects.filter(pk=decision.pk).update(decided_on=day, year=day.year)
            decision.decided_on, decision.year = day, day.year
            salary = recipients_recompute(decision=decision)
    number = number or decision.number
    if not number:
        raise ValidationError(
            _("Enter the number the register gives this decision; nothing is issued.")
        )
    clash = number_clash(
        decision=decision, authority=decision.authority, number=number, year=decision.year
    )
    if clash:
        raise ValidationError(clash)
    decision.number = number
    decision.no_cash = no_cash
    decision.base_salary = salary.amount if salary else None
    decision.status = DecisionStatus.ISSUED
    decision.issued_by = user
    decision.issued_at = timezone.now()
    # The transition itself: the only write allowed once the row is no longer a draft.
    Decision.objects.filter(pk=decision.pk, status=DecisionStatus.DRAFT).update(
        number=number,
        no_cash=no_cash,
        base_salary=decision.base_salary,
        status=decision.status,
        issued_by=user,
        issued_at=decision.issued_at,
    )
    # The public boards show issued decisions: forget the cached ones.
    honour_board_invalidate_on_commit()
    security_event_record(
        kind=EventKind.DECISION_ISSUED,
        actor=user,
        subject=user,
        ip=ip,
        detail=_("Decision %(ref)s") % {"ref": decision.reference},
    )
    return decision


@transaction.atomic
def decision_annul(*, user, decision: Decision, reason: str) -> Decision:
    """Annul an issued decision: its awards become void and the money paid is to recover."""
    _require_admin(user, decision)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the annulment."))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Only an issued decision can be annulled."))
    recover = decision.recipients.aggregate(total=Coalesce(Sum("amount"), Value(Decimal(0))))
    decision.status = DecisionStatus.ANNULLED
    decision.annul_reason = reason
    decision.annulled_by = user
    decision.annulled_at = timezone.now()
    decision.recover_amount = recover["total"]
    decision.full_clean()
    decision.save()
    # Void awards free the achievement (rule 4) and drop out of history totals.
    decision.recipients.update(is_void=True)
    # The fund: cash paid is to recover, cash not paid is no longer payable.
    payments_on_annulment(decision)
    honour_board_invalidate_on_commit()
    return decision


# Large exports -------------------------------------------------------------


@transaction.atomic
def export_request(*, user, decision: Decision, fmt: str):
    """Record a large export and build it in the worker once this transaction commits."""
    _require_admin(user, decision)
    # Asking again returns the export under way, or the finished one of an issued
    # (immutable) decision, instead of building the same file twice.
    reusable = [ExportStatus.PENDING, ExportStatus.RUNNING]
    if not decision.is_draft:
        reusable.append(ExportStatus.DONE)
    existing = (
        Export.objects.filter(decision=decision, fmt=fmt, status__in=reusable)
        .order_by("-requested_at")
        .first()
    )
    if existing is not None:
        return existing
    export = Export.objects.create(
        decision=decision, fmt=fmt, requested_by=user, total=decision.recipients.count()
    )
    jobs.job_enqueue(export)
    return export
