"""The minutes of a closed session (biên bản họp) and the ballot result (kết quả kiểm
phiếu) as DOCX, in the layout of Nghị định 30/2020/NĐ-CP: the header, fonts and margins
of Phụ lục I as the decision has them (`document`), the parts of a biên bản as Mẫu 1.9
of Phụ lục III lays them out (docs/awards.md says what was read and what was not).

The minutes' number and date are the văn thư's, given when the text is registered:
the admin enters them after closing (`procedure_views.session_minutes_number`) and the
minutes print them ("Số: 05/BB-HĐTĐKT", the date line on that date); until then the
number is left blank for the clerk and the date is the session's. The ballot result
keeps its number blank.
"""

import io

from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from .document import (
    APPENDIX_PT,
    BODY_PT,
    HEADER_COLUMNS,
    HEADER_PT,
    MOTTO_PT,
    NUMBER_PT,
    RULE_SHARE,
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
from .models import AgendaResult, Authority, BallotCast, CouncilSession
from .wording import place_date

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
# STT, nominee, title, agree, disagree, result (mm; "3 (100,0%)" fits its column on one line)
TALLY_COLUMNS = (10, 52, 30, 26, 26, 21)


def _place_and_parent(session: CouncilSession) -> tuple[str, str]:
    """The place of the date line and the body above the council: the organiser's
    authority's, else the organiser's name."""
    authority = Authority.objects.filter(organiser=session.organiser).order_by("pk").first()
    if authority is not None:
        return authority.place, authority.body
    return session.organiser.name, session.organiser.name


def _header(document, session: CouncilSession, symbol: str, *, number=None, day=None):
    place, parent = _place_and_parent(session)
    left_width, right_width = HEADER_COLUMNS
    # Broken after the dash, as the council's own papers write it, not inside "THI ĐUA".
    body = ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"]
    table = _table(document, HEADER_COLUMNS, rows=2)
    left, right = table.rows[0].cells
    cell_number, date = table.rows[1].cells
    for cell in (left, right, cell_number, date):
        _clear(cell)
    _lines(left, balanced_lines(parent.upper(), HEADER_PT, left_width), size=HEADER_PT)
    _lines(left, body, bold=True, size=HEADER_PT)
    _rule(left, max(text_width_mm(line, HEADER_PT) for line in body) * RULE_SHARE, left_width)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=MOTTO_PT)
    _paragraph(right, TAGLINE, bold=True, size=TAGLINE_PT)
    _rule(right, text_width_mm(TAGLINE, TAGLINE_PT), right_width)
    given = f"{number:02d}" if number else "       "
    _paragraph(cell_number, f"Số: {given}/{symbol}", size=NUMBER_PT, before=6)
    _paragraph(date, place_date(place, day or session.held_on), italic=True, size=BODY_PT, before=6)


def _title(document, kind: str, summary: str):
    _paragraph(document, kind, bold=True, before=18)
    _paragraph(document, summary, bold=True)
    _rule(document, min(text_width_mm(summary, BODY_PT), TEXT_WIDTH) * RULE_SHARE, TEXT_WIDTH)


