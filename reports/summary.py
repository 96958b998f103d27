"""The campaign's summary report (báo cáo tổng kết), drafted from its data (issue 20).

What a city writes at the end of a campaign (the source article is one): the
theme and main contents, what each bloc did (the highlights its units wrote and
its figures), the city's figures against the targets with the status counts as
the article phrases them, completeness of reporting, the dedicated works, the
covenants' rankings and flags proposed, and the commendations by kind.

Every figure the draft states is a `Figure` carrying where it came from (a
tally, a report, a decision, a covenant, a work), so the companion XLSX lists
each one with its source. The text is Vietnamese whatever the admin's language:
it is an official document (as awards/wording.py).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from awards.models import AwardKind, Decision, DecisionStatus, RecipientKind
from awards.selectors import decisions_of_organiser, statistics_of
from blocs.models import Bloc, BlocMembership, Unit
from campaigns.dashboard import STATUS_ORDER, campaign_indicators, completeness
from campaigns.models import (
    Campaign,
    CampaignContent,
    DedicatedWork,
    NodeKind,
    Period,
    Report,
    ReportStatus,
    Tally,
    TallyStatus,
    WorkLevel,
)
from covenants.models import Covenant, Scorecard
from mongcai.lib.numbers import format_decimal

# The status words as the article writes them: "5/20 chỉ tiêu vượt, 12/20 chỉ tiêu đạt,
# 01/20 chỉ tiêu đảm bảo tiến độ".
STATUS_WORDS = {
    TallyStatus.EXCEEDED: "vượt",
    TallyStatus.MET: "đạt",
    TallyStatus.ON_SCHEDULE: "đảm bảo tiến độ",
    TallyStatus.BEHIND: "chưa đạt",
}
KIND_WORDS = {
    AwardKind.REGULAR: "khen thưởng thường xuyên",
    AwardKind.CAMPAIGN: "khen thưởng theo đợt, chuyên đề",
    AwardKind.AD_HOC: "khen thưởng đột xuất",
}
LEVEL_WORDS = {WorkLevel.PROVINCE: "cấp tỉnh", WorkLevel.CITY: "cấp thành phố"}

# Where a figure comes from (the companion XLSX's "source" column).
SOURCE_TALLY = "Bảng tổng hợp (tally)"
SOURCE_COMPLETENESS = "Tổng hợp tình hình báo cáo"
SOURCE_REPORT = "Báo cáo của đơn vị"
SOURCE_DECISION = "Quyết định khen thưởng"
SOURCE_COVENANT = "Giao ước thi đua, chấm điểm"
SOURCE_WORK = "Công trình gắn biển"
SOURCE_CAMPAIGN = "Kế hoạch phát động phong trào"


def number(value, decimals: int | None = None) -> str:
    """1.234,5 as an official text writes it."""
    if value is None:
        return "…"
    value = Decimal(value)
    if decimals is None and value == value.to_integral_value():
        decimals = 0
    return format_decimal(value, "vi", decimals)


def two_digits(count: int) -> str:
    """Counts below ten with a leading zero, as decisions and reports write them (01, 04)."""
    return f"{count:02d}"


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Figure:
    """One figure the draft states, and where it came from."""

    section: str
    label: str
    value: Decimal | int | None
    unit: str
    source: str
    reference: str
    link: str = ""

    @property
    def text(self) -> str:
        return f"{number(self.value)} {self.unit}".strip()


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    decimals: int
    status: str
    tally_id: int | None


@dataclass
class BlocPart:
    bloc: Bloc
    highlights: list[tuple[Unit, str, Report]]
    figures: list[IndicatorRow]


@dataclass
class CovenantPart:
    covenant: Covenant
    cards: list[Scorecard]


@dataclass
class DecisionGroup:
    """Decisions of one trích yếu (a theme split over several numbers, as the demo's)."""

    summary: str
    kind: str
    references: list[str]
    first_day: dt.date
    collectives: int
    individuals: int


@dataclass
class Summary:
    campaign: Campaign
    period: Period
    organiser: Unit
    awards_from: dt.date
    awards_to: dt.date
    contents: list[str]
    city_rows: list[IndicatorRow]
    blocs: list[BlocPart]
    completeness: dict
    works: list[DedicatedWork]
    covenants: list[CovenantPart]
    awards: dict
    decision_groups: list[DecisionGroup]
    figures: list[Figure] = field(default_factory=list)

    @property
    def status_counts(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUS_ORDER}
        for row in self.city_rows:
            if row.status:
                counts[row.status] += 1
        return counts

    @property
    def status_phrase(self) -> str:
        """ "05/20 chỉ tiêu vượt, 12/20 chỉ tiêu đạt, 01/20 chỉ tiêu đảm bảo tiến độ và
        02/20 chỉ tiêu chưa đạt" (the statuses that have indicators)."""
        total = len(self.city_rows)
        parts = [
            f"{two_digits(count)}/{total} chỉ tiêu {STATUS_WORDS[status]}"
            for status, count in self.status_counts.items()
            if count
        ]
        if len(parts) > 1:
            return ", ".join(parts[:-1]) + " và " + parts[-1]
        return parts[0] if parts else ""

    def kind_counts(self, kind: str) -> dict:
        return next(row for row in self.awards["kinds"] if row["code"] == kind)


def _rows(campaign: Campaign, period: Period, node_kind: str, node_id: int) -> list[IndicatorRow]:
    """The campaign's indicators at one node for the period, in the campaign's order."""
    tallies = {
        t.indicator_id: t
        for t in Tally.objects.filter(period=period, node_kind=node_kind, node_id=node_id)
    }
    rows = []
    for indicator in campaign_indicators(campaign):
        tally = tallies.get(indicator.pk)
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit_of_measure,
                target=tally.target if tally else None,
                value=tally.value if tally else None,
                decimals=indicator.decimals,
                status=tally.status if tally else "",
                tally_id=tally.pk if tally else None,
            )
        )
    return rows


