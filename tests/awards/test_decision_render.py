"""The decision as an officer sees it printed: the DOCX and the XLSX rendered by
LibreOffice to PDF and measured there (NĐ 30/2020, Phụ lục I; docs/awards.md).

Reading the text back proves little about a layout: a motto can be all there and
still wrap, a signature can be all there and sit alone on page 2. These tests
look where the text lands on the page.
"""

import datetime as dt
import shutil
import subprocess

import pdfplumber
import pytest

from awards import exports, services
from awards.models import LegalBasis

from .conftest import add_recipient

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice")
MM = 72 / 25.4  # PDF points per millimetre
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TAGLINE = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A LibreOffice profile of our own: two conversions sharing one would collide."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    return tmp_path_factory.mktemp("office")


def render(office, tmp_path, files: dict[str, bytes]) -> dict[str, pdfplumber.PDF]:
    """Convert every file in one LibreOffice run (it starts in seconds, converts in less)."""
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(str(path))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{office}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *paths,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: pdfplumber.open(tmp_path / f"{name.rsplit('.', 1)[0]}.pdf") for name in files}


def lines_of(page) -> list[dict]:
    return page.extract_text_lines(return_chars=True)


# The header's columns on the page (30 mm margin, 68 mm | 97 mm).
LEFT_COLUMN = (30 * MM, 98 * MM)
RIGHT_COLUMN = (98 * MM, 195 * MM)


def line_with(pdf, text: str, column=None) -> tuple[int, dict]:
    """The page number (1-based) and the line holding `text` whole (within `column`)."""
    for number, page in enumerate(pdf.pages, start=1):
        if column:
            page = page.crop((column[0], 0, column[1], page.height))
        for line in lines_of(page):
            if text in line["text"]:
                return number, line
    raise AssertionError(f"{text!r} is on no single line")


def chars_of(line: dict, text: str) -> list[dict]:
    start = line["text"].index(text)
    return [c for c in line["chars"] if c["text"].strip()][
        len(line["text"][:start].replace(" ", "")) :
    ][: len(text.replace(" ", ""))]


def rule_under(page, line: dict) -> float:
    """The length (pt) of the horizontal rule drawn just under `line`, centred on it."""
    centre = (line["x0"] + line["x1"]) / 2
    rules = [
        edge
        for edge in page.edges
        if edge["orientation"] == "h"
        and 0 <= edge["top"] - line["bottom"] <= 12
        and abs((edge["x0"] + edge["x1"]) / 2 - centre) < 3
    ]
    assert rules, f"no rule under {line['text']!r}"
    return max(edge["x1"] - edge["x0"] for edge in rules)


@pytest.fixture
def decision_of(admin_user, unit_a, catalogue, draft):
    """The draft with `count` people, citing Luật 2022 and `bases` more bases."""

    def build(count: int, bases: int = 0):
        for number in range(draft.recipients.count(), count):
            person = services.person_save(
                full_name=f"Nguyễn Văn Thành Viên {number + 1}", unit=unit_a, position="Chuyên viên"
            )
            add_recipient(
                admin_user,
                draft,
                person,
                catalogue["giay-khen-ca-nhan"],
                "Thành tích xuất sắc trong công tác phòng, chống buôn lậu và gian lận thương mại",
            )
        cited = [LegalBasis.objects.get(code="luat-tdkt-2022")]
        for extra in range(bases):
            cited.append(
                LegalBasis.objects.get_or_create(
                    code=f"can-cu-{extra}",
                    defaults={
                        "number": f"{extra + 1}/2024/QĐ-UBND",
                        "citation": f"Quyết định số {extra + 1}/2024/QĐ-UBND ngày 15 tháng 3 "
                        "năm 2024 của Ủy ban nhân dân tỉnh Quảng Ninh ban hành Quy chế công "
                        "tác thi đua, khen thưởng trên địa bàn tỉnh",
                        "valid_from": dt.date(2024, 3, 15),
                    },
                )[0]
            )
        draft.legal_bases.set(cited)
        return draft

    return build


