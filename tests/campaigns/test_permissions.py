"""campaigns/permissions.py per role, and the pages that ask the same rules."""

import datetime as dt

import pytest
import rules
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.models import Report
from campaigns.services import report_return
from tests.factories import UserFactory

ACTORS = ["secretary_a", "secretary_b", "council_member", "admin_user"]


@pytest.fixture
def actor(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def submitted_a(report_a):
    Report.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=timezone.now())
    report_a.refresh_from_db()
    return report_a


@pytest.mark.parametrize(
    ("actor", "dashboard"),
    [
        ("secretary_a", False),
        ("secretary_b", False),
        ("council_member", True),
        ("admin_user", True),
    ],
    indirect=["actor"],
)
def test_the_dashboard_and_reviews_are_the_council_and_admins(actor, dashboard, report_a):
    assert rules.test_rule("campaigns.view_dashboards", actor) is dashboard
    assert rules.test_rule("campaigns.review_report", actor, report_a) is dashboard


def test_a_superuser_who_is_a_secretary_reviews_no_report(unit_a, submitted_a):
    user = UserFactory(role="secretary", is_superuser=True, is_staff=True, units=[unit_a])
    assert not rules.test_rule("campaigns.review_report", user, submitted_a)
    with pytest.raises(PermissionDenied):
        report_return(user=user, report=submitted_a, comment="Thiếu")


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@time_machine.travel(dt.datetime(2023, 3, 10, 9, tzinfo=dt.UTC), tick=False)
def test_only_the_units_secretary_edits_an_open_report(actor, secretary_a, report_a):
    assert rules.test_rule("campaigns.edit_report", actor, report_a) is (actor == secretary_a)
    report_a.status = "submitted"
    assert not rules.test_rule("campaigns.edit_report", actor, report_a)


@time_machine.travel(dt.datetime(2023, 5, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_locked_period_is_edited_by_nobody(secretary_a, report_a):
    assert not rules.test_rule("campaigns.edit_report", secretary_a, report_a)


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@time_machine.travel(dt.datetime(2023, 3, 10, 9, tzinfo=dt.UTC), tick=False)
def test_the_report_page_offers_what_the_rules_allow(client, actor, secretary_a, report_a):
    client.force_login(actor)
    page = client.get(f"/campaigns/reports/{report_a.pk}/")
    if actor.role == "secretary" and actor != secretary_a:
        assert page.status_code == 404
        return
    edit = f'href="/campaigns/units/{report_a.unit_id}/periods/{report_a.period_id}/report/"'
    assert (edit in page.text) is (actor == secretary_a)
    assert 'data-testid="review-form"' not in page.text  # a draft is not reviewed
    Report.objects.filter(pk=report_a.pk).update(status="submitted", submitted_at=timezone.now())
    page = client.get(f"/campaigns/reports/{report_a.pk}/").text
    assert edit not in page
    assert ('data-testid="review-form"' in page) is (actor.role in ("council", "admin"))


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
def test_the_campaign_cards_link_the_dashboard_for_who_may_open_it(client, actor, campaign):
    client.force_login(actor)
    page = client.get("/campaigns/").text
    link = f'href="/campaigns/{campaign.pk}/dashboard/"'
    assert (link in page) is rules.test_rule("campaigns.view_dashboards", actor)
    assert (link in page) is (actor.role in ("council", "admin"))
