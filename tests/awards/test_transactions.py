"""The awards services own their transaction: called outside one, as from a shell, a
task or a management command, they lock their rows and work on PostgreSQL (they
used to rely on the view's transaction and raised there)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards import services
from awards.models import Decision, DecisionRecipient, Nomination
from tests.factories import TEST_PASSWORD

from .conftest import pass_by_session, propose

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english_messages")]


def test_the_whole_award_path_runs_outside_a_transaction(
    secretary_a, council_member, admin_user, unit_a, person_a, campaign, catalogue, draft
):
    assert connection.get_autocommit() and not connection.in_atomic_block
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["tap-the-lao-dong-tien-tien"], campaign
    )
    pass_by_session(council_member, [nomination])
    nomination.refresh_from_db()
    services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])
    services.decision_issue(user=admin_user, decision=draft, password=TEST_PASSWORD)
    services.decision_annul(user=admin_user, decision=draft, reason="Sai đối tượng")
    draft.refresh_from_db()
    assert draft.status == "annulled"
    assert DecisionRecipient.objects.get(decision=draft).is_void


def test_a_refused_write_leaves_nothing_half_done(
    secretary_a, admin_user, unit_a, person_a, campaign, catalogue, draft
):
    """Outside a transaction a refusal is the user's message, not a database error,
    and nothing changed."""
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    with pytest.raises(ValidationError):
        services.decision_issue(user=admin_user, decision=draft, password="wrong")
    with pytest.raises(ValidationError, match="not approved"):
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])
    assert Decision.objects.get(pk=draft.pk).status == "draft"
    assert not DecisionRecipient.objects.filter(decision=draft).exists()
    assert Nomination.objects.get(pk=nomination.pk).status == "proposed"
