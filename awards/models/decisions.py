"""Award decisions (quyết định khen thưởng), their recipients and their exports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User
from mongcai.lib.jobs import Job, JobStatus
from mongcai.lib.text import validate_single_line, validate_text

from ..text import fold
from .catalogue import Authority, LegalBasis, Title
from .nominations import AwardKind, Nomination, Nominee, nominee_constraints

# Six no-break spaces: the blank a draft leaves for the register's number.
BLANK_NUMBER = "\u00a0" * 6


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    ANNULLED = "annulled", _("Annulled")


class SigningMode(models.TextChoices):
    DIRECT = "", _("Signs in own name")
    ON_BEHALF = "TM.", _("TM. (on behalf of the collective body)")
    DEPUTY = "KT.", _("KT. (deputy signing for the head)")


def is_deputy(position: str) -> bool:
    """A deputy's position: Phó Chủ tịch, Phó Giám đốc..."""
    return fold(position).startswith("pho ")


def signing_problem(authority: Authority, mode: str, position: str) -> str | None:
    """Why this way of signing is wrong for the authority (NĐ 30/2020, Phụ lục I, signing
    lines: “TM.” before the name of a collective body, “KT.” before the head's position
    when a deputy signs for the head), or None."""
    head = authority.signing_capacity.strip()
    is_head = bool(head) and fold(position) == fold(head)
    values = {"authority": authority.name, "head": head, "body": authority.collective_body}
    if authority.collective_body:
        if mode != SigningMode.ON_BEHALF:
            return _("%(authority)s decides as a collective body: sign “TM. %(body)s”.") % values
        if head and not (is_head or is_deputy(position)):
            return _("On behalf of %(body)s signs its %(head)s or a deputy.") % values
        return None
    if mode == SigningMode.ON_BEHALF:
        return (
            _(
                "“TM.” is for signing on behalf of a collective body, and %(authority)s is not "
                "one: the %(head)s signs in their own name, a deputy signs “KT.”."
            )
            % values
        )
    if not head:
        return None
    if mode == SigningMode.DEPUTY and (is_head or not is_deputy(position)):
        return (
            _("“KT. %(head)s” is for a deputy signing for the %(head)s: give a deputy's position.")
            % values
        )
    if mode == SigningMode.DIRECT and not is_head:
        return (
            _("A decision of %(authority)s is signed by the %(head)s; a deputy signs “KT.”.")
            % values
        )
    return None


class Decision(models.Model):
    """A decision: draft → issued (immutable) → possibly annulled (DESIGN.md rule 5)."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("issuing authority"), on_delete=models.PROTECT, related_name="+"
    )
    # From the văn thư's register, entered (or reserved) when the decision is issued
    # (NĐ 30/2020/NĐ-CP, Điều 15): a draft has none, and the product never invents one.
    number = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("The number from the office's register, given when the decision is issued."),
    )
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
    no_cash = models.BooleanField(
        _("without cash"),
        default=False,
        help_text=_(
            "Stated when issuing: the awards that have no amount carry no cash (and not that "
            "the coefficient or base salary was forgotten)."
        ),
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
                condition=Q(status="draft") | Q(number__isnull=False),
                name="decision_issued_has_number",
                violation_error_message=_("An issued decision has its number from the register."),
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
        """123/QĐ-UBND; a draft without its number leaves the blank a draft shows
        ("Số:      /QĐ-UBND"), to be filled from the register at issue."""
        number = str(self.number) if self.number else BLANK_NUMBER
        return f"{number}/{self.authority.symbol}" if self.authority_id else number

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
        if self.authority_id and self.decided_on and self.is_draft:
            # An authority that has ended (or not yet begun) cannot issue on that date;
            # issued decisions of an authority that ended later stay as they were.
            problem = self.authority.issue_problem(self.decided_on)
            if problem:
                raise ValidationError({"decided_on": problem})
        if self.authority_id and self.signer_position:
            problem = signing_problem(self.authority, self.signing_mode, self.signer_position)
            if problem:
                raise ValidationError({"signing_mode": problem})

    def legal_basis_warnings(self) -> list[str]:
        """Bases cited while not in force on the decision's date, and a text cited with
        the one it replaces: a warning, since the admin may have a reason."""
        bases = list(self.legal_bases.order_by("valid_from", "pk"))
        day = self.decided_on
        warnings = [
            _("%(basis)s is not in force on %(date)s (in force %(period)s).")
            % {
                "basis": basis.number,
                "date": day.strftime("%d/%m/%Y"),
                "period": basis.period_display,
            }
            for basis in bases
            if not basis.in_force_on(day)
        ]
        cited = {basis.pk: basis for basis in bases}
        warnings += [
            _("%(new)s replaces %(old)s, and both are cited.")
            % {"new": basis.number, "old": cited[basis.replaces_id].number}
            for basis in bases
            if basis.replaces_id in cited
        ]
        return warnings

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


RECIPIENT_ONCE_PER_DECISION = (
    "recipient_person_title_once_per_decision",
    "recipient_collective_title_once_per_decision",
    "recipient_household_title_once_per_decision",
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
    law_on = models.DateField(
        _("evaluated under the law of"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a transition article keeps the nomination under the text in force "
            "when it was submitted: its coefficient comes from that date, not the decision's."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_void = models.BooleanField(
        _("void"), default=False, help_text=_("Set when the decision is annulled.")
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["decision", "order", "pk"]
        # DESIGN.md rule 4: one achievement earns one award (void awards do not count),
        # and one recipient receives one title once in a decision, whatever the achievement.
        constraints = [
            *nominee_constraints(
                "recipient",
                holds=Q(is_void=False),
                person_message=_(
                    "This person is already awarded for this campaign and achievement."
                ),
                collective_message=_(
                    "This collective is already awarded for this campaign and achievement."
                ),
                household_message=_(
                    "This household is already awarded for this campaign and achievement."
                ),
            ),
            models.UniqueConstraint(
                fields=["decision", "person", "title"],
                condition=Q(person__isnull=False),
                name=RECIPIENT_ONCE_PER_DECISION[0],
                violation_error_message=_("This person already receives this title here."),
            ),
            models.UniqueConstraint(
                fields=["decision", "collective", "title"],
                condition=Q(collective__isnull=False),
                name=RECIPIENT_ONCE_PER_DECISION[1],
                violation_error_message=_("This collective already receives this title here."),
            ),
            models.UniqueConstraint(
                fields=["decision", "household", "title"],
                condition=Q(household__isnull=False),
                name=RECIPIENT_ONCE_PER_DECISION[2],
                violation_error_message=_("This household already receives this title here."),
            ),
        ]
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


# An export's states are a background job's (mongcai.lib.jobs).
ExportStatus = JobStatus


class Export(Job):
    """A large export built by a Celery task; the page polls its progress."""

    task_name = "awards.tasks.export_build"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="exports")
    fmt = models.CharField(max_length=5)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="awards/exports/", blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.decision} ({self.fmt})"

    @property
    def percent(self) -> int:
        return 100 if self.status == ExportStatus.DONE else int(100 * self.done / (self.total or 1))
