"""A proposal's package: the letter (tờ trình) and the nominees' list as PDF in the layout
of NĐ 30/2020/NĐ-CP (ReportLab, `mongcai.lib.pdf`), the session's minutes and ballot
result (DOCX, `session_document`), each nominee's dossier documents, and a
machine-readable JSON valid against the published schema
(`awards/schemas/proposal-v1.schema.json`, served at `/awards/proposals/schema/v1.json`),
zipped together. docs/awards.md, "Proposals".
"""

import hashlib
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.db.models import Q
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from mongcai.lib import pdf

from . import dossier_document, session_document
from .models import (
    AgendaItem,
    Dossier,
    DossierStatus,
    LegalBasis,
    Nomination,
    Proposal,
    RecipientKind,
)
from .models.decisions import is_deputy
from .wording import award_phrase, count_phrase, place_date

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "proposal-v1.schema.json"
SCHEMA_VERSION = "1"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TAGLINE = "Độc lập - Tự do - Hạnh phúc"
TEXT_WIDTH = pdf.PAGE[0] - pdf.MARGIN_LEFT - pdf.MARGIN_RIGHT


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def _p(text: str, style: str = "body", **overrides) -> Paragraph:
    base = pdf.styles()[style]
    if overrides:
        base = base.clone(f"{style}-x", **overrides)
    return Paragraph(text, base)


def _e(text) -> str:
    return escape(str(text))


def _doc(buffer, title: str) -> SimpleDocTemplate:
    pdf.register_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=pdf.PAGE,
        leftMargin=pdf.MARGIN_LEFT,
        rightMargin=pdf.MARGIN_RIGHT,
        topMargin=pdf.MARGIN_TOP,
        bottomMargin=pdf.MARGIN_BOTTOM,
        title=title,
        author="",
    )


def _page_number(canvas, doc):
    # NĐ 30/2020, Phụ lục I: page numbers centred in the top margin, not on the first page.
    if doc.page > 1:
        canvas.setFont(pdf.FONT, 13)
        canvas.drawCentredString(pdf.PAGE[0] / 2, pdf.PAGE[1] - 12 * mm, str(doc.page))


def _rule(width: float) -> HRFlowable:
    """A solid rule of an absolute width, centred (a percentage is of the frame, not of
    a table's cell)."""
    return HRFlowable(
        width=width, thickness=0.6, color="black", spaceBefore=3, spaceAfter=4, hAlign="CENTER"
    )