def _highlights(period: Period, units: list[Unit]) -> list[tuple[Unit, str, Report]]:
    """The highlights each member wrote in its approved reports of the period (its
    latest non-empty one), as the article tells what each unit did."""
    reports = (
        Report.objects.filter(
            unit__in=units,
            period__campaign=period.campaign,
            period__kind=period.campaign.reporting_kind,
            period__starts_on__gte=period.starts_on,
            period__ends_on__lte=period.ends_on,
            status=ReportStatus.APPROVED,
        )
        .exclude(highlights="")
        .select_related("unit", "period")
        .order_by("unit__name", "-period__ends_on")
    )
    seen, found = set(), []
    for report in reports:
        if report.unit_id not in seen:
            seen.add(report.unit_id)
            found.append((report.unit, report.highlights.strip(), report))
    return found


def _decision_groups(campaign: Campaign, start: dt.date, end: dt.date) -> list[DecisionGroup]:
    """The campaign's issued decisions per campaign or ad hoc in [start, end], one group
    per trích yếu, with their counts (the article's "khen thưởng 18 tập thể và 105 cá
    nhân" at the gratitude conference)."""
    decisions = (
        Decision.objects.filter(
            campaign=campaign,
            status=DecisionStatus.ISSUED,
            decided_on__range=(start, end),
            kind__in=[AwardKind.CAMPAIGN, AwardKind.AD_HOC],
        )
        .select_related("authority")
        .annotate(
            collectives=Count(
                "recipients",
                filter=Q(
                    recipients__recipient_kind=RecipientKind.COLLECTIVE,
                    recipients__is_void=False,
                ),
            ),
            individuals=Count(
                "recipients",
                filter=Q(
                    recipients__recipient_kind=RecipientKind.INDIVIDUAL,
                    recipients__is_void=False,
                ),
            ),
        )
        .order_by("decided_on", "number")
    )
    groups: dict[str, DecisionGroup] = {}
    for decision in decisions:
        group = groups.get(decision.summary)
        if group is None:
            group = groups[decision.summary] = DecisionGroup(
                summary=decision.summary,
                kind=decision.kind,
                references=[],
                first_day=decision.decided_on,
                collectives=0,
                individuals=0,
            )
        group.references.append(f"{decision.reference} ngày {day(decision.decided_on)}")
        group.collectives += decision.collectives
        group.individuals += decision.individuals
    return list(groups.values())


def campaign_summary(
    *,
    campaign: Campaign,
    period: Period,
    awards_from: dt.date | None = None,
    awards_to: dt.date | None = None,
) -> Summary:
    """Everything the draft states for `period` of `campaign`; the commendations are
    counted over [awards_from, awards_to] (by default the period's dates: the article
    counts them over the first nine months of the year)."""
    awards_from = awards_from or period.starts_on
    awards_to = awards_to or period.ends_on
    organiser = campaign.organiser
    year = period.ends_on.year
    blocs = list(
        Bloc.objects.filter(organiser=organiser, memberships__year=year)
        .distinct()
        .order_by("order", "name")
    )
    members: dict[int, list[Unit]] = {}
    for membership in BlocMembership.objects.filter(bloc__in=blocs, year=year).select_related(
        "unit"
    ):
        members.setdefault(membership.bloc_id, []).append(membership.unit)
    bloc_parts = []
    for bloc in blocs:
        rows = [r for r in _rows(campaign, period, NodeKind.BLOC, bloc.pk) if r.value is not None]
        bloc_parts.append(BlocPart(bloc, _highlights(period, members.get(bloc.pk, [])), rows))
    covenants = [
        CovenantPart(
            covenant,
            list(covenant.scorecards.filter(rank__isnull=False).select_related("unit")),
        )
        for covenant in Covenant.objects.filter(
            campaign=campaign, year__range=(period.starts_on.year, year)
        )
        .select_related("bloc", "flag_unit")
        .order_by("year", "bloc__order")
    ]
    summary = Summary(
        campaign=campaign,
        period=period,
        organiser=organiser,
        awards_from=awards_from,
        awards_to=awards_to,
        contents=list(
            CampaignContent.objects.filter(campaign=campaign)
            .order_by("order")
            .values_list("title", flat=True)
        ),
        city_rows=_rows(campaign, period, NodeKind.TREE, organiser.pk),
        blocs=bloc_parts,
        completeness=completeness(period, NodeKind.TREE, organiser.pk),
        works=list(
            DedicatedWork.objects.filter(campaign=campaign)
            .select_related("unit")
            .order_by("-level", "pk")
        ),
        covenants=covenants,
        awards=statistics_of(decisions_of_organiser(organiser), awards_from, awards_to),
        decision_groups=_decision_groups(campaign, period.starts_on, period.ends_on),
    )
    summary.figures = summary_figures(summary)
    return summary


