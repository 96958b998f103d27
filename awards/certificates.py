"""Certificates on pre-printed blanks (issue 18): which awards print, the PDF, the test
print, the calibration's service, and the public check behind the QR code.

The blank (Giấy khen, Bằng khen, a title's Bằng chứng nhận) is the organiser's own
paper with its emblem and frame already printed; the product prints only the fields,
each in a box the admin placed on the calibration page (x, y from the page's top-left,
width and height in mm, the largest font size, the alignment). A text too long for
its box is set smaller and wrapped, down to `MIN_SIZE`; what still does not fit is cut
with an ellipsis: nothing is ever drawn outside its box.

Only issued decisions print, never a draft nor an annulled one; a void award never.
Which award carries which certificate is the legal pack's `TitleCertificate` in force on
the decision's date (or the date whose law the award was evaluated under).

The QR code is drawn as vector squares from segno's matrix (no image library), and
points to `SITE_URL` + the check page of the award's token (`CertificateCheck`).
"""

import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from blocs.models import Unit
from mongcai.accounts.models import User
from mongcai.lib.pdf import FONT, FONT_BOLD, register_fonts

from .honour_cache import honour_board_version
from .models import (
    CertificateCheck,
    CertificateKind,
    CertificateLayout,
    Decision,
    DecisionRecipient,
    DecisionStatus,
    RecipientKind,
    TitleCertificate,
)
from .models.certificates import BOX_KEYS, PAPER_MM, Align, Field, Orientation, Paper
from .wording import place_date

MIN_SIZE = 6.0  # pt: below this a printed name is no longer legible
LEADING = 1.2


# Which awards print -----------------------------------------------------------------


def print_problem(decision: Decision) -> str | None:
    """Why the certificates of this decision cannot be printed, or None."""
    if decision.status == DecisionStatus.DRAFT:
        return _("Certificates are printed from an issued decision; this one is a draft.")
    if decision.status == DecisionStatus.ANNULLED:
        return _("This decision is annulled: its certificates are not printed.")
    return None


@dataclass
class Printable:
    """What a decision's certificates are: per recipient, the kind or the reason it has none."""

    recipient: DecisionRecipient
    kind: str | None
    layout: CertificateLayout | None

    @property
    def problem(self) -> str | None:
        if self.recipient.is_void:
            return _("void")
        if self.kind is None:
            return _("no certificate under the law of the decision's date (cash only)")
        if self.layout is None:
            return _("the %(kind)s blank is not calibrated") % {
                "kind": CertificateKind(self.kind).label
            }
        return None


