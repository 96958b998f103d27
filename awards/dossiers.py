"""The nominee's dossier (hồ sơ): drafted from the figures, edited by the unit's
secretary, confirmed by the unit's head (docs/awards.md, "The dossier").

What the draft states, each with its source and the link to it:

- the unit's indicator figures of the nomination's year against their targets: the
  tallies of the unit's approved reports (campaigns), the year's tally when the
  campaign has a period of the year, else the reporting periods ending in the year
  added up as the indicator adds up over time (a flow sums, a stock takes the
  latest, a maximum the largest);
- earlier titles and awards: issued decisions, the unit's predecessors included;
- recognised initiatives of the person;
- what apps above awards add through their config's `dossier_figures`, a function
  `(nomination) -> list[FigureDraft]` (covenants: the bloc's score and rank), as
  blocs.panels does for a unit's page: awards cannot import those apps.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import rules
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from blocs.selectors import unit_lineage_ids
from campaigns.dashboard import campaign_indicators
from campaigns.models import NodeKind, Period, PeriodKind, Tally, TimeAggregation
from mongcai.accounts.models import User
from mongcai.accounts.permissions import is_admin
from mongcai.lib.evidence import EvidenceError, check
from mongcai.lib.numbers import format_decimal

from .models import (
    DecisionRecipient,
    DecisionStatus,
    Dossier,
    DossierEvent,
    DossierEventKind,
    DossierFigure,
    DossierFile,
    FigureSection,
    FigureSource,
    Initiative,
    Nomination,
    RecipientKind,
)

# The prescribed forms of the achievement report, as data with where they were read.
# NĐ 91/2017/NĐ-CP, Phụ lục: Mẫu số 01 (collectives) and Mẫu số 02 (individuals), as
# listed on thuvienphapluat.vn ("09 mẫu báo cáo thành tích thi đua khen thưởng",
# 21/11/2023). The forms of NĐ 98/2023 and NĐ 152/2025 were not reached: unverified
# whether their numbers and headings are the same (docs/awards.md, "The dossier").
REPORT_FORMS = {
    RecipientKind.COLLECTIVE: {
        "code": "mau-01",
        "name": "Mẫu số 01",
        "instrument": "Nghị định số 91/2017/NĐ-CP, Phụ lục (Mẫu số 01)",
        "read_on": "thuvienphapluat.vn, “09 mẫu báo cáo thành tích thi đua khen thưởng”",
        "verified": False,
        "headings": (
            "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        ),
    },
    RecipientKind.INDIVIDUAL: {
        "code": "mau-02",
        "name": "Mẫu số 02",
        "instrument": "Nghị định số 91/2017/NĐ-CP, Phụ lục (Mẫu số 02)",
        "read_on": "thuvienphapluat.vn, “09 mẫu báo cáo thành tích thi đua khen thưởng”",
        "verified": False,
        "headings": (
            "I. SƠ LƯỢC LÝ LỊCH",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        ),
    },
}


def report_form(nomination: Nomination) -> dict:
    return REPORT_FORMS[nomination.recipient_kind]


@dataclass
class FigureDraft:
    """One figure as a source gives it (a module above awards builds these too)."""

    section: str
    label: str
    value: Decimal | None
    source: str
    source_ids: list = field(default_factory=list)
    source_label: str = ""
    link: str = ""
    unit_of_measure: str = ""
    decimals: int = 0
    target: Decimal | None = None
    note: str = ""


def figure_unit_id(nomination: Nomination) -> int:
    """The id of whose figures the report states: the collective, or the person's unit."""
    return nomination.collective_id or nomination.unit_id


def figure_unit(nomination: Nomination):
    """Whose figures the report states: the collective, or the unit of the person."""
    return nomination.collective if nomination.collective_id else nomination.unit


def _year_periods(nomination: Nomination, unit_id: int) -> list[Period]:
    """The year's period when the campaign has one with the unit's tallies, else the
    reporting periods ending in the year, in order."""
    campaign = nomination.campaign
    periods = Period.objects.filter(campaign=campaign, ends_on__year=nomination.year)
    with_tallies = periods.filter(
        tallies__node_kind=NodeKind.UNIT, tallies__node_id=unit_id
    ).distinct()
    whole = [
        p
        for p in with_tallies.filter(kind__in=[PeriodKind.YEAR, PeriodKind.CAMPAIGN])
        if p.starts_on.year == nomination.year or p.kind == PeriodKind.CAMPAIGN
    ]
    if whole:
        return [max(whole, key=lambda p: (p.ends_on - p.starts_on, p.ends_on))]
    return list(with_tallies.filter(kind=campaign.reporting_kind).order_by("ends_on"))


