"""Nominations (đề nghị khen thưởng): one nominee for one title or form."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .catalogue import RecipientKind, Title
from .people import Household, Person


class AwardKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    CAMPAIGN = "campaign", _("Per campaign")
    AD_HOC = "ad_hoc", _("Ad hoc")


class NominationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved by the council")
    REJECTED = "rejected", _("Rejected by the council")


# A rejected nomination does not hold the achievement: the unit may propose again.
HOLDS_ACHIEVEMENT = Q(status__in=[NominationStatus.PROPOSED, NominationStatus.APPROVED])

# The outcome of an eligibility check as stored with the nomination (awards.eligibility).
PASSED, FAILED, WARNING = "passed", "failed", "warning"


def blocking_failures(checks: list[dict]) -> list[dict]:
    """The stored checks whose blocking rule failed: the council cannot approve."""
    return [c for c in checks if c["outcome"] == FAILED and c["blocking"]]


class Nominee(models.Model):
    """A person, a collective or a household: what a nomination proposes and a
    decision awards."""

    recipient_kind = models.CharField(_("nominee"), max_length=12, choices=RecipientKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_set",
    )
    collective = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_%(class)s_set",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)s_set",
    )

    class Meta:
        abstract = True

    @property
    def nominee(self):
        if self.person_id:
            return self.person
        return self.household if self.household_id else self.collective

    @property
    def nominee_name(self) -> str:
        """The name a list or a decision shows: the person's, the collective's or the
        household's."""
        nominee = self.nominee
        return getattr(nominee, "full_name", None) or getattr(nominee, "name", "")


def nominee_constraints(
    prefix: str, *, holds: Q, person_message, collective_message, household_message
) -> list:
    """One nominee per row, and one award per person, collective or household, campaign
    and achievement among the rows that `holds` (DESIGN.md rule 4)."""
    return [
        models.CheckConstraint(
            condition=(
                Q(
                    recipient_kind="individual",
                    person__isnull=False,
                    collective=None,
                    household=None,
                )
            )
            | Q(recipient_kind="collective", collective__isnull=False, person=None, household=None)
            | Q(recipient_kind="household", household__isnull=False, person=None, collective=None),
            name=f"{prefix}_one_nominee",
            violation_error_message=_("Name either a person, a collective or a household."),
        ),
        models.UniqueConstraint(
            fields=["household", "campaign", "achievement"],
            condition=holds,
            name=f"{prefix}_household_once_per_achievement",
            violation_error_message=household_message,
        ),
        models.UniqueConstraint(
            fields=["person", "campaign", "achievement"],
            condition=holds,
            name=f"{prefix}_person_once_per_achievement",
            violation_error_message=person_message,
        ),
        models.UniqueConstraint(
            fields=["collective", "campaign", "achievement"],
            condition=holds,
            name=f"{prefix}_collective_once_per_achievement",
            violation_error_message=collective_message,
        ),
    ]


class Nomination(Nominee):
    unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    achievement = models.CharField(
        _("achievement"),
        max_length=300,
        help_text=_("One achievement earns one award: say which one, briefly."),
        validators=[validate_single_line],
    )
    details = models.TextField(_("achievements in detail"), blank=True, validators=[validate_text])
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default="proposed"
    )
    checks = models.JSONField(_("eligibility checks"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(
        _("council's comment"), blank=True, validators=[validate_text]
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-proposed_at", "-pk"]
        constraints = nominee_constraints(
            "nomination",
            holds=HOLDS_ACHIEVEMENT,
            person_message=_("This person is already nominated for this campaign and achievement."),
            collective_message=_(
                "This collective is already nominated for this campaign and achievement."
            ),
            household_message=_(
                "This household is already nominated for this campaign and achievement."
            ),
        )
        indexes = [models.Index(fields=["status", "unit"], name="nomination_status_unit")]

    def __str__(self):
        return f"{self.nominee} – {self.title}"

    @property
    def has_blocking_failure(self) -> bool:
        """A blocking rule failed in the stored checks: the council cannot approve."""
        return bool(blocking_failures(self.checks))

    def clean(self):
        super().clean()
        if (
            self.title_id
            and self.recipient_kind
            and self.title.recipient_kind != self.recipient_kind
        ):
            raise ValidationError(
                {
                    "title": _("%(title)s is not awarded to this kind of nominee.")
                    % {"title": self.title}
                }
            )
        if self.year:
            self._check_units_exist_in_year()
        if self.person_id and self.unit_id and self.person.unit_id != self.unit_id:
            raise ValidationError({"person": _("This person does not belong to the unit.")})
        if (
            self.collective_id
            and self.unit_id
            and self.unit_id not in (self.collective_id, self.collective.parent_id)
        ):
            raise ValidationError(
                {"collective": _("The collective must be the unit or one of its parts.")}
            )
        if (
            self.household_id
            and self.unit_id
            and self.unit_id not in (self.household.unit_id, self.household.unit.parent_id)
        ):
            raise ValidationError(
                {"household": _("The household must live in the unit or one of its parts.")}
            )

    def _check_units_exist_in_year(self):
        """A unit that ended before the year cannot propose or be nominated for it
        (its successor does)."""
        for field, message in (
            (
                "collective",
                _("%(unit)s ceased to exist on %(end)s and cannot be nominated for %(year)s."),
            ),
            ("unit", _("%(unit)s ceased to exist on %(end)s and cannot propose for %(year)s.")),
        ):
            unit = getattr(self, field) if getattr(self, f"{field}_id") else None
            if unit is not None and unit.valid_to is not None and unit.valid_to.year < self.year:
                raise ValidationError(
                    {
                        field: message
                        % {
                            "unit": unit.name,
                            "end": unit.valid_to.strftime("%d/%m/%Y"),
                            "year": self.year,
                        }
                    }
                )
