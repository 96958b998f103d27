"""Reads of units and blocs that depend on who asks."""

from django.db.models import Prefetch, QuerySet

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
    role_rank = {MembershipRole.HEAD: 0, MembershipRole.DEPUTY: 1, MembershipRole.MEMBER: 2}
    result = list(blocs)
    for bloc in result:
        bloc.members_of_year.sort(key=lambda m: (role_rank[m.role], m.unit.name))
    return result


def membership_years() -> list[int]:
    return list(BlocMembership.objects.order_by("-year").values_list("year", flat=True).distinct())
