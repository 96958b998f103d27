"""Who someone is: the role predicates every app's rules are made of.

Each app writes its rules once, in its own permissions.py (django-rules),
from these and its own object predicates; views ask them with
`mongcai.lib.access.rule_required` or `rules.test_rule`, templates with
`{% load rules %}{% test_rule "app.rule" user object as allowed %}`.
"""

import rules
from django.conf import settings


@rules.predicate
def is_secretary(user) -> bool:
    return user.is_authenticated and user.is_secretary


@rules.predicate
def is_council(user) -> bool:
    return user.is_authenticated and user.is_council


@rules.predicate
def is_admin(user) -> bool:
    """The Internal Affairs Office's role, or a superuser."""
    return user.is_authenticated and user.is_admin_role


@rules.predicate
def sees_organiser_units(user) -> bool:
    """Council members and admins read the data of their organisers' units and below
    (which units: blocs.selectors.organiser_units)."""
    return user.is_authenticated and user.sees_organiser_units


is_superuser = rules.is_superuser


@rules.predicate
def must_use_second_factor(user) -> bool:
    """Admins and council members (SECOND_FACTOR_REQUIRED_ROLES) must pass a second factor.

    A demo account is spared only while the demo runs (DEBUG); outside it, it
    cannot sign in at all (mongcai.accounts.backends).
    """
    if not user.is_authenticated or (user.is_demo and settings.DEBUG):
        return False
    roles = settings.SECOND_FACTOR_REQUIRED_ROLES
    return (
        ("admin" in roles and user.is_admin_role)
        or ("council" in roles and user.is_council)
        or ("secretary" in roles and user.is_secretary)
    )


@rules.predicate
def has_second_factor(user) -> bool:
    return user.is_authenticated and user.has_second_factor


# Accounts: the admin invites, deactivates, unlocks, resets second factors and
# reads the security record; everyone manages their own second factor, and
# turns it off only where it is not required.
rules.add_rule("accounts.must_use_second_factor", must_use_second_factor)
rules.add_rule("accounts.manage_accounts", is_admin)
rules.add_rule("accounts.view_security_events", is_admin)
rules.add_rule("accounts.enable_second_factor", ~has_second_factor)
rules.add_rule("accounts.disable_second_factor", has_second_factor & ~must_use_second_factor)
rules.add_rule("accounts.renew_recovery_codes", has_second_factor)
