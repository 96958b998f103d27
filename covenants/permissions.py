"""Who may do what with a covenant and its scores (django-rules).

The views, the templates (`{% test_rule "covenants.…" user covenant %}`) and
the services ask these. Where the user stands in the covenant's bloc (member,
head, named reviewer) is read once per covenant (covenants.selectors
.covenant_access); the stage is the covenant's own.
"""

import rules

from blocs.permissions import has_headed_bloc, in_organiser_scope, is_secretary_of_unit
from mongcai.accounts.permissions import is_admin, is_council

from .models import CovenantStatus, ScoringStage
from .selectors import covenant_access, covenant_managed_by

# --- where the user stands (object: the covenant) ---


@rules.predicate
def is_member(user, covenant) -> bool:
    """A secretary of one of the bloc's members in the covenant's year."""
    return bool(covenant_access(user, covenant).member_unit_ids)


@rules.predicate
def is_head(user, covenant) -> bool:
    return covenant_access(user, covenant).is_head


@rules.predicate
def is_reviewer(user, covenant) -> bool:
    """Named by the head to cross-review with it."""
    return covenant_access(user, covenant).is_reviewer


@rules.predicate
def is_secretary_of_flag_unit(user, covenant) -> bool:
    return covenant.flag_unit_id in covenant_access(user, covenant).member_unit_ids


@rules.predicate
def manages(user, covenant) -> bool:
    """The covenant's bloc is of the user's organisers or below (council, admins)."""
    return covenant_managed_by(user, covenant)


@rules.predicate
def manages_scorecard(user, scorecard) -> bool:
    return covenant_managed_by(user, scorecard.covenant)


# --- the covenant's stage ---


@rules.predicate
def is_draft(user, covenant) -> bool:
    return covenant.status == CovenantStatus.DRAFT


@rules.predicate
def in_self_scoring(user, covenant) -> bool:
    return covenant.status == CovenantStatus.SIGNED and covenant.scoring_stage == ScoringStage.SELF


@rules.predicate
def in_review(user, covenant) -> bool:
    return covenant.scoring_stage == ScoringStage.REVIEW


@rules.predicate
def is_final(user, covenant) -> bool:
    return covenant.is_final


may_review = is_head | is_reviewer


@rules.predicate
def manages_organiser_of_bloc(user, bloc) -> bool:
    return in_organiser_scope(user, bloc.organiser_id)


# --- a scorecard (object: the scorecard) ---


@rules.predicate
def files_for_scorecard_unit(user, scorecard) -> bool:
    return is_secretary_of_unit(user, scorecard.unit)


@rules.predicate
def scorecard_in_self_scoring(user, scorecard) -> bool:
    return in_self_scoring(user, scorecard.covenant) and scorecard.self_submitted_at is None


@rules.predicate
def reviews_scorecard(user, scorecard) -> bool:
    """A reviewer of the covenant, outside the scorecard's own unit, during the review."""
    covenant = scorecard.covenant
    return (
        may_review(user, covenant)
        and in_review(user, covenant)
        and scorecard.unit_id not in covenant_access(user, covenant).member_unit_ids
    )


# The roles first: a rule stops at the first predicate that holds, and a role costs
# no query.
# A council member or an admin acts on the covenants of their organisers' blocs and
# below only (the loader answers 404 for the others' before these are asked).
council = is_council & manages
admin = is_admin & manages
may_view = council | admin | is_member | is_reviewer
sees_whole_bloc = council | admin | is_head | is_reviewer
may_draft = admin | is_head

# A bloc (object: the bloc): its head, in any year, or an admin starts a covenant.
rules.add_rule("covenants.start", (is_admin & manages_organiser_of_bloc) | has_headed_bloc)
# A covenant.
rules.add_rule("covenants.view", may_view)
rules.add_rule("covenants.see_whole_bloc", sees_whole_bloc)
rules.add_rule("covenants.draft", may_draft)
rules.add_rule("covenants.edit_draft", may_draft & is_draft)
rules.add_rule("covenants.review", may_review)
rules.add_rule("covenants.name_reviewers", is_head & ~is_final)
rules.add_rule("covenants.start_review", is_head & in_self_scoring)
rules.add_rule("covenants.finalise", council & in_review)
rules.add_rule("covenants.see_ranking", may_view & (is_final | sees_whole_bloc))
rules.add_rule("covenants.open_flag_nomination", council | admin | is_secretary_of_flag_unit)
# A scorecard.
rules.add_rule("covenants.self_score", files_for_scorecard_unit & scorecard_in_self_scoring)
rules.add_rule("covenants.review_scorecard", reviews_scorecard)
