"""Accounts: the security record, the second factor, links sent by e-mail, deactivation.

Each write is a service here (views, tasks and the admin call the same ones)
and records its security event. Where a failed check must leave a trace (a
wrong code counts towards the device's back-off, a wrong password towards the
lockout), the check runs outside the transaction of the change it guards, so
refusing the change does not roll the trace back.
"""

import datetime as dt

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mongcai.lib.jobs import enqueue_on_commit

from .lockout import normalise_username
from .models import EventKind, Role, SecurityEvent, User
from .permissions import must_use_second_factor
from .scope import managed_accounts, may_unlock

# One password reset e-mail per account in this time, however often it is asked for:
# the form answers the same either way, so nobody learns whether an address is known.
RESET_EMAIL_INTERVAL = dt.timedelta(minutes=5)


class LinkKind:
    INVITATION = "invitation"
    RESET = "reset"


def security_event_record(
    *,
    kind: str,
    actor: User | None = None,
    subject: User | None = None,
    username: str = "",
    ip: str | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Append one event to the security record (never updated afterwards)."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject,
        username=(username or (subject.get_username() if subject else ""))[:150],
        ip_address=ip,
        detail=detail[:300],
    )


# Passwords ---------------------------------------------------------------------


def password_confirmed(*, request, user: User, password: str) -> bool:
    """Whether the signed-in `user` typed their own password again, before an act that
    matters (issuing a decision).

    Counted like a sign-in by axes: wrong passwords lock the account and the
    address the same way, and a locked account is refused even with the right
    one. `request` is what axes counts by; outside a request (a shell) there is
    nobody to count and the password is simply checked.
    """
    if not password:
        return False
    if request is None:
        return user.check_password(password)
    confirmed = authenticate(request, username=user.get_username(), password=password)
    return confirmed is not None and confirmed.pk == user.pk


@transaction.atomic
def password_set_from_link(*, user: User, password: str, ip: str | None = None) -> str:
    """Set the password of the account an invitation or reset link names.

    Returns the event kind: an invitation when the account had no password yet.
    Other sessions of the account end (their stored hash no longer matches) and
    failed sign-ins counted against it are forgotten: the owner proved they
    read the account's mail.
    """
    validate_password(password, user)
    kind = EventKind.PASSWORD_RESET if user.has_usable_password() else EventKind.INVITATION_USED
    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=normalise_username(user.get_username()))
    security_event_record(kind=kind, actor=None, subject=user, ip=ip)
    return kind


def password_changed_record(*, user: User, ip: str | None = None) -> None:
    """The owner changed their password (Django's form saved it; other sessions end)."""
    security_event_record(kind=EventKind.PASSWORD_CHANGED, actor=user, subject=user, ip=ip)


def password_reset_request(*, email: str, ip: str | None = None) -> int:
    """Send a reset link to every active account with this address and a password.

    Answers the same whether or not the address is known. An account gets at
    most one e-mail per RESET_EMAIL_INTERVAL; returns how many were sent.
    """
    email = email.strip()
    since = timezone.now() - RESET_EMAIL_INTERVAL
    sent = 0
    for user in User.objects.filter(email__iexact=email, is_active=True):
        if not user.has_usable_password():
            continue  # an invitation not yet used: the admin sends it again
        recent = SecurityEvent.objects.filter(
            subject=user, kind=EventKind.PASSWORD_RESET_REQUESTED, at__gte=since
        ).exists()
        if recent:
            continue
        security_event_record(kind=EventKind.PASSWORD_RESET_REQUESTED, subject=user, ip=ip)
        enqueue_on_commit("accounts.tasks.account_link_send", user.pk, LinkKind.RESET)
        sent += 1
    if not sent:
        security_event_record(
            kind=EventKind.PASSWORD_RESET_REQUESTED,
            username=email[:150],
            ip=ip,
            detail=_("No e-mail sent"),
        )
    return sent