def aggregate(values: list[Decimal], time_aggregation: str) -> Decimal:
    """The periods' values as the indicator adds up over time."""
    if time_aggregation == TimeAggregation.FLOW:
        return sum(values, Decimal(0))
    if time_aggregation == TimeAggregation.MAX:
        return max(values)
    return values[-1]


def _tally_label(indicator, rows: list[Tally], unit) -> str:
    """ "Số liệu tổng hợp #12: LV-NS, Năm 2026, Phường Móng Cái 1", or for several periods
    "10 kỳ tổng hợp LV-NS, Tháng 01/2026 – Tháng 10/2026, Phường Móng Cái 1" (in the
    language of the one who drafts: the label is stored with the figure)."""
    if len(rows) == 1:
        return _("Tally #%(pk)s: %(code)s, %(period)s, %(unit)s") % {
            "pk": rows[0].pk,
            "code": indicator.code,
            "period": rows[0].period.label,
            "unit": unit.name,
        }
    return _("%(count)s tallies %(code)s, %(first)s – %(last)s, %(unit)s") % {
        "count": len(rows),
        "code": indicator.code,
        "first": rows[0].period.label,
        "last": rows[-1].period.label,
        "unit": unit.name,
    }


def indicator_figures(nomination: Nomination) -> list[FigureDraft]:
    unit = figure_unit(nomination)
    periods = _year_periods(nomination, unit.pk)
    if not periods:
        return []
    order = {p.pk: n for n, p in enumerate(periods)}
    tallies: dict[int, list[Tally]] = {}
    for tally in Tally.objects.filter(
        period__in=periods, node_kind=NodeKind.UNIT, node_id=unit.pk, value__isnull=False
    ).select_related("period"):
        tallies.setdefault(tally.indicator_id, []).append(tally)
    link = reverse("campaigns:dashboard-unit", args=[nomination.campaign_id, unit.pk])
    if len(periods) == 1:
        link += f"?period={periods[0].pk}"
    figures = []
    for indicator in campaign_indicators(nomination.campaign):
        rows = sorted(tallies.get(indicator.pk, []), key=lambda t: order[t.period_id])
        if not rows:
            continue
        figures.append(
            FigureDraft(
                section=FigureSection.INDICATORS,
                label=f"{indicator.code} – {indicator.name}",
                value=aggregate([t.value for t in rows], indicator.time_aggregation),
                unit_of_measure=indicator.unit_of_measure,
                decimals=indicator.decimals,
                target=rows[-1].target,
                source=FigureSource.TALLY,
                source_ids=[t.pk for t in rows],
                source_label=_tally_label(indicator, rows, unit),
                link=link,
                note=(
                    ""
                    if len(rows) == 1
                    else f"cộng dồn {len(rows)} kỳ báo cáo"
                    if indicator.time_aggregation == TimeAggregation.FLOW
                    else f"số liệu {rows[-1].period.label}"
                    if indicator.time_aggregation == TimeAggregation.STOCK
                    else f"cao nhất trong {len(rows)} kỳ"
                ),
            )
        )
    return figures


def award_figures(nomination: Nomination) -> list[FigureDraft]:
    """The titles and awards of issued decisions: the person's, or the collective's and
    its predecessors' (DESIGN.md rule 10)."""
    recipients = DecisionRecipient.objects.filter(
        decision__status=DecisionStatus.ISSUED, is_void=False
    ).select_related("decision__authority", "title")
    if nomination.person_id:
        recipients = recipients.filter(person=nomination.person)
    else:
        recipients = recipients.filter(collective__in=unit_lineage_ids(nomination.collective))
    figures = []
    for recipient in recipients.order_by("decision__decided_on", "pk"):
        decision = recipient.decision
        figures.append(
            FigureDraft(
                section=FigureSection.AWARDS,
                label=f"{recipient.title.decision_name or recipient.title.name} "
                f"năm {recipient.year}",
                value=None,
                note=f"Quyết định số {decision.reference} ngày "
                f"{decision.decided_on:%d/%m/%Y} của {decision.authority.name}",
                source=FigureSource.DECISION,
                source_ids=[decision.pk],
                source_label=_("Decision %(ref)s") % {"ref": decision.reference},
                link=reverse("awards:decision-detail", args=[decision.pk]),
            )
        )
    return figures


