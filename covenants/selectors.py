"""Reads of covenants and their scoring; those that depend on who asks scope to the user."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import rules
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import Nomination
from awards.services import FLAG_TITLE_CODE
from blocs.models import BlocMembership, MembershipRole, Unit
from blocs.permissions import in_organiser_scope
from blocs.selectors import bloc_members, organiser_units
from campaigns.models import CompletenessTally, NodeKind, Period, Tally, TallyStatus
from mongcai.accounts.models import User

from .models import (
    Covenant,
    CovenantStatus,
    CriterionKind,
    CriterionPrefill,
    Score,
    Scorecard,
    ScoringStage,
    Signature,
)
from .ranking import RankRow, rank_rows

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CovenantAccess:
    """Where one user stands in one covenant's bloc: what covenants.permissions reads."""

    member_unit_ids: frozenset[int]
    is_head: bool
    is_reviewer: bool


def covenant_members(covenant: Covenant) -> list[BlocMembership]:
    """The bloc's members in the covenant's year, head first."""
    return bloc_members(covenant.bloc_id, covenant.year)


def covenant_access(user: User, covenant: Covenant) -> CovenantAccess:
    """Read once per covenant instance and user (two queries): a page asks the rules
    about it many times. A service reloads the covenant, so it reads afresh."""
    known = covenant.__dict__.setdefault("_access_by_user", {})
    if user.pk not in known:
        known[user.pk] = _covenant_access(user, covenant)
    return known[user.pk]


def _covenant_access(user: User, covenant: Covenant) -> CovenantAccess:
    if not user.is_authenticated or not user.is_active:
        return CovenantAccess(frozenset(), False, False)
    memberships = BlocMembership.objects.filter(
        bloc_id=covenant.bloc_id, year=covenant.year, unit__secretaries=user
    ).values_list("unit_id", "role")
    unit_ids = frozenset(unit_id for unit_id, _role in memberships)
    is_head = any(role == MembershipRole.HEAD for _unit_id, role in memberships)
    is_reviewer = covenant.pk is not None and covenant.reviewers.filter(pk=user.pk).exists()
    return CovenantAccess(unit_ids, is_head, is_reviewer)


def scorecards_by_rank(covenant: Covenant, unit_ids=None) -> QuerySet[Scorecard]:
    """The covenant's scorecards (those of `unit_ids` when given) in rank order, then
    by name: the order the list shows its ranks in (unranked ones last)."""
    cards = covenant.scorecards.select_related("unit")
    if unit_ids is not None:
        cards = cards.filter(unit_id__in=unit_ids)
    return cards.order_by(F("rank").asc(nulls_last=True), "unit__name", "pk")


def covenant_managed_by(user: User, covenant: Covenant) -> bool:
    """The covenant's bloc belongs to one of the user's organisers or one below (council
    members and admins act on it only then). Read once per covenant instance and user."""
    known = covenant.__dict__.setdefault("_managed_by", {})
    if user.pk not in known:
        known[user.pk] = user.is_authenticated and (
            user.sees_organiser_units and in_organiser_scope(user, covenant.bloc.organiser_id)
        )
    return known[user.pk]


def covenant_for_user(user: User, pk: int) -> Covenant:
    """The covenant, or 404 for anyone outside it (rule covenants.view)."""
    covenant = get_object_or_404(covenants_for_user(user), pk=pk)
    if user.is_authenticated and user.sees_organiser_units and not user.is_secretary:
        # covenants_for_user let it through for a council member or an admin only
        # because its bloc is one of their organisers' (or below).
        covenant.__dict__.setdefault("_managed_by", {})[user.pk] = True
    if not rules.test_rule("covenants.view", user, covenant):
        raise Http404
    return covenant


def _may_see_unit(user: User, covenant: Covenant, unit_id: int) -> bool:
    """Members see their own unit's scores; head, reviewers, council and admin all."""
    return rules.test_rule("covenants.see_whole_bloc", user, covenant) or (
        unit_id in covenant_access(user, covenant).member_unit_ids
    )


def scorecard_get_for_user(user: User, pk: int, unit_pk: int) -> Scorecard:
    """A member unit's scorecard under the covenant, or 404 for whoever may not see it."""
    covenant = covenant_for_user(user, pk)
    if not _may_see_unit(user, covenant, unit_pk):
        raise Http404
    scorecard = get_object_or_404(
        Scorecard.objects.select_related("unit"), covenant=covenant, unit_id=unit_pk
    )
    scorecard.covenant = covenant
    return scorecard


