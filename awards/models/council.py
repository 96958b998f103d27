"""The council's session (phiên họp của Hội đồng Thi đua - Khen thưởng) and its secret ballot.

A session has its invited members, who of them came, the agenda of nominations and,
per nominee, the counts of agreeing and disagreeing votes. Who voted is recorded
(`BallotCast`: one row per member and nominee, so a member votes once); what they
voted is not recorded anywhere: the choice only increments a count, in the same
transaction as the cast row, and neither row has a timestamp or an order that could
pair a cast with a count (tests/awards/test_sessions.py reads every column).
A closed session cannot be changed or reopened; a new session can be held.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .nominations import Nomination


class Threshold(models.TextChoices):
    """A share of all the session's members (thành viên Hội đồng), as an organiser's
    regulation (quy chế hoạt động của Hội đồng) writes it."""

    MORE_THAN_HALF = "more_than_half", _("More than half of the members")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the members")


# (percent, strict): "more than half" is > 50 %, "two thirds" is >= 2/3.
THRESHOLD_SHARES = {
    Threshold.MORE_THAN_HALF: (Decimal(50), True),
    Threshold.TWO_THIRDS: (Decimal(200) / Decimal(3), False),
}


def reaches(count: int, members: int, *, percent: Decimal, strict: bool) -> bool:
    """`count` of `members` is at least (or, strict, more than) `percent` of them."""
    if members <= 0:
        return False
    share = Decimal(count) * 100
    needed = percent * members
    return share > needed if strict else share >= needed


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CouncilSession(models.Model):
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="council_sessions",
        limit_choices_to={"is_organiser": True},
    )
    name = models.CharField(_("session"), max_length=200, validators=[validate_single_line])
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, validators=[validate_single_line])
    quorum = models.CharField(
        _("quorum"),
        max_length=20,
        choices=Threshold.choices,
        default=Threshold.TWO_THIRDS,
        help_text=_("Members present for the session to decide (the council's regulation)."),
    )
    majority = models.CharField(
        _("votes needed"),
        max_length=20,
        choices=Threshold.choices,
        default=Threshold.MORE_THAN_HALF,
        help_text=_(
            "Agreeing votes a nominee needs, of all members, where the legal pack sets "
            "no share for the title (the council's regulation)."
        ),
    )
    regulation = models.CharField(
        _("council's regulation"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text=_("The regulation the quorum and the votes needed come from."),
    )
    chair = models.ForeignKey(
        User, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    conclusions = models.TextField(_("conclusions"), blank=True, validators=[validate_text])
    historical = models.BooleanField(
        _("recorded afterwards"),
        default=False,
        help_text=_(
            "Records the approvals given before sessions were held in the product "
            "(migration awards 0012): no attendance and no counts."
        ),
    )
    convened_by = models.ForeignKey(
        User, verbose_name=_("convened by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        User,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # NĐ 30/2020: the number and date are the văn thư's, given when the minutes are
    # registered; the admin enters them after closing and the DOCX prints them.
    minutes_number = models.PositiveIntegerField(_("minutes number"), null=True, blank=True)
    minutes_date = models.DateField(_("minutes date"), null=True, blank=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at=None)
                | Q(status="closed", closed_at__isnull=False),
                name="council_session_closed_has_time",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.held_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class SessionMember(models.Model):
    """A member invited to the session, and whether they came."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="council_seats"
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("session member")
        verbose_name_plural = _("session members")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="session_member_once")
        ]

    def __str__(self):
        return str(self.member)


class AgendaResult(models.TextChoices):
    PENDING = "pending", _("Not decided")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class AgendaItem(models.Model):
    """A nominee on the session's agenda, with the counts of the secret ballot."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    order = models.PositiveIntegerField(_("order"))
    agree = models.PositiveIntegerField(_("agree"), default=0)
    disagree = models.PositiveIntegerField(_("disagree"), default=0)
    result = models.CharField(
        _("result"), max_length=10, choices=AgendaResult.choices, default=AgendaResult.PENDING
    )
    threshold = models.CharField(
        _("votes needed"), max_length=300, blank=True, help_text=_("As applied at closing.")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_nomination_once")
        ]

    def __str__(self):
        return str(self.nomination)


class BallotCast(models.Model):
    """That a member voted on an agenda item: never what they voted (no choice, no time)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="casts"
    )
    member = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot cast")
        verbose_name_plural = _("ballots cast")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="ballot_once_per_member")
        ]

    def __str__(self):
        return f"{self.member} – {self.item}"
