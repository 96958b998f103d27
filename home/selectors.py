"""What waits for the signed-in user, for the home page's to-do list."""

from django.db.models import QuerySet

from awards.models import Decision, DecisionStatus, NominationStatus
from awards.selectors import decisions_list, nominations_for_user
from campaigns.models import ReportStatus
from campaigns.selectors import reports_for_user
from mongcai.accounts.models import User

# A report in these states (or none yet) is still the unit's to file.


def reports_to_file(rows: list[dict]) -> list[dict]:
    """The open periods' rows (campaigns.selectors.secretary_period_rows) whose report
    the unit still has to file or correct, the nearest deadline first."""
    due = [row for row in rows if row["to_fill"]]
    return sorted(due, key=lambda row: (row["period"].deadline, row["unit"].name))


def council_counts(user: User) -> dict[str, int]:
    """Reports waiting for review and nominations waiting for a decision, in the
    user's scope. Two queries."""
    return {
        "reports": reports_for_user(user).filter(status=ReportStatus.SUBMITTED).count(),
        "nominations": nominations_for_user(user).filter(status=NominationStatus.PROPOSED).count(),
    }


def decisions_to_issue(user: User) -> QuerySet[Decision]:
    """The draft decisions an admin can issue (of their organisers), oldest date first.
    One query."""
    if not user.is_admin_role:
        return Decision.objects.none()
    return decisions_list(user).filter(status=DecisionStatus.DRAFT).order_by("decided_on", "number")
