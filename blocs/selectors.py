"""Reads of units and blocs that depend on who asks."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from mongcai.accounts.models import User

from .models import Bloc, BlocMembership, MembershipRole, Reorganisation, Unit


def units_for_user(user: User) -> QuerySet[Unit]:
    """The units whose data `user` may read: all for council and admin, own for secretaries.

    Every view that shows unit data scopes through this one queryset.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.sees_all_units:
        return Unit.objects.all()
    return Unit.objects.filter(secretaries=user)


def unit_get_for_user(user: User, pk: int) -> Unit:
    """A unit whose data the user may read, or 404 (units_for_user)."""
    return get_object_or_404(units_for_user(user), pk=pk)


def own_unit_get(user: User, pk: int) -> Unit:
    """One of the units whose reports the user files, or 404."""
    return get_object_or_404(Unit.objects.filter(secretaries=user), pk=pk)


def bloc_get(**lookup) -> Bloc:
    """A bloc by code or pk, or 404. Every signed-in user may read every bloc."""
    return get_object_or_404(Bloc, **lookup)


def headed_years(user: User, bloc: Bloc) -> list[int]:
    """The years, newest first, in which one of the user's units heads the bloc."""
    return list(
        BlocMembership.objects.filter(bloc=bloc, role=MembershipRole.HEAD, unit__secretaries=user)
        .order_by("-year")
        .values_list("year", flat=True)
    )


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


def head_history(bloc: Bloc) -> list[BlocMembership]:
    """Heads and deputies of the bloc across the years, newest first."""
    return list(
        BlocMembership.objects.filter(
            bloc=bloc, role__in=[MembershipRole.HEAD, MembershipRole.DEPUTY]
        )
        .select_related("unit")
        .order_by("-year", "role")
    )


def accounts_for_manager(
    manager: User, *, role: str = "", active: bool | None = None, query: str = ""
) -> QuerySet[User]:
    """The accounts an admin manages, with their units (one prefetch), for the list.

    Nobody else manages accounts: an empty list for them.
    """
    if not (manager.is_authenticated and manager.is_active and manager.is_admin_role):
        return User.objects.none()
    accounts = User.objects.prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("name").only("pk", "name", "code"))
    )
    if role:
        accounts = accounts.filter(role=role)
    if active is not None:
        accounts = accounts.filter(is_active=active)
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    return accounts.order_by("-is_active", "role", "username")


def successors_for(manager: User, leaving: User) -> QuerySet[User]:
    """The accounts that may take over a leaving secretary's units."""
    return (
        accounts_for_manager(manager, role="secretary", active=True)
        .exclude(pk=leaving.pk)
        .prefetch_related(None)
    )


def unit_lineage_ids(unit: Unit) -> set[int]:
    """The unit and every unit it succeeded, however many reorganisations back.

    History follows successors: titles, awards and figures of a predecessor are
    found from the unit that took its place. One query per generation (a unit
    rarely has more than two)."""
    through = Unit.successors.through
    lineage, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = (
            set(
                through.objects.filter(to_unit_id__in=frontier).values_list(
                    "from_unit_id", flat=True
                )
            )
            - lineage
        )
        lineage |= frontier
    return lineage


def units_as_of(user: User, day) -> QuerySet[Unit]:
    """The units in the user's scope that exist on `day`, with their parents."""
    return (
        units_for_user(user)
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def unit_relations(unit: Unit) -> dict:
    """A unit's predecessors and successors, and the reorganisations that ended or
    started it, with their legal basis. Three queries."""
    return {
        "predecessors": list(unit.predecessors.order_by("name")),
        "successors": list(unit.successors.order_by("name")),
        "events": list(
            Reorganisation.objects.filter(Q(predecessors=unit) | Q(successors=unit))
            .distinct()
            .order_by("effective_on")
        ),
    }
