"""Who may do what with campaigns and reports (django-rules).

Objects come through the scoped loaders of campaigns.selectors (404 outside the
user's organisers); these rules add the role and, for a service called without
a loader, check the object's organiser again.
"""

import rules
from django.utils import timezone

from blocs.permissions import in_organiser_scope, is_secretary_of_unit
from mongcai.accounts.permissions import is_secretary, sees_organiser_units

from .reporting import lock_reason


@rules.predicate
def report_in_organiser_scope(user, report) -> bool:
    """The report's campaign belongs to one of the user's organisers or one below."""
    return in_organiser_scope(user, report.period.campaign.organiser_id)


@rules.predicate
def files_the_report(user, report) -> bool:
    """The user is a secretary of the report's unit."""
    return is_secretary_of_unit(user, report.unit)


@rules.predicate
def report_is_open(user, report) -> bool:
    """Neither submitted, approved nor locked (the period's lock, without an exception)."""
    return lock_reason(report, report.unit, report.period, timezone.localdate()) is None


rules.add_rule("campaigns.view_dashboards", sees_organiser_units & ~is_secretary)
# The report page's edit button and the form behind it.
rules.add_rule("campaigns.edit_report", files_the_report & report_is_open)
rules.add_rule(
    "campaigns.review_report", sees_organiser_units & ~is_secretary & report_in_organiser_scope
)
