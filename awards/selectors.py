"""Reads of the awards app that depend on who asks."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from blocs.models import Unit
from blocs.selectors import organiser_units, unit_lineage_ids, units_for_user
from mongcai.accounts.models import User

from .models import (
    AgendaItem,
    AgendaResult,
    Authority,
    AwardKind,
    CouncilSession,
    Decision,
    DecisionPdf,
    DecisionRecipient,
    DecisionStatus,
    Dossier,
    DossierFile,
    Export,
    ExportStatus,
    Nomination,
    NominationStatus,
    Person,
    RecipientKind,
    SessionMember,
    SessionStatus,
    Title,
)
from .services import (
    base_salary_on,
    cash_amount,
    law_date,
    rounding_on,
    rounding_step,
    submitted_on,
    term_on,
)
from .text import fold


def nominations_for_user(user: User) -> QuerySet[Nomination]:
    """A secretary's own units' nominations; for council members and admins those of their
    organisers' campaigns and below (a nomination belongs to its campaign's organiser)."""
    nominations = Nomination.objects.filter(unit__in=units_for_user(user))
    if not (user.is_authenticated and user.is_secretary):
        nominations = nominations.filter(campaign__organiser__in=organiser_units(user))
    return nominations.select_related(
        "unit", "person", "collective", "household", "title", "campaign"
    )


def nomination_get_for_user(user: User, pk: int) -> Nomination:
    return get_object_or_404(nominations_for_user(user), pk=pk)


def people_for_user(user: User) -> QuerySet[Person]:
    return Person.objects.filter(unit__in=units_for_user(user)).select_related("unit")


def person_search(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Every word of the query, without diacritics: "nguyen van a" finds "Nguyễn Văn A"."""
    for word in fold(query).split():
        people = people.filter(search_name__contains=word)
    return people


def person_get_for_user(user: User, pk: int) -> Person:
    return get_object_or_404(people_for_user(user), pk=pk)


def _history(recipients: QuerySet[DecisionRecipient]) -> QuerySet[DecisionRecipient]:
    """Awards of decisions that were issued (annulled ones shown as such), newest first."""
    return (
        recipients.exclude(decision__status=DecisionStatus.DRAFT)
        .select_related(
            "decision__authority", "title", "campaign", "unit", "person", "collective", "household"
        )
        .order_by("-decision__decided_on", "-decision__number", "order")
    )


def person_history(person: Person) -> QuerySet[DecisionRecipient]:
    return _history(DecisionRecipient.objects.filter(person=person))


def unit_history(unit: Unit) -> QuerySet[DecisionRecipient]:
    """The unit's own awards as a collective and those of its people, with those of
    the units it succeeded (history follows successors)."""
    lineage = unit_lineage_ids(unit)
    return _history(
        DecisionRecipient.objects.filter(Q(collective_id__in=lineage) | Q(unit_id__in=lineage))
    )


def authorities_for_user(user: User) -> QuerySet[Authority]:
    """The authorities in whose name the user's organisers (and those below) decide."""
    return Authority.objects.filter(organiser__in=organiser_units(user))


def decisions_for_user(user: User) -> QuerySet[Decision]:
    """Decisions of the user's organisers and below: a decision belongs to the organiser
    of its issuing authority."""
    return Decision.objects.filter(
        Q(authority__in=authorities_for_user(user))
        # A higher level's decision on the organiser's proposal (awards/proposals.py).
        | Q(higher_proposal__organiser__in=organiser_units(user))
    )


def decisions_list(user: User) -> QuerySet[Decision]:
    return (
        decisions_for_user(user)
        .select_related("authority", "campaign")
        .annotate(recipient_count=Count("recipients"), total=Sum("recipients__amount"))
        .order_by("-decided_on", "-number")
    )


def decision_get(user: User, pk: int) -> Decision:
    """A decision of the user's organisers or below, or 404."""
    return get_object_or_404(
        decisions_for_user(user).select_related("authority", "campaign"), pk=pk
    )


def decision_pdf_facts(decision: Decision) -> DecisionPdf | None:
    """The stored PDF's facts (hash, signer), without loading its bytes."""
    return (
        DecisionPdf.objects.filter(decision=decision)
        .defer("issued_pdf", "signed_pdf")
        .select_related("uploaded_by")
        .first()
    )