def initiative_figures(nomination: Nomination) -> list[FigureDraft]:
    if not nomination.person_id:
        return []
    return [
        FigureDraft(
            section=FigureSection.INITIATIVES,
            label=f"{initiative.name} ({initiative.year})",
            value=None,
            note=", ".join(
                part for part in (initiative.get_level_display(), initiative.recognised_by) if part
            ),
            source=FigureSource.INITIATIVE,
            source_ids=[initiative.pk],
            source_label=_("Initiative #%(pk)s") % {"pk": initiative.pk},
            link=reverse("awards:person-history", args=[nomination.person_id]),
        )
        for initiative in Initiative.objects.filter(
            person=nomination.person, year__lte=nomination.year
        ).order_by("-year", "name")
    ]


def provided_figures(nomination: Nomination) -> list[FigureDraft]:
    """What the apps above awards state (their config's `dossier_figures`)."""
    return [
        figure
        for config in apps.get_app_configs()
        if getattr(config, "dossier_figures", None)
        for figure in import_string(config.dossier_figures)(nomination)
    ]


def draft_figures(nomination: Nomination) -> list[FigureDraft]:
    return (
        indicator_figures(nomination)
        + provided_figures(nomination)
        + award_figures(nomination)
        + initiative_figures(nomination)
    )


def decimals_of(value: Decimal | None) -> int:
    """The decimals a typed number was written with (at most the six a figure stores)."""
    if value is None:
        return 0
    return min(6, max(0, -value.normalize().as_tuple().exponent))


def _number(value: Decimal | None, decimals: int = 0) -> str:
    return "…" if value is None else format_decimal(value, "vi", decimals)


def draft_texts(nomination: Nomination) -> dict:
    """The texts of the draft (Vietnamese: an official document), for the secretary to
    complete."""
    unit = figure_unit(nomination)
    title = nomination.title.decision_name or nomination.title.name
    if nomination.person_id:
        person = nomination.person
        lines = [
            f"Họ và tên: {person.full_name}",
            f"Năm sinh: {person.birth_year or '…'}",
            f"Giới tính: {person.get_gender_display() if person.gender else '…'}",
            f"Đơn vị công tác: {person.unit.name}",
            f"Chức vụ: {person.position or '…'}",
        ]
        if person.service_from:
            lines.append(f"Công tác từ: {person.service_from:%d/%m/%Y}")
        overview = "\n".join(lines)
    else:
        overview = (
            f"{unit.name}"
            + (f", trực thuộc {unit.parent.name}" if unit.parent_id else "")
            + ".\n1. Đặc điểm, tình hình: …\n2. Chức năng, nhiệm vụ: …"
        )
    achievements = (
        f"{nomination.achievement}."
        + (f"\n{nomination.details}" if nomination.details else "")
        + f"\nKết quả thực hiện các chỉ tiêu năm {nomination.year} theo bảng số liệu dưới đây."
    )
    proposal = (
        f"Căn cứ Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn thi hành; "
        f"căn cứ kết quả thực hiện nhiệm vụ năm {nomination.year}, "
        f"{nomination.unit.name} kính đề nghị Hội đồng Thi đua - Khen thưởng "
        f"{nomination.campaign.organiser.name} xem xét, đề nghị tặng {title} cho "
        f"{nomination.nominee}, đã có thành tích: {nomination.achievement}."
    )
    return {"overview": overview, "achievements": achievements, "proposal": proposal}


def _record(dossier: Dossier, user: User, kind: str, comment: str = "", *, at=None):
    DossierEvent.objects.create(
        dossier=dossier, user=user, kind=kind, comment=comment, at=at or timezone.now()
    )


@dataclass(frozen=True)
class FigureReader:
    """What a dossier's reader may open, asked once per page rather than per figure."""

    council: bool  # reads the dashboards
    admin: bool  # reads the decisions' pages
    secretary: bool  # files the nominee's unit's reports
    unit_id: int  # whose figures the report states (figure_unit)
    person_id: int | None


