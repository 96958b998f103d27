from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .campaign import Campaign, Indicator, Period


class NodeKind(models.TextChoices):
    UNIT = "unit", _("Unit (its own report)")
    TREE = "tree", _("Unit with everything below it (city, province)")
    BLOC = "bloc", _("Emulation bloc")


class TallyStatus(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    ON_SCHEDULE = "on_schedule", _("On schedule")
    BEHIND = "behind", _("Behind")


class Tally(models.Model):
    """A roll-up: one indicator over one period at one node of the tree.

    Derived data, recomputed (never incremented) by campaigns.services; the
    node is (kind, id) rather than two foreign keys so that one plain unique
    key serves the upserts on PostgreSQL and SQLite alike.
    """

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="tallies"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    node_kind = models.CharField(_("node kind"), max_length=4, choices=NodeKind.choices)
    node_id = models.BigIntegerField(_("node"))
    value = models.DecimalField(_("value"), max_digits=30, decimal_places=6, null=True)
    # The sum of the units' values (None when none reported): a tree or bloc
    # row's average is this over `reported`, so that one report's roll-up
    # adjusts it exactly instead of re-reading every unit (docs/rollup.md).
    value_sum = models.DecimalField(
        _("sum of the units' values"), max_digits=30, decimal_places=6, null=True
    )
    reported = models.PositiveIntegerField(_("units reported"), default=0)
    expected = models.PositiveIntegerField(_("units expected"), default=0)
    target = models.DecimalField(_("target"), max_digits=24, decimal_places=6, null=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TallyStatus.choices, blank=True, default=""
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "node_kind", "node_id"], name="tally_unique_node"
            ),
            models.CheckConstraint(
                condition=Q(reported__lte=models.F("expected")),
                name="tally_reported_within_expected",
            ),
        ]
        indexes = [
            # The dashboard reads one node's tallies for a period, all indicators.
            models.Index(fields=["node_kind", "node_id", "period"], name="tally_node_period"),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period_id} {self.node_kind}:{self.node_id}"


class NodeStamp(models.Model):
    """When an incremental roll-up last changed one node's rows of one campaign
    (its tallies or completeness, any period), written in the roll-up's
    transaction. A bloc's or a unit's dashboard page is cached under it and the
    campaign's `tallies_rebuilt_at` (campaigns.dashboard_cache): at a deadline
    hour a bloc's page stays valid while reports of other blocs roll up."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    node_kind = models.CharField(_("node kind"), max_length=4, choices=NodeKind.choices)
    node_id = models.BigIntegerField(_("node"))
    stamp = models.DateTimeField(_("figures changed at"))

    class Meta:
        verbose_name = _("node's roll-up stamp")
        verbose_name_plural = _("nodes' roll-up stamps")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "node_kind", "node_id"], name="node_stamp_unique_node"
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.node_kind}:{self.node_id} {self.stamp}"


class ReconcileRun(models.Model):
    """One full recompute of the tallies, compared with what was stored."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=20)
    tallies = models.PositiveIntegerField(_("tallies"), default=0)
    differences = models.PositiveIntegerField(_("differences"), default=0)
    examples = models.JSONField(_("examples of differences"), default=list, blank=True)
    reports_caught_up = models.PositiveIntegerField(_("reports caught up"), default=0)

    class Meta:
        verbose_name = _("reconcile run")
        verbose_name_plural = _("reconcile runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.differences})"


class CompletenessTally(models.Model):
    """How many reports a node owed over a period, and how many came on time or late.

    Rolled up with the tallies (same nodes, same recompute), so the dashboard
    reads completeness without counting reports.
    """

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    node_kind = models.CharField(_("node kind"), max_length=4, choices=NodeKind.choices)
    node_id = models.BigIntegerField(_("node"))
    expected = models.PositiveIntegerField(_("reports expected"), default=0)
    on_time = models.PositiveIntegerField(_("reports on time"), default=0)
    late = models.PositiveIntegerField(_("reports late"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("completeness tally")
        verbose_name_plural = _("completeness tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "node_kind", "node_id"], name="completeness_unique_node"
            ),
        ]

    def __str__(self):
        return f"{self.period_id} {self.node_kind}:{self.node_id}"

    @property
    def missing(self) -> int:
        return self.expected - self.on_time - self.late
