"""The dossier (hồ sơ) of a nominee: the achievement report (báo cáo thành tích) drafted
from what the product knows, the proposal letter (tờ trình) and the evidence files
(docs/awards.md, "The dossier").

Every figure of the report is a `DossierFigure` carrying where it came from (a tally,
a covenant's scorecard, a decision, an initiative) and the link to that page; a figure
the secretary changes, or adds, is typed, and the report says so.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .nominations import Nomination


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (the unit's secretary edits it)")
    CONFIRMED = "confirmed", _("Confirmed by the unit's head")


class FigureSection(models.TextChoices):
    INDICATORS = "indicators", _("Indicators against targets")
    COVENANT = "covenant", _("Covenant score and rank")
    AWARDS = "awards", _("Titles and awards received")
    INITIATIVES = "initiatives", _("Recognised initiatives")
    OTHER = "other", _("Other figures")


class FigureSource(models.TextChoices):
    TALLY = "tally", _("Tallies of the unit's approved reports")
    SCORECARD = "scorecard", _("Covenant scorecard")
    DECISION = "decision", _("Award decision")
    INITIATIVE = "initiative", _("Recognised initiative")
    TYPED = "typed", _("Typed by the secretary")


class Dossier(models.Model):
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="dossier"
    )
    form = models.CharField(_("prescribed form"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    overview = models.TextField(
        _("I. Overview"),
        blank=True,
        validators=[validate_text],
        help_text=_("The collective's situation and duties, or the person's particulars."),
    )
    achievements = models.TextField(_("II. Achievements"), blank=True, validators=[validate_text])
    measures = models.TextField(
        _("Measures and causes of the achievements"), blank=True, validators=[validate_text]
    )
    proposal = models.TextField(
        _("Proposal letter (tờ trình)"), blank=True, validators=[validate_text]
    )
    drafted_by = models.ForeignKey(
        User, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    updated_at = models.DateTimeField(_("updated at"))
    confirmed_by = models.ForeignKey(
        User,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Two people editing at once: the second save is refused, not lost (DESIGN.md).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="dossier_confirmed_has_who_and_when",
            ),
        ]

    def __str__(self):
        return str(self.nomination)

    @property
    def is_confirmed(self) -> bool:
        return self.status == DossierStatus.CONFIRMED


class DossierFigure(models.Model):
    """One figure of the report: derived (with its source and link) or typed."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="figures"
    )
    section = models.CharField(_("section"), max_length=12, choices=FigureSection.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("figure"), max_length=300, validators=[validate_single_line])
    value = models.DecimalField(_("value"), max_digits=30, decimal_places=6, null=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    target = models.DecimalField(_("target"), max_digits=30, decimal_places=6, null=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=FigureSource.choices)
    # The rows the value was derived from (tally ids, a scorecard, a decision...).
    source_ids = models.JSONField(_("source rows"), default=list, blank=True)
    source_label = models.CharField(_("source"), max_length=300, blank=True)
    link = models.CharField(_("link to the source"), max_length=300, blank=True)
    typed = models.BooleanField(_("typed"), default=False)
    # The value as derived, kept when the secretary types another one.
    derived_value = models.DecimalField(
        _("derived value"), max_digits=30, decimal_places=6, null=True
    )

    class Meta:
        verbose_name = _("dossier figure")
        verbose_name_plural = _("dossier figures")
        ordering = ["dossier", "order", "pk"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class DossierEventKind(models.TextChoices):
    DRAFTED = "drafted", _("Drafted from the figures")
    EDITED = "edited", _("Edited")
    CONFIRMED = "confirmed", _("Confirmed by the unit's head")
    REOPENED = "reopened", _("Reopened")
    FILE_ADDED = "file_added", _("File attached")
    FILE_REMOVED = "file_removed", _("File removed")


class DossierEvent(models.Model):
    """Who did what to the dossier and when: the head's confirmation is one of them."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=12, choices=DossierEventKind.choices)
    user = models.ForeignKey(User, verbose_name=_("who"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("when"))
    comment = models.TextField(_("comment"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.user})"


def dossier_file_path(instance, filename):
    # The server names the file; the user's name is kept only as data.
    return f"dossiers/{instance.dossier_id}/{uuid.uuid4().hex}"


class DossierFile(models.Model):
    """An evidence file of the dossier, recognised by its content (mongcai.lib.evidence)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=dossier_file_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