def decision_signed_pdf(decision: Decision) -> bytes:
    """The signed PDF of the decision, or 404."""
    data = (
        DecisionPdf.objects.filter(decision=decision, signed_pdf__isnull=False)
        .values_list("signed_pdf", flat=True)
        .first()
    )
    if data is None:
        raise Http404
    return bytes(data)


def exports_unfinished(decision: Decision) -> QuerySet[Export]:
    """The latest export of each format when it is still running or has failed: an
    older failure that a newer export replaced is no longer news."""
    latest = (
        Export.objects.filter(decision=OuterRef("decision"), fmt=OuterRef("fmt"))
        .order_by("-requested_at", "-pk")
        .values("pk")[:1]
    )
    return (
        decision.exports.filter(pk=Subquery(latest))
        .exclude(status=ExportStatus.DONE)
        .order_by("fmt")
    )


def recipient_get(decision: Decision, pk: int) -> DecisionRecipient:
    return get_object_or_404(decision.recipients, pk=pk)


def export_get(user: User, pk: int) -> Export:
    """An export of a decision the user may read (decision_get), or 404."""
    return get_object_or_404(
        Export.objects.filter(decision__in=decisions_for_user(user)).select_related(
            "decision__authority"
        ),
        pk=pk,
    )


def approved_nominations_free(user: User) -> QuerySet[Nomination]:
    """Nominations of the user's organisers and below passed by a closed session of the
    council and not yet in any decision."""
    passed = AgendaItem.objects.filter(
        nomination=OuterRef("pk"),
        result=AgendaResult.PASSED,
        session__status=SessionStatus.CLOSED,
    )
    return (
        nominations_for_user(user)
        .filter(Exists(passed), status=NominationStatus.APPROVED, recipient__isnull=True)
        .select_related("unit", "person", "collective", "household", "title", "campaign")
        .order_by("unit__name", "pk")
    )


def latest_decision_year(user: User) -> int | None:
    return (
        decisions_for_user(user)
        .filter(status=DecisionStatus.ISSUED)
        .order_by("-decided_on")
        .values_list("year", flat=True)
        .first()
    )


def statistics(user: User, start: dt.date, end: dt.date) -> dict:
    """Collectives and individuals commended in the issued decisions of the user's
    organisers and below dated in [start, end], by kind and by title or form (as the
    article counts them). Two queries."""
    return statistics_of(decisions_for_user(user), start, end)


def decisions_of_organiser(organiser: Unit) -> QuerySet[Decision]:
    """The decisions issued in the name of the organiser's own authorities."""
    return Decision.objects.filter(authority__organiser=organiser)


def statistics_of(decisions: QuerySet[Decision], start: dt.date, end: dt.date) -> dict:
    """`statistics` over the given decisions (the summary report: one organiser's)."""
    awarded = DecisionRecipient.objects.filter(
        decision__in=decisions,
        decision__status=DecisionStatus.ISSUED,
        is_void=False,
        decision__decided_on__range=(start, end),
    )
    collective = Q(recipient_kind=RecipientKind.COLLECTIVE)
    individual = Q(recipient_kind=RecipientKind.INDIVIDUAL)
    household = Q(recipient_kind=RecipientKind.HOUSEHOLD)
    by_kind = {
        row["decision__kind"]: row
        for row in awarded.values("decision__kind").annotate(
            collectives=Count("pk", filter=collective),
            individuals=Count("pk", filter=individual),
            households=Count("pk", filter=household),
            amount=Sum("amount"),
        )
    }
    kinds = [
        {
            "kind": label,
            "code": code,
            "collectives": by_kind.get(code, {}).get("collectives", 0),
            "individuals": by_kind.get(code, {}).get("individuals", 0),
            "households": by_kind.get(code, {}).get("households", 0),
            "amount": by_kind.get(code, {}).get("amount"),
        }
        for code, label in AwardKind.choices
    ]
    titles = {t.pk: t for t in Title.objects.all()}
    by_title = [
        {**row, "title": titles[row["title_id"]]}
        for row in awarded.values("title_id")
        .annotate(
            collectives=Count("pk", filter=collective),
            individuals=Count("pk", filter=individual),
            households=Count("pk", filter=household),
            amount=Sum("amount"),
        )
        .order_by("title_id")
    ]
    by_title.sort(key=lambda row: (row["title"].order, row["title"].name))
    return {
        "kinds": kinds,
        "titles": by_title,
        "collectives": sum(k["collectives"] for k in kinds),
        "individuals": sum(k["individuals"] for k in kinds),
        "households": sum(k["households"] for k in kinds),
        "amount": sum(k["amount"] or 0 for k in kinds),
    }


