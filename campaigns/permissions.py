"""Who may do what with campaigns and reports (django-rules).

Objects come through the scoped loaders of campaigns.selectors (404 outside the
user's organisers); these rules add the role and, for a service called without
a loader, check the object's organiser again.
"""

import rules

from blocs.permissions import in_organiser_scope
from mongcai.accounts.permissions import is_secretary, sees_organiser_units


@rules.predicate
def report_in_organiser_scope(user, report) -> bool:
    """The report's campaign belongs to one of the user's organisers or one below."""
    return in_organiser_scope(user, report.period.campaign.organiser_id)


rules.add_rule("campaigns.view_dashboards", sees_organiser_units & ~is_secretary)
rules.add_rule(
    "campaigns.review_report", sees_organiser_units & ~is_secretary & report_in_organiser_scope
)