def _signatures(document, session: CouncilSession, *, left: str, left_name: str):
    """Two signatures side by side (the minutes: THƯ KÝ and CHỦ TỌA), one row that
    does not split across pages."""
    table = _table(document, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    _row_flags(table.rows[0], "cantSplit")
    for cell, (position, name) in zip(
        table.rows[0].cells,
        ((left, left_name), ("CHỦ TỌA", _name(session.chair))),
        strict=True,
    ):
        _clear(cell)
        _paragraph(cell, position, bold=True, before=12)
        _paragraph(cell, "", after=SIGNATURE_SPACE_PT)
        _paragraph(cell, name, bold=True)


def _title_name(nomination) -> str:
    """As a decision writes it: "Giấy khen", not the catalogue's "Giấy khen (cá nhân)"."""
    return nomination.title.decision_name or nomination.title.name


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _counts(session: CouncilSession):
    seats = list(session.members.select_related("member").order_by("pk"))
    items = list(
        session.items.select_related(
            "nomination__person",
            "nomination__collective",
            "nomination__household",
            "nomination__title",
            "nomination__unit",
        ).order_by("order")
    )
    return seats, items


def _result(item) -> str:
    return "Đạt" if item.result == AgendaResult.PASSED else "Không đạt"


def _tally_table(document, items, members: int):
    table = _table(document, TALLY_COLUMNS, rows=1, borders=True)
    _row_flags(table.rows[0], "tblHeader", "cantSplit")
    headers = (
        "STT",
        "Tập thể, cá nhân",
        "Danh hiệu, hình thức",
        "Đồng ý",
        "Không đồng ý",
        "Kết quả",
    )
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _clear(cell)
        _paragraph(cell, text, bold=True, size=APPENDIX_PT)

    def share(votes: int) -> str:
        percent = f"{votes * 100 / members:.1f}".replace(".", ",") if members else "0"
        return f"{votes} ({percent}%)"

    for item in items:
        nomination = item.nomination
        row = table.add_row()
        _row_flags(row, "cantSplit")
        texts = (
            str(item.order),
            f"{nomination.nominee}, {nomination.unit.name}",
            _title_name(nomination),
            share(item.agree),
            share(item.disagree),
            _result(item),
        )
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            _clear(cell)
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER
            _paragraph(cell, text, size=APPENDIX_PT, align=align)


def _minutes(session: CouncilSession) -> bytes:
    seats, items = _counts(session)
    invited, present = len(seats), sum(s.present for s in seats)
    document = Document()
    _setup(document)
    _header(
        document,
        session,
        "BB-HĐTĐKT",
        number=session.minutes_number,
        day=session.minutes_date,
    )
    _title(document, "BIÊN BẢN", f"Họp {COUNCIL}: {session.name}")
    start = timezone.localtime(session.closed_at)
    left = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, "", after=6)
    _body_paragraph(document, f"ngày {session.held_on:%d/%m/%Y}.", label="Thời gian:")
    _body_paragraph(document, f"{session.place}.", label="Địa điểm:")
    absent = [_name(s.member) for s in seats if not s.present]
    _body_paragraph(
        document,
        f"{present}/{invited} thành viên Hội đồng có mặt"
        + (f"; vắng mặt: {', '.join(absent)}." if absent else "."),
        label="Thành phần tham dự:",
    )
    for index, seat in enumerate((s for s in seats if s.present), start=1):
        _body_paragraph(document, f"{index}. {_name(seat.member)}")
    _body_paragraph(document, f"{_name(session.chair)}.", label="Chủ trì (chủ tọa):")
    _body_paragraph(document, f"{_name(session.closed_by)}.", label="Thư ký (người ghi biên bản):")
    _body_paragraph(document, "", label="Nội dung:")
    quorum = session.get_quorum_display().lower()
    _body_paragraph(
        document,
        f"1. Số thành viên có mặt đạt tỷ lệ quy định ({quorum}), phiên họp đủ điều kiện "
        "tiến hành." + (f" Căn cứ: {session.regulation}." if session.regulation else ""),
    )
    _body_paragraph(
        document,
        f"2. Hội đồng xem xét {len(items)} trường hợp đề nghị khen thưởng theo danh sách, "
        "kèm kết quả kiểm tra điều kiện, ý kiến góp ý và hồ sơ của từng trường hợp.",
    )
    _body_paragraph(
        document,
        "3. Hội đồng bỏ phiếu kín; kết quả kiểm phiếu (tỷ lệ tính trên tổng số "
        f"{invited} thành viên Hội đồng):",
    )
    for item in items:
        nomination = item.nomination
        _body_paragraph(
            document,
            f"- {nomination.nominee} ({nomination.unit.name}), {_title_name(nomination)}: "
            f"{item.agree} phiếu đồng ý, {item.disagree} phiếu không đồng ý; "
            f"yêu cầu {item.threshold}: {_result(item).lower()}.",
        )
    passed = sum(item.result == AgendaResult.PASSED for item in items)
    _body_paragraph(
        document,
        f"4. Kết luận: Hội đồng thống nhất đề nghị khen thưởng {passed}/{len(items)} "
        "trường hợp đạt tỷ lệ phiếu theo quy định."
        + (f" {session.conclusions}" if session.conclusions else ""),
    )
    _body_paragraph(
        document,
        f"Cuộc họp kết thúc vào {start:%H} giờ {start:%M}, ngày {start:%d/%m/%Y}, "
        "biên bản đã được thông qua tại cuộc họp.",
        keep_with_next=True,  # the signatures never stand alone on a page
    ).alignment = left
    _signatures(document, session, left="THƯ KÝ", left_name=_name(session.closed_by))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tally(session: CouncilSession) -> bytes:
    seats, items = _counts(session)
    invited, present = len(seats), sum(s.present for s in seats)
    # Who voted is recorded (never what): the papers collected are the members who voted.
    voted = BallotCast.objects.filter(item__session=session).values("member").distinct().count()
    document = Document()
    _setup(document)
    _header(document, session, "BB-HĐTĐKT")
    _title(document, "BIÊN BẢN KIỂM PHIẾU", f"Bỏ phiếu kín tại phiên họp: {session.name}")
    _paragraph(document, "", after=6)
    _body_paragraph(
        document,
        f"{invited}; có mặt: {present}; số phiếu phát ra: {present}; số phiếu thu về: {voted}; "
        "số phiếu hợp lệ: "
        f"{voted}.",
        label="Tổng số thành viên Hội đồng:",
    )
    _body_paragraph(
        document,
        "Tỷ lệ phiếu đồng ý tính trên tổng số thành viên Hội đồng; yêu cầu của từng trường "
        "hợp theo danh hiệu, hình thức khen thưởng (pháp luật hoặc quy chế của Hội đồng).",
    )
    _tally_table(document, items, invited)
    for item in items:
        _body_paragraph(
            document,
            f"{item.order}. {item.nomination.nominee}: yêu cầu {item.threshold}.",
            keep_with_next=item is items[-1],
        )
    _signatures(document, session, left="TỔ KIỂM PHIẾU", left_name=_name(session.closed_by))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_docx(session: CouncilSession) -> bytes:
    # An official document: Vietnamese whatever the user's UI language.
    with translation.override("vi"):
        return _minutes(session)


def tally_docx(session: CouncilSession) -> bytes:
    with translation.override("vi"):
        return _tally(session)
