"""Award decisions (quyết định khen thưởng), their recipients and their exports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .catalogue import Authority, LegalBasis, Title
from .nominations import AwardKind, Nomination, Nominee, nominee_constraints


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    ANNULLED = "annulled", _("Annulled")


class SigningMode(models.TextChoices):
    DIRECT = "", _("Signs in own name")
    ON_BEHALF = "TM.", _("TM. (on behalf of the collective body)")
    DEPUTY = "KT.", _("KT. (deputy signing for the head)")


class Decision(models.Model):
    """A decision: draft → issued (immutable) → possibly annulled (DESIGN.md rule 5)."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("issuing authority"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    decided_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("Trích yếu, e.g. “Về việc khen thưởng các tập thể, cá nhân…”."),
        validators=[validate_single_line],
    )
    legal_bases = models.ManyToManyField(
        LegalBasis, verbose_name=_("legal bases"), blank=True, related_name="+"
    )
    proposal = models.CharField(
        _("on the proposal of"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Trưởng phòng Nội vụ thành phố."),
        validators=[validate_single_line],
    )
    signing_mode = models.CharField(
        _("signing"), max_length=4, choices=SigningMode.choices, blank=True, default=""
    )
    signer_name = models.CharField(_("signer"), max_length=150, validators=[validate_single_line])
    signer_position = models.CharField(
        _("signer's position"), max_length=150, validators=[validate_single_line]
    )
    copies_to = models.TextField(
        _("recipients of copies (Nơi nhận)"),
        blank=True,
        help_text=_("One per line."),
        validators=[validate_text],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    base_salary = models.DecimalField(
        _("base salary applied"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        User,
        verbose_name=_("annulled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annul_reason = models.TextField(
        _("reason for annulment"), blank=True, validators=[validate_text]
    )
    recover_amount = models.DecimalField(
        _("money to recover (VND)"), max_digits=16, decimal_places=0, null=True, blank=True
    )

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                name="decision_number_unique_per_issuer_year",
                violation_error_message=_(
                    "This issuer already has a decision with this number in that year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="decision_number_positive",
                violation_error_message=_("The number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~Q(status="annulled") | ~Q(annul_reason=""),
                name="decision_annulled_has_reason",
                violation_error_message=_("An annulment needs its reason."),
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_on"], name="decision_status_date")]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.authority.symbol}" if self.authority_id else str(self.number)

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    def clean(self):
        super().clean()
        # Issued decisions are immutable: whatever path saves the row, full_clean
        # refuses a change to a decision that is no longer a draft in the database.
        if self.pk is not None:
            stored = Decision.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != DecisionStatus.DRAFT and self._changes_content(stored):
                raise ValidationError(_("An issued decision cannot be changed."))
        if self.decided_on:
            self.year = self.decided_on.year

    def _changes_content(self, stored_status) -> bool:
        fields = [
            f.attname
            for f in self._meta.concrete_fields
            if f.attname
            not in ("status", "annulled_by_id", "annulled_at", "annul_reason", "recover_amount")
        ]
        stored = Decision.objects.filter(pk=self.pk).values(*fields).get()
        return any(stored[name] != getattr(self, name) for name in fields) or (
            stored_status == DecisionStatus.ANNULLED and self.status != DecisionStatus.ANNULLED
        )


class DecisionRecipient(Nominee):
    """One recipient of a decision; copies what was awarded so history survives edits."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="recipients"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipient",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="unit_awards"
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    achievement = models.CharField(
        _("achievement"), max_length=300, validators=[validate_single_line]
    )
    coefficient = models.DecimalField(
        _("coefficient"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_void = models.BooleanField(
        _("void"), default=False, help_text=_("Set when the decision is annulled.")
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["decision", "order", "pk"]
        # DESIGN.md rule 4: one achievement earns one award (void awards do not count).
        constraints = nominee_constraints(
            "recipient",
            holds=Q(is_void=False),
            person_message=_("This person is already awarded for this campaign and achievement."),
            collective_message=_(
                "This collective is already awarded for this campaign and achievement."
            ),
        )
        indexes = [
            models.Index(fields=["decision", "order"], name="recipient_decision_order"),
            models.Index(fields=["unit", "year"], name="recipient_unit_year"),
            models.Index(fields=["title", "year"], name="recipient_title_year"),
        ]

    def __str__(self):
        return f"{self.nominee} – {self.title}"

    def clean(self):
        super().clean()
        if self.decision_id and not self.decision.is_draft:
            raise ValidationError(_("An issued decision cannot be changed."))


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    """A large export built by a Celery task; the page polls its progress."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="exports")
    fmt = models.CharField(max_length=5)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default="pending")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="awards/exports/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.decision} ({self.fmt})"

    @property
    def percent(self) -> int:
        return 100 if self.status == ExportStatus.DONE else int(100 * self.done / (self.total or 1))
