"""The admin's accounts: who they are, their units, invitations and replacements.

A module of its own beside views.py: these pages manage people (mongcai.accounts)
for units (this app), under /users/.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mongcai.accounts.lockout import client_ip, current_locks
from mongcai.accounts.models import Role
from mongcai.accounts.selectors import account_get_for_manager
from mongcai.lib.access import rule_required
from mongcai.lib.files import XLSX, attachment_bytes

from .forms import InvitePersonForm, InviteRowForm, InviteUnitsForm, InviteUploadForm, ReplaceForm
from .invitations import InviteRow, invitation_template, read_invitations
from .selectors import accounts_for_manager, organiser_choices, successors_for, units_for_user
from .services import organiser_member_invite, secretaries_invite, secretary_replace

PER_PAGE = 50
manage_accounts = rule_required("accounts.manage_accounts")


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), max_length=150, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["state"].choices = [
            ("active", _("Active")),
            ("inactive", _("Deactivated")),
            ("", _("All")),
        ]


@manage_accounts
def account_list(request):
    """Every account: role, units, last sign-in, second factor, invitation, lock."""
    form = AccountFilterForm(request.GET or {"state": "active"})
    data = form.cleaned_data if form.is_valid() else {"state": "active"}
    state = data.get("state")
    accounts = accounts_for_manager(
        request.user,
        role=data.get("role", ""),
        active={"active": True, "inactive": False}.get(state),
        query=data.get("q", "").strip(),
    )
    page = Paginator(accounts, PER_PAGE).get_page(request.GET.get("page"))
    locked = {lock.username for lock in current_locks() if lock.username}
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "locked": locked, "query": query.urlencode()}
    return render(request, "blocs/account_list.html", context)


@manage_accounts
def account_invite_units(request):
    """Invite the secretaries of the units chosen: one name and e-mail per unit."""
    units = units_for_user(request.user).order_by("name")
    choose = InviteUnitsForm(request.GET if "units" in request.GET else None, units=units)
    chosen = list(choose.cleaned_data["units"]) if choose.is_valid() else []
    data = request.POST if request.method == "POST" else None
    rows = [
        InviteRowForm(data, prefix=f"u{unit.pk}", units=units, initial={"unit": unit.pk})
        for unit in chosen
    ]
    if request.method == "POST":
        if rows and all(row.is_valid() for row in rows):
            invite = [
                InviteRow(
                    unit=row.cleaned_data["unit"],
                    full_name=row.cleaned_data["full_name"],
                    email=row.cleaned_data["email"],
                )
                for row in rows
            ]
            try:
                invited = secretaries_invite(by=request.user, rows=invite, ip=client_ip(request))
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("%(count)s invitations are sent.") % {"count": len(invited)},
                )
                return redirect("users:list")
        elif not rows:
            messages.error(request, _("Choose at least one unit."))
    context = {
        "choose": choose,
        "rows": list(zip(chosen, rows, strict=True)),
        "upload": InviteUploadForm(),
        "person": InvitePersonForm(organisers=organiser_choices(request.user)),
    }
    return render(request, "blocs/account_invite.html", context)


@manage_accounts
def account_invite_template(request):
    return attachment_bytes(
        invitation_template(units_for_user(request.user)),
        filename="moi-thu-ky.xlsx",
        content_type=XLSX,
    )


@require_POST
@manage_accounts
def account_invite_upload(request):
    """Invite from a spreadsheet: all its rows or none, with every row's problem said."""
    form = InviteUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("users:invite")
    try:
        rows = read_invitations(form.cleaned_data["file"], units_for_user(request.user))
        invited = secretaries_invite(by=request.user, rows=rows, ip=client_ip(request))
    except ValidationError as error:
        _errors(request, error)
        return redirect("users:invite")
    messages.success(request, _("%(count)s invitations are sent.") % {"count": len(invited)})
    return redirect("users:list")


@require_POST
@manage_accounts
def account_invite_person(request):
    """Invite a council member or an admin."""
    form = InvitePersonForm(request.POST, organisers=organiser_choices(request.user))
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        user = organiser_member_invite(
            by=request.user,
            organiser=form.cleaned_data["organiser"],
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            ip=client_ip(request),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("users:invite")
    messages.success(request, _("An invitation is sent to %(email)s.") % {"email": user.email})
    return redirect("users:list")


@manage_accounts
def account_replace(request, pk):
    """Deactivate an account; its units go to a successor."""
    account = account_get_for_manager(request.user, pk)
    form = ReplaceForm(
        request.POST if request.method == "POST" else None,
        successors=successors_for(request.user, account),
    )
    if request.method == "POST" and form.is_valid():
        try:
            successor = secretary_replace(
                by=request.user,
                user=account,
                successor=form.cleaned_data["successor"],
                new_email=form.cleaned_data["new_email"],
                new_full_name=form.cleaned_data["new_full_name"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            if successor is None:
                messages.success(request, _("%(name)s is deactivated.") % {"name": account})
            else:
                messages.success(
                    request,
                    _("%(name)s is deactivated; the units go to %(successor)s.")
                    % {"name": account, "successor": successor},
                )
            return redirect("users:list")
    context = {"account": account, "form": form, "units": list(account.units.order_by("name"))}
    return render(request, "blocs/account_replace.html", context)
