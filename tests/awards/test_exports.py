"""Exports opened with their own libraries: openpyxl, csv, python-docx."""

import csv
import io

import pytest
from django.conf import settings
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook

from awards import export_jobs, exports, listing
from awards.models import Export

from .conftest import issued_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(admin_user, unit_a, person_a, person_a2, catalogue, draft):
    return issued_with(
        admin_user,
        draft,
        [
            (unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu Khối thi đua"),
            (person_a, catalogue["lao-dong-tien-tien"], "Cứu người đuối nước"),
            (person_a2, catalogue["giay-khen-ca-nhan"], "Bắt giữ hàng lậu"),
        ],
    )


def test_xlsx_has_vietnamese_headers_rows_and_totals(client, admin_user, issued):
    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{issued.pk}/export.xlsx")
    assert (
        response["Content-Disposition"] == 'attachment; filename="quyet-dinh-123-QD-UBND-2024.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    assert rows[1][0] == (
        "(Kèm theo Quyết định số 123/QĐ-UBND ngày 02/09/2024 "
        "của Chủ tịch Ủy ban nhân dân thành phố Móng Cái)"
    )
    assert rows[4] == (
        "STT",
        "Tập thể, cá nhân",
        "Chức vụ",
        "Đơn vị",
        "Danh hiệu, hình thức",
        "Thành tích",
        "Hệ số",
        "Số tiền (đồng)",
    )
    assert rows[5][:6] == (
        1,
        "Phường A",
        None,
        "Phường A",
        "Tập thể lao động tiên tiến",
        "Dẫn đầu Khối thi đua",
    )
    assert rows[5][7] == 1880000
    assert rows[6][1:4] == ("Nguyễn Văn An", "Chuyên viên", "Phường A")
    assert rows[6][7] == 710000
    assert rows[7][4] == "Giấy khen"  # the decision's name, not the catalogue's label
    assert rows[7][7] == 710000  # Giấy khen: 0,3 × 2.340.000 rounded up
    assert rows[-1][0] == "Tổng cộng: 01 tập thể và 02 cá nhân"
    assert rows[-1][7] == 3300000


def test_xlsx_prints_one_page_wide_with_the_header_on_every_page(client, admin_user, issued):
    client.force_login(admin_user)
    book = load_workbook(
        io.BytesIO(client.get(f"/awards/decisions/{issued.pk}/export.xlsx").content)
    )
    sheet = book.active
    assert sheet.print_area == "'Danh sách khen thưởng'!$A$1:$H$9"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert "A9:G9" in {str(r) for r in sheet.merged_cells.ranges}  # "Tổng cộng" is not cut
    assert sheet["H6"].number_format == "#,##0"
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["C"].width


def test_csv_is_utf8_with_bom_for_excel(client, admin_user, issued):
    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{issued.pk}/export.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Tập thể, cá nhân"
    assert rows[2][1] == "Nguyễn Văn An" and rows[2][7] == "710000"
    assert rows[-1] == ["Tổng cộng", "", "", "", "", "", "", "3300000"]


def test_docx_follows_decree_30_and_carries_the_appendix(client, admin_user, issued, catalogue):
    from awards.models import LegalBasis

    issued.legal_bases.set(LegalBasis.objects.filter(code="luat-tdkt-2022"))
    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{issued.pk}/export.docx")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    assert document.styles["Normal"].font.name == "Times New Roman"
    header = document.tables[0]
    body, motto = (cell.text.strip() for cell in header.rows[0].cells)
    number, date = (cell.text for cell in header.rows[1].cells)
    assert body == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ MÓNG CÁI"  # broken where an officer would
    assert motto == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert (number, date) == ("Số: 123/QĐ-UBND", "Móng Cái, ngày 02 tháng 9 năm 2024")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "QUYẾT ĐỊNH\nVề việc khen thưởng đột xuất\n" in text and "QUYẾT ĐỊNH:" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Xét đề nghị của Trưởng phòng Nội vụ thành phố." in text
    assert (
        "Điều 1. Khen thưởng 01 tập thể và 02 cá nhân (có danh sách kèm theo), "
        "đã có thành tích được nêu trong danh sách kèm theo:\n"
        "1. Tặng danh hiệu “Lao động tiên tiến” cho 01 cá nhân;\n"
        "2. Tặng danh hiệu “Tập thể lao động tiên tiến” cho 01 tập thể;\n"
        "3. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân thành phố Móng Cái cho 01 cá nhân.\n"
        "Điều 2. Tổng số tiền thưởng: 3.300.000 đồng"
    ) in text
    assert "(tập thể)" not in text and "(cá nhân)" not in text
    signature = document.tables[1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text and "- Sở Nội vụ tỉnh;" in signature[0].text
    assert signature[1].text == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Chính"
    appendix = document.tables[2]
    assert [c.text for c in appendix.rows[0].cells][:3] == [
        "STT",
        "Tập thể, cá nhân",
        "Chức vụ, đơn vị",
    ]
    assert [c.text for c in appendix.rows[2].cells] == [
        "2",
        "Nguyễn Văn An",
        "Chuyên viên, Phường A",
        "Lao động tiên tiến",
        "Cứu người đuối nước",
        "710.000",
    ]
    assert len(appendix.rows) == 4
    widths = [round(column.width.mm) for column in appendix.columns]
    assert sum(widths) == 165 and widths[4] == max(widths)  # the achievement gets the room


def test_print_view_has_the_layout_and_print_css(client, admin_user, issued):
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{issued.pk}/print/").text
    # The layout is a static stylesheet (the Content-Security-Policy allows no inline style).
    assert 'href="/static/css/decision_print.css"' in page
    css = (settings.BASE_DIR / "static" / "css" / "decision_print.css").read_text()
    assert "@media print" in css and "size: A4" in css
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Số: 123/QĐ-UBND" in page
    assert "Nguyễn Văn An" in page and "1.880.000" in page
    assert "Móng Cái, ngày 02 tháng 9 năm 2024" in page
    assert "<b>Điều 2.</b> Tổng số tiền thưởng: 3.300.000 đồng" in page
    assert "- Như Điều 3;" in page and "- Sở Nội vụ tỉnh;" in page
    assert '<div class="bold">KT. CHỦ TỊCH</div><div class="bold">PHÓ CHỦ TỊCH</div>' in page
    assert 'class="rule" width="19.7mm"' in page  # under THÀNH PHỐ MÓNG CÁI, as in the DOCX


@override_settings(AWARDS_EXPORT_ASYNC_THRESHOLD=2)
def test_a_large_export_runs_as_a_task_with_progress_and_a_download(
    client, admin_user, issued, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(f"/awards/decisions/{issued.pk}/export.xlsx")
    export = Export.objects.get()
    assert response["Location"] == f"/awards/exports/{export.pk}/"
    assert len(callbacks) == 1  # enqueued once, after commit
    page = client.get(f"/awards/exports/{export.pk}/", headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 1s"' in page and "0 / 3" not in page
    callbacks[0]()  # the eager task runs the service
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == ("done", 3, 3)
    page = client.get(f"/awards/exports/{export.pk}/").text
    assert "hx-trigger" not in page and "Tải tệp về" in page
    download = client.get(f"/awards/exports/{export.pk}/download/")
    content = b"".join(download.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[-1][7] == 3300000


@override_settings(AWARDS_EXPORT_ASYNC_THRESHOLD=2)
def test_asking_again_reuses_the_export_of_an_issued_decision(
    client, admin_user, issued, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.get(f"/awards/decisions/{issued.pk}/export.csv")["Location"]
        second = client.get(f"/awards/decisions/{issued.pk}/export.csv")["Location"]
    assert first == second
    assert len(callbacks) == 1
    assert Export.objects.get().status == "done"


def test_export_task_is_safe_to_run_twice(admin_user, issued):
    export = Export.objects.create(decision=issued, fmt="csv", requested_by=admin_user, total=3)
    export_jobs.export_build(export_id=export.pk)
    first = Export.objects.get(pk=export.pk).file.name
    export_jobs.export_build(export_id=export.pk)
    assert Export.objects.get(pk=export.pk).file.name == first


def test_progress_is_reported_while_writing(issued, monkeypatch):
    monkeypatch.setattr(listing, "PROGRESS_EVERY", 1)
    seen = []
    exports.decision_docx(issued, seen.append)
    assert seen == [1, 2, 3]


def test_an_unknown_format_is_404(client, admin_user, issued):
    client.force_login(admin_user)
    assert client.get(f"/awards/decisions/{issued.pk}/export.pdf").status_code == 404


def test_downloads_are_sandboxed_attachments(client, admin_user, issued):
    client.force_login(admin_user)
    for fmt in ("xlsx", "csv", "docx"):
        response = client.get(f"/awards/decisions/{issued.pk}/export.{fmt}")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Content-Disposition"].startswith("attachment; ")


def test_the_docx_stays_vietnamese_for_an_admin_reading_english(client, admin_user, issued):
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    response = client.get(f"/awards/decisions/{issued.pk}/export.docx")
    appendix = Document(io.BytesIO(response.content)).tables[2]
    assert [c.text for c in appendix.rows[0].cells][:2] == ["STT", "Tập thể, cá nhân"]
