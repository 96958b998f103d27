"""The export benchmark: a decision with N recipients, exported for real.

`manage.py bench_awards_export` prints it; the project's `manage.py bench`
imports `export_benchmark` and calls it with the same signature.
"""

import datetime as dt
import time
import tracemalloc
from decimal import Decimal

from django.db import transaction

from awards import exports
from awards.models import (
    Authority,
    BaseSalary,
    Decision,
    DecisionRecipient,
    LegalBasis,
    Person,
    RecipientKind,
    Title,
)
from awards.text import fold
from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User

PREFIX = "bench-awards"


class _Rollback(Exception):
    """Raised to undo everything the benchmark wrote."""


def export_benchmark(recipients: int = 10000) -> dict:
    """Seconds to export a decision of `recipients` recipients as XLSX and DOCX, and the
    peak memory of the two exports. Everything it writes is rolled back."""
    result = {}
    try:
        with transaction.atomic():
            decision = decision_with_recipients(recipients)
            for fmt in ("xlsx", "docx"):
                started = time.perf_counter()
                content = exports.WRITERS[fmt](decision)
                result[f"export_10k_{fmt}_s"] = round(time.perf_counter() - started, 3)
                assert content, fmt
            # A second pass under tracemalloc: tracing slows Python down, so it is not timed.
            tracemalloc.start()
            try:
                for fmt in ("xlsx", "docx"):
                    exports.WRITERS[fmt](decision)
                _current, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            result["export_peak_mb"] = round(peak / 1024 / 1024, 1)
            raise _Rollback
    except _Rollback:
        pass
    return result


def decision_with_recipients(count: int) -> Decision:
    """A decision with `count` individual recipients, written with bulk inserts."""
    start = dt.date(2023, 1, 1)
    basis = LegalBasis.objects.create(
        code=f"{PREFIX}-basis", number="BENCH", citation="benchmark", valid_from=start
    )
    if not BaseSalary.objects.filter(valid_from__lte=dt.date(2023, 12, 31)).exists():
        BaseSalary.objects.create(valid_from=start, amount=Decimal(1800000), legal_basis=basis)
    authority = Authority.objects.create(
        code=PREFIX,
        name="Chủ tịch UBND thành phố (benchmark)",
        level="city",
        body="ỦY BAN NHÂN DÂN THÀNH PHỐ",
        symbol="QĐ-BENCH",
        place="Móng Cái",
    )
    title = Title.objects.create(
        code=f"{PREFIX}-title",
        name="Giấy khen (benchmark)",
        category="form",
        recipient_kind=RecipientKind.INDIVIDUAL,
        legal_basis=basis,
        valid_from=start,
    )
    unit = Unit.objects.create(
        code=PREFIX,
        name="Đơn vị đo hiệu năng",
        kind="department",
        valid_from=start,
        is_organiser=True,
    )
    campaign = Campaign.objects.create(
        code=PREFIX,
        name="Phong trào đo hiệu năng",
        kind="thematic",
        organiser=unit,
        launched_on=start,
        starts_on=start,
        ends_on=dt.date(2023, 12, 31),
    )
    user = User.objects.create(username=PREFIX, role="admin", is_staff=True)
    unit.organiser_members.add(user)
    Authority.objects.filter(pk=authority.pk).update(organiser=unit)
    authority.organiser = unit
    decision = Decision.objects.create(
        authority=authority,
        number=1,
        year=2023,
        decided_on=dt.date(2023, 9, 30),
        kind="campaign",
        campaign=campaign,
        summary="Về việc khen thưởng (đo hiệu năng)",
        signer_name="Nguyễn Văn A",
        signer_position="Chủ tịch",
        created_by=user,
    )
    names = [f"Nguyễn Thị Hồng Nhung {i:05d}" for i in range(count)]
    people = Person.objects.bulk_create(
        [
            Person(full_name=n, search_name=fold(n), unit=unit, position="Chuyên viên")
            for n in names
        ],
        batch_size=2000,
    )
    DecisionRecipient.objects.bulk_create(
        [
            DecisionRecipient(
                decision=decision,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person=person,
                unit=unit,
                title=title,
                campaign=campaign,
                year=2023,
                achievement="Có thành tích xuất sắc trong phong trào thi đua đặc biệt",
                coefficient=Decimal("0.15"),
                amount=Decimal(270000),
                order=i,
            )
            for i, person in enumerate(people, start=1)
        ],
        batch_size=2000,
    )
    return Decision.objects.select_related("authority").get(pk=decision.pk)
