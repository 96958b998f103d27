"""The Ministry's statistics forms (TT 02/2023/TT-BNV, Biểu 0601-0603.N/BNV-TĐKT) from
the demo's data, one test per form with its figures counted here from the demo's
campaigns, covenants and decisions, and the XLSX laid out like the forms."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Authority, Decision, DecisionRecipient, Title
from blocs.models import Unit
from campaigns.models import Campaign, Period
from covenants.models import Covenant
from reports.statistics import (
    F0601,
    F0602,
    F0603,
    _individual_row,
    circular_for,
    form_values,
    statistics_year,
)
from reports.statistics_xlsx import statistics_xlsx
from tests.factories import UserFactory
from tools.demo import data


def city():
    return Unit.objects.get(code=data.CITY[0])


def city_admin():
    """An admin of the former city (with the second factor the role requires)."""
    admin = UserFactory(username="admin-city", role="admin")
    city().organiser_members.add(admin)
    return admin


def tree(root: Unit) -> set[int]:
    """The unit and every unit below it, walked level by level (not the code's walk)."""
    found, level = {root.pk}, {root.pk}
    while level:
        level = set(Unit.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        level -= found
        found |= level
    return found


def awards_of_2023(level: str):
    """The issued, not void awards of `level` authorities to the city's units in the
    statistics year 2023 (01/12/2022–30/11/2023)."""
    return DecisionRecipient.objects.filter(
        unit_id__in=tree(city()),
        decision__status="issued",
        decision__decided_on__gte=dt.date(2022, 12, 1),
        decision__decided_on__lte=dt.date(2023, 11, 30),
        decision__authority__level=level,
        is_void=False,
    )


def test_the_statistics_year_runs_from_december_to_november():
    assert statistics_year(2023) == (dt.date(2022, 12, 1), dt.date(2023, 11, 30))


def test_form_0601_counts_the_campaign_and_the_blocs_covenants(demo):
    values = form_values(F0601, city(), 2023)
    covenants = Covenant.objects.filter(bloc__organiser=city(), year=2023).count()
    assert covenants == 8
    campaigns = Campaign.objects.filter(
        organiser_id__in=tree(city()),
        starts_on__lte=dt.date(2023, 11, 30),
        ends_on__gte=dt.date(2022, 12, 1),
    )
    assert campaigns.count() == 1 and campaigns.get().code == data.CAMPAIGN["code"]
    assert values["01"][0] == campaigns.count() + covenants
    # The special campaign: the city's (column 4), about twelve months, thematic.
    assert values["05"] == [1, 0, 0, 1]
    assert values["04"] == [8, 0, 0, 8]
    assert values["01"] == [9, 0, 0, 9]
    assert values["07"][0] == 9  # a one-year campaign and eight yearly covenants
    assert values["11"][0] == 9  # thematic ("theo chuyên đề")
    assert values["01"][0] == values["01"][1] + values["01"][2] + values["01"][3]
    # Every breakdown adds up to the total.
    for codes in (["02", "03", "04", "05"], ["06", "07", "08", "09", "10"], ["11", "12"]):
        assert sum(values[c][0] for c in codes) == values["01"][0]


def test_form_0602_has_no_state_award_in_the_demo(demo):
    values = form_values(F0602, city(), 2023)
    assert awards_of_2023("government").count() == 0
    assert set(values) == {r.code for r in F0602.rows if r.code}
    assert all(v == [0] * 21 for v in values.values())


def test_form_0603_counts_the_provinces_awards_to_the_citys_units(demo):
    """Every cell of 0603, counted here from the demo's decisions of the province."""
    values = form_values(F0603, city(), 2023)
    awards = awards_of_2023("province")
    columns = [
        awards.filter(title__code__startswith="bang-khen"),
        awards.filter(title__code="chien-si-thi-dua-cap-tinh"),
        awards.filter(title__code="co-thi-dua"),
        awards.filter(title__code__regex=r"^(huy-hieu|ky-niem-chuong)"),
    ]
    rows = {
        "01": lambda q: q,
        "02": lambda q: q.filter(recipient_kind="collective"),
        "03": lambda q: q.filter(recipient_kind="collective", collective__kind="enterprise"),
        "05": lambda q: q.filter(recipient_kind="individual"),
        "11": lambda q: q.filter(decision__kind="regular"),
        "12": lambda q: q.filter(decision__kind="campaign"),
        "13": lambda q: q.filter(decision__kind="ad_hoc"),
    }
    for code, pick in rows.items():
        expected = [pick(c).count() for c in columns]
        assert values[code] == [sum(expected), *expected], code
    assert values["01"][0] > 0
    flags = DecisionRecipient.objects.filter(
        title__code="co-thi-dua", decision__status="issued", decision__decided_on__year=2023
    ).count()
    assert flags == Covenant.objects.filter(year=2023, flag_unit__isnull=False).count() > 0
    assert values["01"] == [flags, 0, 0, flags, 0]
    assert values["02"][3] == flags  # collectives
    assert values["11"][3] == flags  # a regular (yearly) award
    assert values["05"] == [0] * 5
    # The city's own Giấy khen are not province-level awards: not on this form.
    assert values["01"][0] < DecisionRecipient.objects.filter(decision__year=2023).count()


def test_state_awards_fall_in_their_columns(demo):
    # The demo knows the Prime Minister (its proposals go up to the province and beyond).
    government, _ = Authority.objects.get_or_create(
        code="thu-tuong",
        defaults={
            "name": "Thủ tướng Chính phủ",
            "level": "government",
            "body": "Chính phủ",
            "symbol": "QĐ-TTg",
            "place": "Hà Nội",
        },
    )
    flag = Title.objects.get(code="co-thi-dua-chinh-phu")
    some = Decision.objects.filter(year=2023).first()
    decision = Decision.objects.create(
        authority=government,
        number=9,
        year=2023,
        decided_on=dt.date(2023, 5, 1),
        kind="ad_hoc",
        summary="Tặng Cờ thi đua của Chính phủ",
        signer_name="A",
        signer_position="Thủ tướng",
        status="issued",
        created_by=some.created_by,
    )
    unit = Unit.objects.get(code="dien-luc")  # an enterprise
    DecisionRecipient.objects.create(
        decision=decision,
        recipient_kind="collective",
        collective=unit,
        unit=unit,
        title=flag,
        campaign=some.campaign,
        year=2023,
        achievement="Dẫn đầu",
    )
    values = form_values(F0602, city(), 2023)
    flag = F0602.keys.index("gov_flag")
    one = [1 if i in (0, flag) else 0 for i in range(21)]
    assert values["01"] == one
    assert values["03"] == one  # proposed to the Prime Minister by the province
    assert values["06"] == one  # a collective
    assert values["07"] == one  # of which an enterprise
    assert values["17"] == one  # ad hoc
    assert values["09"] == [0] * 21


@pytest.mark.parametrize(
    ("position", "kind", "row"),
    [
        ("Chuyên viên", "department", "10"),
        ("Phó Trưởng phòng", "department", "09"),
        ("Giám đốc", "enterprise", "08"),
        ("Công nhân", "enterprise", "10"),
        ("", "ward", "10"),
    ],
)
def test_individuals_are_counted_by_their_position(position, kind, row):
    assert _individual_row(position, kind) == row


def cells(sheet, first: int) -> dict:
    """The table's rows from `first` on, by their mã số."""
    return {r[1]: r for r in sheet.iter_rows(min_row=first, values_only=True) if r[1]}


def merged(sheet, cell: str) -> str | None:
    return next((str(r) for r in sheet.merged_cells.ranges if cell in r), None)


def test_the_xlsx_is_laid_out_like_the_forms(demo):
    book = load_workbook(io.BytesIO(statistics_xlsx(city(), 2023)))
    assert book.sheetnames == ["0601.N", "0602.N", "0603.N"]
    sheet = book["0601.N"]
    assert sheet["A1"].value == "Biểu số: 0601.N/BNV-TĐKT"
    assert "Thông tư 02/2023/TT-BNV ngày 23/03/2023" in sheet["A2"].value
    assert sheet["A5"].value == "SỐ PHONG TRÀO THI ĐUA"
    assert "01/12/2022" in sheet["A6"].value and "30/11/2023" in sheet["A6"].value
    # Two header rows: "Tổng số" spans both, the three levels sit under their group.
    assert sheet["C8"].value == "Tổng số" and merged(sheet, "C8") == "C8:C9"
    assert sheet["D8"].value.startswith("Số phong trào thi đua chia theo cấp")
    assert merged(sheet, "D8") == "D8:F8"
    assert sheet["F9"].value == "Cơ quan, tổ chức, đơn vị"
    assert [c.value for c in sheet[10]][:6] == ["A", "B", "1=(2+3+4)", "2", "3", "4"]
    rows = cells(sheet, 11)
    assert rows["01"][2:6] == (9, 0, 0, 9)
    assert rows["04"][0].startswith("- Cụm, khối thi đua")
    sheet = book["0602.N"]
    # Four header rows: Chia ra > Huân chương, huy chương > Huân chương (1) > Tập thể.
    assert sheet["E8"].value == "Chia ra" and merged(sheet, "E8") == "E8:X8"
    assert sheet["E9"].value.startswith("Các loại huân chương") and merged(sheet, "E9") == "E9:L9"
    assert sheet["E10"].value == "Huân chương (1)" and merged(sheet, "E10") == "E10:F10"
    assert sheet["E11"].value == "Tập thể" and sheet["F11"].value == "Cá nhân"
    # As the form: "Cờ thi đua của Chính phủ" over two rows, "Tập thể" under it.
    assert sheet["S9"].value == "Cờ thi đua của Chính phủ" and merged(sheet, "S9") == "S9:S10"
    assert sheet["S11"].value == "Tập thể"
    assert sheet["T9"].value == "Bằng khen của Thủ tướng Chính phủ"
    assert merged(sheet, "T9") == "T9:U10"
    assert [c.value for c in sheet[12]][:6] == ["A", "B", "C", "1", "2", None]
    assert merged(sheet, "E12") == "E12:L12"
    rows = cells(sheet, 13)
    assert rows["03"][0] == "- Tỉnh, thành phố trực thuộc Trung ương"
    assert rows["21"][0] == "- Kháng chiến" and "04" not in rows
    sheet = book["0603.N"]
    assert [c.value for c in sheet[10]][:4] == ["A", "B", "C", "1"]
    rows = cells(sheet, 11)
    assert rows["02"][2] == "Tập thể" and rows["05"][2] == "Người"
    assert rows["17"][0] == "- Kháng chiến"
    for ws in book:
        # Printed on A4 landscape, each form on one page, its table header repeated.
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
        assert ws.print_title_rows.startswith("$8:$")
        assert ws.print_area
        # The notes say the layout is the 2023 circular's and unverified.
        notes = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and r[0].startswith("- ")]
        assert any("chưa đối chiếu" in n for n in notes)
        # No cell is a formula.
        for line in ws.iter_rows():
            assert all(c.data_type != "f" for c in line)


def test_from_2025_the_forms_say_the_new_circular_replaces_their_layout(demo):
    """TT 18/2025/TT-BNV (08/10/2025) may govern the statistics year 2025 (due
    15/12/2025): its forms could not be read, so the 2023 layout says so; 2024 does not."""
    assert circular_for(2024).replaced_by is None
    basis = circular_for(2025)
    assert basis.replaced_by["number"] == "Thông tư 18/2025/TT-BNV"
    assert basis.circular["number"] == "Thông tư 02/2023/TT-BNV"
    assert "Thông tư 03/2018/TT-BNV" in circular_for(2022).notes[0]
    book = load_workbook(io.BytesIO(statistics_xlsx(city(), 2025)))
    text = " ".join(str(c) for ws in book for r in ws.iter_rows(values_only=True) for c in r if c)
    assert "Thông tư 18/2025/TT-BNV ngày 08/10/2025" in text
    assert "cần đối chiếu với biểu mẫu hiện hành" in text


def test_admin_downloads_the_forms_and_bad_input_is_refused(client, demo):
    client.force_login(city_admin())
    url = reverse("reports:statistics-export")
    response = client.get(url, {"organiser": city().pk, "year": 2023})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('thong-ke-tdkt-mong-cai-2023.xlsx"')
    bad = client.get(url, {"organiser": city().pk, "year": "20x3"})
    assert bad.status_code == 400
    assert "statistics" in bad.content.decode() or "thống kê" in bad.content.decode().lower()
    other = Unit.objects.get(code=data.WARD[0])
    assert client.get(url, {"organiser": other.pk, "year": 2023}).status_code == 400


def test_admin_downloads_the_summary_draft(client, demo):
    client.force_login(city_admin())
    period = Period.objects.get(campaign__code=data.CAMPAIGN["code"], kind="campaign")
    url = reverse("reports:summary-export")
    response = client.get(
        url,
        {
            "period": period.pk,
            "awards_from": "01/01/2023",
            "awards_to": "30/09/2023",
            "fmt": "docx",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    bad = client.get(
        url,
        {
            "period": period.pk,
            "awards_from": "30/09/2023",
            "awards_to": "01/01/2023",
            "fmt": "docx",
        },
    )
    assert bad.status_code == 400
    assert client.get(reverse("reports:index")).status_code == 200


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC), 2026),
        (dt.datetime(2026, 11, 15, 9, tzinfo=dt.UTC), 2025),
    ],
)
def test_the_statistics_form_offers_the_last_year_that_has_ended(client, admin_user, today, year):
    """The statistics year runs 01/12–30/11: on 06/12/2026 the year 2026 has ended and is
    the one to report; on 15/11/2026 it is still 2025."""
    client.force_login(admin_user)
    with time_machine.travel(today):
        html = client.get(reverse("reports:index")).content.decode()
    tag = re.search(r'<input[^>]*name="year"[^>]*>', html).group(0)
    assert f'value="{year}"' in tag


def test_the_statistics_form_opens_with_an_organiser_chosen(demo, client):
    """Pressing "Tải về" as the page opens downloads the forms: an organiser is chosen."""
    client.force_login(city_admin())
    html = client.get(reverse("reports:index")).content.decode()
    select = re.search(r'<select[^>]*name="organiser"[^>]*>.*?</select>', html, re.S).group(0)
    chosen = re.findall(r'<option value="(\d+)"[^>]*selected', select)
    assert len(chosen) == 1
    year = re.search(r'<input[^>]*name="year"[^>]*value="(\d+)"', html).group(1)
    response = client.get(
        reverse("reports:statistics-export"), {"organiser": chosen[0], "year": year}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
