"""Households (hộ gia đình) as recipients (Luật Thi đua, khen thưởng 2022 Điều 2, 3):
proposed by the ward or commune they live in, checked, decided, worded, counted."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from awards import fund_export, services
from awards.listing import recipient_rows
from awards.models import Authority, DecisionRecipient, Household, Nomination
from awards.wording import articles, count_phrase
from reports.statistics import F0603, form_awards
from tests.factories import TEST_PASSWORD

from .conftest import decision_draft

pytestmark = pytest.mark.django_db

ACHIEVEMENT = "Hiến 45 m² đất mở rộng đường ngõ phố Khu 3"


@pytest.fixture
def household(unit_a):
    return Household.objects.create(name="Hộ ông Trần Văn Bình", address="Khu 3", unit=unit_a)


def _propose(secretary, unit, household, title, campaign, achievement=ACHIEVEMENT):
    return services.nomination_propose(
        unit=unit,
        recipient_kind="household",
        household=household,
        title=title,
        campaign=campaign,
        year=2026,
        kind="campaign",
        achievement=achievement,
        proposed_by=secretary,
    )


def test_the_ward_proposes_a_household_for_giay_khen(
    client, secretary_a, unit_a, household, campaign, catalogue
):
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "household",
            "household": household.pk,
            "title": catalogue["giay-khen-ho-gia-dinh"].pk,
            "campaign": campaign.pk,
            "year": 2026,
            "kind": "campaign",
            "achievement": ACHIEVEMENT,
        },
        follow=True,
    )
    nomination = Nomination.objects.get()
    assert (nomination.household, nomination.person, nomination.collective) == (
        household,
        None,
        None,
    )
    assert nomination.nominee_name == "Hộ ông Trần Văn Bình"
    assert "Hộ ông Trần Văn Bình" in response.text
    kind = next(c for c in nomination.checks if c["rule"] == "kind")
    assert kind["outcome"] == "passed"


def test_the_form_asks_for_the_household_and_refuses_another_units(
    client, secretary_b, unit_b, household, campaign, catalogue
):
    client.force_login(secretary_b)
    base = {
        "unit": unit_b.pk,
        "recipient_kind": "household",
        "title": catalogue["giay-khen-ho-gia-dinh"].pk,
        "campaign": campaign.pk,
        "year": 2026,
        "kind": "campaign",
        "achievement": ACHIEVEMENT,
    }
    missing = client.post("/awards/nominations/new/", base)
    assert missing.status_code == 200
    assert "Chọn hộ gia đình." in missing.text
    # unit_a's household is not offered to unit_b: "not one of the available choices".
    other = client.post("/awards/nominations/new/", {**base, "household": household.pk})
    assert other.status_code == 200
    assert not Nomination.objects.exists()


def test_a_household_gets_only_a_households_form(
    secretary_a, unit_a, household, campaign, catalogue
):
    with pytest.raises(ValidationError) as refused:
        _propose(secretary_a, unit_a, household, catalogue["giay-khen-ca-nhan"], campaign)
    assert "title" in refused.value.message_dict
    assert not Nomination.objects.exists()


def test_one_award_per_achievement_for_a_household_whatever_the_wording(
    secretary_a, unit_a, household, campaign, catalogue
):
    _propose(secretary_a, unit_a, household, catalogue["giay-khen-ho-gia-dinh"], campaign)
    with pytest.raises(ValidationError):
        _propose(
            secretary_a,
            unit_a,
            household,
            catalogue["giay-khen-ho-gia-dinh"],
            campaign,
            achievement=f"{ACHIEVEMENT} (đợt 2)",
        )


def test_a_household_row_names_nobody_else(household, unit_a, person_a, campaign, catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            unit=unit_a,
            recipient_kind="household",
            household=household,
            person=person_a,
            title=catalogue["giay-khen-ho-gia-dinh"],
            campaign=campaign,
            year=2026,
            kind="campaign",
            achievement=ACHIEVEMENT,
            proposed_by_id=1,
        )


def test_a_decision_commends_a_household_with_cash_wording_and_list(
    client, admin_user, household, person_a, campaign, catalogue
):
    ward = Authority.objects.get(code="ct-ubnd-phuong-mong-cai-1")
    decision = decision_draft(admin_user, ward, campaign, 9, dt.date(2026, 12, 6))
    services.decision_add_recipient(
        user=admin_user,
        decision=decision,
        recipient_kind="household",
        household=household,
        title=catalogue["giay-khen-ho-gia-dinh"],
        achievement=ACHIEVEMENT,
        year=2026,
    )
    services.decision_add_recipient(
        user=admin_user,
        decision=decision,
        recipient_kind="individual",
        person=person_a,
        title=catalogue["giay-khen-ca-nhan"],
        achievement="Hoàn thành tốt nhiệm vụ năm 2026",
        year=2026,
    )
    recipient = decision.recipients.get(recipient_kind="household")
    # 0,3 × 2.530.000 = 759.000 → 760.000 (the household's coefficient is unverified).
    assert (recipient.unit, recipient.amount) == (household.unit, Decimal(760000))
    totals = services.decision_totals(decision)
    assert (totals["households"], totals["individuals"], totals["collectives"]) == (1, 1, 0)
    assert count_phrase(totals) == "01 hộ gia đình và 01 cá nhân"
    first = articles(decision, totals)[0].paragraphs[0]
    assert "cho 01 hộ gia đình và 01 cá nhân" in first
    names = [row[1] for row in recipient_rows(decision)]
    assert names == ["Hộ ông Trần Văn Bình", "Nguyễn Văn An"]
    # The pages count the household in the same sentence as the others.
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{decision.pk}/").text
    assert "0 tập thể, 1 cá nhân, 1 hộ gia đình; tổng số tiền" in page
    services.decision_issue(user=admin_user, decision=decision, password=TEST_PASSWORD)
    page = client.get("/awards/statistics/", {"start": "01/01/2026", "end": "31/12/2026"}).text
    assert "31/12/2026: 0 tập thể, 1 cá nhân và 1 hộ gia đình được khen thưởng." in page


def test_the_statistics_form_counts_a_household_in_its_row(
    admin_user, household, campaign, catalogue, city
):
    province = Authority.objects.get(code="ct-ubnd-quang-ninh")
    decision = decision_draft(admin_user, province, campaign, 5, dt.date(2026, 9, 2))
    DecisionRecipient.objects.create(
        decision=decision,
        recipient_kind="household",
        household=household,
        unit=household.unit,
        title=catalogue["bang-khen-ho-gia-dinh"],
        campaign=campaign,
        year=2026,
        achievement=ACHIEVEMENT,
    )
    decision.status = "issued"
    decision.save(update_fields=["status"])
    values = form_awards(F0603, city, 2026)
    assert values["04"][:2] == [1, 1]  # Hộ gia đình: total, Bằng khen
    assert values["05"][0] == 0  # not an individual
    assert values["02"][0] == 0  # nor a collective


def test_count_phrase_with_the_three_kinds():
    assert (
        count_phrase({"collectives": 2, "households": 1, "individuals": 3})
        == "02 tập thể, 01 hộ gia đình và 03 cá nhân"
    )


def test_the_fund_names_a_household_on_its_page_and_in_its_xlsx(
    client, admin_user, household, campaign, catalogue
):
    """The fund's lists named a household "None" (its person and collective are empty)."""

    ward = Authority.objects.get(code="ct-ubnd-phuong-mong-cai-1")
    decision = decision_draft(admin_user, ward, campaign, 9, dt.date(2026, 12, 6))
    services.decision_add_recipient(
        user=admin_user,
        decision=decision,
        recipient_kind="household",
        household=household,
        title=catalogue["giay-khen-ho-gia-dinh"],
        achievement=ACHIEVEMENT,
        year=2026,
    )
    services.decision_issue(
        user=admin_user, decision=decision, password=TEST_PASSWORD, no_cash=False
    )
    organiser = ward.organiser
    organiser.organiser_members.add(admin_user)
    client.force_login(admin_user)
    url = reverse("awards:fund") + f"?organiser={organiser.pk}&year=2026"
    page = client.get(url).content.decode()
    unpaid = page.split('data-testid="fund-unpaid"')[1].split("</table>")[0]
    assert "Hộ ông Trần Văn Bình" in unpaid and "None" not in unpaid
    unpaid_sheet = load_workbook(io.BytesIO(fund_export.ledger_xlsx(organiser, 2026))).worksheets[3]
    names = [row[2] for row in unpaid_sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Hộ ông Trần Văn Bình"]
    recipient = decision.recipients.get()
    client.post(
        reverse("awards:fund-payment", args=[recipient.pk, "pay"]),
        {"on": "07/12/2026", "voucher": "PC-12"},
    )
    page = client.get(url).content.decode()
    payments = page.split('data-testid="fund-payments"')[1].split("</table>")[0]
    assert "Hộ ông Trần Văn Bình" in payments and "PC-12" in payments
    book = load_workbook(io.BytesIO(fund_export.ledger_xlsx(organiser, 2026)))
    rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    paid = [row for row in rows if "PC-12" in row]
    assert len(paid) == 1 and paid[0][1] == "Hộ ông Trần Văn Bình"
