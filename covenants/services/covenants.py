"""The covenant: drafted by the bloc head, signed by every member, then read-only."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import BlocMembership, Unit
from blocs.permissions import is_secretary_of_unit
from mongcai.accounts.models import User

from ..models import (
    Commitment,
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    Score,
    Scorecard,
    Signature,
)
from ..permissions import is_head, may_draft


@dataclass(frozen=True)
class CommitmentInput:
    text: str
    indicator_id: int | None = None


@dataclass(frozen=True)
class CriterionInput:
    kind: str
    title: str
    max_points: Decimal
    description: str = ""
    prefill: str = ""


def _locked_error(covenant: Covenant) -> ValidationError:
    if covenant.status == CovenantStatus.SIGNED:
        return ValidationError(
            _("The covenant is signed by every member and can no longer change.")
        )
    return ValidationError(
        _("The covenant is open for signature; its content can no longer change.")
    )


@transaction.atomic
def covenant_create(
    *, bloc, campaign, year: int, title: str, preamble: str = "", by: User
) -> Covenant:
    """The bloc head (or an admin) starts the year's covenant as a draft."""
    covenant = Covenant(
        bloc=bloc, campaign=campaign, year=year, title=title, preamble=preamble, drafted_by=by
    )
    if not may_draft(by, covenant):
        raise PermissionDenied
    if not BlocMembership.objects.filter(bloc=bloc, year=year).exists():
        raise ValidationError(_("The bloc has no member in %(year)s.") % {"year": year})
    covenant.full_clean()
    covenant.save()
    return covenant


@transaction.atomic
def covenant_rubric_save(
    *,
    covenant: Covenant,
    title: str,
    preamble: str,
    commitments: list[CommitmentInput],
    criteria: list[CriterionInput],
    by: User,
) -> Covenant:
    """Replace the draft's text, commitments and rubric in one go."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not may_draft(by, covenant):
        raise PermissionDenied
    if not covenant.is_editable:
        raise _locked_error(covenant)
    covenant.title = title
    covenant.preamble = preamble
    covenant.full_clean()
    covenant.save(update_fields=["title", "preamble"])
    covenant.commitments.all().delete()
    covenant.criteria.all().delete()
    for order, item in enumerate(commitments, start=1):
        row = Commitment(
            covenant=covenant, order=order, text=item.text, indicator_id=item.indicator_id
        )
        row.full_clean()
        row.save()
    for order, item in enumerate(criteria, start=1):
        row = Criterion(
            covenant=covenant,
            order=order,
            kind=item.kind,
            title=item.title,
            description=item.description,
            max_points=item.max_points,
            prefill=item.prefill,
        )
        row.full_clean()
        row.save()
    return covenant


@transaction.atomic
def covenant_open(*, covenant: Covenant, by: User) -> Covenant:
    """The head closes the draft and opens it for the members' signatures."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not may_draft(by, covenant):
        raise PermissionDenied
    if not covenant.is_editable:
        raise _locked_error(covenant)
    if not covenant.criteria.filter(kind=CriterionKind.CRITERION).exists():
        raise ValidationError(_("Add at least one scoring criterion before opening for signature."))
    if not covenant.commitments.exists():
        raise ValidationError(_("Add at least one commitment before opening for signature."))
    covenant.status = CovenantStatus.SIGNING
    covenant.opened_at = timezone.now()
    covenant.save(update_fields=["status", "opened_at"])
    return covenant


@transaction.atomic
def covenant_sign(*, covenant: Covenant, unit: Unit, by: User, at=None) -> Signature:
    """A member's secretary signs for the unit; the last signature seals the covenant.

    Sealing creates every member's scorecard with one empty score per rubric
    line, so scoring can start.
    """
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.status == CovenantStatus.DRAFT:
        raise ValidationError(_("The covenant is still a draft; it cannot be signed yet."))
    if covenant.status == CovenantStatus.SIGNED:
        raise ValidationError(_("Every member has already signed this covenant."))
    members = set(
        BlocMembership.objects.filter(bloc_id=covenant.bloc_id, year=covenant.year).values_list(
            "unit_id", flat=True
        )
    )
    if unit.pk not in members:
        raise ValidationError(
            _("%(unit)s is not a member of this bloc in %(year)s and cannot sign.")
            % {"unit": unit, "year": covenant.year}
        )
    if not is_secretary_of_unit(by, unit):
        raise PermissionDenied
    if covenant.signatures.filter(unit=unit).exists():
        raise ValidationError(_("This unit has already signed the covenant."))
    now = at or timezone.now()
    signature = Signature.objects.create(
        covenant=covenant,
        unit=unit,
        signed_by=by,
        signer_name=by.full_name or by.get_username(),
        signer_position=by.position,
        signed_at=now,
    )
    if set(covenant.signatures.values_list("unit_id", flat=True)) >= members:
        covenant.status = CovenantStatus.SIGNED
        covenant.signed_at = now
        covenant.save(update_fields=["status", "signed_at"])
        _scorecards_create(covenant, members)
    return signature


def _scorecards_create(covenant: Covenant, unit_ids: set[int]) -> None:
    cards = Scorecard.objects.bulk_create(
        [Scorecard(covenant=covenant, unit_id=unit_id) for unit_id in sorted(unit_ids)]
    )
    criteria = list(covenant.criteria.all())
    Score.objects.bulk_create(
        [Score(scorecard=card, criterion=criterion) for card in cards for criterion in criteria]
    )


@transaction.atomic
def covenant_reviewers_set(*, covenant: Covenant, reviewers: list[User], by: User) -> None:
    """The head names the secretaries who cross-review with it (members' secretaries only)."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not is_head(by, covenant):
        raise PermissionDenied
    if covenant.is_final:
        raise ValidationError(_("The scoring is final; nothing can change any more."))
    member_ids = set(
        BlocMembership.objects.filter(bloc_id=covenant.bloc_id, year=covenant.year).values_list(
            "unit_id", flat=True
        )
    )
    for reviewer in reviewers:
        if not set(reviewer.units.values_list("pk", flat=True)) & member_ids:
            raise ValidationError(
                _("%(user)s is not a secretary of a member of this bloc.") % {"user": reviewer}
            )
    covenant.reviewers.set(reviewers)
