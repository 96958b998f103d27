"""The summary report as a DOCX in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I),
drawn with the decision's machinery (awards/document.py): the same page, fonts,
header columns, rules and signature block; a report (BÁO CÁO) in place of a
decision. The draft is text the office edits, with its number and date left blank
for the văn thư's register.
"""

import io

from django.db.models import Q
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from awards.document import (
    BODY_PT,
    HEADER_COLUMNS,
    HEADER_PT,
    MOTTO_PT,
    NUMBER_PT,
    RULE_SHARE,
    SIGNATURE_COLUMNS,
    SIGNATURE_SPACE_PT,
    TAGLINE,
    TAGLINE_PT,
    TEXT_WIDTH,
    _body_paragraph,
    _clear,
    _lines,
    _paragraph,
    _row_flags,
    _rule,
    _setup,
    _table,
    balanced_lines,
    text_width_mm,
)
from awards.models import Authority

from .summary import (
    KIND_WORDS,
    LEVEL_WORDS,
    STATUS_WORDS,
    Summary,
    day,
    number,
    two_digits,
)

TABLE_PT = 12
CITY_COLUMNS = (12, 60, 22, 24, 24, 23)  # STT, chỉ tiêu, ĐVT, giao, kết quả, đánh giá
RANKING_COLUMNS = (14, 101, 25, 25)  # hạng, đơn vị, điểm, đề nghị cờ
AWARD_COLUMNS = (85, 40, 40)  # loại, tập thể, cá nhân


def authority_of(summary: Summary) -> Authority | None:
    """The organiser's authority that existed at the period's end."""
    day_ = summary.period.ends_on
    return (
        Authority.objects.filter(organiser=summary.organiser)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day_))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day_))
        .order_by("pk")
        .first()
    )


def report_title(summary: Summary) -> str:
    name = summary.campaign.name
    return f"Tổng kết {name[:1].lower()}{name[1:]}"


def _header(document, summary: Summary, authority: Authority | None):
    left_width, right_width = HEADER_COLUMNS
    table = _table(document, HEADER_COLUMNS, rows=2)
    left, right = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells
    for cell in (left, right, number_cell, date_cell):
        _clear(cell)
    body_name = (authority.body if authority else summary.organiser.name).upper()
    body = balanced_lines(body_name, HEADER_PT, left_width)
    if authority and authority.parent_body:
        parent = balanced_lines(authority.parent_body.upper(), HEADER_PT, left_width)
        _lines(left, parent, size=HEADER_PT)
    _lines(left, body, bold=True, size=HEADER_PT)
    _rule(left, round(max(text_width_mm(x, HEADER_PT) for x in body) * RULE_SHARE, 1), left_width)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=MOTTO_PT)
    _paragraph(right, TAGLINE, bold=True, size=TAGLINE_PT)
    _rule(right, round(text_width_mm(TAGLINE, TAGLINE_PT), 1), right_width)
    # A report's symbol: BC- and the body's abbreviation (QĐ-UBND → BC-UBND).
    symbol = "BC-" + (authority.symbol.split("-", 1)[-1] if authority else "UBND")
    _paragraph(number_cell, f"Số:        /{symbol}", size=NUMBER_PT, before=6)
    place = authority.place if authority else summary.organiser.short_name
    _paragraph(
        date_cell,
        f"{place}, ngày      tháng      năm {summary.period.ends_on.year}",
        italic=True,
        before=6,
    )


