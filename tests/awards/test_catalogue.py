"""The catalogue as data: base salary by date, coefficients by term, cash in whole đồng."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards import services
from awards.models import BaseSalary, CashRounding, DecisionRecipient, EligibilityRule, TitleTerm
from awards.text import fold

pytestmark = pytest.mark.django_db


def test_base_salary_is_the_one_in_force_on_the_day(catalogue):
    assert services.base_salary_on(dt.date(2019, 6, 30)) is None
    assert services.base_salary_on(dt.date(2023, 6, 30)).amount == Decimal(1490000)
    assert services.base_salary_on(dt.date(2023, 7, 1)).amount == Decimal(1800000)
    assert services.base_salary_on(dt.date(2024, 6, 30)).amount == Decimal(1800000)
    assert services.base_salary_on(dt.date(2024, 7, 1)).amount == Decimal(2340000)
    assert services.base_salary_on(dt.date(2026, 6, 30)).amount == Decimal(2340000)
    assert services.base_salary_on(dt.date(2026, 7, 1)).amount == Decimal(2530000)


def test_design_coefficients_are_carried_under_each_decree(catalogue):
    term = TitleTerm.objects.get(title__code="lao-dong-tien-tien", valid_from=dt.date(2024, 1, 1))
    assert term.coefficient == Decimal("0.3")
    assert term.legal_basis.number == "98/2023/NĐ-CP"
    assert (term.article, term.verified) == ("Điều 54 khoản 1 điểm d", True)
    expected = {
        "chien-si-thi-dua-toan-quoc": "4.5",
        "chien-si-thi-dua-cap-tinh": "3.0",
        "chien-si-thi-dua-co-so": "1.0",
        "tap-the-lao-dong-xuat-sac": "1.5",
        "tap-the-lao-dong-tien-tien": "0.8",
        "co-thi-dua": "8.0",
        "co-thi-dua-chinh-phu": "12.0",
    }
    for start in (dt.date(2017, 10, 1), dt.date(2024, 1, 1), dt.date(2025, 7, 1)):
        for code, value in expected.items():
            assert TitleTerm.objects.get(title__code=code, valid_from=start).coefficient == (
                Decimal(value)
            )
    # Every title and form in force has a coefficient in every period from 2023 on (the
    # households' forms start with the 2022 law, 01/01/2024).
    for day in (dt.date(2023, 1, 16), dt.date(2024, 9, 2), dt.date(2026, 12, 6)):
        for title in catalogue.values():
            if title.in_force_on(day):
                assert services.term_on(title, day).coefficient is not None, (title, day)


def test_quota_and_service_rules_are_data_and_not_configured_after_decree_152(catalogue):
    quota = EligibilityRule.objects.get(kind="quota", valid_from=dt.date(2024, 1, 1))
    assert quota.share_percent == Decimal(15)
    assert quota.required_title.code == "lao-dong-tien-tien"
    later = EligibilityRule.objects.get(kind="quota", valid_from=dt.date(2025, 7, 1))
    assert later.share_percent is None


def test_catalogue_load_twice_changes_nothing(catalogue):
    from tools.demo.awards_demo import catalogue_load

    counts = (
        TitleTerm.objects.count(),
        EligibilityRule.objects.count(),
        BaseSalary.objects.count(),
    )
    catalogue_load()
    assert counts == (
        TitleTerm.objects.count(),
        EligibilityRule.objects.count(),
        BaseSalary.objects.count(),
    )


def test_cash_is_coefficient_times_base_salary_in_whole_dong_without_a_step(catalogue):
    salary = services.base_salary_on(dt.date(2024, 9, 1))
    assert services.cash_amount(Decimal("0.3"), salary) == Decimal(702000)
    assert services.cash_amount(Decimal("0.15"), salary) == Decimal(351000)
    assert services.cash_amount(None, salary) is None
    assert services.cash_amount(Decimal("1.0"), None) is None


def test_cash_rounds_up_to_the_configured_step(catalogue):
    salary = services.base_salary_on(dt.date(2024, 9, 1))
    salary.round_up_to = Decimal(10000)
    assert services.cash_amount(Decimal("0.3"), salary) == Decimal(710000)


# Each example deletes and recreates the recipient and sets the rows it reads.
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    coefficient=st.decimals(min_value=0, max_value=10, places=2),
    step=st.sampled_from([None, 1000, 10000, 30000]),
)
def test_database_computes_the_same_cash_as_python(
    coefficient, step, draft, admin_user, person_a, catalogue
):
    """recipients_recompute runs in SQL; it must agree with cash_amount to the đồng."""
    # The decree's rounding rule in force (10.000) or, without one, the salary row's step.
    CashRounding.objects.filter(valid_from=dt.date(2024, 1, 1)).update(step=step or Decimal(10000))
    BaseSalary.objects.filter(valid_from=dt.date(2024, 7, 1)).update(round_up_to=step)
    TitleTerm.objects.filter(
        title__code="giay-khen-ca-nhan", valid_from=dt.date(2024, 1, 1)
    ).update(coefficient=coefficient)
    DecisionRecipient.objects.filter(decision=draft).delete()
    DecisionRecipient.objects.create(
        decision=draft,
        recipient_kind="individual",
        person=person_a,
        unit=person_a.unit,
        title=catalogue["giay-khen-ca-nhan"],
        campaign=draft.campaign,
        year=2024,
        achievement="x",
    )
    salary = services.recipients_recompute(decision=draft)
    expected = services.cash_amount(
        coefficient, salary, services.rounding_step(draft.decided_on, salary)
    )
    assert draft.recipients.get().amount == expected


@given(st.text())
def test_fold_is_ascii_lowercase_and_idempotent(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.lower()


def test_fold_strips_vietnamese_diacritics_and_d_with_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  ĐẶNG   thị  Đào ") == "dang thi dao"
    assert fold("Phường Hải Hòa") == "phuong hai hoa"