def nomination_cash(nomination: Nomination, day: dt.date | None = None) -> dict:
    """The cash a nominee would get in a decision dated `day` (today), and the texts
    it comes from: the coefficient's term (under the texts `law_date` gives: a
    transition article keeps a nomination submitted before a new text under the old
    one), the base salary on `day`, the rounding rule."""
    day = day or timezone.localdate()
    law_day, transition = law_date(submitted_on=submitted_on(nomination), decided_on=day)
    term = term_on(nomination.title, law_day)
    salary = base_salary_on(day)
    rounding = rounding_on(law_day)
    step = rounding.step if rounding is not None else rounding_step(day, salary)
    return {
        "day": day,
        "law_day": law_day,
        "transition": transition,
        "amount": cash_amount(term.coefficient if term else None, salary, step),
        "term": term,
        "salary": salary,
        "rounding": rounding,
    }


# The council's sessions ----------------------------------------------------------


def sessions_for_user(user: User) -> QuerySet[CouncilSession]:
    """Sessions of the user's organisers and below (council members and admins)."""
    return CouncilSession.objects.filter(organiser__in=organiser_units(user)).select_related(
        "organiser", "chair"
    )


def session_get_for_user(user: User, pk: int) -> CouncilSession:
    return get_object_or_404(sessions_for_user(user), pk=pk)


def session_agenda(session: CouncilSession) -> list[AgendaItem]:
    """The agenda with each nominee, its checks and how many members voted on it."""
    return list(
        session.items.select_related(
            "nomination__person",
            "nomination__collective",
            "nomination__title",
            "nomination__unit",
            "nomination__dossier",
        )
        .annotate(voted=Count("casts"))
        .order_by("order")
    )


def session_members(session: CouncilSession) -> list[SessionMember]:
    return list(session.members.select_related("member").order_by("pk"))


def convening_organisers(user: User) -> QuerySet[Unit]:
    """The organisers whose council the user sits on (a superuser: every organiser)."""
    if user.is_superuser:
        return Unit.objects.filter(is_organiser=True).order_by("name")
    return user.organisers.filter(is_organiser=True).order_by("name")


def dossier_nominations_for_user(user: User) -> QuerySet[Nomination]:
    """The nominations whose dossier the user may read: those they may read
    (nominations_for_user), and those of the units they head (Unit.heads)."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    return Nomination.objects.filter(
        Q(pk__in=nominations_for_user(user).values("pk")) | Q(unit__heads=user)
    ).select_related("unit", "person", "collective", "title", "campaign__organiser")


def dossier_nomination_get(user: User, pk: int) -> Nomination:
    return get_object_or_404(dossier_nominations_for_user(user), pk=pk)


def dossiers_for_user(user: User):
    return (
        Dossier.objects.filter(nomination__in=dossier_nominations_for_user(user).values("pk"))
        .select_related(
            "nomination__unit",
            "nomination__person",
            "nomination__collective",
            "nomination__title",
            "confirmed_by",
        )
        .order_by("-updated_at", "-pk")
    )


def dossiers_to_confirm(user: User):
    """The drafts a unit's head (Unit.heads) has to confirm: the home page's to-dos."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(status="draft", nomination__unit__heads=user)
        .select_related("nomination__person", "nomination__collective", "nomination__title")
        .order_by("updated_at", "pk")
    )


def dossier_file_get(user: User, pk: int):
    return get_object_or_404(
        DossierFile.objects.filter(
            dossier__nomination__in=dossier_nominations_for_user(user).values("pk")
        ),
        pk=pk,
    )
