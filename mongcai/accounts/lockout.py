"""Failed sign-ins: who is counted, until when a lock holds, and what the locked-out see.

django-axes counts the failures (settings: AXES_*, from LOGIN_FAILURE_LIMIT and
LOGIN_LOCKOUT_MINUTES) per account and per address separately, so guessing one
account's password from many addresses and guessing many accounts' passwords
from one address are both stopped. These are the hooks it calls.
"""

import datetime as dt
import ipaddress
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address a request comes from.

    REMOTE_ADDR, unless the operator says TRUSTED_PROXY_COUNT reverse proxies
    stand in front: then the address the outermost trusted proxy saw, which it
    appended to X-Forwarded-For. Addresses further left were written by the
    client and prove nothing.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def normalise_username(username) -> str:
    """Usernames are counted case-blind: "Admin" and "admin " are one account to guess."""
    return str(username or "").strip().lower()[:150]


def client_username(request, credentials=None) -> str | None:
    """The username a sign-in or a password re-check is counted against (axes hook)."""
    if credentials and credentials.get("username"):
        return normalise_username(credentials["username"])
    username = request.POST.get("username") if request is not None else None
    return normalise_username(username) or None


def cool_off() -> dt.timedelta:
    return get_cool_off()


@dataclass(frozen=True)
class Lock:
    """An account or an address that the failed sign-in limit currently refuses."""

    username: str | None
    ip_address: str | None
    failures: int
    last_failure: dt.datetime

    @property
    def ends_at(self) -> dt.datetime:
        return self.last_failure + cool_off()


def current_locks(*, username: str | None = None, ip_address: str | None = None) -> list[Lock]:
    """The accounts and addresses locked now (only these two when given), accounts first.

    Two grouped queries over the failures still inside the cool-off window
    (axes deletes older ones on the next attempt, so they may still be there).
    """
    recent = AccessAttempt.objects.filter(attempt_time__gt=timezone.now() - cool_off())
    limit = settings.AXES_FAILURE_LIMIT
    wanted = {"username": username, "ip_address": ip_address}
    only = any(wanted.values())
    locks = []
    for field, value in wanted.items():
        if only and not value:
            continue
        attempts = recent.filter(**{field: value}) if value else recent
        rows = (
            attempts.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        for row in rows:
            locks.append(
                Lock(
                    username=row[field] if field == "username" else None,
                    ip_address=row[field] if field == "ip_address" else None,
                    failures=row["failures"],
                    last_failure=row["last"],
                )
            )
    return locks


def lock_ends_at(*, username: str | None, ip_address: str | None) -> dt.datetime | None:
    """When the later of the account's and the address's locks ends, if either holds."""
    if not (username or ip_address):
        return None
    locks = current_locks(username=username, ip_address=ip_address)
    return max((lock.ends_at for lock in locks), default=None)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in (or password re-check) gets, with the time to try again."""
    ends_at = lock_ends_at(
        username=client_username(request, credentials), ip_address=client_ip(request)
    )
    context = {
        "ends_at": timezone.localtime(ends_at) if ends_at else None,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off().total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
