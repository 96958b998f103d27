"""Reads of units and blocs that depend on who asks."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from mongcai.accounts.models import Role, User
from mongcai.accounts.scope import managed_accounts

from .models import Bloc, BlocMembership, MembershipRole, Reorganisation, Unit

# The unit tree is walked in the database, inside the query that uses it (a
# recursive CTE as the right-hand side of IN): scoping costs no query of its
# own, whatever the depth. PostgreSQL and SQLite both take it.
_UNIT = Unit._meta.db_table
_BLOC = Bloc._meta.db_table
_MEMBERS = Unit.organiser_members.through._meta.db_table
_SECRETARIES = Unit.secretaries.through._meta.db_table
_BELOW_MEMBERSHIPS = f"""
    WITH RECURSIVE below(id) AS (
        SELECT unit_id FROM {_MEMBERS} WHERE user_id = %s
        UNION
        SELECT u.id FROM {_UNIT} u JOIN below b ON u.parent_id = b.id
    ) SELECT id FROM below"""  # nosec B608 # table names and code constants only; values are %s parameters
# A walk up takes each unit's parent by its primary key (a scalar subquery):
# joining the units to the walk let PostgreSQL scan every unit at each step
# (0,4 ms at province scale on every dashboard view, more with more units).
_PARENT = f"(SELECT u.parent_id FROM {_UNIT} u WHERE u.id = a.id)"  # nosec B608 # table name
_ABOVE_OWN_UNITS = f"""
    WITH RECURSIVE above(id) AS (
        SELECT unit_id FROM {_SECRETARIES} WHERE user_id = %s
        UNION
        SELECT {_PARENT} FROM above a WHERE a.id IS NOT NULL
    ) SELECT id FROM above WHERE id IS NOT NULL"""  # nosec B608 # table names and code constants only; values are %s parameters


# The same question for a few units, asked upwards: from each unit that `start`
# selects, the unit and its ancestors (one row per level), kept when one of them
# is an organiser of the user's. Walking down from the user's organisers reads
# every unit below them (2,000 at province scale: several ms of database time
# on every dashboard view, for one unit's answer).
_IN_SCOPE_ABOVE = f"""
    WITH RECURSIVE start(id) AS ({{start}}), above(id, origin) AS (
        SELECT id, id FROM start
        UNION
        SELECT {_PARENT}, a.origin FROM above a WHERE a.id IS NOT NULL
    ) SELECT a.origin FROM above a JOIN {_MEMBERS} m ON m.unit_id = a.id
    WHERE m.user_id = %s"""  # nosec B608 # table names and code constants only; values are %s parameters


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def organiser_units(user: User) -> QuerySet[Unit]:
    """The units of the organisers a council member or admin belongs to, and every unit below.

    What belongs to an organiser (campaigns, blocs, their covenants, nominations
    through their campaign, decisions through their authority) is theirs to see
    when its organiser is one of these units. A superuser's is every unit;
    nobody else has any.
    """
    if not _active(user):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    if not user.sees_organiser_units:
        return Unit.objects.none()
    # B611: a constant query of this module, the user's id as its parameter.
    return Unit.objects.filter(pk__in=RawSQL(_BELOW_MEMBERSHIPS, [user.pk]))  # nosec B611


def organiser_scope_above(user: User, start: str, params: list) -> RawSQL:
    """The ids of the units `start` selects (this module's callers' own SQL, one
    unit id a row: the unit of a URL, a campaign's or a bloc's organiser) that
    are among organiser_units(user), for `__in`, found by walking up from them.
    For one object of a URL; lists scope through organiser_units. Plain SQL:
    compiling a queryset into the walk was about a third of a dashboard view's
    access check (docs/BENCHMARKS.md, seventh round)."""
    if not _active(user) or not user.sees_organiser_units:
        return RawSQL(f"SELECT id FROM {_UNIT} WHERE 1 = 0", [])  # nosec B611 B608 # constant
    if user.is_superuser:
        return RawSQL(start, params)  # nosec B611 # the callers' constant SQL, values as parameters
    # B611: a constant query of this module around the callers' constant SQL.
    return RawSQL(_IN_SCOPE_ABOVE.format(start=start), [*params, user.pk])  # nosec B611


def organisers_for_user(user: User) -> QuerySet[Unit]:
    """The units whose campaigns and blocs the user may read.

    Council members and admins: their organisers and those below them
    (organiser_units). A secretary: the units above their own units (the
    organisers their units report to), and their units themselves.
    """
    if _active(user) and user.is_secretary and not user.is_superuser:
        # B611: a constant query of this module, the user's id as its parameter.
        return Unit.objects.filter(pk__in=RawSQL(_ABOVE_OWN_UNITS, [user.pk]))  # nosec B611
    return organiser_units(user)


def units_for_user(user: User) -> QuerySet[Unit]:
    """The units whose data `user` may read: a secretary's own; for council members and
    admins those of their organisers and below (organiser_units).

    Every view that shows unit data scopes through this one queryset.
    """
    if not _active(user):
        return Unit.objects.none()
    if user.is_secretary and not user.is_superuser:
        return Unit.objects.filter(secretaries=user)
    return organiser_units(user)


def organiser_choices(user: User) -> QuerySet[Unit]:
    """The organisers a council member or admin acts for (theirs and those below)."""
    return organiser_units(user).filter(is_organiser=True)


def unit_get_for_user(user: User, pk: int) -> Unit:
    """A unit whose data the user may read, or 404 (units_for_user)."""
    if not _active(user) or (user.is_secretary and not user.is_superuser):
        return get_object_or_404(units_for_user(user), pk=pk)
    # B608: the table's name; the value is a parameter.
    start = f"SELECT id FROM {_UNIT} WHERE id = %s"  # nosec B608
    in_scope = organiser_scope_above(user, start, [pk])
    return get_object_or_404(Unit.objects.filter(pk__in=in_scope), pk=pk)


def own_unit_get(user: User, pk: int) -> Unit:
    """One of the units whose reports the user files, or 404."""
    return get_object_or_404(Unit.objects.filter(secretaries=user), pk=pk)


def blocs_for_user(user: User) -> QuerySet[Bloc]:
    """The blocs of the organisers the user may read (organisers_for_user)."""
    return Bloc.objects.filter(organiser__in=organisers_for_user(user))


# The column a bloc is asked by (bloc_get), by its lookup's name.
_BLOC_LOOKUPS = {"pk": "id", "code": "code"}


def bloc_get(user: User, **lookup) -> Bloc:
    """A bloc by code or pk among those the user may read, or 404."""
    if not _active(user) or (user.is_secretary and not user.is_superuser):
        return get_object_or_404(blocs_for_user(user), **lookup)
    ((name, value),) = lookup.items()
    # B608: the table's and a constant column's names; the value is a parameter.
    start = f"SELECT organiser_id FROM {_BLOC} WHERE {_BLOC_LOOKUPS[name]} = %s"  # nosec B608
    blocs = Bloc.objects.filter(organiser__in=organiser_scope_above(user, start, [value]))
    return get_object_or_404(blocs, **lookup)


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


def blocs_with_members(user: User, *, year: int) -> list[Bloc]:
    """The user's blocs (blocs_for_user) with their members of `year` prefetched, head
    first, grouped by organiser (each numbers its own blocs from 1). Two queries."""
    memberships = BlocMembership.objects.filter(year=year).select_related("unit")
    blocs = (
        blocs_for_user(user)
        .select_related("organiser")
        # Organisers that still exist first (a city merged away keeps its blocs' history).
        .order_by(
            F("organiser__valid_to").desc(nulls_first=True),
            "organiser__name",
            "organiser_id",
            "order",
            "name",
        )
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="members_of_year"))
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


def membership_years(user: User) -> list[int]:
    """The years in which the user's blocs (blocs_for_user) have members, newest first."""
    return list(
        BlocMembership.objects.filter(bloc__in=blocs_for_user(user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def head_history(bloc: Bloc) -> list[BlocMembership]:
    """Heads and deputies of the bloc across the years, newest first."""
    return list(
        BlocMembership.objects.filter(
            bloc=bloc, role__in=[MembershipRole.HEAD, MembershipRole.DEPUTY]
        )
        .select_related("unit")
        .order_by("-year", "role")
    )


def accounts_managed_by(manager: User) -> QuerySet[User]:
    """The accounts of an admin's organisers and below: the secretaries of their units,
    and their council members and admins. Registered with mongcai.accounts.scope (blocs
    .apps), which every accounts page asks; a superuser manages every account there."""
    units = organiser_units(manager)
    return User.objects.filter(
        Exists(_SecretaryLink.objects.filter(user_id=OuterRef("pk"), unit__in=units))
        | Exists(_MemberLink.objects.filter(user_id=OuterRef("pk"), unit__in=units))
    )


_SecretaryLink = Unit.secretaries.through
_MemberLink = Unit.organiser_members.through


def accounts_for_manager(
    manager: User, *, role: str = "", active: bool | None = None, query: str = ""
) -> QuerySet[User]:
    """The accounts an admin manages (mongcai.accounts.scope.managed_accounts), with their
    units (one prefetch), for the list.

    Nobody else manages accounts: an empty list for them.
    """
    accounts = managed_accounts(manager).prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("name").only("pk", "name", "code")),
        Prefetch("organisers", queryset=Unit.objects.order_by("name").only("pk", "name")),
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
        accounts_for_manager(manager, role=Role.SECRETARY, active=True)
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


def footer_organiser(user: User) -> Unit | None:
    """The organiser a page's frame names for `user`: a council member's or admin's own
    (the highest of them still existing, when they belong to several); for a secretary
    the nearest organiser above their first unit. None for anyone else. Two queries."""
    if not _active(user):
        return None
    if user.sees_organiser_units:
        mine = list(user.organisers.order_by("valid_to", "pk"))
        ids = {unit.pk for unit in mine}
        tops = [unit for unit in mine if unit.parent_id not in ids]
        current = [unit for unit in tops if unit.valid_to is None] or tops
        return current[0] if current else None
    unit = user.units.select_related("parent__parent__parent").order_by("name").first()
    node = unit.parent if unit is not None else None
    while node is not None and not node.is_organiser:
        node = node.parent
    return node


def lineage_people(user: User, lineage: set[int]) -> dict:
    """The secretaries and the bloc seats of a unit and the units it succeeded, for its
    page: the lineage's units the user may read (units_for_user) only. Three queries."""
    units = list(units_for_user(user).filter(pk__in=lineage).order_by("-valid_from", "name"))
    ids = [unit.pk for unit in units]
    return {
        "lineage_units": units,
        "lineage_secretaries": list(
            User.objects.filter(units__in=ids)
            .annotate(unit_name=F("units__name"))
            .order_by("unit_name", "full_name")
        ),
        "lineage_seats": list(
            BlocMembership.objects.filter(unit_id__in=ids)
            .select_related("bloc", "unit")
            .order_by("-year", "unit__name")
        ),
    }
