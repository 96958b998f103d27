"""Models of the awards app, one module per topic."""

from .catalogue import (
    Authority,
    BaseSalary,
    Category,
    EligibilityRule,
    LegalBasis,
    RecipientKind,
    RuleKind,
    Title,
    TitleTerm,
)
from .decisions import Decision, DecisionRecipient, DecisionStatus, Export, ExportStatus
from .nominations import AwardKind, Nomination, NominationStatus
from .people import Gender, Initiative, Person

__all__ = [
    "Authority",
    "AwardKind",
    "BaseSalary",
    "Category",
    "Decision",
    "DecisionRecipient",
    "DecisionStatus",
    "EligibilityRule",
    "Export",
    "ExportStatus",
    "Gender",
    "Initiative",
    "LegalBasis",
    "Nomination",
    "NominationStatus",
    "Person",
    "RecipientKind",
    "RuleKind",
    "Title",
    "TitleTerm",
]
