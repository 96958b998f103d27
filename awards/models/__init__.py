"""Models of the awards app, one module per topic."""

from .catalogue import (
    INITIATIVE_LEVEL_RANK,
    Authority,
    BaseSalary,
    CashRounding,
    Category,
    EligibilityRule,
    InitiativeLevel,
    LegalBasis,
    PackImport,
    ProposalRoute,
    RecipientKind,
    RuleKind,
    Title,
    TitleGrant,
    TitleTerm,
)
from .decisions import Decision, DecisionRecipient, DecisionStatus, Export, ExportStatus
from .honour import HonourBoard
from .nominations import AwardKind, Nomination, NominationStatus
from .people import Discipline, Gender, Initiative, Person

__all__ = [
    "INITIATIVE_LEVEL_RANK",
    "Authority",
    "AwardKind",
    "BaseSalary",
    "CashRounding",
    "Category",
    "Decision",
    "DecisionRecipient",
    "DecisionStatus",
    "Discipline",
    "EligibilityRule",
    "Export",
    "ExportStatus",
    "Gender",
    "HonourBoard",
    "Initiative",
    "InitiativeLevel",
    "LegalBasis",
    "Nomination",
    "NominationStatus",
    "PackImport",
    "Person",
    "ProposalRoute",
    "RecipientKind",
    "RuleKind",
    "Title",
    "TitleGrant",
    "TitleTerm",
]
