"""The emulation and commendation fund: income, payments, the balance and unpaid awards.

The fund of an organiser pays the cash of the decisions of its own authorities and of
the decisions a higher authority outside the deployment took on its proposal (an
authority without an organiser, e.g. the Prime Minister). A recipient's payment row
exists once something was recorded for it; a recipient of an issued decision with
cash and no row is unpaid. Amounts are whole đồng.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from blocs.models import Unit
from blocs.permissions import in_organiser_scope
from blocs.selectors import organiser_units
from mongcai.accounts.permissions import is_admin

from .models import (
    DecisionRecipient,
    DecisionStatus,
    FundIncome,
    FundSource,
    PaymentStatus,
    RecipientPayment,
)

MAX_AMOUNT = 10**15  # đồng: far above any fund, below the column's limit


def _require_admin(user, organiser_id: int | None):
    if not is_admin(user) or not in_organiser_scope(user, organiser_id):
        raise ValidationError(_("Only an administrator of the organiser may do this."))


def payer_filter(organiser) -> Q:
    """Recipients whose cash the organiser's fund pays."""
    return Q(decision__authority__organiser=organiser) | Q(
        decision__authority__organiser__isnull=True,
        decision__higher_proposal__organiser=organiser,
    )


def payer_of(recipient: DecisionRecipient):
    """The organiser whose fund pays the recipient's cash, or None."""
    decision = recipient.decision
    if decision.authority.organiser_id:
        return decision.authority.organiser
    proposal = getattr(decision, "higher_proposal", None)
    return proposal.organiser if proposal is not None else None


def fund_organisers(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=organiser_units(user), is_organiser=True).order_by("name")


def whole_dong(value) -> int:
    """An amount in đồng as an int; refuses fractions, negatives and absurd sizes."""
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError as error:
        raise ValidationError(_("Enter the amount as a whole number of đồng.")) from error
    if amount != amount.to_integral_value():
        raise ValidationError(_("Enter the amount as a whole number of đồng."))
    if amount <= 0 or amount >= MAX_AMOUNT:
        raise ValidationError(_("The amount must be a positive number of đồng."))
    return int(amount)


# Writes --------------------------------------------------------------------


@transaction.atomic
def fund_income_add(
    *, user, organiser, received_on: dt.date, source: str, amount, reference="", note=""
) -> FundIncome:
    _require_admin(user, organiser.pk)
    if source not in FundSource.values:
        raise ValidationError(_("Choose the source of the income."))
    income = FundIncome(
        organiser=organiser,
        received_on=received_on,
        source=source,
        amount=whole_dong(amount),
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=user,
    )
    income.full_clean()
    income.save()
    return income


def _payment_for(recipient: DecisionRecipient) -> RecipientPayment:
    payment = RecipientPayment.objects.select_for_update().filter(recipient=recipient).first()
    if payment is not None:
        return payment
    organiser = payer_of(recipient)
    if organiser is None:
        raise ValidationError(_("No fund of this deployment pays this award."))
    return RecipientPayment(
        recipient=recipient,
        organiser=organiser,
        year=recipient.decision.decided_on.year,
        amount=int(recipient.amount or 0),
    )


@transaction.atomic
def payment_record(
    *, user, recipient: DecisionRecipient, paid_on: dt.date, voucher: str
) -> RecipientPayment:
    """unpaid → paid, with the date and the voucher number."""
    recipient = (
        DecisionRecipient.objects.select_related("decision__authority")
        .select_for_update(of=("self",))
        .get(pk=recipient.pk)
    )
    organiser = payer_of(recipient)
    _require_admin(user, organiser.pk if organiser else None)
    if recipient.decision.status != DecisionStatus.ISSUED or recipient.is_void:
        raise ValidationError(_("Only an award of an issued decision is paid."))
    if not recipient.amount:
        raise ValidationError(_("This award carries no cash."))
    voucher = voucher.strip()
    if not voucher:
        raise ValidationError(_("Enter the payment voucher's number."))
    if paid_on < recipient.decision.decided_on:
        raise ValidationError(_("An award cannot be paid before its decision."))
    payment = _payment_for(recipient)
    if payment.pk and payment.status != PaymentStatus.UNPAID:
        raise ValidationError(
            _("This award is already %(status)s.")
            % {"status": payment.get_status_display().lower()}
        )
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.voucher = voucher
    payment.year = paid_on.year
    payment.updated_by = user
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def payment_recover(
    *, user, recipient: DecisionRecipient, recovered_on: dt.date, voucher: str
) -> RecipientPayment:
    """to recover → recovered, with the date and the receipt voucher."""
    payment = RecipientPayment.objects.select_for_update().filter(recipient=recipient).first()
    payer = payer_of(recipient)
    _require_admin(user, payment.organiser_id if payment else (payer.pk if payer else None))
    if payment is None or payment.status != PaymentStatus.TO_RECOVER:
        raise ValidationError(_("Only a payment to recover can be recorded as recovered."))
    voucher = voucher.strip()
    if not voucher:
        raise ValidationError(_("Enter the receipt voucher's number."))
    if recovered_on < payment.paid_on:
        raise ValidationError(_("Money cannot be recovered before it was paid."))
    payment.status = PaymentStatus.RECOVERED
    payment.recovered_on = recovered_on
    payment.recovery_voucher = voucher
    payment.updated_by = user
    payment.full_clean()
    payment.save()
    return payment


