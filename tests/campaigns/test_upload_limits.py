"""Uploads cannot exhaust the server: zip bombs, huge templates, lying templates,
too many files, too much text. Every file is generated here; each refusal is
asserted where the secretary meets it, with the time and the memory it took."""

import datetime as dt
import io
import re
import struct
import time
import tracemalloc
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Evidence, Report, ReportValue

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GIB = 1024**3
# A refusal takes "well under a second" and a few MB, whatever the file.
MAX_SECONDS = 0.5
MAX_PEAK_BYTES = 30 * 1024 * 1024


@pytest.fixture(autouse=True)
def during_the_period():
    with time_machine.travel(dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC)):
        yield


@contextmanager
def measured():
    """Wall time and the peak of Python's allocations while the block runs."""
    result = {}
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start
        result["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def assert_cheap(cost):
    assert cost["seconds"] < MAX_SECONDS, cost
    assert cost["peak"] < MAX_PEAK_BYTES, cost


def deflated_member(archive: zipfile.ZipFile, name: str, head: bytes, size: int, tail: bytes):
    """A member of `size` bytes, mostly one repeated byte: deflate packs ~1000:1."""
    chunk = b"0" * (1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        written = len(head)
        while written + len(chunk) <= size - len(tail):
            member.write(chunk)
            written += len(chunk)
        member.write(b"0" * (size - len(tail) - written))
        member.write(tail)


def office_bomb(kind: str, unpacked: int = GIB) -> bytes:
    """A DOCX or XLSX whose one part unpacks to `unpacked` bytes (about 1 MB packed)."""
    buffer = io.BytesIO()
    part = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml" if kind == "xlsx" else "word/styles.xml", "<x/>")
        deflated_member(archive, part, b"<worksheet><sheetData><row><c><v>", unpacked, b"</v>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def xlsx_bomb():
    content = office_bomb("xlsx")
    assert len(content) < 1.5 * 1024 * 1024  # what the issue uploaded
    return content


@pytest.fixture
def indicator(campaign_indicator):
    return campaign_indicator.indicator


def edit_url(unit, period):
    return f"/campaigns/units/{unit.pk}/periods/{period.pk}/report/"


def template(client, unit, period) -> bytes:
    return client.get(f"{edit_url(unit, period)[:-1]}.xlsx").content


def post_template(client, unit, period, content: bytes, name="bao-cao.xlsx"):
    # The secretary has the form open (and this process has served a page).
    assert client.get(edit_url(unit, period)).status_code == 200
    with measured() as cost:
        response = client.post(
            f"{edit_url(unit, period)}upload/",
            {"template": SimpleUploadedFile(name, content, content_type=XLSX)},
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    return page.text, cost


def rewrite(content: bytes, name: str, change) -> bytes:
    """The archive with member `name` replaced by change(old bytes)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item.filename, change(data) if item.filename == name else data)
    return target.getvalue()


def with_rows(content: bytes, rows: bytes) -> bytes:
    """The template with `rows` added to its sheet's data."""
    return rewrite(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"),
    )


def assert_nothing_saved(text):
    assert "Không có số liệu nào trong tệp được lưu." in text
    assert not Report.objects.exists()
    assert not ReportValue.objects.exists()


# --- The Excel report template ---


def test_a_zip_bomb_as_the_template_is_refused_at_once(
    client, secretary_a, unit_a, period, indicator, xlsx_bomb
):
    client.force_login(secretary_a)
    text, cost = post_template(client, unit_a, period, xlsx_bomb)
    assert "giải nén ra hơn 10 MB" in text
    assert_nothing_saved(text)
    assert_cheap(cost)


def test_a_template_larger_than_the_limit_is_refused_unread(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    text, cost = post_template(client, unit_a, period, b"PK\x03\x04" + b"\x00" * 3 * 1024 * 1024)
    assert "lớn hơn 2 MB" in text
    assert_nothing_saved(text)
    assert_cheap(cost)


def test_a_template_of_a_million_rows_is_refused_at_once(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    # Rows may leave out their number (r=…): a million of them pack into a few kB.
    rows = b"<row><c><v>1</v></c></row>" * 10**6
    content = with_rows(template(client, unit_a, period), rows)
    assert len(content) < 2 * 1024 * 1024  # it passes the size limit, packed
    text, cost = post_template(client, unit_a, period, content)
    assert "giải nén ra hơn 10 MB" in text
    assert_nothing_saved(text)
    assert_cheap(cost)


@pytest.mark.parametrize(
    "rows",
    [
        b"".join(b'<row r="%d"/>' % n for n in range(50, 200_000)),  # many small rows
        b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>',  # one far away
    ],
)
def test_a_template_past_the_row_limit_is_refused_without_reading_on(
    client, secretary_a, unit_a, period, indicator, rows
):
    client.force_login(secretary_a)
    content = with_rows(template(client, unit_a, period), rows)
    text, cost = post_template(client, unit_a, period, content)
    assert "Tệp có hơn 2.000 dòng" in text
    assert_nothing_saved(text)
    assert cost["seconds"] < 1.5, cost  # the stream stops after the limit
    assert cost["peak"] < MAX_PEAK_BYTES, cost


@pytest.mark.parametrize("written", ["abc", "-5", "0", "1000000000", "1E+300", "6"])
def test_a_row_number_written_in_the_template_is_not_trusted(
    client, secretary_a, unit_a, period, indicator, written
):
    client.force_login(secretary_a)
    number = f"<v>{written}</v>" if written != "abc" else "<is><t>abc</t></is>"
    kind = ' t="inlineStr"' if written == "abc" else ""

    def change(xml: bytes) -> bytes:
        # The third row of the hidden sheet: highlights_row, then its number.
        return re.sub(
            rb'(<c r="B3")[^>]*?(/>|>.*?</c>)',
            f'<c r="B3"{kind}>{number}</c>'.encode(),
            xml,
            count=1,
        )

    content = rewrite(template(client, unit_a, period), "xl/worksheets/sheet2.xml", change)
    text, _cost = post_template(client, unit_a, period, content)
    assert "không phải là mẫu báo cáo của phần mềm này" in text
    assert_nothing_saved(text)


def lying_about_its_size(content: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s uncompressed size in the central directory
    rewritten as `declared`: a bomb that says it is small. The ZIP64 member
    keeps 0xFFFFFFFF in its header and its size in the extra field."""
    data = bytearray(content)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length, extra_length = struct.unpack_from("<HH", data, position + 28)
        if bytes(data[position + 46 : position + 46 + name_length]).decode() == name:
            if struct.unpack_from("<I", data, position + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, position + 24, declared)
            extra, end = position + 46 + name_length, position + 46 + name_length + extra_length
            while extra < end:
                tag, size = struct.unpack_from("<HH", data, extra)
                if tag == 1:  # ZIP64: the uncompressed size comes first
                    struct.pack_into("<Q", data, extra + 4, declared)
                extra += 4 + size
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def test_a_bomb_that_declares_a_small_size_is_read_no_further_than_it_says(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    real = zipfile.ZipFile(io.BytesIO(template(client, unit_a, period)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in real.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                deflated_member(archive, item.filename, b"<worksheet><sheetData>", GIB // 16, b"")
            else:
                archive.writestr(item.filename, real.read(item.filename))
    content = lying_about_its_size(buffer.getvalue(), "xl/worksheets/sheet1.xml", 4096)
    assert (
        zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml").file_size == 4096
    )
    text, cost = post_template(client, unit_a, period, content)
    assert "không phải là mẫu báo cáo của phần mềm này" in text
    assert_nothing_saved(text)
    assert_cheap(cost)


# --- Evidence files ---


def post_evidence(client, report, files):
    assert client.get(edit_url(report.unit, report.period)).status_code == 200
    with measured() as cost:
        response = client.post(f"/campaigns/reports/{report.pk}/evidence/", {"files": files})
    assert response.status_code == 302
    return client.get(response["Location"]).text, cost


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_zip_bomb_as_evidence_is_refused_at_once(
    client, secretary_a, report_a, kind, xlsx_bomb, settings
):
    # The DOCX unpacks to "only" 256 MB: generating a second GiB would add seconds.
    content = xlsx_bomb if kind == "xlsx" else office_bomb("docx", unpacked=GIB // 4)
    client.force_login(secretary_a)
    text, cost = post_evidence(client, report_a, [SimpleUploadedFile(f"bang.{kind}", content)])
    assert "giải nén ra hơn 100 MB" in text
    assert not Evidence.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
    assert_cheap(cost)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("count", [21, 99])
def test_more_files_than_a_report_holds_are_refused_together(client, secretary_a, report_a, count):
    client.force_login(secretary_a)
    files = [SimpleUploadedFile(f"minh-chung-{n}.pdf", PDF) for n in range(count)]
    text, cost = post_evidence(client, report_a, files)
    assert "Mỗi báo cáo có tối đa 20 tệp" in text
    assert not Evidence.objects.exists()
    assert cost["seconds"] < 2, cost


def test_the_files_of_a_report_are_capped_across_requests(client, secretary_a, report_a):
    client.force_login(secretary_a)
    post_evidence(client, report_a, [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(20)])
    assert Evidence.objects.count() == 20
    text, _cost = post_evidence(client, report_a, [SimpleUploadedFile("21.pdf", PDF)])
    assert "Mỗi báo cáo có tối đa 20 tệp" in text
    assert Evidence.objects.count() == 20


# --- Free text ---


def test_four_megabytes_of_highlights_are_refused(client, secretary_a, unit_a, period, indicator):
    client.force_login(secretary_a)
    with measured() as cost:
        response = client.post(
            edit_url(unit_a, period),
            {
                f"value_{indicator.pk}": "5",
                f"note_{indicator.pk}": "",
                "highlights": "x" * 4 * 1024 * 1024,
                "version": "",
                "action": "save",
            },
        )
    assert response.status_code == 200
    assert "Tối đa 20.000 ký tự" in response.text
    assert not Report.objects.exists()
    assert cost["seconds"] < 2, cost


def test_a_template_whose_highlights_are_too_long_saves_nothing(
    client, secretary_a, unit_a, period, indicator
):
    from openpyxl import load_workbook

    client.force_login(secretary_a)
    book = load_workbook(io.BytesIO(template(client, unit_a, period)))
    sheet = book.worksheets[0]
    highlights_row = dict((r[0], r[1]) for r in book["meta"].iter_rows(values_only=True))[
        "highlights_row"
    ]
    sheet.cell(highlights_row, 2).value = "x" * 30_000
    sheet.cell(6, 4).value = 5
    buffer = io.BytesIO()
    book.save(buffer)
    text, _cost = post_template(client, unit_a, period, buffer.getvalue())
    assert "Tối đa 20.000 ký tự" in text
    assert_nothing_saved(text)


def test_a_request_past_djangos_memory_limit_is_a_bad_request_not_a_server_error(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    response = client.post(
        edit_url(unit_a, period),
        {f"value_{indicator.pk}": "5", "highlights": "Nổi bật. " * 700_000, "action": "save"},
    )
    assert response.status_code == 400
    assert not Report.objects.exists()