def score_with_evidence_get_for_user(user: User, pk: int, score_pk: int) -> Score:
    """A score's evidence file under the covenant, or 404 for whoever may not see it."""
    covenant = covenant_for_user(user, pk)
    score = get_object_or_404(
        Score.objects.select_related("scorecard"), pk=score_pk, scorecard__covenant=covenant
    )
    if not _may_see_unit(user, covenant, score.scorecard.unit_id) or not score.evidence:
        raise Http404
    return score


def covenants_for_user(user: User) -> QuerySet[Covenant]:
    """Covenants of the blocs the user's units belong to; for council members and admins
    those of their organisers' blocs and below (blocs.selectors.organiser_units)."""
    covenants = Covenant.objects.select_related("bloc", "campaign", "flag_unit")
    if not user.is_authenticated:
        return covenants.none()
    if user.sees_organiser_units and not user.is_secretary:
        return covenants.filter(bloc__organiser__in=organiser_units(user))
    return covenants.filter(
        Q(
            bloc__memberships__unit__secretaries=user,
            bloc__memberships__year=F("year"),
        )
        | Q(reviewers=user)
    ).distinct()


@dataclass(frozen=True)
class CovenantTask:
    """Something the user has to do on a covenant, for the home page."""

    covenant: Covenant
    action: str  # open, sign, self_score, review, finalise
    unit: Unit | None = None


def covenant_tasks_for_user(user: User) -> list[CovenantTask]:
    """What waits for the user: a draft to open (the head), signatures, self-scores,
    reviews, finalisation (≤ 5 queries)."""
    if user.is_council:
        waiting = covenants_for_user(user).filter(
            scoring_stage=ScoringStage.REVIEW, status=CovenantStatus.SIGNED
        )
        return [
            CovenantTask(c, "finalise") for c in waiting.select_related("bloc").order_by("year")
        ]
    if not user.is_secretary:
        return []
    tasks: list[CovenantTask] = [
        CovenantTask(c, "open")
        for c in Covenant.objects.filter(
            status=CovenantStatus.DRAFT,
            bloc__memberships__unit__secretaries=user,
            bloc__memberships__year=F("year"),
            bloc__memberships__role=MembershipRole.HEAD,
        )
        .select_related("bloc")
        .distinct()
    ]
    my_members = {
        (m.bloc_id, m.year): m.unit
        for m in BlocMembership.objects.filter(unit__secretaries=user).select_related("unit")
    }
    open_covenants = [
        c
        for c in Covenant.objects.filter(
            status=CovenantStatus.SIGNING, bloc_id__in={b for b, _y in my_members}
        ).select_related("bloc")
        if (c.bloc_id, c.year) in my_members
    ]
    signed = set(
        Signature.objects.filter(covenant__in=open_covenants).values_list("covenant_id", "unit_id")
    )
    for covenant in open_covenants:
        unit = my_members[(covenant.bloc_id, covenant.year)]
        if (covenant.pk, unit.pk) not in signed:
            tasks.append(CovenantTask(covenant, "sign", unit))
    cards = Scorecard.objects.filter(
        unit__secretaries=user,
        self_submitted_at__isnull=True,
        covenant__scoring_stage=ScoringStage.SELF,
    ).select_related("covenant__bloc", "unit")
    tasks += [CovenantTask(card.covenant, "self_score", card.unit) for card in cards]
    reviewing = Covenant.objects.filter(scoring_stage=ScoringStage.REVIEW).filter(
        Q(
            bloc__memberships__unit__secretaries=user,
            bloc__memberships__year=F("year"),
            bloc__memberships__role=MembershipRole.HEAD,
        )
        | Q(reviewers=user)
    )
    tasks += [CovenantTask(c, "review") for c in reviewing.select_related("bloc").distinct()]
    return tasks


def flag_nomination_of(covenant: Covenant):
    """The awards nomination made from the covenant's leading unit, if any (one query)."""
    if covenant.flag_unit_id is None:
        return None
    return (
        Nomination.objects.filter(
            collective_id=covenant.flag_unit_id,
            campaign_id=covenant.campaign_id,
            year=covenant.year,
            title__code=FLAG_TITLE_CODE,
        )
        .order_by("-pk")
        .first()
    )