def test_the_docx_of_two_recipients_follows_decree_30_on_the_page(office, tmp_path, decision_of):
    decision = decision_of(2)
    pdf = render(office, tmp_path, {"two.docx": exports.decision_docx(decision)})["two.docx"]
    first = pdf.pages[0]
    # A4, and the text within margins of 30 mm left and 15 mm right, 20 mm top.
    assert (round(first.width), round(first.height)) == (595, 842)
    words = first.extract_words()
    assert min(w["x0"] for w in words) >= 30 * MM - 1
    assert max(w["x1"] for w in words) <= (210 - 15) * MM + 1
    assert min(w["top"] for w in words) >= 20 * MM - 1
    # Justified body text reaches the right margin.
    assert max(w["x1"] for w in words) >= (210 - 15) * MM - 3

    # The national motto on one line, bold 12 pt; the tagline bold 13 pt with a rule as long.
    page, motto = line_with(pdf, MOTTO, RIGHT_COLUMN)
    assert page == 1
    assert {round(c["size"]) for c in chars_of(motto, MOTTO)} == {12}
    assert all("Bold" in c["fontname"] for c in chars_of(motto, MOTTO))
    _page, tagline = line_with(pdf, TAGLINE, RIGHT_COLUMN)
    assert {round(c["size"]) for c in chars_of(tagline, TAGLINE)} == {13}
    width = tagline["x1"] - tagline["x0"]
    assert abs(rule_under(first, tagline) - width) <= 0.05 * width

    # The issuing body, upper case and bold, with a rule of 1/3 to 1/2 of its line.
    _page, body = line_with(pdf, "THÀNH PHỐ MÓNG CÁI", LEFT_COLUMN)
    assert all("Bold" in c["fontname"] for c in chars_of(body, "THÀNH PHỐ MÓNG CÁI"))
    width = body["x1"] - body["x0"]
    assert width / 3 <= rule_under(first, body) <= width / 2
    # The summary in bold with its rule, the date line in italics, the bases in italics.
    _page, summary = line_with(pdf, decision.summary)
    width = summary["x1"] - summary["x0"]
    assert width / 3 <= rule_under(first, summary) <= width / 2
    _page, date = line_with(pdf, "Móng Cái, ngày 02 tháng 9 năm 2024")
    assert all("Italic" in c["fontname"] for c in chars_of(date, "ngày"))
    _page, basis = line_with(pdf, "Căn cứ Luật Thi đua")
    assert all("Italic" in c["fontname"] for c in chars_of(basis, "Căn cứ"))

    # Nơi nhận: 12 pt bold italic, its lines 11 pt; the signer's name under the title.
    _page, to = line_with(pdf, "Nơi nhận:")
    label = chars_of(to, "Nơi nhận:")
    assert {round(c["size"]) for c in label} == {12}
    assert all("BoldItalic" in c["fontname"] for c in label)
    _page, copy = line_with(pdf, "- Lưu: VT.")
    assert {round(c["size"]) for c in chars_of(copy, "Lưu")} == {11}
    title_page, title = line_with(pdf, "KT. CHỦ TỊCH")
    name_page, name = line_with(pdf, "Lê Văn Chính")
    assert title_page == name_page == 1 and name["top"] > title["bottom"]
    # Page numbers: none on the first page, "2" centred in the top margin of the second.
    top_of_second = [w for w in pdf.pages[1].extract_words() if w["bottom"] < 20 * MM]
    assert [w["text"] for w in top_of_second] == ["2"]
    assert abs((top_of_second[0]["x0"] + top_of_second[0]["x1"]) / 2 - (30 + 82.5) * MM) < 5
    assert len(pdf.pages) == 2


def test_forty_recipients_take_a_sane_number_of_pages_with_the_header_repeated(
    office, tmp_path, decision_of
):
    decision = decision_of(40)
    pdf = render(office, tmp_path, {"forty.docx": exports.decision_docx(decision)})["forty.docx"]
    # One page of decision, then the list: about 13 rows of two lines a page.
    assert 3 <= len(pdf.pages) <= 6
    for page in pdf.pages[1:]:
        assert "Tập thể, cá nhân" in page.extract_text()  # the header row on every page


def test_the_signature_never_splits_nor_stands_alone_on_a_page(office, tmp_path, decision_of):
    """More and more bases push the signature block past the page's end: wherever the
    break falls, the title and the name stay together, with article text above them."""
    files = {}
    for bases in range(0, 9):
        decision = decision_of(2, bases)
        files[f"bases-{bases}.docx"] = exports.decision_docx(decision)
    pdfs = render(office, tmp_path, files)
    pushed = False
    for name, pdf in pdfs.items():
        title_page, _title = line_with(pdf, "KT. CHỦ TỊCH")
        name_page, _name = line_with(pdf, "Lê Văn Chính")
        assert title_page == name_page, name
        text = pdf.pages[name_page - 1].extract_text()
        assert "Điều" in text, f"{name}: the signature stands alone on page {name_page}"
        pushed = pushed or name_page > 1
    assert pushed, "no case pushed the signature onto a second page: the test proves nothing"


def test_the_xlsx_prints_landscape_one_page_wide_with_dates_and_the_total(
    office, tmp_path, decision_of
):
    decision = decision_of(40)
    pdf = render(office, tmp_path, {"forty.xlsx": exports.decision_xlsx(decision)})["forty.xlsx"]
    assert 1 <= len(pdf.pages) <= 4
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for page in pdf.pages:
        assert page.width > page.height  # landscape A4
        assert "STT" in page.extract_text() and "Số tiền (đồng)" in page.extract_text()
    assert "ngày 02/09/2024" in text and "2024-09-02" not in text
    assert "Tổng cộng: 40 cá nhân" in text
