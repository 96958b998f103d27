from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
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
    def sees_all_units(self) -> bool:
        """Council members and admins read every unit's data."""
        return self.role in (Role.COUNCIL, Role.ADMIN) or self.is_superuser