def figure_reader(user: User, nomination: Nomination) -> FigureReader:
    return FigureReader(
        council=rules.test_rule("campaigns.view_dashboards", user),
        admin=is_admin(user),
        secretary=is_unit_secretary(user, nomination),
        unit_id=figure_unit_id(nomination),
        person_id=nomination.person_id,
    )


def figure_link(reader: FigureReader, figure) -> str:
    """Where the figure's source link takes this reader: the stored link for one who may
    open it, else the page of the same source that the reader may open, else none (the
    source is named without a link). Dashboards are the council's and decisions' pages
    the admin's: the unit's secretary follows a tally to the unit's approved reports it
    was rolled up from and an earlier award to the nominee's awards; the unit's head, who
    reads neither, sees the sources named."""
    if not figure.link:
        return ""
    if figure.source == FigureSource.TALLY and not reader.council:
        if not reader.secretary:
            return ""
        query = urlencode({"unit": reader.unit_id, "status": "approved"})
        return f"{reverse('campaigns:report-list')}?{query}"
    if figure.source == FigureSource.DECISION and not reader.admin:
        if not (reader.council or reader.secretary):
            return ""
        if reader.person_id:
            return reverse("awards:person-history", args=[reader.person_id])
        return reverse("awards:unit-history", args=[reader.unit_id])
    return figure.link


def is_unit_secretary(user: User, nomination: Nomination) -> bool:
    return user.is_authenticated and user.units.filter(pk=nomination.unit_id).exists()


def is_unit_head(user: User, nomination: Nomination) -> bool:
    return user.is_authenticated and user.headed_units.filter(pk=nomination.unit_id).exists()


def _locked(dossier_pk: int) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier_pk)


def _save_figures(dossier: Dossier, drafts: list[FigureDraft]) -> None:
    DossierFigure.objects.bulk_create(
        DossierFigure(
            dossier=dossier,
            order=order,
            section=d.section,
            label=d.label[:300],
            value=d.value,
            derived_value=d.value,
            unit_of_measure=d.unit_of_measure[:60],
            decimals=d.decimals,
            target=d.target,
            note=d.note[:300],
            source=d.source,
            source_ids=d.source_ids,
            source_label=d.source_label[:300],
            link=d.link[:300],
        )
        for order, d in enumerate(drafts)
    )


@transaction.atomic
def dossier_draft(*, nomination: Nomination, user: User) -> Dossier:
    """Draft the dossier, or redraft its derived figures from today's data (the typed
    ones and the texts stay): the unit's secretary, while it is not confirmed."""
    if not is_unit_secretary(user, nomination):
        raise PermissionDenied
    now = timezone.now()
    dossier = Dossier.objects.select_for_update().filter(nomination=nomination).first()
    if dossier is None:
        dossier = Dossier.objects.create(
            nomination=nomination,
            form=report_form(nomination)["code"],
            drafted_by=user,
            drafted_at=now,
            updated_at=now,
            **draft_texts(nomination),
        )
    elif dossier.is_confirmed:
        raise ValidationError(_("The dossier is confirmed: the unit's head must reopen it first."))
    else:
        dossier.figures.filter(typed=False).delete()
        dossier.updated_at = now
        dossier.version += 1
        dossier.save(update_fields=["updated_at", "version"])
    _save_figures(dossier, draft_figures(nomination))
    _record(dossier, user, DossierEventKind.DRAFTED, at=now)
    return dossier


@transaction.atomic
def dossier_edit(
    *,
    dossier: Dossier,
    user: User,
    version: int,
    texts: dict,
    values: dict[int, Decimal | None],
    new_figure: dict | None = None,
) -> Dossier:
    """The secretary's edit: the texts, figures' values (a value that differs from the
    derived one makes the figure typed; typing the derived value back makes it derived
    again) and a new typed figure."""
    if not is_unit_secretary(user, dossier.nomination):
        raise PermissionDenied
    dossier = _locked(dossier.pk)
    if dossier.is_confirmed:
        raise ValidationError(_("The dossier is confirmed: the unit's head must reopen it first."))
    if version != dossier.version:
        raise ValidationError(
            _("Someone saved this dossier after you opened it. Open it again and redo your change.")
        )
    for name in ("overview", "achievements", "measures", "proposal"):
        if name in texts:
            setattr(dossier, name, texts[name])
    dossier.full_clean()
    changed = []
    for figure in dossier.figures.filter(pk__in=list(values)):
        value = values[figure.pk]
        if value == figure.value:
            continue
        figure.value = value
        figure.typed = figure.source == FigureSource.TYPED or value != figure.derived_value
        changed.append(figure)
    DossierFigure.objects.bulk_update(changed, ["value", "typed"])
    if new_figure and new_figure.get("label"):
        last = dossier.figures.order_by("-order").values_list("order", flat=True).first()
        DossierFigure.objects.create(
            dossier=dossier,
            order=(last or 0) + 1,
            section=FigureSection.OTHER,
            label=new_figure["label"],
            value=new_figure.get("value"),
            unit_of_measure=new_figure.get("unit_of_measure", ""),
            decimals=decimals_of(new_figure.get("value")),
            source=FigureSource.TYPED,
            typed=True,
        )
    dossier.updated_at = timezone.now()
    dossier.version += 1
    dossier.save()
    _record(dossier, user, DossierEventKind.EDITED, at=dossier.updated_at)
    return dossier


