"""Signing in and the life of one's account: the second factor, links by e-mail,
and the admin's pages on locks and the security record."""

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from mongcai.lib.access import rule_required
from mongcai.lib.files import attachment_bytes

from . import exports, selectors, services
from .forms import CodeForm, EnrolForm, LinkPasswordForm, ResetRequestForm, SecurityEventFilterForm
from .lockout import client_ip, current_locks
from .middleware import second_factor_exempt
from .scope import locks_in_scope

RECOVERY_CODES_SESSION_KEY = "accounts_recovery_codes"
EVENTS_PER_PAGE = 100


def _next_url(request, default: str = "home:index") -> str:
    """The page to go on to, when it is one of ours: a path of this site. A bare word
    such as "0" is a relative URL to the host check, but redirect() would read it as
    a view name (a server error on NoReverseMatch), so it takes the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Signing in ----------------------------------------------------------------------------


@login_not_required
def admin_login(request):
    """The admin site signs in through the one sign-in page (throttled, second factor).

    The admin site is the superuser's (mongcai.urls): a signed-in organiser admin sent
    here goes to their home page, whose links are their organiser's pages."""
    user = request.user
    if user.is_authenticated and user.is_active and not user.is_superuser:
        messages.info(
            request,
            _(
                "The administration site is kept for the system administrator. Your "
                "organiser's campaigns, blocs, units, accounts and decisions are in the "
                "pages linked below."
            ),
        )
        return redirect("home:index")
    query = urlencode({"next": request.GET["next"]}) if request.GET.get("next") else ""
    return redirect(f"{resolve_url(settings.LOGIN_URL)}{'?' if query else ''}{query}")


@second_factor_exempt
@never_cache
def second_factor_verify(request):
    """The second step of signing in: the authenticator's code or a recovery code."""
    user = request.user
    if not user.has_second_factor or user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(
                user=user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = selectors.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(count)s are left.") % {"count": left},
                )
            return redirect(_next_url(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


def _qr_svg(url: str) -> str:
    # Inline SVG: drawn here, no script and no external image, so it shows under a
    # strict Content-Security-Policy.
    return segno.make(url, error="m").svg_inline(scale=5, border=2, title=_("QR code"))


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@second_factor_exempt
@never_cache
def second_factor_enrol(request):
    """Set up the authenticator: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if user.has_second_factor:
        return redirect("accounts:security")
    device = services.second_factor_enrolment_start(user=user)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_enrol(
                user=user, device=device, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("The second factor is set up."))
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('accounts:recovery-codes')}?{query}")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": _spaced(secret),
        "next": _next_url(request),
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
def recovery_codes(request):
    """The recovery codes, shown once after they are made (they are not kept in view)."""
    if request.method == "POST":
        if not request.user.has_second_factor:
            raise Http404
        codes = services.recovery_codes_renew(user=request.user, ip=client_ip(request))
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect("accounts:recovery-codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    context = {
        "codes": [f"{code[:4]}-{code[4:]}" for code in codes or []],
        "left": selectors.recovery_codes_left(request.user),
        "next": _next_url(request, default="accounts:security"),
    }
    return render(request, "accounts/recovery_codes.html", context)


def security(request):
    """One's own account: the second factor, recovery codes, password."""
    context = {
        "codes_left": selectors.recovery_codes_left(request.user),
        "form": CodeForm(),
    }
    return render(request, "accounts/security.html", context)


@require_POST
@rule_required("accounts.disable_second_factor")
def second_factor_disable(request):
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Type a current code to turn the second factor off."))
        services.second_factor_disable(
            user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The second factor is turned off."))
    return redirect("accounts:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's: the other sessions of the account end (their hash no longer matches)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_record(user=self.request.user, ip=client_ip(self.request))
        return response


# Links by e-mail ------------------------------------------------------------------------


@login_not_required
def password_reset(request):
    form = ResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"], ip=client_ip(request))
        return redirect("accounts:reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@login_not_required
def password_reset_sent(request):
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return render(request, "accounts/password_reset_sent.html", {"hours": hours})


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's single-use link (a token of the password hash and the last sign-in,
    valid PASSWORD_RESET_TIMEOUT); the password goes through our service."""

    form_class = LinkPasswordForm
    template_name = "accounts/password_set.html"
    token_generator = default_token_generator
    success_url = reverse_lazy("login")
    invitation = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # An invitation link sets the first password, a reset link a new one: neither
        # opens the other's page (an accepted invitation is a used link).
        if user is not None and user.has_usable_password() == self.invitation:
            return None
        return user

    def form_valid(self, form):
        services.password_set_from_link(
            user=form.user, password=form.cleaned_data["new_password1"], ip=client_ip(self.request)
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, self.done_message())
        return redirect(self.get_success_url())

    def done_message(self) -> str:
        return _("Your password is set: sign in with it.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)


class InvitationView(ResetConfirmView):
    invitation = True

    def done_message(self) -> str:
        return _("Welcome! Your password is set: sign in with your e-mail address and it.")


# The admin: locks and the security record -------------------------------------------------


@rule_required("accounts.manage_accounts")
def lock_list(request):
    context = {
        "locks": locks_in_scope(request.user, current_locks()),
        "limit": settings.AXES_FAILURE_LIMIT,
        "now": timezone.now(),
    }
    return render(request, "accounts/lock_list.html", context)


@require_POST
@rule_required("accounts.manage_accounts")
def lock_release(request):
    try:
        services.lock_release(
            by=request.user,
            username=request.POST.get("username", "").strip()[:150] or None,
            ip_address=request.POST.get("ip_address", "").strip()[:45] or None,
            ip=client_ip(request),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Unlocked."))
    return redirect("accounts:locks")


@require_POST
@rule_required("accounts.manage_accounts")
def second_factor_reset(request, pk):
    account = selectors.account_get_for_manager(request.user, pk)
    try:
        services.second_factor_reset(by=request.user, user=account, ip=client_ip(request))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The second factor of %(name)s is reset: they set it up again at their next sign-in.")
            % {"name": account},
        )
    return redirect(_next_url(request, default="accounts:security"))


@require_POST
@rule_required("accounts.manage_accounts")
def invitation_resend(request, pk):
    account = selectors.account_get_for_manager(request.user, pk)
    try:
        services.account_invitation_resend(by=request.user, user=account, ip=client_ip(request))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("A new invitation is sent to %(email)s.") % {"email": account.email}
        )
    return redirect(_next_url(request, default="accounts:security"))


def _filtered_events(request):
    form = SecurityEventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.security_events(request.user, **{k: v for k, v in filters.items() if v})


@rule_required("accounts.view_security_events")
def security_event_list(request):
    form, events = _filtered_events(request)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/security_event_list.html", context)


@rule_required("accounts.view_security_events")
def security_event_export(request, fmt):
    if fmt not in exports.WRITERS:
        raise Http404
    _form, events = _filtered_events(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return attachment_bytes(
        exports.WRITERS[fmt](events),
        filename=f"su-kien-bao-mat-{stamp}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )
