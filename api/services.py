"""Writes of the API app: personal access tokens created and revoked by their account."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mongcai.accounts.models import User

from .models import ApiToken

# Recognisable in a leaked file or a log (secret scanners match on such prefixes).
TOKEN_PREFIX = "mct_"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: User, name: str, lifetime_days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `lifetime_days` days; returns it and its secret,
    which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the token after the system that will use it."))
    if lifetime_days not in settings.API_TOKEN_LIFETIMES_DAYS:
        raise ValidationError(_("Choose one of the lifetimes offered."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=lifetime_days),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
    return token, secret


def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens: every later request with it gets 401."""
    if token.user_id != user.pk:
        raise ValidationError(_("This token is not yours."))
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db()
    return token


def token_used(*, token: ApiToken) -> None:
    """Note when the token was last used, at most once a minute (not a write per call)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
