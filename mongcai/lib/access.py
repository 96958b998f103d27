"""Views ask the rules (django-rules) that templates ask too: one definition of who may."""

from functools import wraps

import rules
from django.core.exceptions import PermissionDenied


def rule_required(name: str):
    """403 for a signed-in user the rule refuses (sign-in itself is the middleware's)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not rules.test_rule(name, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
