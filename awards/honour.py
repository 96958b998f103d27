"""The public honour board of an organiser (issue 20): what its issued decisions say.

Only what a published decision contains: the campaigns, and for each award the
name of the collective or person, their unit, the title or form, the decision's
number and date. Never a year of birth, an evidence file, a report's figure, an
amount of cash, a nomination or a draft; annulled decisions and void awards drop
out. The leading unit of each bloc is the one a decision granted the emulation
flag (Cờ thi đua) for that year, whoever issued it.

`honour_board` is the one reader (the page, and later the API); its answer is
plain data, cached until any decision is issued or annulled (`honour_board_invalidate`).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404

from blocs.models import BlocMembership, Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User

from .honour_cache import honour_board_invalidate_on_commit, honour_board_version
from .models import DecisionRecipient, DecisionStatus, HonourBoard, RecipientKind, Title
from .services import FLAG_TITLE_CODE

FLAG_TITLE_CODES = (FLAG_TITLE_CODE, "co-thi-dua-chinh-phu")


def published_organiser_get(code: str) -> Unit:
    """The organiser whose board is published, or 404 (unpublished looks like absent)."""
    return get_object_or_404(
        Unit.objects.filter(is_organiser=True, honour_board__published=True), code=code
    )


def honour_board_published(organiser: Unit) -> bool:
    return HonourBoard.objects.filter(organiser=organiser, published=True).exists()


@transaction.atomic
def honour_board_publish(*, organiser: Unit, published: bool, by: User) -> HonourBoard:
    """The organiser's admins choose whether its board is public."""
    board, _created = HonourBoard.objects.select_for_update().get_or_create(organiser=organiser)
    board.published = published
    board.changed_by = by
    board.save()
    honour_board_invalidate_on_commit()
    return board


def _awards(organiser: Unit):
    return DecisionRecipient.objects.filter(
        decision__authority__organiser=organiser,
        decision__status=DecisionStatus.ISSUED,
        is_void=False,
    )


def honour_board(organiser: Unit, year: int | None = None, title: str | None = None) -> dict:
    """The board's content as plain data (cached): campaigns, awards, leading units,
    and the years and titles to filter by. `title` is a title's code."""
    key = f"honour:{honour_board_version()}:{organiser.pk}:{year or ''}:{title or ''}"
    board = cache.get(key)
    if board is None:
        board = _honour_board(organiser, year, title)
        cache.set(key, board, timeout=settings.HONOUR_BOARD_CACHE_SECONDS)
    return board


def _honour_board(organiser: Unit, year: int | None, title: str | None) -> dict:
    awards = _awards(organiser)
    years = sorted(set(awards.values_list("decision__year", flat=True)), reverse=True)
    title_ids = set(awards.values_list("title_id", flat=True))
    titles = [
        {"code": t.code, "name": t.name}
        for t in Title.objects.filter(pk__in=title_ids).order_by("order", "name")
    ]
    if year:
        awards = awards.filter(decision__year=year)
    if title:
        awards = awards.filter(title__code=title)
    rows = [
        {
            "kind": kind,
            "name": collective_name if kind == RecipientKind.COLLECTIVE else person_name,
            "unit": unit_name,
            "title": title_name,
            "decision": f"{number}/{symbol}",
            "decided_on": decided_on,
        }
        for (
            kind,
            collective_name,
            person_name,
            unit_name,
            title_name,
            number,
            symbol,
            decided_on,
        ) in awards.order_by("-decision__decided_on", "-decision__number", "order").values_list(
            "recipient_kind",
            "collective__name",
            "person__full_name",
            "unit__name",
            "title__name",
            "decision__number",
            "decision__authority__symbol",
            "decision__decided_on",
        )
    ]
    campaigns = Campaign.objects.filter(organiser=organiser)
    if year:
        campaigns = campaigns.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return {
        "organiser": organiser.name,
        "years": years,
        "titles": titles,
        "campaigns": [
            {
                "name": c.name,
                "theme": c.theme,
                "launched_on": c.launched_on,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
            }
            for c in campaigns.order_by("-starts_on", "name")
        ],
        "collectives": [r for r in rows if r["kind"] == RecipientKind.COLLECTIVE],
        "individuals": [r for r in rows if r["kind"] == RecipientKind.INDIVIDUAL],
        "leaders": _leaders(organiser, year),
    }


def _leaders(organiser: Unit, year: int | None) -> list[dict]:
    """The units of the organiser's blocs that an issued decision granted the flag
    for a year they were members, by year and bloc."""
    flags = DecisionRecipient.objects.filter(
        title__code__in=FLAG_TITLE_CODES,
        recipient_kind=RecipientKind.COLLECTIVE,
        decision__status=DecisionStatus.ISSUED,
        is_void=False,
    )
    if year:
        flags = flags.filter(year=year)
    found = {
        (r.collective_id, r.year): r
        for r in flags.select_related("collective", "title", "decision__authority")
    }
    if not found:
        return []
    memberships = (
        BlocMembership.objects.filter(
            bloc__organiser=organiser,
        )
        .filter(Q(*[Q(unit_id=unit, year=y) for unit, y in found], _connector=Q.OR))
        .select_related("bloc")
    )
    leaders = []
    for m in memberships.order_by("-year", "bloc__order"):
        award = found[(m.unit_id, m.year)]
        leaders.append(
            {
                "year": m.year,
                "bloc": m.bloc.name,
                "unit": award.collective.name,
                "title": award.title.name,
                "decision": award.decision.reference,
                "decided_on": award.decision.decided_on,
            }
        )
    return leaders
