from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Unit
from campaigns.models import Campaign, Indicator


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Open for signature")
    SIGNED = "signed", _("Signed by every member")


class ScoringStage(models.TextChoices):
    SELF = "self", _("Self-scoring")
    REVIEW = "review", _("Cross-review")
    FINAL = "final", _("Scores final")


class Covenant(models.Model):
    """The covenant (giao ước thi đua) a bloc signs for a campaign and year.

    It fixes the commitments and the scoring rubric. The head drafts it, every
    member signs it, and from then on it is read-only; the scoring of the year
    hangs off it (self-score → cross-review → final, then the ranking).
    """

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="covenants"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="covenants",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    preamble = models.TextField(_("preamble"), blank=True)
    place = models.CharField(_("place of signing"), max_length=100, default="Móng Cái")
    status = models.CharField(
        _("status"), max_length=10, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened for signature at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by every member at"), null=True, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers named by the head"),
        blank=True,
        related_name="covenants_to_review",
    )
    scoring_stage = models.CharField(
        _("scoring stage"), max_length=10, choices=ScoringStage.choices, default=ScoringStage.SELF
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    flag_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit proposed for the emulation flag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["-year", "bloc__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "campaign", "year"],
                name="covenant_one_per_bloc_campaign_year",
                violation_error_message=_(
                    "This bloc already has a covenant for that campaign and year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="covenant_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(scoring_stage="final") | Q(status="signed"),
                name="covenant_final_only_when_signed",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == CovenantStatus.DRAFT

    @property
    def is_final(self) -> bool:
        return self.scoring_stage == ScoringStage.FINAL


class Commitment(models.Model):
    """One commitment of the covenant, optionally tied to a campaign indicator.

    A commitment tied to an indicator shows each member's own target for it
    (the campaign's unit targets), so the covenant and the reports agree.
    """

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="commitments"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("commitment"))
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class CriterionKind(models.TextChoices):
    CRITERION = "criterion", _("Criterion")
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")


class CriterionPrefill(models.TextChoices):
    NONE = "", _("Scored by hand")
    TARGETS_MET = "targets_met", _("Share of the unit's targets met, from the tallies")
    REPORTS_ON_TIME = "reports_on_time", _("Share of the unit's reports filed on time")


class Criterion(models.Model):
    """A line of the rubric: a criterion with its maximum, or a bonus or penalty item.

    Points are never negative: a penalty item's points are deducted from the total.
    """

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.CRITERION
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("how it is scored"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    prefill = models.CharField(
        _("pre-fill"),
        max_length=20,
        choices=CriterionPrefill.choices,
        default=CriterionPrefill.NONE,
        blank=True,
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_positive",
                violation_error_message=_("The maximum points must be more than zero."),
            ),
        ]

    def __str__(self):
        return self.title


class Signature(models.Model):
    """A member unit's signature of the covenant: who signed, when, in which capacity."""

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="signatures"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as signed, so a later change of the user's name or post does not rewrite it.
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_position = models.CharField(_("position"), max_length=150, blank=True)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"],
                name="signature_once_per_unit",
                violation_error_message=_("This unit has already signed the covenant."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.signer_name}"
