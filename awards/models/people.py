"""The people who may be commended, and their recognised initiatives."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.lib.text import validate_single_line

from .catalogue import InitiativeLevel

# Nobody commended today was born earlier; pupils are commended too, so the
# latest year of birth is this year.
EARLIEST_BIRTH_YEAR = 1900


def validate_birth_year(year: int | None) -> None:
    latest = timezone.localdate().year
    if year is not None and not EARLIEST_BIRTH_YEAR <= year <= latest:
        raise ValidationError(
            gettext("A year of birth lies between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_BIRTH_YEAR, "latest": latest},
            code="birth_year",
        )


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(models.Model):
    """A person of a unit, as the nomination and decision forms need them.

    `search_name` is the name folded to lower-case ASCII (awards.text.fold) so
    that "nguyen van a" finds "Nguyễn Văn A" on PostgreSQL and SQLite alike;
    services keep it in step with `full_name`.
    """

    full_name = models.CharField(_("full name"), max_length=150, validators=[validate_single_line])
    search_name = models.CharField(max_length=150, editable=False, db_index=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(
        _("position"), max_length=150, blank=True, validators=[validate_single_line]
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[validate_birth_year]
    )
    service_from = models.DateField(
        _("in service since"),
        null=True,
        blank=True,
        help_text=_("Used by the minimum-service rule."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__name", "full_name"]
        indexes = [models.Index(fields=["unit", "search_name"], name="person_unit_search")]

    def __str__(self):
        return self.full_name


class Household(models.Model):
    """A household (hộ gia đình), commended as one (Luật Thi đua, khen thưởng 2022
    Điều 2, 3): it lives in a ward, commune or quarter (`unit`), which proposes it."""

    name = models.CharField(
        _("household"),
        max_length=150,
        help_text=_("As a decision names it, e.g. Hộ ông Nguyễn Văn Bình."),
        validators=[validate_single_line],
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, validators=[validate_single_line]
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("ward, commune or quarter"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["unit__name", "name"]

    def __str__(self):
        return self.name


class Discipline(models.Model):
    """A disciplinary measure (kỷ luật) on a person in a year: it bars a title whose
    rule says so, for the person and, for a collective's title, for their unit."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="disciplines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(
        _("measure"),
        max_length=120,
        help_text=_("E.g. Khiển trách, Cảnh cáo."),
        validators=[validate_single_line],
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("disciplinary measure")
        verbose_name_plural = _("disciplinary measures")
        ordering = ["-year", "person"]

    def __str__(self):
        return f"{self.person} – {self.measure} ({self.year})"


class AbsenceReason(models.TextChoices):
    # Counted as working time for Lao động tiên tiến (ABSENCE_COUNTED_AS_WORK).
    MATERNITY = "maternity", _("Maternity leave")
    DUTY_INJURY = "duty_injury", _("Injured on duty")
    # Counted as absence.
    SICK = "sick", _("Sick leave")
    UNPAID = "unpaid", _("Unpaid or personal leave")
    OTHER = "other", _("Other absence")


# Leave the law counts as working time when Lao động tiên tiến is considered
# (maternity leave; injury on duty): docs/legal.md, rule "max_absence".
ABSENCE_COUNTED_AS_WORK = (AbsenceReason.MATERNITY, AbsenceReason.DUTY_INJURY)


class Absence(models.Model):
    """Working days a person was absent in a year, and why: the absence rule counts
    them, except the leave the law counts as working time."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="absences"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.CharField(_("reason"), max_length=12, choices=AbsenceReason.choices)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-year", "person"]

    def __str__(self):
        return f"{self.person} – {self.get_reason_display()} ({self.year}): {self.days}"


class Initiative(models.Model):
    """A recognised initiative (sáng kiến), required by Chiến sĩ thi đua titles."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("initiative"), max_length=300, validators=[validate_single_line])
    recognised_by = models.CharField(
        _("recognised by"), max_length=200, blank=True, validators=[validate_single_line]
    )
    level = models.CharField(
        _("recognised at level"),
        max_length=10,
        choices=InitiativeLevel.choices,
        default=InitiativeLevel.UNIT,
    )

    class Meta:
        verbose_name = _("recognised initiative")
        verbose_name_plural = _("recognised initiatives")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name
