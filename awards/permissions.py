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
# Annual registration and public disclosure: secretaries, council members and admins read
# them (scoped to their organisers); secretaries register; admins run them.
rules.add_rule("awards.view_registration", is_secretary | sees_organiser_units)
rules.add_rule("awards.register", is_secretary & ~is_superuser)
rules.add_rule("awards.manage_procedure", is_admin)