@transaction.atomic
def dossier_confirm(*, dossier: Dossier, user: User) -> Dossier:
    """The unit's head confirms the report: recorded (who, when); frozen from then on."""
    if not is_unit_head(user, dossier.nomination):
        raise PermissionDenied
    dossier = _locked(dossier.pk)
    if dossier.is_confirmed:
        raise ValidationError(_("The dossier is already confirmed."))
    dossier.status = "confirmed"
    dossier.confirmed_by, dossier.confirmed_at = user, timezone.now()
    dossier.version += 1
    dossier.save()
    _record(dossier, user, DossierEventKind.CONFIRMED, at=dossier.confirmed_at)
    return dossier


@transaction.atomic
def dossier_reopen(*, dossier: Dossier, user: User, reason: str) -> Dossier:
    """The head reopens a confirmed dossier for changes, with the reason."""
    if not is_unit_head(user, dossier.nomination):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the dossier is reopened."))
    dossier = _locked(dossier.pk)
    if not dossier.is_confirmed:
        raise ValidationError(_("Only a confirmed dossier can be reopened."))
    dossier.status = "draft"
    dossier.confirmed_by = dossier.confirmed_at = None
    dossier.version += 1
    dossier.updated_at = timezone.now()
    dossier.save()
    _record(dossier, user, DossierEventKind.REOPENED, reason.strip(), at=dossier.updated_at)
    return dossier


def dossier_file_add(*, dossier: Dossier, user: User, uploaded) -> DossierFile:
    """An evidence file, checked by its content like a report's (mongcai.lib.evidence)."""
    if not is_unit_secretary(user, dossier.nomination):
        raise PermissionDenied
    try:
        content_type = check(uploaded, settings.EVIDENCE_MAX_BYTES)
    except EvidenceError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic():
        dossier = _locked(dossier.pk)
        if dossier.is_confirmed:
            raise ValidationError(
                _("The dossier is confirmed: the unit's head must reopen it first.")
            )
        if dossier.files.count() >= settings.EVIDENCE_MAX_FILES:
            raise ValidationError(
                _("A dossier holds at most %(count)s files.")
                % {"count": settings.EVIDENCE_MAX_FILES}
            )
        now = timezone.now()
        attached = DossierFile(
            dossier=dossier,
            original_name=uploaded.name[:255],
            content_type=content_type,
            size=uploaded.size,
            uploaded_by=user,
            uploaded_at=now,
        )
        attached.file.save("evidence", uploaded, save=False)
        attached.save()
        _record(dossier, user, DossierEventKind.FILE_ADDED, attached.original_name, at=now)
    return attached


def figure_text(figure: DossierFigure) -> str:
    """ "1.234,5 tỷ đồng" as the report writes it."""
    if figure.value is None:
        return ""
    # A rank reads "1/6": its unit is the count it is out of.
    space = "" if figure.unit_of_measure.startswith("/") else " "
    return f"{_number(figure.value, figure.decimals)}{space}{figure.unit_of_measure}".strip()


def target_text(figure: DossierFigure) -> str:
    if figure.target is None:
        return ""
    text = f"{_number(figure.target, figure.decimals)} {figure.unit_of_measure}".strip()
    if figure.value is not None and figure.target:
        share = Decimal(figure.value) * 100 / Decimal(figure.target)
        text += f" ({_number(share, 1)}%)"
    return text
