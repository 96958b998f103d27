"""Who may do what with campaigns, reports and the dashboard (django-rules).

The views, the templates (the report's buttons, the campaign cards' dashboard
link), the services and the admin ask these same rules (docs/permissions.md).
Scope (which units' reports a user reads at all) is the selectors' work:
`campaigns.selectors.report_get_for_user` answers 404 outside it.
"""

import rules
from django.utils import timezone

from blocs.permissions import is_secretary_of_unit
from mongcai.accounts.permissions import is_admin, is_secretary, sees_all_units

from .models import ReportStatus
from .reporting import lock_reason


@rules.predicate
def is_submitted(user, report) -> bool:
    return report.status == ReportStatus.SUBMITTED


@rules.predicate
def files_the_report(user, report) -> bool:
    """The user is a secretary of the report's unit."""
    return is_secretary_of_unit(user, report.unit)


@rules.predicate
def report_is_open(user, report) -> bool:
    """Neither submitted, approved nor locked (the period's lock, without an exception)."""
    return lock_reason(report, report.unit, report.period, timezone.localdate()) is None


# Council members and admins read every unit's figures; a superuser who is also a
# unit's secretary reviews no report (nobody approves their own unit's).
reviews_reports = sees_all_units & ~is_secretary

rules.add_rule("campaigns.view_dashboard", sees_all_units)
rules.add_rule("campaigns.review_reports", reviews_reports)
rules.add_rule("campaigns.review_report", reviews_reports & is_submitted)
rules.add_rule("campaigns.edit_report", files_the_report & report_is_open)
# Admins correct what was filed: lock exceptions, edits in the admin, deletions,
# and start a reconcile of the tallies.
rules.add_rule("campaigns.correct_reports", is_admin)
