"""What the tests that walk the demo's pages share (tests/test_i18n_pages.py,
tests/browser/test_csp.py, tests/browser/test_dashboard_layout.py)."""

from django.urls import Resolver404, resolve

from blocs.models import BlocMembership, MembershipRole
from campaigns.models import Campaign
from mongcai.accounts.models import User
from tests.factories import second_factor_add
from tools.demo import data


def pattern_of(path: str) -> str | None:
    """The URL pattern's name (namespace:name) an address resolves to, None for none."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def demo_accounts_ready() -> dict[str, str]:
    """The demo's accounts able to sign in with the tests' settings, by role.

    Demo accounts sign in only while DEBUG is on (the tests run without it),
    and council members and admins need their second factor.
    """
    User.objects.update(is_demo=False)
    for user in User.objects.filter(role__in=("council", "admin")):
        if not user.has_second_factor:
            second_factor_add(user)
    head = (
        BlocMembership.objects.filter(
            year=2023, role=MembershipRole.HEAD, unit__secretaries__isnull=False
        )
        .values_list("unit__secretaries__username", flat=True)
        .first()
    )
    return {
        "secretary": "thuky.kalong",
        "other secretary": "thuky.tckh",
        "bloc head": head,
        "council": "hoidong",
        "admin": "admin",
    }


def article_campaign() -> Campaign:
    """The demo's campaign of the article (the demo also holds a live one)."""
    return Campaign.objects.get(code=data.CAMPAIGN["code"])