def _heading(document, text: str):
    paragraph = _paragraph(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _grid(document, widths, header: list[str], rows: list[list[str]]):
    table = _table(document, widths, rows=1 + len(rows), borders=True)
    _row_flags(table.rows[0], "cantSplit", "tblHeader")
    for line, values in zip(table.rows, [header, *rows], strict=True):
        for index, (cell, value) in enumerate(zip(line.cells, values, strict=True)):
            _clear(cell)
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            if line is table.rows[0]:
                align = WD_ALIGN_PARAGRAPH.CENTER
            _paragraph(cell, value, bold=line is table.rows[0], size=TABLE_PT, align=align)
    _paragraph(document, "", after=6)
    return table


def _launch(document, s: Summary):
    _heading(document, "I. CÔNG TÁC PHÁT ĐỘNG, TỔ CHỨC PHONG TRÀO")
    c = s.campaign
    _body_paragraph(
        document,
        f"Ngày {day(c.launched_on)}, {s.organiser.name} phát động {c.name[:1].lower()}"
        f"{c.name[1:]}, thực hiện từ ngày {day(c.starts_on)} đến ngày {day(c.ends_on)}, "
        f"với chủ đề “{c.theme}”.",
    )
    if s.contents:
        _body_paragraph(document, f"Phong trào có {two_digits(len(s.contents))} nội dung chính:")
        for index, content in enumerate(s.contents, 1):
            _body_paragraph(document, f"{index}. {content}.")
    if c.motto:
        _body_paragraph(document, f"Phương châm thi đua: “{c.motto}”.")


def _blocs(document, s: Summary):
    _heading(document, "II. KẾT QUẢ THỰC HIỆN PHONG TRÀO")
    _heading(document, "1. Kết quả nổi bật của các khối thi đua")
    for index, part in enumerate(s.blocs, 1):
        _body_paragraph(document, f"{part.bloc.name}:", label=f"1.{index}.")
        for unit, text, _report in part.highlights:
            _body_paragraph(document, f"{unit.name}: {text}")
        if part.figures:
            figures = "; ".join(
                f"{row.name[:1].lower()}{row.name[1:]} {number(row.value)} {row.unit}"
                for row in part.figures
            )
            _body_paragraph(document, f"Các chỉ tiêu chủ yếu của khối: {figures}.")
        if not part.highlights and not part.figures:
            _body_paragraph(document, "(Chưa có báo cáo được duyệt trong kỳ.)", italic=True)


def _city(document, s: Summary):
    _heading(document, f"2. Kết quả thực hiện các chỉ tiêu của {s.organiser.name}")
    _body_paragraph(
        document,
        f"Đến hết kỳ “{s.period.label}” ({day(s.period.starts_on)} – "
        f"{day(s.period.ends_on)}), {s.organiser.name} có {s.status_phrase}.",
    )
    rows = [
        [
            str(i),
            row.name,
            row.unit,
            number(row.target),
            number(row.value),
            STATUS_WORDS.get(row.status, "").capitalize(),
        ]
        for i, row in enumerate(s.city_rows, 1)
    ]
    _grid(
        document,
        CITY_COLUMNS,
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Kết quả", "Đánh giá"],
        rows,
    )
    c = s.completeness
    _heading(document, "3. Tình hình báo cáo của các đơn vị")
    _body_paragraph(
        document,
        f"Trong kỳ có {number(c['expected'])} báo cáo phải nộp: {number(c['on_time'])} "
        f"báo cáo đúng hạn, {number(c['late'])} báo cáo muộn, {number(c['missing'])} "
        "báo cáo chưa nộp.",
    )


def _works(document, s: Summary):
    _heading(document, "4. Các công trình, phần việc chào mừng")
    if not s.works:
        _body_paragraph(document, "Không có công trình được gắn biển trong kỳ.", italic=True)
        return
    by_level = [
        (words, [w for w in s.works if w.level == level]) for level, words in LEVEL_WORDS.items()
    ]
    parts = [f"{two_digits(len(works))} công trình {words}" for words, works in by_level if works]
    _body_paragraph(
        document,
        f"{two_digits(len(s.works))} công trình được công nhận gắn biển chào mừng, "
        f"trong đó có {' và '.join(parts)}:",
    )
    for words, works in by_level:
        for work in works:
            by = f" ({work.recognised_by})" if work.recognised_by else ""
            _body_paragraph(document, f"- Công trình {words}: {work.name}{by}.")


def _covenants(document, s: Summary):
    _heading(document, "5. Giao ước thi đua, chấm điểm và xếp hạng các khối")
    if not s.covenants:
        _body_paragraph(document, "Chưa có giao ước thi đua trong kỳ.", italic=True)
        return
    for part in s.covenants:
        covenant = part.covenant
        flag = (
            f"; đề nghị tặng Cờ thi đua cho {covenant.flag_unit.name}"
            if covenant.flag_unit_id
            else "; chưa đề nghị tặng Cờ thi đua"
        )
        _body_paragraph(document, f"{covenant.bloc.name} (năm {covenant.year}){flag}.")
        if part.cards:
            rows = [
                [
                    two_digits(card.rank),
                    card.unit.name,
                    number(card.total),
                    "x" if card.unit_id == covenant.flag_unit_id else "",
                ]
                for card in part.cards
            ]
            _grid(
                document,
                RANKING_COLUMNS,
                ["Hạng", "Đơn vị", "Tổng điểm", "Đề nghị Cờ"],
                rows,
            )


def _awards(document, s: Summary):
    _heading(document, "III. CÔNG TÁC KHEN THƯỞNG")
    a = s.awards
    ad_hoc = s.kind_counts("ad_hoc")
    text = (
        f"Từ ngày {day(s.awards_from)} đến ngày {day(s.awards_to)}, đã có "
        f"{number(a['collectives'])} tập thể và {number(a['individuals'])} cá nhân được "
        f"{s.organiser.name} khen thưởng"
    )
    if ad_hoc["collectives"] or ad_hoc["individuals"]:
        text += (
            f"; trong đó, khen thưởng đột xuất cho {number(ad_hoc['collectives'])} tập thể, "
            f"{number(ad_hoc['individuals'])} cá nhân"
        )
    _body_paragraph(document, text + ".")
    rows = [
        [KIND_WORDS[r["code"]].capitalize(), number(r["collectives"]), number(r["individuals"])]
        for r in a["kinds"]
    ]
    rows += [
        [row["title"].name, number(row["collectives"]), number(row["individuals"])]
        for row in a["titles"]
    ]
    rows.append(["Tổng cộng", number(a["collectives"]), number(a["individuals"])])
    _grid(document, AWARD_COLUMNS, ["Loại, hình thức khen thưởng", "Tập thể", "Cá nhân"], rows)
    if s.decision_groups:
        _body_paragraph(document, "Khen thưởng theo đợt, chuyên đề và đột xuất trong phong trào:")
        for group in s.decision_groups:
            _body_paragraph(
                document,
                f"- {group.summary} (Quyết định số {'; '.join(group.references)}): "
                f"{KIND_WORDS[group.kind]} {two_digits(group.collectives)} tập thể và "
                f"{two_digits(group.individuals)} cá nhân.",
            )


def _signature(document, authority: Authority | None):
    table = _table(document, SIGNATURE_COLUMNS)
    _row_flags(table.rows[0], "cantSplit")
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    _paragraph(
        left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=6
    )
    for line in ("- Hội đồng Thi đua - Khen thưởng;", "- Các khối thi đua;", "- Lưu: VT."):
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    head = (authority.signing_capacity if authority else "") or "Thủ trưởng cơ quan"
    _paragraph(right, head.upper(), bold=True, before=6)
    _paragraph(right, "(Ký, ghi rõ họ tên)", italic=True, before=SIGNATURE_SPACE_PT)


def summary_docx(summary: Summary) -> bytes:
    with translation.override("vi"):
        authority = authority_of(summary)
        document = Document()
        _setup(document)
        _header(document, summary, authority)
        _paragraph(document, "BÁO CÁO", bold=True, before=18)
        title = report_title(summary)
        _paragraph(document, title, bold=True)
        rule = min(text_width_mm(title, BODY_PT), TEXT_WIDTH) * RULE_SHARE
        _rule(document, round(rule, 1), TEXT_WIDTH)
        _paragraph(document, "", after=6)
        _launch(document, summary)
        _blocs(document, summary)
        _city(document, summary)
        _works(document, summary)
        _covenants(document, summary)
        _awards(document, summary)
        _heading(document, "IV. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG")
        _body_paragraph(
            document,
            "(Phần đánh giá ưu điểm, hạn chế, bài học kinh nghiệm và phương hướng do cơ quan "
            "thường trực bổ sung.)",
            italic=True,
        )
        _body_paragraph(
            document,
            "Các số liệu trong báo cáo được tổng hợp từ hệ thống; nguồn của từng số liệu "
            "tại bảng kèm theo (tệp XLSX).",
            italic=True,
        )
        _signature(document, authority)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