def with_certificate_kind(recipients: QuerySet[DecisionRecipient]) -> QuerySet:
    """The recipients annotated with `certificate`: the kind the legal pack gives their
    title on the date whose law applies (the decision's, or `law_on`), or None."""
    day = Coalesce(OuterRef("law_on"), OuterRef("decision__decided_on"))
    in_force = (
        TitleCertificate.objects.filter(title=OuterRef("title"), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .values("kind")[:1]
    )
    return recipients.annotate(certificate=Subquery(in_force))


def decision_printables(decision: Decision) -> list[Printable]:
    """Every recipient of the decision with its certificate and the organiser's layout.
    Two queries, whatever the number of recipients."""
    layouts = {
        layout.kind: layout
        for layout in CertificateLayout.objects.filter(organiser_id=decision.authority.organiser_id)
    }
    recipients = with_certificate_kind(
        decision.recipients.select_related("person", "collective", "unit", "title")
    ).order_by("order", "pk")
    out = []
    for r in recipients:
        r.decision = decision
        out.append(Printable(r, r.certificate, layouts.get(r.certificate)))
    return out


def certificate_summary(decision: Decision) -> list[dict]:
    """Per kind of certificate, how many awards of the issued decision carry it and whether
    the organiser's blank is calibrated: the decision page's print buttons. Two queries."""
    if decision.status != DecisionStatus.ISSUED:
        return []
    counts = (
        with_certificate_kind(decision.recipients.filter(is_void=False))
        .exclude(certificate=None)
        .values("certificate")
        .annotate(count=Count("pk"))
        .order_by("certificate")
    )
    calibrated = set(
        CertificateLayout.objects.filter(organiser_id=decision.authority.organiser_id).values_list(
            "kind", flat=True
        )
    )
    return [
        {
            "kind": row["certificate"],
            "label": CertificateKind(row["certificate"]).label,
            "count": row["count"],
            "calibrated": row["certificate"] in calibrated,
        }
        for row in counts
    ]


# What is printed ----------------------------------------------------------------------


def field_texts(recipient: DecisionRecipient, decision: Decision) -> dict[str, str]:
    """The text of each field of one award's certificate (Vietnamese: it is the document)."""
    if recipient.recipient_kind == RecipientKind.INDIVIDUAL:
        person = recipient.person
        name = person.full_name
        unit = f"{person.position}, {recipient.unit.name}" if person.position else ""
        unit = unit or recipient.unit.name
    else:
        name = recipient.collective.name
        unit = ""
    authority = decision.authority
    position = decision.signer_position.upper()
    if decision.signing_mode:
        head = (authority.signing_capacity or decision.signer_position).upper()
        if decision.signing_mode == "TM.":
            body = authority.collective_body.upper()
            position = f"TM. {body}\n{position}"
        else:
            position = f"KT. {head}\n{position}"
    return {
        Field.NAME: name,
        Field.UNIT: unit,
        Field.TITLE: recipient.title.decision_name or recipient.title.name,
        Field.ACHIEVEMENT: recipient.achievement,
        Field.DECISION: (f"Quyết định số {decision.reference} ngày {decision.decided_on:%d/%m/%Y}"),
        Field.PLACE_DATE: place_date(authority.place, decision.decided_on),
        Field.SIGNER_POSITION: position,
        Field.SIGNER_NAME: decision.signer_name,
    }


def fit(text: str, font: str, size: float, width: float, height: float) -> tuple[float, list]:
    """The largest size ≤ `size` (by 0.5 pt, not below MIN_SIZE) at which `text`, wrapped
    to `width` points, fits `height` points; at MIN_SIZE the lines that do not fit are
    dropped and the last one kept ends with "…". Each line is no wider than `width`."""
    paragraphs = text.split("\n")
    current = size
    while True:
        lines = [
            line for p in paragraphs for line in (simpleSplit(p, font, current, width) or [""])
        ]
        # A word wider than the box is a reason to shrink before cutting it.
        whole = all(stringWidth(line, font, current) <= width for line in lines)
        lines = [_cut(line, font, current, width) for line in lines]
        fits = whole and len(lines) * current * LEADING <= height + 0.01
        if fits or current <= MIN_SIZE:
            break
        current = max(MIN_SIZE, current - 0.5)
    room = max(1, int((height + 0.01) // (current * LEADING)))
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = _cut(lines[-1] + "…", font, current, width, ellipsis=True)
    return current, lines


def _cut(line: str, font: str, size: float, width: float, *, ellipsis: bool = False) -> str:
    """A single word wider than the box (simpleSplit keeps it whole) is cut to fit."""
    if stringWidth(line, font, size) <= width:
        return line
    body = line.rstrip("…") if ellipsis else line
    while body and stringWidth(body + "…", font, size) > width:
        body = body[:-1]
    # A box narrower than "…" itself holds nothing rather than overflow.
    return body + "…" if stringWidth(body + "…", font, size) <= width else ""


def _draw_text(canvas: Canvas, layout: CertificateLayout, box: dict, text: str) -> None:
    page_height = layout.page_mm[1] * mm
    font = FONT_BOLD if box.get("bold") else FONT
    x = (box["x"] + float(layout.offset_x)) * mm
    top = page_height - (box["y"] + float(layout.offset_y)) * mm
    width, height = box["width"] * mm, box["height"] * mm
    size, lines = fit(text, font, float(box["size"]), width, height)
    canvas.setFont(font, size)
    leading = size * LEADING
    for i, line in enumerate(lines):
        # The baseline sits a font-size below the line's top (descenders stay in the box).
        baseline = top - i * leading - size
        if box.get("align") == Align.CENTRE:
            canvas.drawCentredString(x + width / 2, baseline, line)
        elif box.get("align") == Align.RIGHT:
            canvas.drawRightString(x + width, baseline, line)
        else:
            canvas.drawString(x, baseline, line)


def _draw_qr(canvas: Canvas, layout: CertificateLayout, box: dict, url: str) -> None:
    """The QR code as squares, as large as the box's smaller side allows, with its quiet zone."""
    qr = segno.make(url, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    border = 2  # modules of quiet zone: the blank's paper is light
    count = len(matrix) + 2 * border
    side = min(box["width"], box["height"]) * mm
    module = side / count
    page_height = layout.page_mm[1] * mm
    left = (box["x"] + float(layout.offset_x)) * mm
    top = page_height - (box["y"] + float(layout.offset_y)) * mm
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(
                    left + (c + border) * module,
                    top - (r + border + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )


def check_url(token: str) -> str:
    return settings.SITE_URL + reverse("awards:certificate-check", kwargs={"token": token})


def _canvas(buffer, layout: CertificateLayout, title: str) -> Canvas:
    register_fonts()
    width, height = layout.page_mm
    canvas = Canvas(buffer, pagesize=(width * mm, height * mm), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Móng Cái emulation tracker")
    return canvas


def certificates_pdf(printables: list[Printable], decision: Decision) -> bytes:
    """One page per award that prints, in the decision's order, on its layout's page size
    (a batch holds one kind: the caller chooses)."""
    printables = [p for p in printables if p.problem is None]
    if not printables:
        raise ValidationError(_("No award of this decision prints on a calibrated blank."))
    tokens = certificate_checks_ensure([p.recipient for p in printables])
    buffer = io.BytesIO()
    canvas = _canvas(buffer, printables[0].layout, f"{decision.reference}")
    for p in printables:
        layout = p.layout
        width, height = layout.page_mm
        canvas.setPageSize((width * mm, height * mm))
        texts = field_texts(p.recipient, decision)
        for name, box in layout.boxes().items():
            if name == Field.QR:
                _draw_qr(canvas, layout, box, check_url(tokens[p.recipient.pk]))
            else:
                _draw_text(canvas, layout, box, texts.get(name, ""))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


SAMPLE = {
    Field.NAME: "Nguyễn Thị Phương Thảo",
    Field.UNIT: "Chuyên viên, Phòng Văn hóa - Xã hội phường",
    Field.TITLE: "Giấy khen",
    Field.ACHIEVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua năm 2026",
    Field.DECISION: "Quyết định số 123/QĐ-UBND ngày 06/12/2026",
    Field.PLACE_DATE: "Móng Cái, ngày 06 tháng 12 năm 2026",
    Field.SIGNER_POSITION: "CHỦ TỊCH",
    Field.SIGNER_NAME: "Phạm Văn Minh",
}


def test_print_pdf(layout: CertificateLayout) -> bytes:
    """A page to lay on the blank against the light: a millimetre grid (a line every
    5 mm, numbered every 10 mm, from the page's top-left), each field's box outlined and
    named, with a sample text set as the certificate would set it."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, layout, _("Test print"))
    width, height = layout.page_mm
    top = height * mm
    canvas.setLineWidth(0.2)
    for x in range(0, width + 1, 5):
        canvas.setStrokeGray(0.55 if x % 10 == 0 else 0.8)
        canvas.line(x * mm, 0, x * mm, top)
        if x % 10 == 0 and 0 < x < width:
            canvas.setFont(FONT, 5)
            canvas.setFillGray(0.4)
            canvas.drawCentredString(x * mm, top - 3 * mm, str(x))
    for y in range(0, height + 1, 5):
        canvas.setStrokeGray(0.55 if y % 10 == 0 else 0.8)
        canvas.line(0, top - y * mm, width * mm, top - y * mm)
        if y % 10 == 0 and 0 < y < height:
            canvas.setFont(FONT, 5)
            canvas.setFillGray(0.4)
            canvas.drawString(1 * mm, top - y * mm - 1.8 * mm, str(y))
    for name, box in layout.boxes().items():
        x = (box["x"] + float(layout.offset_x)) * mm
        y = top - (box["y"] + float(layout.offset_y) + box["height"]) * mm
        canvas.setStrokeColorRGB(0.8, 0.1, 0.1)
        canvas.setLineWidth(0.5)
        canvas.rect(x, y, box["width"] * mm, box["height"] * mm, stroke=1, fill=0)
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.setFont(FONT, 6)
        canvas.drawString(x, y + box["height"] * mm + 0.8 * mm, str(Field(name).label))
        canvas.setFillColorRGB(0, 0, 0)
        if name == Field.QR:
            _draw_qr(canvas, layout, box, settings.SITE_URL)
        else:
            _draw_text(canvas, layout, box, SAMPLE.get(name, ""))
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(FONT, 7)
    canvas.drawString(
        12 * mm,
        6 * mm,
        _("%(organiser)s – %(kind)s – %(paper)s %(orientation)s – test print")
        % {
            "organiser": layout.organiser.name,
            "kind": layout.get_kind_display(),
            "paper": layout.paper,
            "orientation": layout.get_orientation_display(),
        },
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# The calibration ----------------------------------------------------------------------


def default_fields(kind: str, paper: str = Paper.A4) -> dict[str, dict]:
    """A starting point on a landscape blank with the emblem and the heading printed in
    the upper third (drawn for A4, 297 × 210 mm, and scaled to the paper): the admin
    moves each box to their own paper."""
    scale = PAPER_MM[paper][1] / PAPER_MM[Paper.A4][1]

    def box(x, y, w, h, size, align=Align.CENTRE, bold=False, show=True):
        return {
            "x": round(x * scale, 1),
            "y": round(y * scale, 1),
            "width": round(w * scale, 1),
            "height": round(h * scale, 1),
            "size": round(size * scale * 2) / 2,
            "align": str(align),
            "bold": bold,
            "show": show,
        }

    return {
        Field.NAME: box(60, 88, 177, 14, 24, bold=True),
        Field.UNIT: box(60, 103, 177, 9, 14),
        Field.TITLE: box(
            60, 74, 177, 12, 20, bold=True, show=kind == CertificateKind.BANG_CHUNG_NHAN
        ),
        Field.ACHIEVEMENT: box(50, 114, 197, 20, 16),
        Field.DECISION: box(20, 150, 110, 8, 12, align=Align.LEFT),
        Field.PLACE_DATE: box(160, 140, 120, 8, 13),
        Field.SIGNER_POSITION: box(160, 149, 120, 14, 13, bold=True),
        Field.SIGNER_NAME: box(160, 185, 120, 9, 14, bold=True),
        Field.QR: box(20, 165, 25, 25, 8, align=Align.LEFT),
    }


def certificate_layout_get_or_default(*, organiser: Unit, kind: str) -> CertificateLayout:
    """The organiser's layout of the kind, or an unsaved one with the default boxes."""
    layout = CertificateLayout.objects.filter(organiser=organiser, kind=kind).first()
    if layout is None:
        layout = CertificateLayout(
            organiser=organiser,
            kind=kind,
            paper=Paper.A4,
            orientation=Orientation.LANDSCAPE,
            fields=default_fields(kind, paper=Paper.A4),
        )
    return layout


@transaction.atomic
def certificate_layout_save(
    *,
    organiser: Unit,
    kind: str,
    paper: str,
    orientation: str,
    offset_x: Decimal,
    offset_y: Decimal,
    fields: dict[str, dict],
    by: User | None,
) -> CertificateLayout:
    """Save where each field of the organiser's blank goes; refused (nothing saved) when a
    box leaves the page."""
    layout = CertificateLayout.objects.select_for_update().filter(
        organiser=organiser, kind=kind
    ).first() or CertificateLayout(organiser=organiser, kind=kind)
    layout.paper, layout.orientation = paper, orientation
    layout.offset_x, layout.offset_y = offset_x, offset_y
    layout.fields = {name: {key: box[key] for key in BOX_KEYS} for name, box in fields.items()}
    layout.changed_by = by
    layout.full_clean()
    layout.save()
    return layout


# The public check -----------------------------------------------------------------------


@transaction.atomic
def certificate_checks_ensure(recipients: list[DecisionRecipient]) -> dict[int, str]:
    """The token of each award (made on its first print, kept ever after)."""
    ids = [r.pk for r in recipients]
    existing = dict(
        CertificateCheck.objects.filter(recipient_id__in=ids).values_list("recipient_id", "token")
    )
    missing = [CertificateCheck(recipient_id=pk) for pk in ids if pk not in existing]
    if missing:
        CertificateCheck.objects.bulk_create(missing, ignore_conflicts=True)
        existing = dict(
            CertificateCheck.objects.filter(recipient_id__in=ids).values_list(
                "recipient_id", "token"
            )
        )
    return existing


def certificate_check(token: str) -> dict | None:
    """What the public page confirms about the award behind `token`, as plain data
    (cached until a decision is issued or annulled: the honour board's generation), or
    None. Only: the recipient's name (a collective's name), the title or form, the
    decision's number and date, the issuing authority, and whether it was annulled."""
    if not token or len(token) > 40:
        return None
    # The token as typed in an address may hold any character: the key carries its hash.
    digest = hashlib.sha256(token.encode()).hexdigest()
    key = f"certificate-check:{honour_board_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = _certificate_check(token)
        # A wrong token is not cached: guesses would fill the cache (they are throttled).
        if found is not None:
            cache.set(key, found, timeout=settings.HONOUR_BOARD_CACHE_SECONDS)
    return found


def _certificate_check(token: str) -> dict | None:
    row = (
        CertificateCheck.objects.filter(token=token)
        .exclude(recipient__decision__status=DecisionStatus.DRAFT)
        .values(
            "recipient__recipient_kind",
            "recipient__person__full_name",
            "recipient__collective__name",
            "recipient__title__name",
            "recipient__title__decision_name",
            "recipient__is_void",
            "recipient__decision__number",
            "recipient__decision__authority__symbol",
            "recipient__decision__authority__name",
            "recipient__decision__decided_on",
            "recipient__decision__status",
            "recipient__decision__annulled_at",
        )
        .first()
    )
    if row is None:
        return None
    individual = row["recipient__recipient_kind"] == RecipientKind.INDIVIDUAL
    annulled = row["recipient__decision__status"] == DecisionStatus.ANNULLED
    annulled_at = row["recipient__decision__annulled_at"]
    return {
        "name": row["recipient__person__full_name"]
        if individual
        else row["recipient__collective__name"],
        "individual": individual,
        "title": row["recipient__title__decision_name"] or row["recipient__title__name"],
        "decision": f"{row['recipient__decision__number']}/"
        f"{row['recipient__decision__authority__symbol']}",
        "decided_on": row["recipient__decision__decided_on"],
        "authority": row["recipient__decision__authority__name"],
        "annulled": annulled or row["recipient__is_void"],
        "annulled_on": timezone.localdate(annulled_at) if annulled and annulled_at else None,
    }
