"""The organisation: the unit tree, emulation blocs and their yearly membership."""

from .organisation import (
    Bloc,
    BlocMembership,
    MembershipRole,
    Reorganisation,
    ReorganisationKind,
    Unit,
    UnitKind,
)

__all__ = [
    "Bloc",
    "BlocMembership",
    "MembershipRole",
    "Reorganisation",
    "ReorganisationKind",
    "Unit",
    "UnitKind",
]