def _header(proposal: Proposal) -> Table:
    sender = proposal.sender
    left = []
    if sender.parent_body:
        left.append(_p(_e(sender.parent_body.upper()), fontSize=12, leading=15))
    left.append(_p(f"<b>{_e(sender.body.upper())}</b>", fontSize=12, leading=15))
    body_width = max(
        pdfmetrics.stringWidth(line, pdf.FONT_BOLD, 12) for line in [sender.body.upper()]
    )
    left.append(_rule(min(body_width, 68 * mm) * 0.4))
    left.append(_p(f"Số: {_e(proposal.reference_display)}", fontSize=13, leading=16))
    right = [
        _p(f"<b>{MOTTO}</b>", fontSize=12, leading=15),
        _p(f"<b>{TAGLINE}</b>", fontSize=13, leading=16),
        _rule(pdfmetrics.stringWidth(TAGLINE, pdf.FONT_BOLD, 13)),
        _p(f"<i>{_e(place_date(sender.place, proposal.dated))}</i>", fontSize=14, leading=17),
    ]
    for flowable in left + right:
        if isinstance(flowable, Paragraph):
            flowable.style = flowable.style.clone("header", alignment=1, firstLineIndent=0)
    table = Table([[left, right]], colWidths=[68 * mm, TEXT_WIDTH - 68 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # The rules are flowables: the cell's alignment centres them.
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def signature_lines(proposal: Proposal) -> list[str]:
    """TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH (NĐ 30/2020)."""
    sender = proposal.sender
    position = proposal.signer_position.upper()
    head = sender.signing_capacity.upper()
    lines = []
    if sender.collective_body:
        lines.append(f"TM. {sender.collective_body.upper()}")
    if head and is_deputy(proposal.signer_position):
        lines.append(f"KT. {head}")
    return [*lines, position]


def _nominations(proposal: Proposal) -> list[Nomination]:
    return [
        item.nomination
        for item in proposal.items.select_related(
            "nomination__person",
            "nomination__collective",
            "nomination__unit",
            "nomination__title",
            "nomination__campaign",
        ).order_by("order", "pk")
    ]


def _groups(nominations: list[Nomination]) -> list[tuple]:
    """(title, counts) per title, in the order first met."""
    groups: dict = {}
    for nomination in nominations:
        counts = groups.setdefault(nomination.title, {"collectives": 0, "individuals": 0})
        key = (
            "collectives"
            if nomination.recipient_kind == RecipientKind.COLLECTIVE
            else "individuals"
        )
        counts[key] += 1
    return list(groups.items())


def _legal_bases(nominations: list[Nomination]) -> list[str]:
    codes = {n.title.legal_basis_id for n in nominations}
    bases = LegalBasis.objects.filter(Q(pk__in=codes)).order_by("valid_from")
    return [basis.citation.rstrip(";.") for basis in bases]


def letter_pdf(proposal: Proposal) -> bytes:
    """The tờ trình: header, TỜ TRÌNH and its summary, Kính gửi, the bases (the law of the
    titles, the council's session), the admin's text, what is proposed for how many,
    the closing, Nơi nhận and the signature."""
    nominations = _nominations(proposal)
    authority = proposal.authority
    session = proposal.session
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Tờ trình {proposal.reference_display}")
    story = [_header(proposal), Spacer(1, 8 * mm)]
    story.append(_p("<b>TỜ TRÌNH</b>", "heading"))
    story.append(_p(f"<b>{_e(proposal.summary)}</b>", "heading"))
    story.append(_rule(pdfmetrics.stringWidth(proposal.summary, pdf.FONT_BOLD, 14) * 0.4))
    story.append(Spacer(1, 4 * mm))
    story.append(_p(f"Kính gửi: {_e(authority.name)}.", "centre"))
    story.append(Spacer(1, 4 * mm))
    for citation in _legal_bases(nominations):
        story.append(_p(f"<i>Căn cứ {_e(citation)};</i>"))
    story.append(
        _p(
            f"<i>Căn cứ kết quả {_e(session.name[:1].lower() + session.name[1:])} ngày "
            f"{session.held_on:%d/%m/%Y} của Hội đồng Thi đua - Khen thưởng;</i>"
        )
    )
    for paragraph in proposal.body.splitlines():
        if paragraph.strip():
            story.append(_p(_e(paragraph.strip())))
    sender_name = proposal.sender.body
    for title, counts in _groups(nominations):
        story.append(
            _p(
                f"{_e(sender_name)} kính trình {_e(authority.name)} xem xét, tặng "
                f"{_e(award_phrase(title, authority))} cho {count_phrase(counts)} "
                "(có danh sách và hồ sơ kèm theo)."
            )
        )
    story.append(_p(f"Kính trình {_e(authority.name)} xem xét, quyết định./."))
    story.append(Spacer(1, 6 * mm))
    copies = [
        _p("<b><i>Nơi nhận:</i></b>", "small"),
        _p("- Như trên;", "small", fontSize=11, leading=13),
        _p("- Lưu: VT.", "small", fontSize=11, leading=13),
    ]
    signature = [_p(f"<b>{_e(line)}</b>", "heading") for line in signature_lines(proposal)]
    signature += [Spacer(1, 60), _p(f"<b>{_e(proposal.signer_name)}</b>", "heading")]
    block = Table([[copies, signature]], colWidths=[80 * mm, TEXT_WIDTH - 80 * mm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether([block]))
    doc.build(story, onLaterPages=_page_number)
    return buffer.getvalue()


def nominee_row(nomination: Nomination) -> list[str]:
    if nomination.recipient_kind == RecipientKind.COLLECTIVE:
        return [nomination.collective.name, ""]
    person = nomination.person
    where = (
        f"{person.position}, {nomination.unit.name}" if person.position else nomination.unit.name
    )
    return [person.full_name, where]


def list_pdf(proposal: Proposal) -> bytes:
    """DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG, attached to the letter: STT, nominee, position and
    unit, title or form, achievement; the header row repeats on every page."""
    nominations = _nominations(proposal)
    buffer = io.BytesIO()
    doc = _doc(buffer, f"Danh sách kèm Tờ trình {proposal.reference_display}")
    cell = pdf.styles()["small"]
    head = ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức, danh hiệu", "Thành tích"]
    rows = [[Paragraph(f"<b>{h}</b>", cell.clone("th", alignment=1)) for h in head]]
    for number, nomination in enumerate(nominations, start=1):
        name, where = nominee_row(nomination)
        rows.append(
            [
                Paragraph(str(number), cell.clone("n", alignment=1)),
                Paragraph(_e(name), cell),
                Paragraph(_e(where), cell),
                Paragraph(_e(nomination.title.decision_name or nomination.title.name), cell),
                Paragraph(_e(nomination.achievement), cell),
            ]
        )
    widths = [14 * mm, 40 * mm, 40 * mm, 30 * mm, TEXT_WIDTH - 124 * mm]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [
        _p("<b>DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG</b>", "heading"),
        _p(
            f"<i>(Kèm theo Tờ trình số {_e(proposal.reference_display)} ngày "
            f"{proposal.dated:%d/%m/%Y} của {_e(proposal.sender.name)})</i>",
            "centre",
            fontSize=13,
        ),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 3 * mm),
        _p(f"Tổng cộng: {count_phrase(_counts(nominations))}.", "small"),
    ]
    doc.build(story, onLaterPages=_page_number)
    return buffer.getvalue()


def _counts(nominations) -> dict:
    collectives = sum(1 for n in nominations if n.recipient_kind == RecipientKind.COLLECTIVE)
    return {"collectives": collectives, "individuals": len(nominations) - collectives}


def nominee_dossier_files(nomination: Nomination) -> list[tuple[str, bytes, str]]:
    """The documents of one nominee's dossier, as (file name, content, media type).

    The one place where the dossier (issue 17) joins the package: a dossier its unit's
    head confirmed goes up whole, in the nominee's folder: the achievement report and the
    proposal letter (DOCX, the prescribed forms) and every evidence file as uploaded.
    A nominee without a confirmed dossier has its achievement in detail only: it goes in
    as a one-page PDF when there is one (a draft dossier never leaves the unit)."""
    dossier = Dossier.objects.filter(nomination=nomination, status=DossierStatus.CONFIRMED).first()
    if dossier is not None:
        folder = f"{nomination.pk}"
        files = [
            (f"{folder}/bao-cao-thanh-tich.docx", dossier_document.report_docx(dossier), DOCX),
            (f"{folder}/to-trinh-don-vi.docx", dossier_document.proposal_docx(dossier), DOCX),
        ]
        for evidence in dossier.files.order_by("pk"):
            with evidence.file.open("rb") as handle:
                content = handle.read()
            name = Path(evidence.original_name).name or "tep"
            files.append(
                (f"{folder}/minh-chung/{evidence.pk}-{name}", content, evidence.content_type)
            )
        return files
    if not nomination.details.strip():
        return []
    buffer = io.BytesIO()
    doc = _doc(buffer, "Tóm tắt thành tích")
    name, where = nominee_row(nomination)
    story = [
        _p("<b>TÓM TẮT THÀNH TÍCH</b>", "heading"),
        _p(f"<b>{_e(name)}</b>{' – ' + _e(where) if where else ''}", "centre"),
        Spacer(1, 5 * mm),
        *[_p(_e(line.strip())) for line in nomination.details.splitlines() if line.strip()],
    ]
    doc.build(story, onLaterPages=_page_number)
    return [(f"tom-tat-thanh-tich-{nomination.pk}.pdf", buffer.getvalue(), PDF_TYPE)]


def _votes(proposal: Proposal) -> dict[int, dict]:
    members = proposal.session.members.count()
    return {
        item["nomination_id"]: {
            "agree": item["agree"],
            "disagree": item["disagree"],
            "members": members,
        }
        for item in AgendaItem.objects.filter(session=proposal.session).values(
            "nomination_id", "agree", "disagree"
        )
    }


def _sent(proposal: Proposal) -> dict | None:
    if proposal.sent_on is None:
        return None
    return {
        "date": proposal.sent_on.isoformat(),
        "channel": proposal.channel,
        "reference": proposal.reference,
    }


def proposal_data(proposal: Proposal, documents: list[dict]) -> dict:
    """The proposal as the JSON schema v1 describes it."""
    nominations = _nominations(proposal)
    votes = _votes(proposal)
    session = proposal.session

    def authority(a) -> dict:
        return {"code": a.code, "name": a.name, "level": a.level, "body": a.body}

    nominees = []
    for order, nomination in enumerate(nominations, start=1):
        person = nomination.person
        nominees.append(
            {
                "order": order,
                "nomination_id": nomination.pk,
                "kind": nomination.recipient_kind,
                "name": nominee_row(nomination)[0],
                "position": person.position if person else "",
                "birth_year": person.birth_year if person else None,
                "unit": {"code": nomination.unit.code, "name": nomination.unit.name},
                "title": {
                    "code": nomination.title.code,
                    "name": nomination.title.decision_name or nomination.title.name,
                    "category": nomination.title.category,
                },
                "campaign": {"code": nomination.campaign.code, "name": nomination.campaign.name},
                "year": nomination.year,
                "award_kind": nomination.kind,
                "achievement": nomination.achievement,
                "details": nomination.details,
                "votes": votes.get(nomination.pk),
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "proposal": {
            "id": proposal.pk,
            "number": proposal.number,
            "symbol": proposal.letter_symbol,
            "reference": proposal.reference_display,
            "date": proposal.dated.isoformat(),
            "summary": proposal.summary,
            "status": proposal.status,
            "organiser": {"code": proposal.organiser.code, "name": proposal.organiser.name},
            "sender": authority(proposal.sender),
            "proposed_to": authority(proposal.authority),
            "signer": {"name": proposal.signer_name, "position": proposal.signer_position},
            "sent": _sent(proposal),
        },
        "session": {
            "id": session.pk,
            "name": session.name,
            "date": session.held_on.isoformat(),
            "place": session.place,
            "members_invited": session.members.count(),
            "members_present": session.members.filter(present=True).count(),
        },
        "nominees": nominees,
        "documents": documents,
    }


def _document(name: str, kind: str, content: bytes, media_type: str) -> dict:
    return {
        "name": name,
        "kind": kind,
        "media_type": media_type,
        "sha256": hashlib.sha256(content).hexdigest(),
        "bytes": len(content),
    }


PDF_TYPE = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def package_files(proposal: Proposal) -> list[tuple[str, bytes]]:
    """Every file of the package, the JSON last (it lists the others with their SHA-256)."""
    files: list[tuple[str, str, bytes, str]] = [
        ("to-trinh.pdf", "letter", letter_pdf(proposal), PDF_TYPE),
        ("danh-sach.pdf", "list", list_pdf(proposal), PDF_TYPE),
    ]
    session = proposal.session
    if not session.historical:
        files.append(
            (
                "bien-ban-hop.docx",
                "minutes",
                session_document.minutes_docx(session),
                session_document_type(),
            )
        )
        files.append(
            (
                "ket-qua-kiem-phieu.docx",
                "tally",
                session_document.tally_docx(session),
                session_document_type(),
            )
        )
    for nomination in _nominations(proposal):
        for name, content, media in nominee_dossier_files(nomination):
            files.append((f"ho-so/{name}", "dossier", content, media))
    documents = [_document(name, kind, content, media) for name, kind, content, media in files]
    data = proposal_data(proposal, documents)
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return [(name, content) for name, _kind, content, _media in files] + [("de-nghi.json", payload)]


def session_document_type() -> str:
    return DOCX


def package_zip(proposal: Proposal) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(proposal):
            archive.writestr(name, content)
    return buffer.getvalue()
