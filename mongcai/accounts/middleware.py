"""The gates every request passes after sign-in: the second factor and the idle limit."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import is_admin, must_use_second_factor

LAST_ACTIVITY = "last_activity"
# The session is written at most this often just to move the idle clock on.
ACTIVITY_RESOLUTION_SECONDS = 60


def second_factor_exempt(view):
    """Mark a view reachable by a signed-in user before their second factor
    (the code and enrolment pages themselves, logging out, the language)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.second_factor_exempt = True
    return wrapper


def _redirect_with_next(request, name: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class SecondFactorMiddleware:
    """A signed-in user who has a second factor, or whose role requires one, reaches
    pages only once this session passed it (django-otp's `is_verified`).

    Without it: to the code page when they have an authenticator, to the
    enrolment page when their role requires one and they have none yet. The
    gate reads `user.has_second_factor` (on the user row already loaded), so it
    costs no query; a verified session costs django-otp's load of its device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(view_func, "second_factor_exempt", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages (sign-in, links by e-mail) ask nothing of a session
        if user.has_second_factor:
            if user.is_verified():
                return None
            return _redirect_with_next(request, "accounts:verify")
        if must_use_second_factor(user):
            return _redirect_with_next(request, "accounts:enrol")
        return None


def idle_limit_seconds(user) -> int:
    minutes = (
        settings.SESSION_IDLE_MINUTES_ADMIN if is_admin(user) else settings.SESSION_IDLE_MINUTES
    )
    return minutes * 60


def _is_background(request) -> bool:
    """htmx GETs are the pages' own polling (dashboard tallies, export progress), not a
    person at work: they neither keep a session alive nor are they refused a page."""
    return request.method == "GET" and request.headers.get("HX-Request") == "true"


class IdleSessionMiddleware:
    """A session ends after SESSION_IDLE_MINUTES without activity
    (SESSION_IDLE_MINUTES_ADMIN for admins); the next page asks to sign in again.

    The clock is kept in the session and moved on at most once a minute, so an
    ordinary click does not write the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > idle_limit_seconds(user):
                return self._expired(request)
            if not _is_background(request) and (
                last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS
            ):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)

    def _expired(self, request):
        minutes = idle_limit_seconds(request.user) // 60
        logout(request)
        messages.info(
            request,
            _("You were signed out after %(minutes)s minutes without activity.")
            % {"minutes": minutes},
        )
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
