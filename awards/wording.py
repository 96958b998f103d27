"""The text of a decision as a Phòng Nội vụ officer writes it, shared by the DOCX,
the print view and the XLSX. Always Vietnamese: it is the legal document.

The wording follows decisions as they are issued, e.g. "Tặng Bằng khen của Chủ
tịch UBND tỉnh cho 13 tập thể và 12 cá nhân đã có thành tích xuất sắc trong ..."
and "tặng Bằng khen cho 06 tập thể, 06 cá nhân" (counts with two digits), and
the signing lines of Nghị định 30/2020/NĐ-CP, Phụ lục I (docs/awards.md).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from mongcai.lib.numbers import format_decimal

from .models import Category, Decision, RecipientKind, Title
from .models.decisions import SigningMode, is_deputy
from .text import fold


@dataclass(frozen=True)
class Article:
    number: int
    paragraphs: list[str]  # the first follows "Điều N."

    @property
    def label(self) -> str:
        return f"Điều {self.number}."


def money(value) -> str:
    return "" if value is None else format_decimal(value, "vi", 0)


def count_phrase(counts: dict) -> str:
    """ "02 tập thể và 03 cá nhân", as decisions write their counts ("02 tập thể, 01 hộ
    gia đình và 03 cá nhân" with households)."""
    parts = []
    if counts["collectives"]:
        parts.append(f"{counts['collectives']:02d} tập thể")
    if counts.get("households"):
        parts.append(f"{counts['households']:02d} hộ gia đình")
    if counts["individuals"]:
        parts.append(f"{counts['individuals']:02d} cá nhân")
    if len(parts) > 2:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return " và ".join(parts)


def date_line(decision: Decision) -> str:
    return place_date(decision.authority.place, decision.decided_on)


def place_date(place: str, d) -> str:
    """Địa danh, ngày tháng năm (NĐ 30/2020): days below 10 and months below 3 take a
    leading zero."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def award_phrase(title: Title, authority) -> str:
    """What is given: "Giấy khen của Chủ tịch Ủy ban nhân dân ..." for a form,
    "danh hiệu “Tập thể lao động xuất sắc”" for a title."""
    name = title.decision_name or title.name
    if title.category == Category.FORM:
        return f"{name} của {authority.name}"
    return f"danh hiệu “{name}”"


def achievement_phrase(achievements: list[str]) -> str:
    """The achievement shared by every recipient, as the end of Điều 1."""
    if len(achievements) != 1:
        return "đã có thành tích được nêu trong danh sách kèm theo"
    text = achievements[0].strip().rstrip(".;")
    words = text.split(" ", 2)
    if len(words) > 2 and fold(" ".join(words[:2])) == "thanh tich":
        return f"đã có thành tích {words[2]}"
    # "Cứu người đuối nước" reads "đã có thành tích cứu người đuối nước"; an acronym stays.
    if words and not words[0].isupper():
        text = text[:1].lower() + text[1:]
    return f"đã có thành tích {text}"


def articles(decision: Decision, totals: dict) -> list[Article]:
    """Điều 1..n: what is given to whom, the money, who carries the decision out."""
    rows = (
        decision.recipients.values("title")
        .annotate(
            collectives=Count("pk", filter=Q(recipient_kind=RecipientKind.COLLECTIVE)),
            individuals=Count("pk", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)),
            households=Count("pk", filter=Q(recipient_kind=RecipientKind.HOUSEHOLD)),
        )
        .order_by("title__order", "title")
    )
    titles = Title.objects.in_bulk([row["title"] for row in rows])
    # "Giấy khen (tập thể)" and "Giấy khen (cá nhân)" are one gift in the text.
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(
            award_phrase(titles[row["title"]], decision.authority),
            {"collectives": 0, "individuals": 0, "households": 0},
        )
        group["collectives"] += row["collectives"]
        group["individuals"] += row["individuals"]
        group["households"] += row["households"]
    achievements = list(
        decision.recipients.order_by().values_list("achievement", flat=True).distinct()[:2]
    )
    why = achievement_phrase(achievements)
    gifts = [f"Tặng {phrase} cho {count_phrase(counts)}" for phrase, counts in groups.items()]
    if len(gifts) == 1:
        first = [f"{gifts[0]} (có danh sách kèm theo), {why}."]
    else:
        first = [f"Khen thưởng {count_phrase(totals)} (có danh sách kèm theo), {why}:"]
        first += [
            f"{n}. {gift}{'.' if n == len(gifts) else ';'}" for n, gift in enumerate(gifts, 1)
        ]
    texts = [first]
    if totals["total"]:
        texts.append(
            [
                f"Tổng số tiền thưởng: {money(totals['total'])} đồng (theo danh sách kèm theo), "
                "chi từ quỹ thi đua, khen thưởng theo quy định."
            ]
        )
    texts.append(
        [
            "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị liên quan "
            "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ]
    )
    return [Article(number, paragraphs) for number, paragraphs in enumerate(texts, start=1)]


def legal_basis_lines(decision: Decision) -> list[str]:
    """Căn cứ ...; one a line, the proposal last; the last line ends with a full stop."""
    lines = [f"Căn cứ {b.citation};" for b in decision.legal_bases.order_by("valid_from", "pk")]
    if decision.proposal:
        lines.append(f"Xét đề nghị của {decision.proposal}.")
    elif lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def signature_lines(decision: Decision) -> list[str]:
    """Quyền hạn and chức vụ above the signature (NĐ 30/2020): "KT. CHỦ TỊCH / PHÓ CHỦ
    TỊCH", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ
    CHỦ TỊCH". Which combinations are allowed is `models.decisions.signing_problem`."""
    authority, position = decision.authority, decision.signer_position.upper()
    head = authority.signing_capacity.upper()
    if decision.signing_mode == SigningMode.ON_BEHALF:
        lines = [f"TM. {authority.collective_body.upper()}"]
        if head and is_deputy(decision.signer_position):
            lines.append(f"KT. {head}")
        return [*lines, position]
    if decision.signing_mode == SigningMode.DEPUTY:
        return [f"KT. {head}", position]
    return [position]


def copies_to(decision: Decision, texts: list[Article]) -> list[str]:
    """Nơi nhận: the executing article (the last), the copies the admin listed, the archive."""
    lines = [f"- Như Điều {len(texts)};"]
    lines += [
        f"- {line.strip().lstrip('- ').rstrip(';.')};"
        for line in decision.copies_to.splitlines()
        if line.strip()
    ]
    return [*lines, "- Lưu: VT."]


def appendix_heading(decision: Decision) -> tuple[str, str]:
    return (
        "DANH SÁCH CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
        f"(Kèm theo Quyết định số {decision.reference} ngày "
        f"{decision.decided_on:%d/%m/%Y} của {decision.authority.name})",
    )
