"""The organisation: the unit tree, emulation blocs and their yearly membership."""

from .organisation import (
    ORGANISERS,
    Bloc,
    BlocMembership,
    MembershipRole,
    Reorganisation,
    ReorganisationKind,
    Unit,
    UnitKind,
)

__all__ = [
    "ORGANISERS",
    "Bloc",
    "BlocMembership",
    "MembershipRole",
    "Reorganisation",
    "ReorganisationKind",
    "Unit",
    "UnitKind",
]
