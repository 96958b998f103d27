"""The catalogue as data: legal bases, authorities, titles and forms, base salary, rules.

Nothing legal is a constant in code (DESIGN.md rule 1): each row carries its
legal basis and the dates it is in force, and the admin keeps the tables.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blocs.models import ORGANISERS, Unit
from mongcai.lib.numbers import format_decimal
from mongcai.lib.text import validate_single_line, validate_text


def _in_force_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=f"{prefix}_valid_range",
        violation_error_message=_("The end of validity cannot come before its start."),
    )


class InForce(models.Model):
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        abstract = True

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def period_display(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y")
        if self.valid_to is None:
            return _("from %(start)s") % {"start": start}
        return f"{start}–{self.valid_to.strftime('%d/%m/%Y')}"


class Cited(models.Model):
    """Where a row of the legal pack comes from, and whether its text was checked.

    `verified` is true only when the figure or rule was read in the instrument's
    text (the official gazette, or a full copy of the text); otherwise `sources`
    lists the secondary sources it rests on (docs/legal.md).
    """

    article = models.CharField(
        _("article and clause"),
        max_length=120,
        blank=True,
        help_text=_("E.g. Điều 54 khoản 1 điểm d."),
        validators=[validate_single_line],
    )
    official_url = models.URLField(_("official text"), max_length=500, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the text of the instrument."),
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("Where the value was found, above all when it is not verified."),
    )
    pack_version = models.CharField(
        _("legal pack version"),
        max_length=40,
        blank=True,
        help_text=_("The version of the legal pack that last wrote this row; empty: the admin."),
    )

    class Meta:
        abstract = True

    @property
    def citation_display(self) -> str:
        basis = getattr(self, "legal_basis", None)
        parts = [p for p in (self.article, str(basis) if basis else "") if p]
        return ", ".join(parts)


class LegalBasis(InForce, Cited):
    """A legal document cited as a basis (căn cứ): law, decree, circular, decision."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.CharField(
        _("number and symbol"), max_length=60, validators=[validate_single_line]
    )
    citation = models.TextField(
        _("citation"),
        help_text=_("As cited in a decision, e.g. “Luật Thi đua, khen thưởng ngày 15/6/2022”."),
        validators=[validate_text],
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text=_("The text this one replaces (a new law, a new base salary decree...)."),
    )
    transition_article = models.CharField(
        _("transition article"),
        max_length=120,
        blank=True,
        help_text=_(
            "When set, a nomination submitted before this text took effect is still "
            "evaluated under the text it replaces, even if decided later (e.g. Điều 59)."
        ),
        validators=[validate_single_line],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["-valid_from", "number"]
        constraints = [_in_force_constraint("legalbasis")]

    def __str__(self):
        return self.number


class Authority(models.Model):
    """Who grants (DESIGN.md rule 2): the issuing body and the symbol of its decisions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    # The organiser whose head this is: its admins issue decisions in its name
    # and nobody else's. Empty for an authority above every organiser of this
    # deployment (a minister, the Prime Minister): proposed to, never issuing here.
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        limit_choices_to=ORGANISERS,
        help_text=_(
            "The organiser whose decisions it signs; empty for an authority this "
            "deployment only proposes to."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("E.g. Chủ tịch Ủy ban nhân dân thành phố."),
        validators=[validate_single_line],
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=[
            ("government", _("Government or Prime Minister")),
            ("province", _("Province")),
            ("city", _("City or district")),
            ("commune", _("Commune or ward")),
            ("agency", _("Agency or unit")),
        ],
    )
    parent_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("E.g. UBND TỈNH QUẢNG NINH."),
        validators=[validate_single_line],
    )
    body = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("E.g. ỦY BAN NHÂN DÂN THÀNH PHỐ MÓNG CÁI."),
        validators=[validate_single_line],
    )
    symbol = models.CharField(
        _("decision symbol"),
        max_length=30,
        help_text=_("E.g. QĐ-UBND."),
        validators=[validate_single_line],
    )
    place = models.CharField(
        _("place name"),
        max_length=60,
        help_text=_("E.g. Móng Cái."),
        validators=[validate_single_line],
    )
    signing_capacity = models.CharField(
        _("head's position"),
        max_length=200,
        blank=True,
        help_text=_(
            "The position of the head who signs, e.g. Chủ tịch; a deputy signs “KT. CHỦ TỊCH”."
        ),
        validators=[validate_single_line],
    )
    collective_body = models.CharField(
        _("collective body"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only for an authority that decides as a collective, e.g. Ủy ban nhân dân: its "
            "decisions are signed “TM. ỦY BAN NHÂN DÂN”. Empty: the head decides (e.g. the "
            "Chairman), and “TM.” cannot be used."
        ),
        validators=[validate_single_line],
    )
    history = HistoricalRecords()

    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_to = models.DateField(
        _("exists until"),
        null=True,
        blank=True,
        help_text=_("The last day it may issue, e.g. 30/06/2025 for a city's chairman."),
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor authorities"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = _("granting authority")
        verbose_name_plural = _("granting authorities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="authority_valid_range",
                violation_error_message=_("An authority cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def exists_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def issue_problem(self, day) -> str | None:
        """Why this authority cannot issue a decision dated `day`, or None."""
        if self.valid_to is not None and day > self.valid_to:
            return _(
                "%(authority)s ceased to exist on %(end)s and cannot issue a decision dated "
                "%(date)s."
            ) % {
                "authority": self.name,
                "end": self.valid_to.strftime("%d/%m/%Y"),
                "date": day.strftime("%d/%m/%Y"),
            }
        if self.valid_from is not None and day < self.valid_from:
            return _(
                "%(authority)s exists only from %(start)s and cannot issue a decision dated "
                "%(date)s."
            ) % {
                "authority": self.name,
                "start": self.valid_from.strftime("%d/%m/%Y"),
                "date": day.strftime("%d/%m/%Y"),
            }
        return None


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    # Luật Thi đua, khen thưởng 2022 Điều 2 and Điều 3: cá nhân, tập thể, hộ gia đình.
    HOUSEHOLD = "household", _("Household")


class ProposalRoute(models.TextChoices):
    """Who may put a nominee forward for a title."""

    ANY = "any", _("A unit's own proposal")
    RANKING_COUNCIL = "ranking_council", _("The bloc's ranking or the council only")


class Category(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of commendation")


class Title(InForce):
    """An emulation title (danh hiệu) or a form of commendation (hình thức)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    decision_name = models.CharField(
        _("name in a decision"),
        max_length=200,
        blank=True,
        help_text=_(
            "As a decision writes it, without the labels that tell the catalogue's rows "
            "apart, e.g. Giấy khen for “Giấy khen (tập thể)”. Empty: the name."
        ),
        validators=[validate_single_line],
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    recipient_kind = models.CharField(_("awarded to"), max_length=12, choices=RecipientKind.choices)
    group = models.SlugField(
        _("award group"),
        max_length=60,
        blank=True,
        help_text=_(
            "Titles and forms of one group are one award: a recipient gets at most one of "
            "the group per campaign and year, however the achievement is worded. "
            "Empty: the title is a group of its own."
        ),
    )
    authorities = models.ManyToManyField(
        Authority,
        verbose_name=_("granted by"),
        blank=True,
        related_name="titles",
        help_text=_("The authorities that may grant it."),
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="titles"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    proposal_route = models.CharField(
        _("proposal route"),
        max_length=20,
        choices=ProposalRoute.choices,
        default=ProposalRoute.ANY,
        help_text=_(
            "The emulation flag comes from the bloc's ranking or from the council, "
            "never from a unit's own proposal."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("title or form")
        verbose_name_plural = _("titles and forms")
        ordering = ["order", "name"]
        constraints = [_in_force_constraint("title")]

    def __str__(self):
        return self.name

    @property
    def award_group(self) -> str:
        return self.group or self.code


class TitleGrant(InForce, Cited):
    """Which level of authority grants a title, under which text, for its dates.

    A decision's issuer passes the authority check when a grant in force on the
    decision date names its level (or the admin linked it to the title directly).
    """

    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="grants"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Authority._meta.get_field("level").choices
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("granting level")
        verbose_name_plural = _("granting levels")
        ordering = ["title", "level", "-valid_from"]
        constraints = [
            _in_force_constraint("titlegrant"),
            models.UniqueConstraint(
                fields=["title", "level", "valid_from"], name="titlegrant_one_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.get_level_display()}"


class TitleTerm(InForce, Cited):
    """The cash coefficient of a title under one legal text, for the dates it is in force.

    The law changes (NĐ 98/2023, then NĐ 152/2025): a new term is a new row, and
    a decision takes the term in force on its date.
    """

    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="terms"
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    coefficient = models.DecimalField(
        _("cash coefficient"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Times the base salary. Empty: not configured."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coefficient term")
        verbose_name_plural = _("coefficient terms")
        ordering = ["title", "-valid_from"]
        constraints = [
            _in_force_constraint("titleterm"),
            models.UniqueConstraint(
                fields=["title", "valid_from"],
                name="titleterm_one_per_start",
                violation_error_message=_("This title already has a term starting that day."),
            ),
            models.CheckConstraint(
                condition=Q(coefficient__isnull=True) | Q(coefficient__gte=0),
                name="titleterm_coefficient_not_negative",
                violation_error_message=_("The coefficient cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.legal_basis}"


class BaseSalary(Cited):
    """The base salary (lương cơ sở) from a date; the one in force on a day is the latest."""

    valid_from = models.DateField(_("in force from"), unique=True)
    amount = models.DecimalField(_("amount (VND)"), max_digits=12, decimal_places=0)
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    round_up_to = models.DecimalField(
        _("round cash up to"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Round each cash amount up to a multiple of this (VND). Empty: whole đồng."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="basesalary_positive",
                violation_error_message=_("The base salary must be positive."),
            ),
            models.CheckConstraint(
                condition=Q(round_up_to__isnull=True) | Q(round_up_to__gt=0),
                name="basesalary_rounding_positive",
                violation_error_message=_("The rounding step must be positive."),
            ),
        ]

    def __str__(self):
        return f"{format_decimal(self.amount, 'vi', 0)} ({self.valid_from:%d/%m/%Y})"


class CashRounding(InForce, Cited):
    """How cash is rounded under a decree on commendation (e.g. up to 10.000 đồng).

    The rule in force on the decision date applies; without one, the base salary's
    own step (or the whole đồng) does.
    """

    step = models.DecimalField(
        _("round cash up to"),
        max_digits=10,
        decimal_places=0,
        help_text=_("Each cash amount is rounded up to a multiple of this (VND)."),
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cash rounding rule")
        verbose_name_plural = _("cash rounding rules")
        ordering = ["-valid_from"]
        constraints = [
            _in_force_constraint("cashrounding"),
            models.UniqueConstraint(fields=["valid_from"], name="cashrounding_one_per_start"),
            models.CheckConstraint(
                condition=Q(step__gt=0),
                name="cashrounding_step_positive",
                violation_error_message=_("The rounding step must be positive."),
            ),
        ]

    def __str__(self):
        return f"{format_decimal(self.step, 'vi', 0)} ({self.period_display})"


class InitiativeLevel(models.TextChoices):
    """Where an initiative was recognised; a higher level also counts for a lower one."""

    UNIT = "unit", _("Unit (base level)")
    PROVINCE = "province", _("Province, ministry or sector")
    NATION = "nation", _("Nation")


INITIATIVE_LEVEL_RANK = {
    InitiativeLevel.UNIT: 0,
    InitiativeLevel.PROVINCE: 1,
    InitiativeLevel.NATION: 2,
}


class RuleKind(models.TextChoices):
    PREREQUISITE = "prerequisite", _("Requires another title in the same year")
    CONSECUTIVE = "consecutive", _("Requires another title in consecutive years")
    INITIATIVE = "initiative", _("Requires a recognised initiative in the year")
    QUOTA = "quota", _("At most a share of another title's holders in the unit")
    MIN_SERVICE = "min_service", _("Minimum months of service in the year")
    NO_DISCIPLINE = "no_discipline", _("No disciplinary measure in the year")
    MEMBER_SHARE = "member_share", _("A share of the collective's members hold another title")
    MAX_ABSENCE = "max_absence", _("Fewer days absent in the year than a limit")
    REGISTERED = "registered", _("Registered for the title at the start of the year")
    # Not a check on the nominee: the share of all the council's members whose agreeing
    # vote the title needs at a session (awards.sessions).
    BALLOT = "ballot", _("Council's secret ballot: share of all members who must agree")


class EligibilityRule(InForce, Cited):
    """One condition of a title, as data (DESIGN.md rule 3).

    A parameter left empty means the rule is not configured: the check shows a
    warning instead of guessing a value.
    """

    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    required_title = models.ForeignKey(
        Title,
        verbose_name=_("other title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    years = models.PositiveSmallIntegerField(_("consecutive years"), null=True, blank=True)
    share_percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    months = models.PositiveSmallIntegerField(_("months of service"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(
        _("days absent that exclude"),
        null=True,
        blank=True,
        help_text=_(
            "For the absence rule: this many working days absent in the year, or more, "
            "exclude the title (maternity leave and the other leave the law counts as "
            "working time are not counted)."
        ),
    )
    initiative_level = models.CharField(
        _("initiative recognised at least at"),
        max_length=10,
        blank=True,
        choices=InitiativeLevel.choices,
        help_text=_("For the initiative rule: the lowest level of recognition that counts."),
    )
    blocking = models.BooleanField(
        _("blocking"), default=True, help_text=_("A failed blocking rule prevents approval.")
    )
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["title", "kind"]
        constraints = [_in_force_constraint("rule")]

    def __str__(self):
        return f"{self.title} – {self.get_kind_display()}"

    def clean(self):
        super().clean()
        if (
            self.kind in (RuleKind.INITIATIVE, RuleKind.MIN_SERVICE, RuleKind.MAX_ABSENCE)
            and self.title_id
            and self.title.recipient_kind != RecipientKind.INDIVIDUAL
        ):
            raise ValidationError({"kind": _("This rule applies to individuals only.")})
        if (
            self.kind == RuleKind.MEMBER_SHARE
            and self.title_id
            and self.title.recipient_kind != RecipientKind.COLLECTIVE
        ):
            raise ValidationError({"kind": _("This rule applies to collectives only.")})


class PackImport(models.Model):
    """One application of the legal pack: who, when, which version, what it changed."""

    version = models.CharField(_("version"), max_length=40)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("legal pack import")
        verbose_name_plural = _("legal pack imports")
        ordering = ["-applied_at"]

    def __str__(self):
        return f"{self.version} ({self.applied_at:%d/%m/%Y %H:%M})"
