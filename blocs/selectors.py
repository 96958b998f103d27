"""Reads of units and blocs that depend on who asks."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from covenants.models import Covenant
from mongcai.accounts.models import User

from .models import Bloc, BlocMembership, MembershipRole, Unit


def units_for_user(user: User) -> QuerySet[Unit]:
    """The units whose data `user` may read: all for council and admin, own for secretaries.

    Every view that shows unit data scopes through this one queryset.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.sees_all_units:
        return Unit.objects.all()
    return Unit.objects.filter(secretaries=user)


def bloc_leadership_for_user(user: User, *, year: int) -> QuerySet[BlocMembership]:
    """The head/deputy memberships of the user's units in `year`."""
    return BlocMembership.objects.filter(
        unit__secretaries=user,
        year=year,
        role__in=[MembershipRole.HEAD, MembershipRole.DEPUTY],
    ).select_related("bloc", "unit")


def blocs_with_members(*, year: int) -> list[Bloc]:
    """Every bloc with its members of `year` prefetched, head first. Two queries."""
    memberships = BlocMembership.objects.filter(year=year).select_related("unit")
    blocs = Bloc.objects.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="members_of_year")
    )
    result = list(blocs)
    for bloc in result:
        bloc.members_of_year.sort(key=_head_first)
    return result


_ROLE_RANK = {MembershipRole.HEAD: 0, MembershipRole.DEPUTY: 1, MembershipRole.MEMBER: 2}


def _head_first(membership: BlocMembership):
    return (_ROLE_RANK[membership.role], membership.unit.name)


def bloc_members(bloc_id: int, year: int) -> list[BlocMembership]:
    """A bloc's members in a year with their units, head first, then deputy, then by name."""
    members = BlocMembership.objects.filter(bloc_id=bloc_id, year=year).select_related("unit")
    return sorted(members, key=_head_first)


def membership_years() -> list[int]:
    return list(BlocMembership.objects.order_by("-year").values_list("year", flat=True).distinct())


# --- covenants and scoring -------------------------------------------------


@dataclass(frozen=True)
class CovenantAccess:
    """What one user may do with one covenant; every covenant view asks this."""

    member_unit_ids: frozenset[int]
    is_head: bool
    is_reviewer: bool
    is_council: bool
    is_admin: bool

    @property
    def can_view(self) -> bool:
        return bool(self.member_unit_ids) or self.is_council or self.is_admin or self.is_reviewer

    @property
    def sees_whole_bloc(self) -> bool:
        """Head, named reviewers, council and admin see every member's scores."""
        return self.is_head or self.is_reviewer or self.is_council or self.is_admin

    @property
    def can_draft(self) -> bool:
        return self.is_head or self.is_admin

    @property
    def can_review(self) -> bool:
        return self.is_head or self.is_reviewer

    def may_see_unit(self, unit_id: int) -> bool:
        return self.sees_whole_bloc or unit_id in self.member_unit_ids


def covenant_members(covenant: Covenant) -> list[BlocMembership]:
    """The bloc's members in the covenant's year, head first."""
    return bloc_members(covenant.bloc_id, covenant.year)


def covenant_access(user: User, covenant: Covenant) -> CovenantAccess:
    if not user.is_authenticated or not user.is_active:
        return CovenantAccess(frozenset(), False, False, False, False)
    memberships = BlocMembership.objects.filter(
        bloc_id=covenant.bloc_id, year=covenant.year, unit__secretaries=user
    ).values_list("unit_id", "role")
    unit_ids = frozenset(unit_id for unit_id, _role in memberships)
    is_head = any(role == MembershipRole.HEAD for _unit_id, role in memberships)
    is_reviewer = covenant.pk is not None and covenant.reviewers.filter(pk=user.pk).exists()
    return CovenantAccess(unit_ids, is_head, is_reviewer, user.is_council, user.is_admin_role)


def covenant_for_user(user: User, pk: int) -> tuple[Covenant, CovenantAccess]:
    """The covenant and the user's access to it, or 404 for anyone outside it."""
    covenant = get_object_or_404(
        Covenant.objects.select_related("bloc", "campaign", "flag_unit"), pk=pk
    )
    access = covenant_access(user, covenant)
    if not access.can_view:
        raise Http404
    return covenant, access


def covenants_for_user(user: User) -> QuerySet[Covenant]:
    """Covenants of the blocs the user's units belong to, or all for council and admin."""
    covenants = Covenant.objects.select_related("bloc", "campaign", "flag_unit")
    if user.sees_all_units:
        return covenants
    return covenants.filter(
        Q(
            bloc__memberships__unit__secretaries=user,
            bloc__memberships__year=F("year"),
        )
        | Q(reviewers=user)
    ).distinct()


def head_history(bloc: Bloc) -> list[BlocMembership]:
    """Heads and deputies of the bloc across the years, newest first."""
    return list(
        BlocMembership.objects.filter(
            bloc=bloc, role__in=[MembershipRole.HEAD, MembershipRole.DEPUTY]
        )
        .select_related("unit")
        .order_by("-year", "role")
    )


@dataclass(frozen=True)
class CovenantTask:
    """Something the user has to do on a covenant, for the home page."""

    covenant: Covenant
    action: str  # sign, self_score, review, finalise
    unit: Unit | None = None


def covenant_tasks_for_user(user: User) -> list[CovenantTask]:
    """What waits for the user: signatures, self-scores, reviews, finalisation (≤ 4 queries)."""
    from covenants.models import CovenantStatus, Scorecard, ScoringStage

    if user.is_council:
        waiting = Covenant.objects.filter(scoring_stage=ScoringStage.REVIEW, status="signed")
        return [
            CovenantTask(c, "finalise") for c in waiting.select_related("bloc").order_by("year")
        ]
    if not user.is_secretary:
        return []
    tasks: list[CovenantTask] = []
    from covenants.models import Signature

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
    from awards.models import Nomination
    from awards.services import FLAG_TITLE_CODE

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
