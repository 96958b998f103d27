"""Build the article's campaign as a running system (idempotent).

Every row is written by natural key with update-or-create semantics, in one
transaction, so running the loader twice changes nothing and a failure
leaves nothing half-written.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from blocs.models import Bloc, BlocMembership, MembershipRole, Unit
from campaigns.models import (
    Assignment,
    Campaign,
    CampaignContent,
    CampaignIndicator,
    DedicatedWork,
    Indicator,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    ReportValue,
    Target,
    TargetScope,
)
from campaigns.services import tally_recompute
from mongcai.accounts.models import Role, User

from . import awards_demo, data, live, procedure_demo, proposals_demo, reform, signed_decision, ward
from . import dossiers as demo_dossiers
from .covenants_demo import covenants_demo_load

# Demo assumption: monthly figures are due 5 days after the cut-off (the 14th)
# and lock 15 days after the deadline.
DEADLINE_DAYS = 5
LOCK_DAYS = 15
MEMBERSHIP_YEARS = (2022, 2023)


def _save(model, lookup: dict, values: dict):
    """update_or_create that validates like the admin does (full_clean)."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in values.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def split_evenly(total: Decimal, parts: int, decimals: int) -> list[Decimal]:
    """Split `total` into `parts` amounts with `decimals` decimals that add up exactly.

    The amounts vary a little (weights 8..12) so the demo does not look
    flat; the largest remainders take the leftover smallest units.
    """
    if parts <= 0:
        return []
    scale = 10**decimals
    total_units = int(total * scale)
    weights = [8 + (i * 7) % 5 for i in range(parts)]
    weight_sum = sum(weights)
    raw = [total_units * w / weight_sum for w in weights]
    floors = [int(r) for r in raw]
    leftover = total_units - sum(floors)
    for i in sorted(range(parts), key=lambda i: raw[i] - floors[i], reverse=True)[:leftover]:
        floors[i] += 1
    return [Decimal(f) / scale for f in floors]


def _clip(start: dt.date, end: dt.date, campaign) -> tuple[dt.date, dt.date]:
    return max(start, campaign.starts_on), min(end, campaign.ends_on)


