"""Benchmark data, generated in the scratch database with set-based SQL.

Units under a root (a province with districts of about 200 units from 500
units up, else a city), blocs of comparable units, a campaign of calendar
months ending with the current one (so that the last month is open for
submissions), every unit assigned every indicator, and one report per unit
and month with a value for every indicator: `units × indicators × months`
values. Months before the last are approved; in the last month (the deadline
hour) 10 % of the units have submitted and 90 % hold a filled draft that the
freshness and load tests submit over HTTP.
"""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from blocs.models import Bloc, BlocMembership, Unit
from campaigns.models import (
    Assignment,
    Campaign,
    CampaignIndicator,
    CompletenessTally,
    Indicator,
    Period,
    Report,
    ReportValue,
    Tally,
    Target,
)
from mongcai.accounts.middleware import LAST_ACTIVITY
from mongcai.accounts.models import User
from mongcai.lib.sql import table as _t


@dataclass(frozen=True)
class Scale:
    units: int
    indicators: int
    periods: int
    blocs: int


SCALES = {
    "tiny": Scale(units=12, indicators=5, periods=3, blocs=2),
    "city": Scale(units=120, indicators=20, periods=12, blocs=8),
    "province": Scale(units=2000, indicators=50, periods=12, blocs=40),
}

DISTRICT_SIZE = 200


@dataclass
class Dataset:
    scale: Scale
    campaign: Campaign
    root: Unit
    months: list[Period]
    dashboard_period: Period
    council: User
    secretary: User
    drafts: list[int] = field(default_factory=list)  # report ids of the last month's drafts
    values: int = 0


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(start: dt.date) -> dt.date:
    return _month_start(start, -1) - dt.timedelta(days=1)


# Indicator k (0-based) takes the (value kind, over units, over time, direction)
# of k mod 10: mostly flows that add up, as in the article's resolution.
KINDS = {
    0: ("yes_no", "count_yes", "stock", "higher"),
    1: ("percent", "avg", "stock", "higher"),
    2: ("number", "max", "max", "higher"),
    3: ("number", "sum", "flow", "lower"),
}


