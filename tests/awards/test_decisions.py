"""Decisions: number per issuer and year, recipients with checks, cash, issue, annul."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Authority, BaseSalary, Decision, DecisionRecipient
from tests.factories import TEST_PASSWORD

from .conftest import add_recipient, decision_draft, issued_with, pass_by_session, propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_number_is_unique_per_issuer_and_year(admin_user, city_authority, campaign, draft):
    assert draft.reference == "123/QĐ-UBND"
    with pytest.raises(ValidationError, match="already decision 123/QĐ-UBND of 02/09/2024"):
        decision_draft(admin_user, city_authority, campaign, 123, dt.date(2024, 12, 1))
    # Another year, or another issuer, may use the number.
    next_year = decision_draft(admin_user, city_authority, campaign, 123, dt.date(2025, 1, 5))
    assert next_year.year == 2025
    province = Authority.objects.get(code="ct-ubnd-quang-ninh")
    assert decision_draft(admin_user, province, campaign, 123, dt.date(2024, 3, 1)).pk
    # The product never computes the next number: it is the register's (issue 18).
    assert not hasattr(services, "decision_next_number")


def test_only_an_admin_creates_a_decision(council_member, city_authority, campaign):
    with pytest.raises(ValidationError, match="Only an administrator"):
        decision_draft(council_member, city_authority, campaign, 1, dt.date(2024, 1, 1))


def test_approved_nominations_become_recipients_with_cash(
    secretary_a, council_member, admin_user, unit_a, person_a, campaign, catalogue, draft
):
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["tap-the-lao-dong-tien-tien"], campaign
    )
    pass_by_session(council_member, [nomination])
    nomination.refresh_from_db()
    assert (
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])
        == 1
    )
    recipient = draft.recipients.get()
    # 1.5 × 2,340,000 (base salary from 01/07/2024; the decision is dated 02/09/2024).
    # 0,8 × 2.340.000 = 1.872.000, rounded up to 1.880.000 (docs/legal.md).
    assert (recipient.coefficient, recipient.amount) == (Decimal("0.8"), Decimal(1880000))
    with pytest.raises(ValidationError, match="already in a decision"):
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])


def test_a_proposed_nomination_cannot_be_added(
    secretary_a, admin_user, unit_a, person_a, campaign, catalogue, draft
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    with pytest.raises(ValidationError, match="not approved"):
        services.decision_add_nominations(user=admin_user, decision=draft, nominations=[nomination])


def test_admin_added_recipient_runs_the_same_checks(admin_user, person_a, catalogue, draft):
    # The city chairman does not grant Bằng khen (the province does).
    with pytest.raises(ValidationError, match="does not grant Bằng khen"):
        add_recipient(
            admin_user, draft, person_a, catalogue["bang-khen-ca-nhan"], "Cứu người", year=2024
        )
    assert not draft.recipients.exists()


def test_the_same_achievement_cannot_be_awarded_twice(
    admin_user, person_a, catalogue, draft, campaign, city_authority
):
    issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")])
    other = decision_draft(admin_user, city_authority, campaign, 200, dt.date(2024, 10, 1))
    with pytest.raises(ValidationError, match="Already in decision 123/QĐ-UBND"):
        add_recipient(
            admin_user, other, person_a, catalogue["chien-si-thi-dua-co-so"], "Cứu người", year=2024
        )


def test_the_database_refuses_a_second_award_for_one_achievement(
    admin_user, person_a, catalogue, draft
):
    recipient = issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "X")])
    row = DecisionRecipient.objects.get(decision=recipient)
    row.pk = None
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        row.save()


def test_issue_asks_for_the_password(admin_user, person_a, catalogue, draft):
    add_recipient(
        admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người", year=2024
    )
    with pytest.raises(ValidationError, match="password is not correct"):
        services.decision_issue(user=admin_user, decision=draft, password="wrong")
    draft.refresh_from_db()
    assert draft.status == "draft"
    services.decision_issue(user=admin_user, decision=draft, password=TEST_PASSWORD, no_cash=True)
    draft.refresh_from_db()
    assert (draft.status, draft.issued_by, draft.base_salary) == ("issued", admin_user, 2340000)
    assert draft.no_cash


def test_an_empty_decision_is_not_issued(admin_user, draft):
    with pytest.raises(ValidationError, match="at least one recipient"):
        services.decision_issue(user=admin_user, decision=draft, password=TEST_PASSWORD)


def test_an_issued_decision_cannot_be_changed_at_any_level(
    admin_user, person_a, person_a2, catalogue, draft
):
    issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")])
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.decision_save(user=admin_user, decision=draft, summary="Sửa")
    with pytest.raises(ValidationError, match="cannot be changed"):
        add_recipient(
            admin_user, draft, person_a2, catalogue["giay-khen-ca-nhan"], "Khác", year=2024
        )
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.decision_remove_recipient(user=admin_user, recipient=draft.recipients.get())
    # The model refuses too, whoever calls full_clean (the admin site does).
    draft.summary = "Sửa trực tiếp"
    with pytest.raises(ValidationError, match="cannot be changed"):
        draft.full_clean()
    with pytest.raises(ValidationError, match="cannot be changed"):
        draft.recipients.get().full_clean()
    assert Decision.objects.get(pk=draft.pk).summary == "Về việc khen thưởng đột xuất"


def test_annulment_needs_a_reason_and_records_the_money_to_recover(
    admin_user, person_a, unit_a, catalogue, draft
):
    issued_with(
        admin_user,
        draft,
        [
            (person_a, catalogue["lao-dong-tien-tien"], "Cứu người"),
            (unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu khối"),
        ],
    )
    with pytest.raises(ValidationError, match="reason"):
        services.decision_annul(user=admin_user, decision=draft, reason="  ")
    annulled = services.decision_annul(user=admin_user, decision=draft, reason="Trùng thành tích")
    # 0,3 × 2.340.000 → 710.000 + 0,8 × 2.340.000 → 1.880.000.
    assert annulled.recover_amount == Decimal(2590000)
    assert annulled.status == "annulled"
    assert not draft.recipients.filter(is_void=False).exists()
    with pytest.raises(ValidationError, match="Only an issued decision"):
        services.decision_annul(user=admin_user, decision=draft, reason="Lần nữa")


def test_annulment_frees_the_achievement(
    admin_user, person_a, catalogue, draft, campaign, city_authority
):
    issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")])
    services.decision_annul(user=admin_user, decision=draft, reason="Sai đối tượng")
    other = decision_draft(admin_user, city_authority, campaign, 300, dt.date(2024, 10, 1))
    add_recipient(
        admin_user, other, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người", year=2024
    )
    assert other.recipients.count() == 1


def test_a_decision_before_any_base_salary_cannot_pay_a_configured_coefficient(
    admin_user, person_a, catalogue, campaign, city_authority
):
    from awards.models import TitleTerm

    TitleTerm.objects.filter(
        title__code="giay-khen-ca-nhan", valid_to=dt.date(2023, 12, 31)
    ).update(coefficient=Decimal("0.15"))
    # A date before the first base salary the legal pack carries (01/07/2019).
    BaseSalary.objects.filter(valid_from=dt.date(2019, 7, 1)).delete()
    decision = decision_draft(admin_user, city_authority, campaign, 5, dt.date(2023, 3, 1))
    add_recipient(
        admin_user, decision, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người", year=2023
    )
    with pytest.raises(ValidationError, match="No base salary is in force on 01/03/2023"):
        services.decision_issue(user=admin_user, decision=decision, password=TEST_PASSWORD)


def test_totals_count_collectives_individuals_and_money(
    admin_user, person_a, unit_a, catalogue, draft
):
    issued_with(
        admin_user,
        draft,
        [
            (person_a, catalogue["giay-khen-ca-nhan"], "A"),
            (unit_a, catalogue["tap-the-lao-dong-tien-tien"], "B"),
        ],
    )
    assert services.decision_totals(draft) == {
        "collectives": 1,
        "individuals": 1,
        "households": 0,
        "total": Decimal(710000 + 1880000),
        "unpriced": 0,
    }
