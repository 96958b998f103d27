"""Who may do what with commendations (django-rules). The views and the templates
(the awards menu, the nomination's review buttons) ask these same rules."""

import rules

from mongcai.accounts.permissions import (
    is_admin,
    is_council,
    is_secretary,
    is_superuser,
    sees_organiser_units,
)

from . import dossiers
from .models import NominationStatus


@rules.predicate
def is_proposed(user, nomination) -> bool:
    return nomination.status == NominationStatus.PROPOSED


# A secretary proposes for their own units; a superuser is nobody's secretary.
rules.add_rule("awards.propose_nomination", is_secretary & ~is_superuser)
rules.add_rule("awards.register_person", is_secretary | is_admin)
rules.add_rule("awards.review_nominations", is_council)
rules.add_rule("awards.review_nomination", is_council & is_proposed)
rules.add_rule("awards.view_statistics", sees_organiser_units)
rules.add_rule("awards.manage_decisions", is_admin)
# The council's sessions: its members convene and hold them; admins read them (minutes).
rules.add_rule("awards.view_sessions", sees_organiser_units)
rules.add_rule("awards.hold_sessions", is_council)


# The dossier (awards.dossiers): the nominating unit's secretary drafts and edits it
# while it is a draft; the unit's head (Unit.heads) confirms it, and reopens it.
@rules.predicate
def is_unit_secretary(user, dossier) -> bool:
    return dossiers.is_unit_secretary(user, dossier.nomination)


@rules.predicate
def is_unit_head(user, dossier) -> bool:
    return dossiers.is_unit_head(user, dossier.nomination)


@rules.predicate
def is_draft(user, dossier) -> bool:
    return not dossier.is_confirmed


rules.add_rule("awards.edit_dossier", is_unit_secretary & is_draft)
rules.add_rule("awards.confirm_dossier", is_unit_head & is_draft)
rules.add_rule("awards.reopen_dossier", is_unit_head & ~is_draft)


# Annual registration and public disclosure: secretaries, council members and admins read
# them (scoped to their organisers); secretaries register; admins run them.
rules.add_rule("awards.view_registration", is_secretary | sees_organiser_units)
rules.add_rule("awards.register", is_secretary & ~is_superuser)
rules.add_rule("awards.manage_procedure", is_admin)
