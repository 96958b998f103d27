"""The procedure before the council: annual registration (đăng ký thi đua) and the public
disclosure (công khai) of the nominees inside the organiser (docs/awards.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .catalogue import Title
from .nominations import Nomination, Nominee


class RegistrationRound(models.Model):
    """An organiser's registration for a year, open until a deadline its admin sets."""

    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="registration_rounds",
        limit_choices_to={"is_organiser": True},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(
        _("deadline"), help_text=_("The last day units may register (the admin may extend it).")
    )
    opened_by = models.ForeignKey(
        User, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration round")
        verbose_name_plural = _("registration rounds")
        ordering = ["-year", "organiser__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year"],
                name="registration_round_once_per_year",
                violation_error_message=_(
                    "This organiser already has a registration for the year."
                ),
            )
        ]

    def __str__(self):
        return _("Registration %(year)s – %(organiser)s") % {
            "year": self.year,
            "organiser": self.organiser,
        }


class Registration(Nominee):
    """A unit registers itself (collective title) or one of its people (individual title)."""

    round = models.ForeignKey(
        RegistrationRound,
        verbose_name=_("registration round"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("registering unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        User, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["round", "unit__name", "title__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient_kind="individual", person__isnull=False, collective=None))
                | Q(recipient_kind="collective", collective__isnull=False, person=None),
                name="registration_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["round", "title", "person"],
                condition=Q(person__isnull=False),
                name="registration_person_once",
            ),
            models.UniqueConstraint(
                fields=["round", "title", "collective"],
                condition=Q(collective__isnull=False),
                name="registration_collective_once",
            ),
        ]

    def __str__(self):
        return f"{self.nominee} – {self.title} ({self.round.year})"


class RegistrationReminder(models.Model):
    """An e-mail reminder went to a unit's secretaries before a round's deadline; once."""

    round = models.ForeignKey(
        RegistrationRound,
        verbose_name=_("registration round"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("registration reminder")
        verbose_name_plural = _("registration reminders")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="registration_reminder_once")
        ]

    def __str__(self):
        return f"{self.unit} – {self.round}"


class Disclosure(models.Model):
    """The nominees of an organiser's year published inside the organiser for a period."""

    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="disclosures",
        limit_choices_to={"is_organiser": True},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    starts_on = models.DateField(_("open from"))
    ends_on = models.DateField(_("open until"))
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("nominees"), related_name="disclosures"
    )
    published_by = models.ForeignKey(
        User, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public disclosure")
        verbose_name_plural = _("public disclosures")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="disclosure_period_order",
                violation_error_message=_("The end of the period cannot come before its start."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class DisclosureComment(models.Model):
    """A member's named comment on a published nominee, and how the admin resolved it."""

    disclosure = models.ForeignKey(
        Disclosure, verbose_name=_("disclosure"), on_delete=models.CASCADE, related_name="comments"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nominee"),
        on_delete=models.PROTECT,
        related_name="disclosure_comments",
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), validators=[validate_text])
    sent_at = models.DateTimeField(_("sent at"))
    resolution = models.TextField(_("resolution"), blank=True, validators=[validate_text])
    resolved_by = models.ForeignKey(
        User,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure comment")
        verbose_name_plural = _("disclosure comments")
        ordering = ["disclosure", "sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at=None, resolved_by=None, resolution="")
                | (Q(resolved_at__isnull=False, resolved_by__isnull=False) & ~Q(resolution="")),
                name="disclosure_comment_resolved_whole",
            )
        ]

    def __str__(self):
        return f"{self.author} – {self.nomination}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