def payments_on_annulment(decision) -> None:
    """Called inside the annulment's transaction: paid cash is to recover, and what was
    not paid is no longer payable."""
    RecipientPayment.objects.filter(recipient__decision=decision, status=PaymentStatus.PAID).update(
        status=PaymentStatus.TO_RECOVER
    )
    RecipientPayment.objects.filter(
        recipient__decision=decision, status=PaymentStatus.UNPAID
    ).update(status=PaymentStatus.CANCELLED)


# Reads ---------------------------------------------------------------------


def unpaid_awards(organiser, year: int | None = None) -> QuerySet[DecisionRecipient]:
    """Awards with cash of the organiser's issued decisions not paid yet (of decisions
    dated in `year`, when given)."""
    recipients = DecisionRecipient.objects.filter(
        payer_filter(organiser),
        decision__status=DecisionStatus.ISSUED,
        is_void=False,
        amount__gt=0,
    ).filter(Q(payment__isnull=True) | Q(payment__status=PaymentStatus.UNPAID))
    if year is not None:
        recipients = recipients.filter(decision__year=year)
    return recipients.select_related(
        "decision__authority", "person", "collective", "household", "title", "unit"
    ).order_by("decision__decided_on", "decision__number", "order")


def payments_of(organiser, year: int) -> QuerySet[RecipientPayment]:
    """Payments the organiser made, are to recover or recovered in `year`."""
    return (
        RecipientPayment.objects.filter(organiser=organiser)
        .filter(Q(paid_on__year=year) | Q(recovered_on__year=year))
        .exclude(status__in=[PaymentStatus.UNPAID, PaymentStatus.CANCELLED])
        .select_related(
            "recipient__decision__authority",
            "recipient__person",
            "recipient__collective",
            "recipient__household",
            "recipient__title",
        )
        .order_by("paid_on", "pk")
    )


def _sum(queryset, field="amount") -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


def ledger(organiser, year: int) -> dict:
    """The year's income by source, spending by decision, recoveries, and the balance at
    the year's start and end (everything recorded before, carried over)."""
    income = FundIncome.objects.filter(organiser=organiser)
    payments = RecipientPayment.objects.filter(organiser=organiser).exclude(
        status__in=[PaymentStatus.UNPAID, PaymentStatus.CANCELLED]
    )
    recovered = payments.filter(status=PaymentStatus.RECOVERED)

    def balance_before(day: dt.date) -> int:
        return (
            _sum(income.filter(received_on__lt=day))
            - _sum(payments.filter(paid_on__lt=day))
            + _sum(recovered.filter(recovered_on__lt=day))
        )

    by_source = {
        row["source"]: int(row["total"])
        for row in income.filter(year=year).values("source").annotate(total=Sum("amount"))
    }
    sources = [(label, by_source.get(value, 0)) for value, label in FundSource.choices]
    spending = list(
        payments.filter(paid_on__year=year)
        .values(
            "recipient__decision_id",
            "recipient__decision__number",
            "recipient__decision__authority__symbol",
            "recipient__decision__decided_on",
        )
        .annotate(total=Sum("amount"))
        .order_by("recipient__decision__decided_on", "recipient__decision__number")
    )
    totals = {
        "income": sum(total for _label, total in sources),
        "spent": _sum(payments.filter(paid_on__year=year)),
        "recovered": _sum(recovered.filter(recovered_on__year=year)),
        "to_recover": _sum(payments.filter(status=PaymentStatus.TO_RECOVER)),
        "unpaid": _sum(unpaid_awards(organiser)),
    }
    opening = balance_before(dt.date(year, 1, 1))
    closing = opening + totals["income"] - totals["spent"] + totals["recovered"]
    return {
        "organiser": organiser,
        "year": year,
        "sources": sources,
        "income_rows": income.filter(year=year).order_by("received_on", "pk"),
        "spending": spending,
        "totals": totals,
        "opening": opening,
        "closing": closing,
    }
