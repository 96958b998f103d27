"""Proposals to a higher level (tờ trình đề nghị khen cao) and their history.

For a title or form none of the organiser's authorities grants (the legal pack's
`TitleGrant` by level), the organiser's admin assembles a proposal from nominees a
closed session of its council passed, sends it to the higher authority, may have it
returned (back to drafted, the reasons kept as an event) and records the higher
level's decision: a `Decision` of that authority, issued as it was received, whose
recipients enter history and eligibility like the organiser's own
(docs/awards.md, "Proposals").
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .catalogue import Authority
from .council import CouncilSession
from .decisions import Decision, DecisionRecipient
from .nominations import Nomination


class ProposalStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    DECIDED = "decided", _("Decided")


class SendingChannel(models.TextChoices):
    E_OFFICE = "e_office", _("E-office system (liên thông văn bản)")
    POST = "post", _("Post")
    HAND = "hand", _("By hand")
    EMAIL = "email", _("Official email")


class Proposal(models.Model):
    """A tờ trình to a higher authority for the nominees it alone may award."""

    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="proposals",
        limit_choices_to={"is_organiser": True},
    )
    # Who writes the letter: one of the organiser's authorities (its header and symbol).
    sender = models.ForeignKey(
        Authority,
        verbose_name=_("proposing authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # To whom: the higher authority that grants the titles proposed.
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("proposed to"),
        on_delete=models.PROTECT,
        related_name="proposals_received",
    )
    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("council session"),
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("The closed session that passed the nominees."),
    )
    number = models.PositiveIntegerField(
        _("letter number"),
        null=True,
        blank=True,
        help_text=_("From the office register (sổ đăng ký văn bản); empty until it is numbered."),
    )
    letter_symbol = models.CharField(
        _("letter symbol"), max_length=30, default="TTr-UBND", validators=[validate_single_line]
    )
    dated = models.DateField(_("letter date"))
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("Trích yếu, e.g. “Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh”."),
        validators=[validate_single_line],
    )
    body = models.TextField(
        _("reasons and achievements"),
        blank=True,
        help_text=_("The letter's text before the list of nominees."),
        validators=[validate_text],
    )
    signer_name = models.CharField(_("signer"), max_length=150, validators=[validate_single_line])
    signer_position = models.CharField(
        _("signer's position"), max_length=150, validators=[validate_single_line]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFTED
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=SendingChannel.choices, blank=True
    )
    reference = models.CharField(
        _("reference"),
        max_length=120,
        blank=True,
        help_text=_("The receipt's reference: the e-office number, the postal receipt…"),
        validators=[validate_single_line],
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision of the higher level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="higher_proposal",
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal to a higher level")
        verbose_name_plural = _("proposals to a higher level")
        ordering = ["-dated", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_on__isnull=False),
                name="proposal_sent_has_date",
                violation_error_message=_("A sent proposal needs its date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decision__isnull=False),
                name="proposal_decided_has_decision",
                violation_error_message=_("A decided proposal needs the decision."),
            ),
        ]

    def __str__(self):
        return self.summary

    @property
    def reference_display(self) -> str:
        return f"{self.number or '…'}/{self.letter_symbol}"


class ProposalItem(models.Model):
    """A nominee of the proposal; once decided, whether the higher level accepted it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        related_name="proposal_items",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)
    recipient = models.OneToOneField(
        DecisionRecipient,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_item",
    )

    class Meta:
        verbose_name = _("proposed nominee")
        verbose_name_plural = _("proposed nominees")
        ordering = ["proposal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "nomination"],
                name="proposal_nomination_once",
                violation_error_message=_("This nominee is already in the proposal."),
            )
        ]

    def __str__(self):
        return str(self.nomination)


class ProposalEventKind(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    RETURNED = "returned", _("Returned")
    DECIDED = "decided", _("Decided")


class ProposalEvent(models.Model):
    """One step of a proposal's history: nothing is overwritten when it is returned."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=10, choices=ProposalEventKind.choices)
    on = models.DateField(_("date"))
    channel = models.CharField(
        _("channel"), max_length=10, choices=SendingChannel.choices, blank=True
    )
    reference = models.CharField(
        _("reference"), max_length=120, blank=True, validators=[validate_single_line]
    )
    reasons = models.TextField(_("reasons"), blank=True, validators=[validate_text])
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["proposal", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="returned") | ~Q(reasons=""),
                name="proposal_return_has_reasons",
                violation_error_message=_("A return needs its reasons."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"
