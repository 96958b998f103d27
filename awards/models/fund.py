"""The emulation and commendation fund (quỹ thi đua, khen thưởng): a ledger per organiser
and year. Income by source; spending is the cash of each recipient of the decisions the
organiser pays, with its payment status (docs/awards.md, "The fund").

Amounts are whole đồng (BigIntegerField): no fractions of a đồng exist to pay.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line, validate_text

from .decisions import DecisionRecipient


class FundSource(models.TextChoices):
    """Where the fund's money comes from. The list follows the law on the fund's sources
    (Luật Thi đua, khen thưởng 2022 and its decree; see docs/awards.md, "The fund", for
    what was and was not verified)."""

    BUDGET = "budget", _("State budget allocation")
    CONTRIBUTION = "contribution", _("Contributions of individuals and organisations")
    OTHER = "other", _("Other lawful sources")


class FundIncome(models.Model):
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="fund_income",
        limit_choices_to={"is_organiser": True},
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=15, choices=FundSource.choices)
    amount = models.BigIntegerField(_("amount (VND)"))
    reference = models.CharField(
        _("voucher or decision"),
        max_length=120,
        blank=True,
        help_text=_("E.g. the budget allocation decision or the receipt voucher."),
        validators=[validate_single_line],
    )
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_text])
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund income")
        verbose_name_plural = _("fund income")
        ordering = ["organiser", "-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="fundincome_amount_positive",
                violation_error_message=_("The amount must be a positive number of đồng."),
            )
        ]
        indexes = [models.Index(fields=["organiser", "year"], name="fundincome_organiser_year")]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"

    def clean(self):
        super().clean()
        if self.received_on:
            self.year = self.received_on.year


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    TO_RECOVER = "to_recover", _("To recover (decision annulled)")
    RECOVERED = "recovered", _("Recovered")
    CANCELLED = "cancelled", _("Not payable (decision annulled before payment)")


class RecipientPayment(models.Model):
    """The cash of one recipient: unpaid → paid (date, voucher); after an annulment a paid
    one is to recover → recovered (date, voucher), an unpaid one is no longer payable."""

    recipient = models.OneToOneField(
        DecisionRecipient,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="payment",
    )
    # The organiser whose fund pays: the decision's authority's, or for a decision of an
    # authority outside the deployment, the organiser that proposed it.
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        related_name="fund_payments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.BigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("payment"), max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    voucher = models.CharField(
        _("payment voucher"), max_length=60, blank=True, validators=[validate_single_line]
    )
    recovered_on = models.DateField(_("recovered on"), null=True, blank=True)
    recovery_voucher = models.CharField(
        _("recovery voucher"), max_length=60, blank=True, validators=[validate_single_line]
    )
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["organiser", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("The amount must be a positive number of đồng."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["unpaid", "cancelled"])
                | (Q(paid_on__isnull=False) & ~Q(voucher="")),
                name="payment_paid_has_date_and_voucher",
                violation_error_message=_("A payment needs its date and voucher."),
            ),
            models.CheckConstraint(
                condition=~Q(status="recovered")
                | (Q(recovered_on__isnull=False) & ~Q(recovery_voucher="")),
                name="payment_recovered_has_date_and_voucher",
                violation_error_message=_("A recovery needs its date and voucher."),
            ),
        ]
        indexes = [
            models.Index(fields=["organiser", "year", "status"], name="payment_organiser_year")
        ]

    def __str__(self):
        return f"{self.recipient} – {self.get_status_display()}"
