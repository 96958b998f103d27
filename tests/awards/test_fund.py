"""The fund (awards.fund): income in whole đồng, payments with date and voucher, the
annulment marking paid cash to recover, the ledger's balance, the unpaid list and its
XLSX without formulas (docs/awards.md, "The fund")."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards import fund, fund_export, services
from awards.models import FundIncome, RecipientPayment
from tests.awards.conftest import decision_draft, issued_with
from tests.spreadsheets import assert_no_formula

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def issued(admin_user, city_authority, campaign, unit_a, unit_b, catalogue):
    """A decision of the city with two collectives' Tập thể lao động tiên tiến (cash)."""
    decision = decision_draft(admin_user, city_authority, campaign, 5, dt.date(2024, 9, 2))
    issued_with(
        admin_user,
        decision,
        [
            (unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Hoàn thành tốt"),
            (unit_b, catalogue["tap-the-lao-dong-tien-tien"], "Hoàn thành tốt"),
        ],
        no_cash=False,
    )
    decision.refresh_from_db()
    return decision


def test_income_is_whole_dong_and_bad_input_stores_nothing(admin_user, city):
    for bad in ("-5", "0", "12.5", "abc", "1e30"):
        with pytest.raises(ValidationError):
            fund.fund_income_add(
                user=admin_user,
                organiser=city,
                received_on=dt.date(2024, 1, 5),
                source="budget",
                amount=bad,
            )
    with pytest.raises(ValidationError, match="source"):
        fund.fund_income_add(
            user=admin_user,
            organiser=city,
            received_on=dt.date(2024, 1, 5),
            source="lottery",
            amount=10,
        )
    assert not FundIncome.objects.exists()
    income = fund.fund_income_add(
        user=admin_user,
        organiser=city,
        received_on=dt.date(2024, 1, 5),
        source="budget",
        amount=100_000_000,
    )
    assert (income.year, income.amount) == (2024, 100_000_000)


def test_only_an_admin_of_the_organiser_records(council_member, city):
    with pytest.raises(ValidationError, match="administrator"):
        fund.fund_income_add(
            user=council_member,
            organiser=city,
            received_on=dt.date(2024, 1, 5),
            source="budget",
            amount=10,
        )


def test_paid_then_annulled_is_to_recover_then_recovered(admin_user, city, issued):
    first, second = issued.recipients.order_by("order")
    assert first.amount == Decimal(1_880_000)  # 0,8 × 2.340.000 = 1.872.000, up to 10.000
    assert list(fund.unpaid_awards(city)) == [first, second]
    with pytest.raises(ValidationError, match="voucher"):
        fund.payment_record(
            user=admin_user, recipient=first, paid_on=dt.date(2024, 9, 5), voucher=" "
        )
    with pytest.raises(ValidationError, match="before its decision"):
        fund.payment_record(
            user=admin_user, recipient=first, paid_on=dt.date(2024, 9, 1), voucher="PC-1"
        )
    payment = fund.payment_record(
        user=admin_user, recipient=first, paid_on=dt.date(2024, 9, 5), voucher="PC-1"
    )
    assert payment.status == "paid" and payment.organiser == city
    with pytest.raises(ValidationError, match="already"):
        fund.payment_record(
            user=admin_user, recipient=first, paid_on=dt.date(2024, 9, 6), voucher="PC-2"
        )
    assert list(fund.unpaid_awards(city)) == [second]
    services.decision_annul(user=admin_user, decision=issued, reason="Sai đối tượng")
    payment.refresh_from_db()
    assert payment.status == "to_recover"
    assert list(fund.unpaid_awards(city)) == []  # an annulled award is no longer payable
    fund.payment_recover(
        user=admin_user, recipient=first, recovered_on=dt.date(2024, 10, 1), voucher="PT-9"
    )
    payment.refresh_from_db()
    assert (payment.status, payment.recovery_voucher) == ("recovered", "PT-9")


def test_the_ledger_balances(admin_user, city, issued):
    fund.fund_income_add(
        user=admin_user,
        organiser=city,
        received_on=dt.date(2023, 12, 1),
        source="budget",
        amount=1_000_000,
    )
    fund.fund_income_add(
        user=admin_user,
        organiser=city,
        received_on=dt.date(2024, 2, 1),
        source="contribution",
        amount=5_000_000,
    )
    first = issued.recipients.order_by("order").first()
    fund.payment_record(
        user=admin_user, recipient=first, paid_on=dt.date(2024, 9, 5), voucher="PC-1"
    )
    ledger = fund.ledger(city, 2024)
    assert ledger["opening"] == 1_000_000
    assert ledger["totals"] == {
        "income": 5_000_000,
        "spent": 1_880_000,
        "recovered": 0,
        "to_recover": 0,
        "unpaid": 1_880_000,
    }
    assert ledger["closing"] == 1_000_000 + 5_000_000 - 1_880_000
    assert [row["total"] for row in ledger["spending"]] == [1_880_000]


def test_the_xlsx_has_the_balance_and_no_formula(admin_user, city, issued, unit_a):
    unit_a.name = '=HYPERLINK("http://x")'
    unit_a.save()
    fund.fund_income_add(
        user=admin_user,
        organiser=city,
        received_on=dt.date(2024, 2, 1),
        source="other",
        amount=2_000_000,
        reference="+cmd",
    )
    content = fund_export.ledger_xlsx(city, 2024)
    assert_no_formula(content)
    book = load_workbook(io.BytesIO(content))
    values = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert ("Số dư cuối năm", 2_000_000) in values
    unpaid = list(book.worksheets[3].iter_rows(values_only=True))
    assert len(unpaid) == 3


def test_the_ledger_page_shows_and_records(client, admin_user, city, issued):
    city.organiser_members.add(admin_user)
    client.force_login(admin_user)
    url = reverse("awards:fund") + f"?organiser={city.pk}&year=2024"
    response = client.get(url)
    assert response.status_code == 200
    assert "1,880,000" in response.content.decode() or "1.880.000" in response.content.decode()
    response = client.post(
        reverse("awards:fund-income"),
        {
            "organiser": city.pk,
            "year": 2024,
            "received_on": "05/02/2024",
            "source": "budget",
            "amount": "-3",
        },
    )
    assert response.status_code == 302
    assert not FundIncome.objects.exists()
    client.post(
        reverse("awards:fund-income"),
        {
            "organiser": city.pk,
            "year": 2024,
            "received_on": "05/02/2024",
            "source": "budget",
            "amount": "3000000",
        },
    )
    assert FundIncome.objects.get().amount == 3_000_000
    recipient = issued.recipients.order_by("order").first()
    client.post(
        reverse("awards:fund-payment", args=[recipient.pk, "pay"]),
        {"on": "10/09/2024", "voucher": "PC-7"},
    )
    assert RecipientPayment.objects.get().voucher == "PC-7"