@dataclass(frozen=True)
class Prefill:
    """A share read from the tallies that suggests a criterion's points (met of total)."""

    kind: str
    met: int
    total: int
    period_label: str

    def points(self, max_points: Decimal) -> Decimal:
        if not self.total:
            return Decimal(0)
        return (max_points * self.met / self.total).quantize(CENT, rounding=ROUND_HALF_UP)


def ranking_rows(covenant: Covenant, *, final: bool) -> list[RankRow]:
    """The ranking from the final scores, or a provisional one from the agreed scores.

    The points are summed per unit and rubric kind in SQL (one query for the
    sums, one for the scorecards); the ordering is ranking.rank_rows.
    """
    points = (
        F("final_points") if final else Coalesce("final_points", "review_points", "self_points")
    )
    sums = (
        Score.objects.filter(scorecard__covenant=covenant)
        .values("scorecard_id", "criterion__kind")
        .annotate(points=Sum(points))
    )
    totals: dict[tuple[int, str], Decimal] = {
        (row["scorecard_id"], row["criterion__kind"]): row["points"] or Decimal(0) for row in sums
    }
    rows = [
        RankRow(
            unit_id=card.unit_id,
            unit_name=card.unit.name,
            criteria=totals.get((card.pk, CriterionKind.CRITERION), Decimal(0)),
            bonus=totals.get((card.pk, CriterionKind.BONUS), Decimal(0)),
            penalty=totals.get((card.pk, CriterionKind.PENALTY), Decimal(0)),
            submitted_at=card.self_submitted_at,
        )
        for card in covenant.scorecards.select_related("unit")
    ]
    return rank_rows(rows)


def _year_period(covenant: Covenant):
    """The period that ends last in the covenant's year, the longest of those."""
    periods = Period.objects.filter(campaign_id=covenant.campaign_id, ends_on__year=covenant.year)
    return max(periods, key=lambda p: (p.ends_on, p.ends_on - p.starts_on), default=None)


def _member_ids(covenant: Covenant):
    return BlocMembership.objects.filter(bloc_id=covenant.bloc_id, year=covenant.year).values_list(
        "unit_id", flat=True
    )


def targets_met_shares(covenant: Covenant, period=None) -> dict[int, Prefill]:
    """Per member unit: how many of its own targets are met or exceeded, from the tallies.

    The indicators are those the commitments name (all the campaign's when
    none does), over the year's period (see _year_period). One query.
    """
    period = period or _year_period(covenant)
    if period is None:
        return {}
    indicator_ids = [
        pk for pk in covenant.commitments.values_list("indicator_id", flat=True) if pk is not None
    ]
    tallies = Tally.objects.filter(
        period=period,
        node_kind=NodeKind.UNIT,
        node_id__in=_member_ids(covenant),
        target__isnull=False,
    )
    if indicator_ids:
        tallies = tallies.filter(indicator_id__in=indicator_ids)
    counts = tallies.values("node_id").annotate(
        total=Count("pk"),
        met=Count("pk", filter=Q(status__in=[TallyStatus.EXCEEDED, TallyStatus.MET])),
    )
    return {
        row["node_id"]: Prefill(
            CriterionPrefill.TARGETS_MET, row["met"], row["total"], period.label
        )
        for row in counts
    }


def reports_on_time_shares(covenant: Covenant, period=None) -> dict[int, Prefill]:
    """Per member unit: reports filed on time out of those owed, from the completeness tallies."""
    period = period or _year_period(covenant)
    if period is None:
        return {}
    rows = CompletenessTally.objects.filter(
        period=period, node_kind=NodeKind.UNIT, node_id__in=_member_ids(covenant), expected__gt=0
    ).values_list("node_id", "on_time", "expected")
    return {
        unit_id: Prefill(CriterionPrefill.REPORTS_ON_TIME, on_time, expected, period.label)
        for unit_id, on_time, expected in rows
    }


def prefills_for(covenant: Covenant, criteria) -> dict[int, dict[int, Prefill]]:
    """Per criterion that is pre-filled: the suggestion for each member unit."""
    kinds = {c.prefill for c in criteria if c.prefill}
    if not kinds:
        return {}
    period = _year_period(covenant)
    readers = {
        CriterionPrefill.TARGETS_MET: targets_met_shares,
        CriterionPrefill.REPORTS_ON_TIME: reports_on_time_shares,
    }
    shares = {kind: readers[kind](covenant, period) for kind in kinds}
    return {c.pk: shares[c.prefill] for c in criteria if c.prefill}
