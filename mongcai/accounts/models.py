from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mongcai.lib.text import validate_single_line


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Unit secretary")
    COUNCIL = "council", _("Council member")
    ADMIN = "admin", _("Administrator (Internal Affairs Office)")


class User(AbstractUser):
    """A person who signs in.

    The role is stored; bloc head and deputy are not: they follow from the
    bloc membership of the secretary's unit in a given year (blocs.selectors).
    The units a secretary files reports for are `user.units`, declared on the
    unit (blocs.Unit.secretaries): accounts stands below the organisation.
    """

    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    position = models.CharField(
        _("position"), max_length=150, blank=True, validators=[validate_single_line]
    )
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[validate_single_line]
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SECRETARY)
    # Read on every request by the second-factor gate without a query of its
    # own; written only by the services that confirm or remove the devices.
    has_second_factor = models.BooleanField(_("second factor enrolled"), default=False)
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Made by the demo loader: signs in only while the demo (DEBUG) runs."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role == Role.ADMIN and not self.is_staff:
            raise ValidationError(
                {"is_staff": _("An administrator must have staff status to use the admin site.")}
            )

    @property
    def is_secretary(self) -> bool:
        return self.role == Role.SECRETARY

    @property
    def is_council(self) -> bool:
        return self.role == Role.COUNCIL

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def sees_organiser_units(self) -> bool:
        """Council members and admins read the data of every unit of their organisers
        (blocs.selectors.organiser_units); a superuser every unit's."""
        return self.role in (Role.COUNCIL, Role.ADMIN) or self.is_superuser


class EventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKOUT = "lockout", _("Locked out after failed sign-ins")
    UNLOCK = "unlock", _("Unlocked by an admin")
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("Second factor enrolled")
    SECOND_FACTOR_FAILED = "2fa_failed", _("Wrong second-factor code")
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("Recovery codes renewed")
    SECOND_FACTOR_DISABLED = "2fa_disabled", _("Second factor turned off by its owner")
    SECOND_FACTOR_RESET = "2fa_reset", _("Second factor reset by an admin")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_USED = "invitation_used", _("Invitation used")
    PASSWORD_RESET_REQUESTED = "reset_requested", _("Password reset requested")
    PASSWORD_RESET = "password_reset", _("Password reset by e-mail link")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    DEACTIVATED = "deactivated", _("Account deactivated")
    UNITS_MOVED = "units_moved", _("Units moved to a successor")
    DECISION_ISSUED = "decision_issued", _("Decision issued")


class SecurityEvent(models.Model):
    """One security event, kept for good: rows are only ever inserted.

    The admin has no change or delete for them, and on PostgreSQL and SQLite a
    trigger refuses UPDATE and DELETE (migration 0005), so not even a shell or a
    bug can rewrite the record. Users are deactivated, never deleted, so the
    foreign keys protect rather than cascade or null out.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The signed-in person who did it, if any."),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="security_events",
        help_text=_("The account it concerns, if it exists."),
    )
    # As typed at a failed sign-in (the account may not exist), else the account's.
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "-at"]), models.Index(fields=["username", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"