def period_windows(campaign) -> list[tuple[str, str, dt.date, dt.date]]:
    """Reporting windows under NĐ 09/2019 (data from the 15th to the 14th), clipped
    to the campaign.

    Returns (kind, label, starts_on, ends_on) for months, quarters, 6 and 9
    months, the year and the whole campaign.
    """
    windows = []
    year, month = campaign.starts_on.year, campaign.starts_on.month
    if campaign.starts_on.day > 14:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while True:
        prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
        start, end = dt.date(prev_year, prev_month, 15), dt.date(year, month, 14)
        if start > campaign.ends_on:
            break
        label = f"Tháng {month:02d}/{year}"
        windows.append((PeriodKind.MONTH, label, *_clip(start, end, campaign)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    years = range(campaign.starts_on.year, campaign.ends_on.year + 1)
    for y in years:
        for q in range(1, 5):
            start = dt.date(y - 1, 12, 15) if q == 1 else dt.date(y, 3 * q - 3, 15)
            end = dt.date(y, 3 * q, 14)
            if end < campaign.starts_on or start > campaign.ends_on:
                continue
            windows.append((PeriodKind.QUARTER, f"Quý {q}/{y}", *_clip(start, end, campaign)))
        for kind, label, last_month in (
            (PeriodKind.HALF_YEAR, f"6 tháng năm {y}", 6),
            (PeriodKind.NINE_MONTHS, f"9 tháng năm {y}", 9),
            (PeriodKind.YEAR, f"Năm {y}", 12),
        ):
            start, end = dt.date(y - 1, 12, 15), dt.date(y, last_month, 14)
            # Only periods the campaign covers in full up to their cut-off.
            if start < campaign.starts_on or (end > campaign.ends_on and kind != PeriodKind.YEAR):
                continue
            windows.append((kind, label, *_clip(start, end, campaign)))
    windows.append((PeriodKind.CAMPAIGN, "Toàn đợt thi đua", campaign.starts_on, campaign.ends_on))
    return windows


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> dict:
    """Load (or refresh) the demo. Returns counts of what the demo holds.

    The article's 2023 campaign first, as it was; then the 2024–2025
    reorganisation and the campaign of `today`'s year (default: the local
    date), whose periods follow `today` (tools/demo/live.py).
    """
    today = today or timezone.localdate()
    province = _save(Unit, {"code": data.PROVINCE[0]}, _organiser_values(data.PROVINCE, None))
    city = _save(Unit, {"code": data.CITY[0]}, _organiser_values(data.CITY, province))
    # The ward is an organiser of its own; tools/demo/reform.py gives it its place
    # in the reorganisation (found by the same code).
    _save(Unit, {"code": data.WARD[0]}, _organiser_values(data.WARD, province))

    units = {}
    blocs = []
    for order, code, name, members in data.BLOCS:
        bloc = _save(Bloc, {"code": code}, {"name": name, "order": order, "organiser": city})
        blocs.append(bloc)
        bloc_units = []
        for unit_code, unit_name, kind in members:
            unit = _save(
                Unit,
                {"code": unit_code},
                {"name": unit_name, "kind": kind, "parent": city, "valid_from": data.UNITS_FROM},
            )
            units[unit_code] = unit
            bloc_units.append(unit)
        _memberships(bloc, bloc_units)

    campaign = _save(
        Campaign,
        {"code": data.CAMPAIGN["code"]},
        {**{k: v for k, v in data.CAMPAIGN.items() if k != "code"}, "organiser": city},
    )
    contents = {
        number: _save(CampaignContent, {"campaign": campaign, "order": number}, {"title": title})
        for number, title in enumerate(data.CONTENTS, start=1)
    }
    periods = _periods(campaign)
    months = [p for p in periods if p.kind == PeriodKind.MONTH]
    reports = _reports(months, list(units.values()))
    value_count = 0
    for order, row in enumerate(data.INDICATORS, start=1):
        value_count += _indicator(campaign, contents, order, row, units, months, reports)
    # Each unit's highlights on its last report of the campaign (the summary report's).
    for unit_code, text in data.HIGHLIGHTS.items():
        Report.objects.filter(unit=units[unit_code], period=months[-1]).update(highlights=text)
    for level, name, unit_code in data.DEDICATED_WORKS:
        _save(
            DedicatedWork,
            {"campaign": campaign, "name": name},
            {
                "level": level,
                "unit": units.get(unit_code) if unit_code else None,
                "recognised_by": "UBND tỉnh Quảng Ninh",
            },
        )
    users = _users(units)
    tally_recompute(campaign=campaign)
    awards = awards_demo.demo_load(today=today)
    covenants_demo_load(campaign)
    awards_demo.flags_load(campaign)
    new_units = reform.reform_load()["new_units"]
    live_result = live.live_load(today=today, units=new_units)
    signed_decision.signed_decision_load(
        campaign=live_result["campaign"], today=today, units=new_units
    )
    ward_result = ward.ward_load(today=today)
    awards_demo.certificates_load()
    procedure_demo.procedure_load(today=today)
    proposals_demo.proposals_load(today=today)
    # The ward's bodies, created after the province's campaign was rolled up, make
    # Phường Móng Cái 1 a branch of the province's tree: its branch rows are new.
    tally_recompute(campaign=live_result["campaign"])
    # The nominees' dossiers, drafted from the rolled-up figures and confirmed.
    demo_dossiers.dossiers_load(year=today.year)
    return {
        "units": len(units) + 3,
        "blocs": len(blocs),
        "indicators": len(data.INDICATORS),
        "periods": len(periods),
        "reports": len(reports),
        "values": value_count,
        "users": users + live_result["users"] + ward_result["users"],
        "awards": awards,
        "live_campaign": live_result["campaign"],
        "live_periods": live_result["periods"],
        "ward_campaign": ward_result["campaign"],
    }


def _unit_values(row, parent):
    _, name, short_name, kind, valid_from = row
    return {
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "parent": parent,
        "valid_from": valid_from,
    }


def _organiser_values(row, parent):
    """An organiser's unit; its other fields (dates, successors) are left as they are."""
    return {**_unit_values(row, parent), "is_organiser": True}


def _memberships(bloc, bloc_units):
    # Demo assumption (the article names no heads): the headship rotates down
    # the member list each year, the next unit is deputy.
    for year in MEMBERSHIP_YEARS:
        head = (year - MEMBERSHIP_YEARS[0]) % len(bloc_units)
        deputy = (head + 1) % len(bloc_units)
        for index, unit in enumerate(bloc_units):
            role = (
                MembershipRole.HEAD
                if index == head
                else MembershipRole.DEPUTY
                if index == deputy and deputy != head
                else MembershipRole.MEMBER
            )
            BlocMembership.objects.filter(bloc=bloc, year=year, role=role).exclude(
                unit=unit
            ).update(role=MembershipRole.MEMBER)
            _save(BlocMembership, {"unit": unit, "year": year}, {"bloc": bloc, "role": role})


def _periods(campaign) -> list[Period]:
    periods = []
    for kind, label, starts_on, ends_on in period_windows(campaign):
        deadline = ends_on + dt.timedelta(days=DEADLINE_DAYS)
        periods.append(
            _save(
                Period,
                {"campaign": campaign, "kind": kind, "starts_on": starts_on},
                {
                    "label": label,
                    "ends_on": ends_on,
                    "deadline": deadline,
                    "locks_on": deadline + dt.timedelta(days=LOCK_DAYS),
                },
            )
        )
    return periods


def _reports(months: list[Period], units: list[Unit]) -> dict:
    """Every unit's monthly report, approved; a few were submitted late (flagged, not refused)."""
    tz = timezone.get_current_timezone()
    rows = []
    for m_index, period in enumerate(months):
        for u_index, unit in enumerate(units):
            late = (u_index * 5 + m_index) % 23 == 0
            day = period.deadline + dt.timedelta(days=2 if late else -(u_index % 4))
            submitted_at = dt.datetime.combine(day, dt.time(9, 30), tzinfo=tz)
            rows.append(
                Report(
                    unit=unit,
                    period=period,
                    status=ReportStatus.APPROVED,
                    submitted_at=submitted_at,
                    reviewed_at=submitted_at + dt.timedelta(days=1),
                )
            )
    _bulk_upsert(Report, rows, ["unit", "period"], ["status", "submitted_at", "reviewed_at"])
    return {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(period__in=months, unit__in=units)
    }


def _bulk_upsert(model, objs, unique_fields, update_fields):
    """Validate each row like full_clean (the constraints are enforced by the
    database itself), then insert-or-update them in one statement per batch."""
    relations = [f.name for f in model._meta.fields if f.is_relation]
    for obj in objs:
        obj.clean_fields(exclude=relations)
        obj.clean()
    model.objects.bulk_create(
        objs,
        batch_size=500,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
    )


def _indicator(campaign, contents, order, row, units, months, reports) -> int:
    (
        code,
        name,
        measure,
        time_agg,
        decimals,
        content_no,
        total,
        target,
        due_on,
        unit_codes,
        active_months,
    ) = row
    indicator = _save(
        Indicator,
        {"code": code},
        {
            "name": name,
            "unit_of_measure": measure,
            "value_kind": "number",
            "unit_aggregation": "sum",
            "time_aggregation": time_agg,
            "direction": "higher",
            "decimals": decimals,
        },
    )
    ci = _save(
        CampaignIndicator,
        {"campaign": campaign, "indicator": indicator},
        {"content": contents[content_no], "order": order},
    )
    _save(
        Target,
        {"campaign_indicator": ci, "scope": TargetScope.CITY},
        {"value": target, "due_on": due_on},
    )
    reporting = (
        list(units.values()) if unit_codes == data.ALL_UNITS else [units[c] for c in unit_codes]
    )
    Assignment.objects.bulk_create(
        [Assignment(campaign_indicator=ci, unit=unit) for unit in reporting],
        ignore_conflicts=True,
    )
    per_unit = split_evenly(total, len(reporting), decimals)
    rows = []
    for unit, unit_total in zip(reporting, per_unit, strict=True):
        if time_agg == "stock":
            # A stock reports its level each month, growing to the final figure.
            n = len(months)
            values = [
                (Decimal(unit_total) * (i + 1) / n).quantize(Decimal(1).scaleb(-decimals))
                for i in range(n)
            ]
            values[-1] = unit_total
            month_values = list(zip(months, values, strict=True))
        else:
            active = [
                p
                for p in months
                if active_months is None
                or (p.ends_on.year == 2023 and p.ends_on.month in active_months)
            ]
            month_values = list(
                zip(active, split_evenly(unit_total, len(active), decimals), strict=True)
            )
        rows.extend(
            ReportValue(report=reports[(unit.pk, period.pk)], indicator=indicator, value=value)
            for period, value in month_values
        )
    _bulk_upsert(ReportValue, rows, ["report", "indicator"], ["value"])
    return len(rows)


def _users(units) -> list[tuple[str, str, str]]:
    """Demo users for every role, plus a secretary for every unit (tk-<unit code>)."""
    rows = list(data.USERS) + [
        (f"tk-{code}", f"Thư ký {unit.name}", "Cán bộ thi đua", "secretary", [code])
        for code, unit in units.items()
    ]
    return users_save(rows, units)


def users_save(rows, units: dict) -> list[tuple[str, str, str]]:
    """Demo accounts (username, full name, position, role, unit codes), by username."""
    created = []
    # Hashing is deliberately slow; hash the demo password once per run, and
    # only for new users: a password someone changed is never reset.
    encoded = None
    for username, full_name, position, role, unit_codes in rows:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.full_name = full_name
        user.position = position
        user.role = role
        user.is_staff = role == Role.ADMIN
        user.is_superuser = username in data.SUPERUSERS
        # The published demo password works only while the demo (DEBUG) runs, and
        # the second factor is waived for these accounts only then (README).
        user.is_demo = True
        if not user.pk:
            encoded = encoded or make_password(data.DEMO_PASSWORD)
            user.password = encoded
        user.full_clean()
        user.save()
        if role == Role.SECRETARY:
            user.units.set([units[c] for c in unit_codes])
        else:
            user.units.set([])
            user.organisers.set(Unit.objects.filter(code__in=unit_codes))
        created.append((username, user.get_role_display(), ", ".join(unit_codes)))
    return created