def generate(scale: Scale, *, today: dt.date | None = None) -> Dataset:
    """Fill the (empty, migrated) database; every big table by INSERT … SELECT."""
    today = today or timezone.localdate()
    now = timezone.now()
    province = scale.units >= 500
    districts = max(1, scale.units // DISTRICT_SIZE) if province else 0
    root = Unit.objects.create(
        code="bench-root",
        name="Tỉnh thử" if province else "Thành phố thử",
        kind="province" if province else "city",
        valid_from=dt.date(2000, 1, 1),
        is_organiser=True,
    )
    with connection.cursor() as c:
        if districts:
            c.execute(
                f"""INSERT INTO {_t(Unit)} (code, name, short_name, kind, parent_id, valid_from)
                SELECT 'bench-d-' || n, 'Huyện thử ' || n, '', 'city', %s, '2000-01-01'
                FROM generate_series(1, %s) n""",
                [root.pk, districts],
            )
        # Unit n hangs under district n mod districts (or the root).
        c.execute(
            f"""INSERT INTO {_t(Unit)} (code, name, short_name, kind, parent_id, valid_from)
            SELECT 'bench-u-' || n, 'Đơn vị thử ' || n, '', 'ward',
                   COALESCE(d.id, %s), '2000-01-01'
            FROM generate_series(1, %s) n
            LEFT JOIN {_t(Unit)} d ON d.code = 'bench-d-' || (n %% GREATEST(%s, 1) + 1)""",
            [root.pk, scale.units, districts],
        )
        c.execute(
            f"""INSERT INTO {_t(Bloc)} (code, name, "order", description, organiser_id)
            SELECT 'bench-b-' || n, 'Khối thử ' || n, n, '', %s FROM generate_series(1, %s) n""",
            [root.pk, scale.blocs],
        )
    starts = [_month_start(today, back) for back in range(scale.periods - 1, -1, -1)]
    months = [
        Period(
            kind="month",
            label=f"Tháng {s:%m/%Y}",
            starts_on=s,
            ends_on=_month_end(s),
            deadline=_month_end(s) + dt.timedelta(days=5),
            locks_on=max(_month_end(s) + dt.timedelta(days=5), today + dt.timedelta(days=60)),
        )
        for s in starts
    ]
    longer = []
    for q in range(len(months) // 3):
        longer.append(("quarter", f"Quý {q + 1}", months[3 * q], months[3 * q + 2]))
    if len(months) >= 9:
        longer.append(("nine_months", "9 tháng", months[0], months[8]))
    whole = "year" if len(months) == 12 else "campaign"
    longer.append((whole, "Cả kỳ", months[0], months[-1]))
    campaign = Campaign.objects.create(
        name="Phong trào thi đua thử",
        code="bench",
        kind="thematic",
        organiser=root,
        launched_on=months[0].starts_on,
        starts_on=months[0].starts_on,
        ends_on=months[-1].ends_on,
        tally_basis="submitted",
        reporting_kind="month",
    )
    for month in months:
        month.campaign = campaign
    periods = months + [
        Period(
            campaign=campaign,
            kind=kind,
            label=label,
            starts_on=first.starts_on,
            ends_on=last.ends_on,
            deadline=last.deadline,
            locks_on=last.locks_on,
        )
        for kind, label, first, last in longer
    ]
    Period.objects.bulk_create(periods)
    years = sorted({p.ends_on.year for p in periods})
    indicators = []
    for k in range(scale.indicators):
        value_kind, over_units, over_time, direction = KINDS.get(
            k % 10, ("number", "sum", "flow", "higher")
        )
        indicators.append(
            Indicator(
                code=f"bench-{k + 1:03d}",
                name=f"Chỉ tiêu thử {k + 1}",
                unit_of_measure="lượt",
                value_kind=value_kind,
                unit_aggregation=over_units,
                time_aggregation=over_time,
                direction=direction,
                decimals=0,
            )
        )
    Indicator.objects.bulk_create(indicators)
    CampaignIndicator.objects.bulk_create(
        CampaignIndicator(campaign=campaign, indicator=i, order=n) for n, i in enumerate(indicators)
    )
    council = User.objects.create(
        username="bench-council", role="council", full_name="Hội đồng", has_second_factor=True
    )
    root.organiser_members.add(council)
    # A council member has an authenticator: the pages are measured as they serve one.
    TOTPDevice.objects.create(user=council, name="bench", confirmed=True)
    secretary = User.objects.create(username="bench-secretary", full_name="Thư ký")
    last = months[-1]
    with connection.cursor() as c:
        units_sql = (
            f"SELECT id, substring(code from 9)::int AS n FROM {_t(Unit)} "
            "WHERE code LIKE 'bench-u-%%'"
        )
        c.execute(
            f"""INSERT INTO {_t(BlocMembership)} (bloc_id, unit_id, year, role)
            SELECT b.id, u.id, y, 'member'
            FROM ({units_sql}) u
            JOIN {_t(Bloc)} b ON b.code = 'bench-b-' || (u.n %% %s + 1)
            CROSS JOIN unnest(%s::int[]) y""",
            [scale.blocs, years],
        )
        c.execute(
            f"""INSERT INTO {_t(Assignment)} (campaign_indicator_id, unit_id)
            SELECT ci.id, u.id FROM ({units_sql}) u
            CROSS JOIN {_t(CampaignIndicator)} ci WHERE ci.campaign_id = %s""",
            [campaign.pk],
        )
        c.execute(
            f"""INSERT INTO {_t(Unit.secretaries.through)} (user_id, unit_id)
            SELECT %s, id FROM ({units_sql}) u""",
            [secretary.pk],
        )
        # Targets: the city's for every indicator, the blocs' for ten, the units' for five.
        base = f"""FROM {_t(CampaignIndicator)} ci
            JOIN {_t(Indicator)} i ON i.id = ci.indicator_id WHERE ci.campaign_id = %s"""
        target = """CASE i.value_kind WHEN 'yes_no' THEN {n} WHEN 'percent' THEN 60
            ELSE {m} * %s END"""
        c.execute(
            f"""INSERT INTO {_t(Target)} (campaign_indicator_id, scope, value)
            SELECT ci.id, 'city', {target.format(n="%s * 0.8", m="%s * 600")} {base}""",
            [scale.units, scale.units, len(months), campaign.pk],
        )
        c.execute(
            f"""INSERT INTO {_t(Target)} (campaign_indicator_id, scope, bloc_id, value)
            SELECT ci.id, 'bloc', b.id, {target.format(n="%s", m="%s * 600")}
            FROM {_t(CampaignIndicator)} ci
            JOIN {_t(Indicator)} i ON i.id = ci.indicator_id
            CROSS JOIN {_t(Bloc)} b
            WHERE ci.campaign_id = %s AND ci."order" < 10""",
            [
                max(1, scale.units // scale.blocs // 2),
                max(1, scale.units // scale.blocs),
                len(months),
                campaign.pk,
            ],
        )
        c.execute(
            f"""INSERT INTO {_t(Target)} (campaign_indicator_id, scope, unit_id, value)
            SELECT ci.id, 'unit', u.id, {target.format(n="1", m="600")}
            FROM {_t(CampaignIndicator)} ci
            JOIN {_t(Indicator)} i ON i.id = ci.indicator_id
            CROSS JOIN ({units_sql}) u
            WHERE ci.campaign_id = %s AND ci."order" < 5""",
            [len(months), campaign.pk],
        )
        # Reports: approved before the last month; in it 90 % filled drafts.
        c.execute(
            f"""INSERT INTO {_t(Report)} (unit_id, period_id, status, highlights, submitted_at,
                reviewed_at, review_comment, version, updated_at, rollup_pending)
            SELECT u.id, p.id,
                CASE WHEN p.id <> %s THEN 'approved'
                     WHEN u.n %% 10 <> 9 THEN 'draft' ELSE 'submitted' END,
                '',
                CASE WHEN p.id = %s AND u.n %% 10 <> 9 THEN NULL
                     ELSE (p.ends_on + ((u.n * 7 + p.id) %% 8)::int) + time '10:00' END,
                NULL, '', 1, %s, false
            FROM ({units_sql}) u
            CROSS JOIN {_t(Period)} p WHERE p.campaign_id = %s AND p.kind = 'month'""",
            [last.pk, last.pk, now, campaign.pk],
        )
        # Values: a deterministic spread per report and indicator.
        c.execute(
            f"""INSERT INTO {_t(ReportValue)} (report_id, indicator_id, value, note)
            SELECT r.id, i.id,
                CASE i.value_kind
                    WHEN 'yes_no' THEN (r.id + i.id) %% 3 %% 2
                    WHEN 'percent' THEN (r.id * 7 + i.id * 13) %% 101
                    ELSE (r.id * 37 + i.id * 101) %% 997 + 100
                END,
                ''
            FROM {_t(Report)} r
            JOIN {_t(Assignment)} a ON a.unit_id = r.unit_id
            JOIN {_t(CampaignIndicator)} ci ON ci.id = a.campaign_indicator_id
            JOIN {_t(Indicator)} i ON i.id = ci.indicator_id
            WHERE ci.campaign_id = %s""",
            [campaign.pk],
        )
        values = c.rowcount
        c.execute("ANALYZE")
    drafts = list(
        Report.objects.filter(period=last, status="draft")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Dataset(
        scale=scale,
        campaign=campaign,
        root=root,
        months=list(Period.objects.filter(campaign=campaign, kind="month").order_by("ends_on")),
        dashboard_period=Period.objects.get(campaign=campaign, kind=whole),
        council=council,
        secretary=secretary,
        drafts=drafts,
        values=values,
    )


def truncate() -> None:
    """Empty every table the generator fills (between the sizes of the scaling run)."""
    tables = [
        Tally,
        CompletenessTally,
        ReportValue,
        Report,
        Target,
        Assignment,
        CampaignIndicator,
        Period,
        Campaign,
        Indicator,
        BlocMembership,
        Bloc,
        Unit.secretaries.through,
        User,
        Unit,
    ]
    with connection.cursor() as c:
        c.execute(f"TRUNCATE {', '.join(_t(m) for m in tables)} RESTART IDENTITY CASCADE")


def session_for(user) -> str:
    """A session signed in as `user`, as after the sign-in pages: password and, for a
    user with an authenticator, the second factor (django-otp's session key)."""
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    # The password backend (axes, first, only counts failures).
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store[LAST_ACTIVITY] = time.time()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key
