from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blocs.models import ORGANISERS, Bloc, Unit
from mongcai.lib.text import validate_single_line, validate_text


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly)")
    THEMATIC = "thematic", _("Thematic / special")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("6 months")
    NINE_MONTHS = "nine_months", _("9 months")
    YEAR = "year", _("Year")
    CAMPAIGN = "campaign", _("Whole campaign")


class TallyBasis(models.TextChoices):
    APPROVED = "approved", _("Approved reports only")
    SUBMITTED = "submitted", _("Submitted and approved reports (provisional)")


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua)."""

    name = models.CharField(_("name"), max_length=300, validators=[validate_single_line])
    code = models.SlugField(_("code"), max_length=60, unique=True)
    theme = models.TextField(_("theme"), blank=True, validators=[validate_text])
    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices)
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
        limit_choices_to=ORGANISERS,
        help_text=_("The organiser that launches the campaign, e.g. the province or a ward."),
    )
    launched_on = models.DateField(_("launch date"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    motto = models.CharField(
        _("motto"), max_length=300, blank=True, validators=[validate_single_line]
    )
    tally_basis = models.CharField(
        _("tallies count"),
        max_length=10,
        choices=TallyBasis.choices,
        default=TallyBasis.APPROVED,
        help_text=_("Saving recomputes the figures in the background."),
    )
    reporting_kind = models.CharField(
        _("units report every"),
        max_length=12,
        choices=PeriodKind.choices,
        default=PeriodKind.MONTH,
        help_text=_(
            "Units file a report for each period of this kind; longer periods are "
            "rolled up from them."
        ),
    )
    # Moved by every roll-up in the roll-up's transaction: the dashboard's cached
    # pages are keyed by it, so a page built before a roll-up is never served after.
    tallies_recomputed_at = models.DateTimeField(
        _("tallies last recomputed"), null=True, blank=True, editable=False
    )
    # Moved by a roll-up that may change any row (a full recompute; any roll-up
    # on SQLite); an incremental roll-up moves the stamps of the nodes it
    # changed instead (NodeStamp). A bloc's and a unit's cached pages are keyed
    # by both, so a report elsewhere in the province leaves them as they are.
    tallies_rebuilt_at = models.DateTimeField(
        _("tallies last rebuilt"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name


class CampaignContent(models.Model):
    """One of the campaign's main contents (nội dung chính)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="contents"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.TextField(_("content"), validators=[validate_text])

    class Meta:
        verbose_name = _("main content")
        verbose_name_plural = _("main contents")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "order"],
                name="content_order_unique",
                violation_error_message=_("Two contents of one campaign cannot share a number."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class ValueKind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage (0–100)")
    YES_NO = "yes_no", _("Yes / no")


class UnitAggregation(models.TextChoices):
    SUM = "sum", _("Sum over units")
    AVERAGE = "avg", _("Average over units")
    MAX = "max", _("Maximum over units")
    COUNT_YES = "count_yes", _("Number of units answering yes")


class TimeAggregation(models.TextChoices):
    FLOW = "flow", _("Flow: periods add up")
    STOCK = "stock", _("Stock: the latest value counts")
    MAX = "max", _("Maximum over periods")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(models.Model):
    """An indicator (chỉ tiêu), reusable across campaigns."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[validate_single_line])
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=40, validators=[validate_single_line]
    )
    value_kind = models.CharField(
        _("value kind"), max_length=10, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    unit_aggregation = models.CharField(
        _("aggregation over units"),
        max_length=10,
        choices=UnitAggregation.choices,
        default=UnitAggregation.SUM,
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=10,
        choices=TimeAggregation.choices,
        default=TimeAggregation.FLOW,
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decimals__lte=6),
                name="indicator_decimals_max_6",
                violation_error_message=_("An indicator has at most 6 decimals."),
            ),
            models.CheckConstraint(
                condition=~Q(unit_aggregation="count_yes") | Q(value_kind="yes_no"),
                name="indicator_count_yes_needs_yes_no",
                violation_error_message=_(
                    "Counting the units that answer yes needs a yes/no indicator."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(value_kind="yes_no") | Q(unit_aggregation="count_yes", decimals=0),
                name="indicator_yes_no_counts_yes",
                violation_error_message=_(
                    "A yes/no indicator is aggregated by counting the units answering yes."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"


class CampaignIndicator(models.Model):
    """An indicator tracked in a campaign, under one of its main contents."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.ForeignKey(
        CampaignContent,
        verbose_name=_("main content"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campaign indicator")
        verbose_name_plural = _("campaign indicators")
        ordering = ["campaign", "order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "indicator"],
                name="campaign_indicator_unique",
                violation_error_message=_("This indicator is already in the campaign."),
            ),
        ]

    def __str__(self):
        return str(self.indicator)

    def clean(self):
        super().clean()
        if self.content_id and self.campaign_id and self.content.campaign_id != self.campaign_id:
            raise ValidationError({"content": _("The content belongs to another campaign.")})


class Assignment(models.Model):
    """A unit is expected to report an indicator of a campaign (giao chỉ tiêu)."""

    campaign_indicator = models.ForeignKey(
        CampaignIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    # Who assigned or withdrew what, when (issue 16): the admin's history page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_indicator", "unit"],
                name="assignment_unique",
                violation_error_message=_("This indicator is already assigned to the unit."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign_indicator}"

    def clean(self):
        super().clean()
        if not (self.unit_id and self.campaign_indicator_id):
            return
        unit, campaign = self.unit, self.campaign_indicator.campaign
        if unit.valid_to is not None and unit.valid_to < campaign.starts_on:
            raise ValidationError(
                {
                    "unit": _(
                        "%(unit)s ceased to exist on %(end)s, before the campaign starts: "
                        "assign its successor instead."
                    )
                    % {"unit": unit.name, "end": unit.valid_to.strftime("%d/%m/%Y")}
                }
            )
        if unit.valid_from > campaign.ends_on:
            raise ValidationError(
                {
                    "unit": _("%(unit)s exists only from %(start)s, after the campaign ends.")
                    % {"unit": unit.name, "start": unit.valid_from.strftime("%d/%m/%Y")}
                }
            )


class TargetScope(models.TextChoices):
    CITY = "city", _("Whole campaign (city)")
    BLOC = "bloc", _("Bloc")
    UNIT = "unit", _("Unit")


class Target(models.Model):
    """A target for a campaign indicator, for the whole campaign, a bloc or a unit."""

    campaign_indicator = models.ForeignKey(
        CampaignIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    scope = models.CharField(_("scope"), max_length=10, choices=TargetScope.choices)
    bloc = models.ForeignKey(
        Bloc,
        verbose_name=_("bloc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    value = models.DecimalField(_("target"), max_digits=24, decimal_places=6)
    due_on = models.DateField(
        _("due by"),
        null=True,
        blank=True,
        help_text=_(
            "When the target must be reached, if not at the end of the campaign "
            "(e.g. a yearly plan figure). Progress 'on schedule' is measured against it."
        ),
    )
    # Who changed a target, from what to what, when (issue 16): the admin's history page.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="city", bloc__isnull=True, unit__isnull=True)
                    | Q(scope="bloc", bloc__isnull=False, unit__isnull=True)
                    | Q(scope="unit", bloc__isnull=True, unit__isnull=False)
                ),
                name="target_scope_matches_fields",
                violation_error_message=_(
                    "A city target names no bloc or unit; a bloc target names the bloc only; "
                    "a unit target names the unit only."
                ),
            ),
            models.UniqueConstraint(
                fields=["campaign_indicator"],
                condition=Q(scope="city"),
                name="target_one_city_target",
                violation_error_message=_("This indicator already has a city target."),
            ),
            models.UniqueConstraint(
                fields=["campaign_indicator", "bloc"],
                condition=Q(scope="bloc"),
                name="target_one_per_bloc",
                violation_error_message=_("This indicator already has a target for the bloc."),
            ),
            models.UniqueConstraint(
                fields=["campaign_indicator", "unit"],
                condition=Q(scope="unit"),
                name="target_one_per_unit",
                violation_error_message=_("This indicator already has a target for the unit."),
            ),
        ]

    def __str__(self):
        return f"{self.campaign_indicator} – {self.get_scope_display()}: {self.value}"

    def clean(self):
        super().clean()
        if (
            self.scope == TargetScope.UNIT
            and self.unit_id
            and self.campaign_indicator_id
            and not Assignment.objects.filter(
                campaign_indicator_id=self.campaign_indicator_id, unit_id=self.unit_id
            ).exists()
        ):
            raise ValidationError(
                {"unit": _("Assign the indicator to the unit before giving it a target.")}
            )


class Period(models.Model):
    """A reporting period (kỳ báo cáo) with its cut-off, deadline and lock date.

    Under NĐ 09/2019 a month's data runs from the 15th of the previous month to
    the 14th, so starts_on/ends_on are the data cut-off dates, not calendar
    months.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PeriodKind.choices)
    label = models.CharField(_("label"), max_length=60, validators=[validate_single_line])
    starts_on = models.DateField(_("data from"))
    ends_on = models.DateField(_("data until"))
    deadline = models.DateField(_("deadline"))
    locks_on = models.DateField(_("locks on"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["campaign", "ends_on", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("ends_on")),
                name="period_deadline_after_end",
                violation_error_message=_("The deadline cannot be before the period ends."),
            ),
            models.CheckConstraint(
                condition=Q(locks_on__gte=F("deadline")),
                name="period_locks_after_deadline",
                violation_error_message=_("The lock date cannot be before the deadline."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "kind", "starts_on"],
                name="period_unique_start",
                violation_error_message=_("The campaign already has this period."),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.campaign_id and self.starts_on and self.ends_on:
            campaign = self.campaign
            # Periods may start before the launch (NĐ 09 cut-off on the 15th)
            # but must overlap the campaign.
            if self.ends_on < campaign.starts_on or self.starts_on > campaign.ends_on:
                raise ValidationError(_("The period lies outside the campaign."))

    def is_open_on(self, day) -> bool:
        return day <= self.locks_on


class WorkLevel(models.TextChoices):
    PROVINCE = "province", _("Province-level")
    CITY = "city", _("City-level")


class DedicatedWork(models.Model):
    """A work dedicated to the anniversary and given a plaque (công trình gắn biển)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="dedicated_works",
    )
    name = models.CharField(_("name"), max_length=400, validators=[validate_single_line])
    level = models.CharField(_("plaque level"), max_length=10, choices=WorkLevel.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dedicated_works",
    )
    plaque_granted_on = models.DateField(_("plaque granted on"), null=True, blank=True)
    recognised_by = models.CharField(
        _("recognised by"), max_length=200, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("dedicated work")
        verbose_name_plural = _("dedicated works")
        ordering = ["campaign", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="dedicated_work_unique_name",
                violation_error_message=_("The campaign already has a work with this name."),
            ),
        ]

    def __str__(self):
        return self.name
