"""Which accounts an admin manages.

An admin manages the accounts of their organisers and of the organisers below
them: the secretaries of those units and their council members and admins. The
organisation (blocs) knows that, and it stands above accounts; so it registers
its answer here when it starts (blocs.apps), and the accounts pages (locks, the
security record, second-factor resets, invitations sent again) ask it here
without importing upward. Until something registers, a non-superuser manages
nobody: the scope fails closed.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .models import SecurityEvent, User

_managed_by: Callable[[User], QuerySet[User]] | None = None


def managed_accounts_register(selector: Callable[[User], QuerySet[User]]) -> None:
    global _managed_by
    _managed_by = selector


def managed_accounts(manager: User) -> QuerySet[User]:
    """The accounts `manager` acts on: every account for a superuser, those of the admin's
    organisers and below for an admin, none for anybody else."""
    if not (manager.is_authenticated and manager.is_active and manager.is_admin_role):
        return User.objects.none()
    if manager.is_superuser:
        return User.objects.all()
    if _managed_by is None:
        return User.objects.none()
    return _managed_by(manager)


def manages_everyone(manager: User) -> bool:
    """A superuser: also sees what concerns no account (addresses, unknown usernames)."""
    return manager.is_authenticated and manager.is_active and manager.is_superuser


def security_events_in_scope(manager: User, events: QuerySet[SecurityEvent]):
    """The events about, or by, an account the manager manages; all for a superuser."""
    if manages_everyone(manager):
        return events
    accounts = managed_accounts(manager)
    return events.filter(Q(subject__in=accounts) | Q(actor__in=accounts))


def locks_in_scope(manager: User, locks: list) -> list:
    """The locks of accounts the manager manages; address locks (they may concern anyone)
    and unknown usernames only for a superuser."""
    if manages_everyone(manager):
        return locks
    usernames = {lock.username for lock in locks if lock.username}
    mine = set(
        managed_accounts(manager).filter(username__in=usernames).values_list("username", flat=True)
    )
    return [lock for lock in locks if lock.username in mine]


def may_unlock(manager: User, *, username: str | None, ip_address: str | None) -> bool:
    if manages_everyone(manager):
        return True
    return (
        not ip_address
        and bool(username)
        and managed_accounts(manager).filter(username=username).exists()
    )