def _tally_reference(period: Period, node: str, row: IndicatorRow) -> str:
    return f"Tally #{row.tally_id}: {row.code}, {period.label}, {node}"


def summary_figures(s: Summary) -> list[Figure]:
    """Every figure of the draft with its source, in the order the draft states them."""
    figures = [
        Figure(
            "I",
            "Nội dung chính của phong trào",
            len(s.contents),
            "nội dung",
            SOURCE_CAMPAIGN,
            f"{s.campaign.name} (phát động ngày {day(s.campaign.launched_on)})",
        )
    ]
    for part in s.blocs:
        for row in part.figures:
            figures.append(
                Figure(
                    f"II.1 {part.bloc.name}",
                    row.name,
                    row.value,
                    row.unit,
                    SOURCE_TALLY,
                    _tally_reference(s.period, part.bloc.name, row),
                )
            )
        for unit, _text, report in part.highlights:
            figures.append(
                Figure(
                    f"II.1 {part.bloc.name}",
                    f"Điểm nổi bật: {unit.name}",
                    None,
                    "",
                    SOURCE_REPORT,
                    f"Báo cáo #{report.pk}: {unit.name}, {report.period.label}",
                )
            )
    for row in s.city_rows:
        figures.append(
            Figure(
                "II.2 Chỉ tiêu của thành phố",
                row.name,
                row.value,
                row.unit,
                SOURCE_TALLY,
                _tally_reference(s.period, s.organiser.name, row)
                + (f"; chỉ tiêu giao {number(row.target)}" if row.target is not None else ""),
            )
        )
    total = len(s.city_rows)
    for status, count in s.status_counts.items():
        figures.append(
            Figure(
                "II.2 Chỉ tiêu của thành phố",
                f"Chỉ tiêu {STATUS_WORDS[status]} (trên {total})",
                count,
                "chỉ tiêu",
                SOURCE_TALLY,
                f"Trạng thái của {total} tally cấp {s.organiser.name}, {s.period.label}",
            )
        )
    for key, label in (
        ("expected", "Báo cáo phải nộp"),
        ("on_time", "Báo cáo đúng hạn"),
        ("late", "Báo cáo muộn"),
        ("missing", "Báo cáo chưa nộp"),
    ):
        figures.append(
            Figure(
                "II.3 Tình hình báo cáo",
                label,
                s.completeness[key],
                "báo cáo",
                SOURCE_COMPLETENESS,
                f"{s.organiser.name}, {s.period.label}",
            )
        )
    for level, words in LEVEL_WORDS.items():
        figures.append(
            Figure(
                "II.4 Công trình chào mừng",
                f"Công trình gắn biển {words}",
                sum(1 for w in s.works if w.level == level),
                "công trình",
                SOURCE_WORK,
                "; ".join(w.name for w in s.works if w.level == level),
            )
        )
    for part in s.covenants:
        for card in part.cards:
            figures.append(
                Figure(
                    f"II.5 {part.covenant.bloc.name} ({part.covenant.year})",
                    f"Điểm của {card.unit.name} (hạng {card.rank})",
                    card.total,
                    "điểm",
                    SOURCE_COVENANT,
                    f"Giao ước #{part.covenant.pk}, phiếu chấm #{card.pk}",
                )
            )
    period_words = f"{day(s.awards_from)}–{day(s.awards_to)}"
    for key, label in (("collectives", "Tập thể được khen thưởng"), ("individuals", "Cá nhân")):
        figures.append(
            Figure(
                "III Khen thưởng",
                f"{label} ({period_words})",
                s.awards[key],
                "tập thể" if key == "collectives" else "cá nhân",
                SOURCE_DECISION,
                f"Quyết định đã ban hành của {s.organiser.name}, {period_words}",
            )
        )
    for row in s.awards["kinds"]:
        for key, unit in (("collectives", "tập thể"), ("individuals", "cá nhân")):
            figures.append(
                Figure(
                    "III Khen thưởng",
                    f"{KIND_WORDS[row['code']].capitalize()}: {unit}",
                    row[key],
                    unit,
                    SOURCE_DECISION,
                    f"Quyết định loại “{KIND_WORDS[row['code']]}”, {period_words}",
                )
            )
    for group in s.decision_groups:
        for key, unit in (("collectives", "tập thể"), ("individuals", "cá nhân")):
            figures.append(
                Figure(
                    "III Khen thưởng",
                    f"{group.summary}: {unit}",
                    getattr(group, key),
                    unit,
                    SOURCE_DECISION,
                    "Quyết định số " + "; ".join(group.references),
                )
            )
    return figures
