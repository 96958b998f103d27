"""The people of units and organisers: secretaries invited for their units and replaced
when they change job; council members and admins invited into an organiser."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mongcai.accounts.models import EventKind, Role, User
from mongcai.accounts.scope import managed_accounts
from mongcai.accounts.services import account_deactivate, account_invite, security_event_record

from ..invitations import InviteRow
from ..models import Unit
from ..selectors import organiser_choices, units_for_user


def _batch_errors(rows: list[InviteRow]) -> list[str]:
    errors, units, emails = [], set(), set()
    today = timezone.localdate()
    for row in rows:
        email = row.email.strip().lower()
        if row.unit.pk in units:
            errors.append(
                _("%(where)s: %(unit)s is invited for twice; one secretary per unit.")
                % {"where": row.where(), "unit": row.unit.name}
            )
        if email and email in emails:
            errors.append(
                _("%(where)s: %(email)s appears twice.") % {"where": row.where(), "email": email}
            )
        if not row.unit.exists_on(today):
            errors.append(
                _("%(where)s: %(unit)s no longer exists.")
                % {"where": row.where(), "unit": row.unit.name}
            )
        if not row.full_name.strip():
            errors.append(_("%(where)s: the full name is missing.") % {"where": row.where()})
        units.add(row.unit.pk)
        emails.add(email)
    return errors


@transaction.atomic
def secretaries_invite(*, by: User, rows: list[InviteRow], ip: str | None = None) -> list[User]:
    """Invite one secretary per unit: each gets an account with no password and an
    e-mail with a single-use link to set one. All rows or none."""
    if not rows:
        raise ValidationError(_("Choose at least one unit."))
    errors = _batch_errors(rows)
    mine = set(
        units_for_user(by).filter(pk__in=[row.unit.pk for row in rows]).values_list("pk", flat=True)
    )
    errors += [
        _("%(where)s: %(unit)s is not one of your organisers' units.")
        % {"where": row.where(), "unit": row.unit.name}
        for row in rows
        if row.unit.pk not in mine
    ]
    invited = []
    if not errors:
        for row in rows:
            try:
                user = account_invite(
                    by=by,
                    email=row.email,
                    full_name=row.full_name,
                    role=Role.SECRETARY,
                    ip=ip,
                    detail=row.unit.name,
                )
            except ValidationError as error:
                errors.extend(f"{row.where()}: {message}" for message in error.messages)
            else:
                row.unit.secretaries.add(user)
                invited.append(user)
    if errors:
        raise ValidationError(errors)
    return invited


@transaction.atomic
def secretary_replace(
    *,
    by: User,
    user: User,
    successor: User | None = None,
    new_email: str = "",
    new_full_name: str = "",
    ip: str | None = None,
) -> User | None:
    """A secretary leaves the job: their account is deactivated and their units go to a
    successor, an existing account or one invited now. What they did stays theirs
    (reports, signatures and scores keep their name); returns the successor."""
    units = list(Unit.objects.filter(secretaries=user).order_by("name"))
    if successor is not None and new_email:
        raise ValidationError(_("Choose an existing account or invite a new one, not both."))
    if successor is not None:
        if successor.pk == user.pk or not successor.is_active:
            raise ValidationError(_("The successor must be another active account."))
        if successor.role != Role.SECRETARY:
            raise ValidationError(_("The successor must be a unit secretary."))
        if not managed_accounts(by).filter(pk=successor.pk).exists():
            raise ValidationError(_("The successor must be another active account."))
    elif new_email:
        successor = account_invite(
            by=by,
            email=new_email,
            full_name=new_full_name,
            role=Role.SECRETARY,
            ip=ip,
            detail=", ".join(unit.name for unit in units),
        )
    elif units:
        raise ValidationError(_("Name who takes over the units: an account, or a new e-mail."))
    account_deactivate(by=by, user=user, ip=ip)
    for unit in units:
        unit.secretaries.remove(user)
        unit.secretaries.add(successor)
    if units:
        security_event_record(
            kind=EventKind.UNITS_MOVED,
            actor=by,
            subject=user,
            ip=ip,
            detail=_("%(units)s → %(successor)s")
            % {
                "units": ", ".join(unit.name for unit in units),
                "successor": successor.get_username(),
            },
        )
    return successor


@transaction.atomic
def organiser_member_invite(
    *,
    by: User,
    organiser: Unit,
    email: str,
    full_name: str,
    role: str,
    ip: str | None = None,
) -> User:
    """Invite a council member or an admin of an organiser: they will see and act on what
    belongs to it and to the organisers below it. The inviting admin chooses among
    their own organisers and those below."""
    if role not in (Role.COUNCIL, Role.ADMIN):
        raise ValidationError(_("Choose a role."))
    if not organiser_choices(by).filter(pk=organiser.pk).exists():
        raise ValidationError(_("Choose one of your organisers."))
    user = account_invite(
        by=by, email=email, full_name=full_name, role=role, ip=ip, detail=organiser.name
    )
    organiser.organiser_members.add(user)
    return user
