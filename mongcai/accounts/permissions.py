"""Who someone is: the role predicates every app's rules are made of.

Each app writes its rules once, in its own permissions.py (django-rules),
from these and its own object predicates; views ask them with
`mongcai.lib.access.rule_required` or `rules.test_rule`, templates with
`{% load rules %}{% test_rule "app.rule" user object as allowed %}`.
"""

import rules


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
def sees_all_units(user) -> bool:
    """Council members and admins read every unit's data."""
    return user.is_authenticated and user.sees_all_units


is_superuser = rules.is_superuser
