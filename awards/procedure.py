"""Annual registration (đăng ký thi đua) and public disclosure (công khai) of the nominees.

Services (writes) and the reads that depend on who asks; the pages are in
`awards/procedure_views.py`, the rules in docs/awards.md ("Annual registration",
"Public disclosure"). Which titles need registration is the legal pack's: an
`EligibilityRule` of kind `registered` in force on the first day of the year.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blocs.models import Unit
from blocs.selectors import organisers_for_user, units_for_user
from mongcai.accounts.models import User
from mongcai.accounts.permissions import is_admin
from mongcai.lib.text import validate_text

from .models import (
    AgendaResult,
    DecisionRecipient,
    Disclosure,
    DisclosureComment,
    EligibilityRule,
    Nomination,
    NominationStatus,
    Person,
    RecipientKind,
    Registration,
    RegistrationReminder,
    RegistrationRound,
    RuleKind,
    SessionStatus,
    Title,
)

# ---------------------------------------------------------------- reads


def registration_rules(day: dt.date) -> QuerySet[EligibilityRule]:
    """The legal pack's `registered` rules in force on `day`."""
    return EligibilityRule.objects.filter(kind=RuleKind.REGISTERED, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def registrable_titles(year: int) -> QuerySet[Title]:
    """The titles that need registration in `year` (a rule in force on 1 January)."""
    day = dt.date(year, 1, 1)
    return (
        Title.objects.filter(pk__in=registration_rules(day).values("title_id"))
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("recipient_kind", "order", "name")
    )


def managed_organisers(user: User) -> QuerySet[Unit]:
    """The organisers whose registration and disclosure the admin runs: their own."""
    if not is_admin(user):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.filter(is_organiser=True).order_by("name")
    return user.organisers.filter(is_organiser=True).order_by("name")


def rounds_for_user(user: User) -> QuerySet[RegistrationRound]:
    """Rounds of the organisers the user belongs to: a secretary's units report to them;
    council members and admins, their organisers and below."""
    return RegistrationRound.objects.filter(organiser__in=organisers_for_user(user)).select_related(
        "organiser"
    )


def registrations_for_user(user: User, registration_round: RegistrationRound):
    """A secretary sees their own units' registrations; council and admins all of the round."""
    rows = registration_round.registrations.select_related(
        "unit", "person", "collective", "title", "registered_by"
    )
    if user.is_secretary and not user.is_superuser:
        rows = rows.filter(unit__in=units_for_user(user))
    return rows.order_by("unit__name", "title__order", "title__name", "person__full_name", "pk")


def disclosures_for_user(user: User) -> QuerySet[Disclosure]:
    """Disclosures of the organisers the user's units belong to (members of the organiser)."""
    return Disclosure.objects.filter(organiser__in=organisers_for_user(user)).select_related(
        "organiser", "published_by"
    )


def is_registered(*, title: Title, year: int, person=None, collective=None) -> bool:
    """The nominee registered for the title in the year (with any organiser)."""
    rows = Registration.objects.filter(round__year=year, title=title)
    if person is not None:
        return rows.filter(person=person).exists()
    return rows.filter(collective=collective).exists()


def disclosure_candidates(organiser: Unit, year: int) -> QuerySet[Nomination]:
    """The organiser's nominations of the year still before the council: proposed or
    approved under the former single review, not passed by a closed session, not in a
    decision."""
    return (
        Nomination.objects.filter(
            campaign__organiser=organiser,
            year=year,
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
        .select_related("person", "collective", "title", "unit")
        .order_by("title__order", "title__name", "pk")
    )


def disclosure_status(nominations, on_day: dt.date) -> dict[int, dict]:
    """Per nomination id: whether it was disclosed, the latest period's end, whether that
    period has ended by `on_day`, and its comments (two queries)."""
    status: dict[int, dict] = {}
    through = Disclosure.nominations.through.objects.filter(nomination__in=nominations)
    for nomination_id, ends_on in through.values_list("nomination_id", "disclosure__ends_on"):
        row = status.setdefault(nomination_id, {"ends_on": ends_on, "comments": []})
        row["ends_on"] = max(row["ends_on"], ends_on)
    for comment in DisclosureComment.objects.filter(nomination__in=nominations).select_related(
        "author", "resolved_by"
    ):
        status.setdefault(comment.nomination_id, {"ends_on": None, "comments": []})[
            "comments"
        ].append(comment)
    for row in status.values():
        row["disclosed"] = row["ends_on"] is not None
        row["ended"] = row["disclosed"] and row["ends_on"] < on_day
    return status


# ---------------------------------------------------------------- registration


def _require_organiser_admin(user: User, organiser: Unit):
    if not managed_organisers(user).filter(pk=organiser.pk).exists():
        raise ValidationError(_("Only an administrator of this organiser may do this."))


def _below(unit: Unit, organiser: Unit) -> bool:
    node = unit
    while node is not None:
        if node.pk == organiser.pk:
            return True
        node = node.parent
    return False


@transaction.atomic
def round_open(*, user: User, organiser: Unit, year: int, deadline: dt.date) -> RegistrationRound:
    """The admin opens the organiser's registration for a year, with its deadline."""
    _require_organiser_admin(user, organiser)
    if deadline.year < year - 1:
        raise ValidationError(_("The deadline cannot fall before the year before it."))
    if RegistrationRound.objects.filter(organiser=organiser, year=year).exists():
        raise ValidationError(_("This organiser already has a registration for the year."))
    registration_round = RegistrationRound(
        organiser=organiser, year=year, deadline=deadline, opened_by=user
    )
    registration_round.full_clean()
    registration_round.save()
    return registration_round


@transaction.atomic
def round_set_deadline(
    *, user: User, registration_round: RegistrationRound, deadline: dt.date
) -> RegistrationRound:
    """The admin moves the deadline (to extend it for late units)."""
    _require_organiser_admin(user, registration_round.organiser)
    registration_round = RegistrationRound.objects.select_for_update().get(pk=registration_round.pk)
    if deadline.year < registration_round.year - 1:
        raise ValidationError(_("The deadline cannot fall before the year before it."))
    registration_round.deadline = deadline
    registration_round.save(update_fields=["deadline"])
    return registration_round


@transaction.atomic
def registration_add(
    *,
    user: User,
    registration_round: RegistrationRound,
    title: Title,
    person: Person | None = None,
    collective: Unit | None = None,
    today: dt.date | None = None,
) -> Registration:
    """A secretary registers their unit (collective title) or one of its people
    (individual title) by the round's deadline; once per nominee and title."""
    # `today` is the day of registration: now, or the day a paper registration was made
    # (the demo's January registrations, the tests).
    registered_at = timezone.now()
    if today is None:
        today = timezone.localdate()
    else:
        registered_at = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    registration_round = RegistrationRound.objects.select_for_update().get(pk=registration_round.pk)
    if today > registration_round.deadline:
        raise ValidationError(
            _(
                "The registration closed on %(deadline)s: ask the organiser's administrator "
                "to extend the deadline."
            )
            % {"deadline": registration_round.deadline.strftime("%d/%m/%Y")}
        )
    if not registrable_titles(registration_round.year).filter(pk=title.pk).exists():
        raise ValidationError(
            _("%(title)s is not a title registered for in %(year)s.")
            % {"title": title, "year": registration_round.year}
        )
    if title.recipient_kind == RecipientKind.INDIVIDUAL:
        if person is None:
            raise ValidationError(_("Choose the person for this individual title."))
        unit, collective = person.unit, None
    else:
        if collective is None:
            raise ValidationError(_("Choose the unit for this collective title."))
        unit, person = collective, None
    if not (user.is_secretary and user.units.filter(pk=unit.pk).exists()):
        raise ValidationError(_("You can only register your own units and their people."))
    if not _below(unit, registration_round.organiser):
        raise ValidationError(
            _("%(unit)s does not belong to %(organiser)s.")
            % {"unit": unit, "organiser": registration_round.organiser}
        )
    nominee = person or collective
    if registration_round.registrations.filter(
        title=title, person=person, collective=collective
    ).exists():
        raise ValidationError(
            _("%(nominee)s is already registered for %(title)s in %(year)s.")
            % {"nominee": nominee, "title": title, "year": registration_round.year}
        )
    registration = Registration(
        round=registration_round,
        title=title,
        recipient_kind=title.recipient_kind,
        person=person,
        collective=collective,
        unit=unit,
        registered_by=user,
        registered_at=registered_at,
    )
    registration.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(nominee)s is already registered for %(title)s in %(year)s.")
            % {"nominee": nominee, "title": title, "year": registration_round.year}
        ) from error
    return registration


def rounds_due(*, today: dt.date, within_days: int = 7) -> QuerySet[RegistrationRound]:
    """Rounds whose deadline falls in the next `within_days` days (reminders)."""
    return RegistrationRound.objects.filter(
        deadline__gte=today, deadline__lte=today + dt.timedelta(days=within_days)
    )


def registration_reminders(user: User, *, today: dt.date | None = None) -> list[dict]:
    """For a secretary: the open rounds of their organisers whose deadline is near (7 days)
    and how many of the year's registrable titles each of their units has registered for."""
    today = today or timezone.localdate()
    if not (user.is_authenticated and user.is_secretary) or user.is_superuser:
        return []
    rows = []
    units = list(units_for_user(user))
    for registration_round in (
        rounds_due(today=today)
        .filter(organiser__in=organisers_for_user(user))
        .select_related("organiser")
    ):
        registered = set(
            registration_round.registrations.filter(unit__in=units).values_list(
                "unit_id", flat=True
            )
        )
        for unit in units:
            if _below(unit, registration_round.organiser):
                rows.append(
                    {
                        "round": registration_round,
                        "unit": unit,
                        "registered": unit.pk in registered,
                        "days_left": (registration_round.deadline - today).days,
                    }
                )
    return rows


def registration_reminders_send(*, today: dt.date | None = None, days_before: int | None = None):
    """E-mail the secretaries of every unit below a round's organiser that has not
    registered yet, when the deadline is `days_before` days away or nearer (the
    reports' reminder days, REMINDER_DAYS_BEFORE). Once per round and unit: the
    RegistrationReminder row is claimed before the mail goes out, so two runs at once
    (or a retry) never send twice. Units are the organiser's units with a secretary."""
    today = today or timezone.localdate()
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    mails = []
    for registration_round in rounds_due(today=today, within_days=days_before).select_related(
        "organiser"
    ):
        done = set(registration_round.registrations.values_list("unit_id", flat=True))
        sent = set(registration_round.reminders.values_list("unit_id", flat=True))
        units = Unit.objects.filter(secretaries__isnull=False).exclude(pk__in=done | sent)
        for unit in units.distinct().select_related("parent"):
            if not _below(unit, registration_round.organiser):
                continue
            recipients = list(
                User.objects.filter(units=unit, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            try:
                with transaction.atomic():
                    RegistrationReminder.objects.create(
                        round=registration_round,
                        unit=unit,
                        sent_at=timezone.now(),
                        recipients=len(recipients),
                    )
            except IntegrityError:  # another run claimed it
                continue
            if recipients:
                mails.append(_reminder_mail(registration_round, unit, recipients))
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return len(mails)


def _reminder_mail(registration_round, unit, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Emulation registration due: %(unit)s, %(year)s") % {
            "unit": unit.name,
            "year": registration_round.year,
        }
        body = _(
            "%(unit)s has not registered for the emulation titles of %(year)s "
            "(%(organiser)s). The registration closes on %(deadline)s.\n\n"
            "Please register the unit and its people in the emulation tracker."
        ) % {
            "unit": unit.name,
            "year": registration_round.year,
            "organiser": registration_round.organiser.name,
            "deadline": registration_round.deadline.strftime("%d/%m/%Y"),
        }
    return (subject, body, None, recipients)


# ---------------------------------------------------------------- disclosure


@transaction.atomic
def disclosure_publish(
    *,
    user: User,
    organiser: Unit,
    year: int,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    nominations=None,
) -> Disclosure:
    """The admin publishes the organiser's nominees of the year for a period."""
    _require_organiser_admin(user, organiser)
    if ends_on < starts_on:
        raise ValidationError(_("The end of the period cannot come before its start."))
    candidates = disclosure_candidates(organiser, year)
    if nominations is None:
        nominations = list(candidates)
    else:
        allowed = set(candidates.values_list("pk", flat=True))
        nominations = list(nominations)
        for nomination in nominations:
            if nomination.pk not in allowed:
                raise ValidationError(
                    _("%(nominee)s cannot be published in this list.")
                    % {"nominee": nomination.nominee}
                )
    if not nominations:
        raise ValidationError(_("There is no nominee of %(year)s to publish.") % {"year": year})
    disclosure = Disclosure(
        organiser=organiser,
        year=year,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        published_by=user,
    )
    disclosure.full_clean()
    disclosure.save()
    disclosure.nominations.set(nominations)
    return disclosure


@transaction.atomic
def comment_send(
    *,
    user: User,
    disclosure: Disclosure,
    nomination: Nomination,
    text: str,
    today: dt.date | None = None,
) -> DisclosureComment:
    """A member of the organiser's units comments, named, on a published nominee while the
    list is open."""
    today = today or timezone.localdate()
    if not disclosures_for_user(user).filter(pk=disclosure.pk).exists():
        raise ValidationError(_("Only members of the organiser's units may comment."))
    if not disclosure.is_open_on(today):
        raise ValidationError(
            _("Comments are received from %(start)s to %(end)s.")
            % {
                "start": disclosure.starts_on.strftime("%d/%m/%Y"),
                "end": disclosure.ends_on.strftime("%d/%m/%Y"),
            }
        )
    if not disclosure.nominations.filter(pk=nomination.pk).exists():
        raise ValidationError(_("This nominee is not in the published list."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the comment."))
    validate_text(text)
    comment = DisclosureComment(
        disclosure=disclosure,
        nomination=nomination,
        author=user,
        text=text,
        sent_at=timezone.now(),
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_resolve(
    *, user: User, comment: DisclosureComment, resolution: str
) -> DisclosureComment:
    """The admin records how a comment was resolved: once, with who and when."""
    _require_organiser_admin(user, comment.disclosure.organiser)
    comment = DisclosureComment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_resolved:
        raise ValidationError(_("This comment is already resolved."))
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError(_("Write how the comment was resolved."))
    validate_text(resolution)
    comment.resolution = resolution
    comment.resolved_by, comment.resolved_at = user, timezone.now()
    comment.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return comment


def registration_status(nominations) -> dict[int, bool | None]:
    """Per nomination id: registered (True), not registered (False), or None when its
    title needs no registration that year (three queries)."""
    nominations = list(nominations)
    years = {n.year for n in nominations}
    needed = {
        (title_id, year)
        for year in years
        for title_id in registrable_titles(year).values_list("pk", flat=True)
    }
    registered = set(
        Registration.objects.filter(
            round__year__in=years,
            title_id__in={n.title_id for n in nominations},
        ).values_list("title_id", "round__year", "person_id", "collective_id")
    )
    status: dict[int, bool | None] = {}
    for n in nominations:
        if (n.title_id, n.year) not in needed:
            status[n.pk] = None
        else:
            status[n.pk] = (n.title_id, n.year, n.person_id, n.collective_id) in registered
    return status


def agenda_procedure(items, on_day: dt.date) -> None:
    """Annotate agenda items with their registration, disclosure and comments, and a
    warning when the disclosure had not ended by the session's day (`on_day`)."""
    nominations = [i.nomination for i in items]
    registered = registration_status(nominations)
    disclosed = disclosure_status(nominations, on_day)
    for item in items:
        row = disclosed.get(item.nomination_id, {})
        item.registered = registered.get(item.nomination_id)
        item.disclosed = row.get("disclosed", False)
        item.disclosure_ends = row.get("ends_on")
        item.comments = row.get("comments", [])
        item.disclosure_warning = not row.get("ended", False)
