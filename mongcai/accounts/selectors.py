"""Reads of accounts and of the security record."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from .models import SecurityEvent, User
from .scope import managed_accounts, security_events_in_scope


def security_events(
    manager: User,
    *,
    kind: str = "",
    username: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[SecurityEvent]:
    """The security record of the accounts the manager manages (scope.managed_accounts),
    newest first, filtered; dates are local days, both included."""
    events = security_events_in_scope(
        manager, SecurityEvent.objects.select_related("actor", "subject")
    )
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__icontains=username.strip())
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(at__gte=dt.datetime.combine(since, dt.time.min, zone))
    if until:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, zone)
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-pk")


def account_get_for_manager(manager: User, pk: int) -> User:
    """An account the manager (an admin) may act on (scope.managed_accounts), or 404."""
    return get_object_or_404(managed_accounts(manager), pk=pk)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def with_recovery_codes_flag(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate `has_recovery_codes` (one subquery, for account lists)."""
    return users.annotate(
        has_recovery_codes=Exists(
            StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
        )
    )
