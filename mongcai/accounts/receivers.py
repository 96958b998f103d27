"""Sign-ins reach the security record through the signals Django and axes send
(connected in apps.py).

They are the one place every sign-in path meets (the sign-in page, a password
re-check, a sign-in axes refuses), so the record cannot miss one; each
receiver only hands the facts to the service.
"""

import time

from .lockout import client_ip, normalise_username
from .middleware import LAST_ACTIVITY
from .models import EventKind, User
from .services import security_event_record


def signed_in(sender, request, user, **kwargs):
    """Record the sign-in and start the session's idle clock (middleware.IdleSessionMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()
    security_event_record(
        kind=EventKind.LOGIN, actor=user, subject=user, ip=client_ip(request) if request else None
    )


def login_failure_recorded(sender, credentials, request=None, **kwargs):
    typed = credentials.get("username") or ""
    security_event_record(
        kind=EventKind.LOGIN_FAILED,
        subject=User.objects.filter(username=typed).first() if typed else None,
        username=normalise_username(typed),
        ip=client_ip(request) if request is not None else None,
        detail=request.path if request is not None else "",
    )


def lockout_recorded(sender, request, username, ip_address, **kwargs):
    security_event_record(
        kind=EventKind.LOCKOUT,
        subject=User.objects.filter(username=username).first() if username else None,
        username=username or "",
        ip=ip_address,
    )
