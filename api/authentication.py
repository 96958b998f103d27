"""Who is calling: a personal access token (other systems) or the session (the browsable
pages). Either way request.user is the account, so every scoped selector and
permission predicate applies to the token as to its owner."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from mongcai.accounts.permissions import must_use_second_factor

from .models import ApiToken
from .services import token_hash, token_used


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`. A revoked, expired, unknown token, or one of an
    inactive account, is refused with 401 and nothing else is said about it."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()
        if token is None or not token.is_usable() or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or has expired."))
        token_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in session, for the browsable API and the docs page; a session that
    has not passed its second factor (where the account has or needs one) counts
    as no session, as on every other page."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        verified = getattr(request._request.user, "is_verified", lambda: False)()
        if (user.has_second_factor or must_use_second_factor(user)) and not verified:
            return None
        return result
