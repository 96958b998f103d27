import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit

from .covenant import Covenant, Criterion


class Scorecard(models.Model):
    """A member unit's scores under a covenant, and its place once final."""

    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="scorecards"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="scorecards"
    )
    self_submitted_at = models.DateTimeField(_("self-score sent at"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-score sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the council finalises; the ranking is read from these.
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"], name="scorecard_one_per_unit_and_covenant"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.covenant}"


def score_evidence_path(instance, filename):
    return f"scores/{instance.scorecard_id}/{uuid.uuid4().hex}"


class Score(models.Model):
    """One criterion's points for one unit at each stage: self, review, final.

    Points are in [0, max]; penalty points are deducted. The stage values are
    kept side by side so everybody sees what was claimed and what was changed.
    """

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(
        _("self-score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("justification"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=score_evidence_path, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("evidence content type"), max_length=100, blank=True)
    review_points = models.DecimalField(
        _("reviewed score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    review_note = models.TextField(_("review reason"), blank=True)
    final_points = models.DecimalField(
        _("final score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    final_note = models.TextField(_("council's reason"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(review_points__isnull=True) | Q(review_points__gte=0))
                & (Q(final_points__isnull=True) | Q(final_points__gte=0)),
                name="score_points_not_negative",
                violation_error_message=_("Points cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.scorecard} – {self.criterion}"

    @property
    def agreed_points(self):
        """The points that count: final, else reviewed, else claimed."""
        for points in (self.final_points, self.review_points, self.self_points):
            if points is not None:
                return points
        return None


class ScoreStage(models.TextChoices):
    SELF = "self", _("Self-score")
    REVIEW = "review", _("Cross-review")
    FINAL = "final", _("Council")


class ScoreChange(models.Model):
    """Every change of a score, at any stage: the history shown beside the scores."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="changes"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ScoreStage.choices)
    old_points = models.DecimalField(
        _("before"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    new_points = models.DecimalField(_("after"), max_digits=6, decimal_places=2, null=True)
    note = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.score} {self.old_points} → {self.new_points}"