def account_link(*, user: User, kind: str) -> str:
    """The absolute single-use link of an invitation or a password reset.

    Django's reset token: it hashes the password and the last sign-in, so it
    stops working once the password is set or the account is used, and after
    PASSWORD_RESET_TIMEOUT.
    """
    name = "accounts:invitation" if kind == LinkKind.INVITATION else "accounts:reset-confirm"
    path = reverse(
        name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def account_link_send(*, user: User, kind: str) -> bool:
    """E-mail the link (the task's work). Nothing for an account that can no longer
    use it: deactivated, or an invitation already accepted."""
    if not user.is_active or not user.email:
        return False
    if kind == LinkKind.INVITATION and user.has_usable_password():
        return False
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": account_link(user=user, kind=kind),
            "hours": hours,
            "valid_until": date_format(
                timezone.localtime() + dt.timedelta(hours=hours), "SHORT_DATETIME_FORMAT"
            ),
        }
        subject = render_to_string(f"accounts/email/{kind}_subject.txt", context)
        body = render_to_string(f"accounts/email/{kind}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    return True


# Accounts ------------------------------------------------------------------------


def _require_manager(user: User, account: User | None = None) -> None:
    """An admin, and for an existing account one they manage (scope.managed_accounts)."""
    if not (user.is_authenticated and user.is_admin_role):
        raise ValidationError(_("Only an administrator may manage accounts."))
    if account is not None and not managed_accounts(user).filter(pk=account.pk).exists():
        raise ValidationError(_("Only an administrator may manage accounts."))


@transaction.atomic
def account_invite(
    *,
    by: User,
    email: str,
    full_name: str,
    role: str = Role.SECRETARY,
    ip: str | None = None,
    detail: str = "",
) -> User:
    """Create the account of a new person and e-mail them their invitation link.

    The account has no password until they set one on the link (no shared or
    default password): its username is the e-mail address.
    """
    _require_manager(by)
    email = email.strip().lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    if User.objects.filter(username__iexact=email).exists() or (
        User.objects.filter(email__iexact=email, is_active=True).exists()
    ):
        raise ValidationError(
            _("An account with the e-mail address %(email)s already exists.") % {"email": email}
        )
    user = User(
        username=email,
        email=email,
        full_name=full_name.strip(),
        role=role,
        # Staff, not superuser: an invited admin acts for their organiser only; the
        # Django admin (reference data for everyone) is the superusers'.
        is_staff=role == Role.ADMIN,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    security_event_record(
        kind=EventKind.INVITATION_SENT,
        actor=by,
        subject=user,
        ip=ip,
        detail=detail or str(user.get_role_display()),
    )
    enqueue_on_commit("accounts.tasks.account_link_send", user.pk, LinkKind.INVITATION)
    return user


@transaction.atomic
def account_invitation_resend(*, by: User, user: User, ip: str | None = None) -> None:
    """Send a new invitation link to an account that has not set its password yet."""
    _require_manager(by, user)
    if user.has_usable_password() or not user.is_active:
        raise ValidationError(_("This account has already accepted its invitation."))
    security_event_record(kind=EventKind.INVITATION_SENT, actor=by, subject=user, ip=ip)
    enqueue_on_commit("accounts.tasks.account_link_send", user.pk, LinkKind.INVITATION)


@transaction.atomic
def account_deactivate(*, by: User, user: User, ip: str | None = None, detail: str = "") -> User:
    """Deactivate an account: it cannot sign in, and its sessions end on their next
    request. Nothing it did is deleted or reassigned: history keeps its name."""
    _require_manager(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    security_event_record(kind=EventKind.DEACTIVATED, actor=by, subject=user, ip=ip, detail=detail)
    return user


@transaction.atomic
def lock_release(
    *, by: User, username: str | None = None, ip_address: str | None = None, ip: str | None = None
) -> int:
    """Unlock an account or an address before its cool-off ends."""
    _require_manager(by)
    if not (username or ip_address):
        raise ValidationError(_("Say which account or address to unlock."))
    if not may_unlock(by, username=username, ip_address=ip_address):
        raise ValidationError(_("You may unlock only the accounts you manage."))
    count = axes_reset(username=username or None, ip=ip_address or None)
    security_event_record(
        kind=EventKind.UNLOCK,
        actor=by,
        subject=User.objects.filter(username=username).first() if username else None,
        username=username or "",
        ip=ip,
        detail=ip_address or "",
    )
    return count


# The second factor -------------------------------------------------------------------


def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: one unconfirmed device per account, kept until
    it is confirmed, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def _clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _is_totp(code: str) -> bool:
    return code.isdigit() and len(code) == 6


def _verify(device, code: str) -> bool:
    """Check a code on one device, keeping its back-off counter whatever the answer."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            raise ValidationError(_throttled_message(info))
        return locked.verify_token(code)


def _throttled_message(info: dict | None) -> str:
    if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        until = timezone.localtime(info["locked_until"])
        return _("Too many wrong codes: try again after %(time)s.") % {
            "time": date_format(until, "TIME_FORMAT")
        }
    return _("This code cannot be checked now: try again in a moment.")


def second_factor_enrol(*, user: User, device: TOTPDevice, code: str, ip: str | None = None):
    """Confirm the authenticator with its first code; returns the new recovery codes.

    The codes are shown once: only their owner may see them, and each works once.
    """
    if user.has_second_factor:
        raise ValidationError(_("A second factor is already set up for this account."))
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This enrolment has expired: start again."))
    if not _verify(device, _clean_code(code)):
        raise ValidationError(
            _(
                "The code is not correct. Check that the phone's clock is right "
                "and try the next code."
            )
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        codes = _recovery_codes_replace(user)
        User.objects.filter(pk=user.pk).update(has_second_factor=True)
        user.has_second_factor = True
        security_event_record(
            kind=EventKind.SECOND_FACTOR_ENROLLED, actor=user, subject=user, ip=ip
        )
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, user: User, code: str, ip: str | None = None):
    """The device that accepts `code` (the authenticator's six digits or a recovery
    code, which is then spent), or ValidationError. Each device backs off after
    wrong codes (django-otp: 1, 2, 4… seconds)."""
    code = _clean_code(code)
    model = TOTPDevice if _is_totp(code) else StaticDevice
    devices = list(model.objects.filter(user=user, confirmed=True))
    for device in devices:
        if _verify(device, code):
            if model is StaticDevice:
                left = StaticToken.objects.filter(device=device).count()
                security_event_record(
                    kind=EventKind.RECOVERY_CODE_USED,
                    actor=user,
                    subject=user,
                    ip=ip,
                    detail=_("%(count)s codes left") % {"count": left},
                )
            return device
    security_event_record(kind=EventKind.SECOND_FACTOR_FAILED, actor=user, subject=user, ip=ip)
    raise ValidationError(_("The code is not correct."))


def recovery_codes_renew(*, user: User, ip: str | None = None) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not user.has_second_factor:
        raise ValidationError(_("Set up the second factor first."))
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        security_event_record(
            kind=EventKind.RECOVERY_CODES_RENEWED, actor=user, subject=user, ip=ip
        )
    return codes


def _devices_remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(has_second_factor=False)
    user.has_second_factor = False


def second_factor_disable(*, user: User, code: str, ip: str | None = None) -> None:
    """The owner turns the second factor off, with a current code, where it is not required."""
    if must_use_second_factor(user):
        raise ValidationError(_("Your role requires a second factor: it cannot be turned off."))
    second_factor_verify(user=user, code=code, ip=ip)
    with transaction.atomic():
        _devices_remove(user)
        security_event_record(
            kind=EventKind.SECOND_FACTOR_DISABLED, actor=user, subject=user, ip=ip
        )


@transaction.atomic
def second_factor_reset(*, by: User, user: User, ip: str | None = None) -> None:
    """An admin removes someone's authenticator and recovery codes (a lost phone).

    Their verified sessions lose the device and ask for a new enrolment (if
    their role requires one) on the next request."""
    _require_manager(by, user)
    if not user.has_second_factor:
        raise ValidationError(_("This account has no second factor to reset."))
    _devices_remove(user)
    security_event_record(kind=EventKind.SECOND_FACTOR_RESET, actor=by, subject=user, ip=ip)
