"""Eligibility rule by rule (DESIGN.md rule 3): passed, failed with the reason, or warning."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from awards import eligibility, services
from awards.models import EligibilityRule, Initiative

from .conftest import propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
IN_2024 = dt.datetime(2024, 9, 1, 9, 0, tzinfo=dt.UTC)


def by_rule(nomination):
    return {c["rule"]: c for c in nomination.checks}


@time_machine.travel(IN_2024, tick=False)
def test_base_level_fighter_needs_advanced_worker_the_same_year_and_an_initiative(
    secretary_a, unit_a, person_a, campaign, catalogue
):
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["chien-si-thi-dua-co-so"], campaign
    )
    checks = by_rule(nomination)
    assert checks["prerequisite"]["outcome"] == "failed"
    assert "Lao động tiên tiến is missing for 2024" in checks["prerequisite"]["message"]
    assert checks["initiative"]["outcome"] == "failed"
    assert "No recognised initiative recorded for 2024" in checks["initiative"]["message"]
    assert nomination.has_blocking_failure


@time_machine.travel(IN_2024, tick=False)
def test_prerequisite_only_proposed_is_a_warning_and_awarded_passes(
    secretary_a, admin_user, unit_a, person_a, campaign, catalogue, draft
):
    propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["lao-dong-tien-tien"],
        campaign,
        achievement="Hoàn thành tốt nhiệm vụ 2024",
    )
    Initiative.objects.create(person=person_a, year=2024, name="Số hóa hồ sơ thi đua")
    fighter = propose(secretary_a, unit_a, person_a, catalogue["chien-si-thi-dua-co-so"], campaign)
    assert by_rule(fighter)["prerequisite"]["outcome"] == "warning"
    assert by_rule(fighter)["initiative"]["outcome"] == "passed"


@time_machine.travel(IN_2024, tick=False)
def test_province_fighter_needs_three_consecutive_base_titles(
    admin_user, unit_a, person_a, campaign, catalogue, city_authority
):
    from awards.models import Decision

    for year in (2022, 2024):
        decision = services.decision_save(
            user=admin_user,
            authority=city_authority,
            number=year,
            decided_on=dt.date(year, 12, 1),
            kind="regular",
            campaign=campaign,
            summary="Khen thưởng",
            signer_name="A",
            signer_position="Chủ tịch",
        )
        # Issued before the rules of 2024 existed: added as data, as history would be.
        Decision.objects.filter(pk=decision.pk).update(status="issued")
        decision.recipients.create(
            recipient_kind="individual",
            person=person_a,
            unit=unit_a,
            title=catalogue["chien-si-thi-dua-co-so"],
            campaign=campaign,
            year=year,
            achievement=f"Năm {year}",
        )
    nominee = eligibility.Nominee(
        recipient_kind="individual",
        person=person_a,
        collective=None,
        unit=unit_a,
        title=catalogue["chien-si-thi-dua-cap-tinh"],
        campaign=campaign,
        year=2024,
        achievement="Ba năm liền",
        on_date=dt.date(2024, 9, 1),
    )
    check = {c.rule: c for c in eligibility.check(nominee)}["consecutive"]
    assert check.outcome == "failed"
    assert check.message == "Chiến sĩ thi đua cơ sở is missing for 2023."


@time_machine.travel(IN_2024, tick=False)
def test_quota_is_a_share_of_the_units_advanced_workers(secretary_a, unit_a, campaign, catalogue):
    people = [services.person_save(full_name=f"Người {i}", unit=unit_a) for i in range(7)]
    for person in people:
        propose(
            secretary_a,
            unit_a,
            person,
            catalogue["lao-dong-tien-tien"],
            campaign,
            achievement="LĐTT 2024",
        )
    # 15 % of 7 holders = 1.05: one base-level fighter allowed, not two.
    first = propose(secretary_a, unit_a, people[0], catalogue["chien-si-thi-dua-co-so"], campaign)
    assert by_rule(first)["quota"]["outcome"] == "passed"
    second = propose(secretary_a, unit_a, people[1], catalogue["chien-si-thi-dua-co-so"], campaign)
    assert by_rule(second)["quota"]["outcome"] == "failed"
    assert by_rule(second)["quota"]["message"].startswith(
        "2 exceeds the quota of 1 (15 per cent of 7"
    )


@time_machine.travel(IN_2024, tick=False)
def test_minimum_service_counts_months_in_the_year(secretary_a, unit_a, campaign, catalogue):
    late = services.person_save(full_name="Mới Vào", unit=unit_a, service_from=dt.date(2024, 4, 1))
    early = services.person_save(full_name="Lâu Năm", unit=unit_a, service_from=dt.date(2010, 4, 1))
    unknown = services.person_save(full_name="Chưa Rõ", unit=unit_a)
    title = catalogue["lao-dong-tien-tien"]
    assert by_rule(propose(secretary_a, unit_a, late, title, campaign))["min_service"] == {
        "rule": "min_service",
        "label": "Minimum months of service in the year",
        "outcome": "failed",
        "message": "9 months of service in the year; at least 10 are needed.",
        "blocking": True,
        # The text the rule comes from, and whether it was verified (docs/legal.md).
        "basis": "98/2023/NĐ-CP",
        "verified": False,
    }
    assert (
        by_rule(propose(secretary_a, unit_a, early, title, campaign))["min_service"]["outcome"]
        == "passed"
    )
    assert (
        by_rule(propose(secretary_a, unit_a, unknown, title, campaign))["min_service"]["outcome"]
        == "warning"
    )


@time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_rules_without_parameters_are_shown_as_not_configured(
    secretary_a, unit_a, person_a, campaign, catalogue
):
    # Under NĐ 152/2025 the quota and the service months are not in DESIGN.md.
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["lao-dong-tien-tien"], campaign, year=2026
    )
    check = by_rule(nomination)["min_service"]
    assert check["outcome"] == "warning"
    assert check["message"].startswith("Not configured")


@time_machine.travel(IN_2024, tick=False)
def test_a_title_out_of_force_fails(secretary_a, unit_a, person_a, campaign, catalogue):
    title = catalogue["giay-khen-ca-nhan"]
    title.valid_to = dt.date(2023, 12, 31)
    title.save()
    checks = by_rule(propose(secretary_a, unit_a, person_a, title, campaign))
    assert checks["in_force"]["outcome"] == "failed"
    assert checks["in_force"]["message"] == "Giấy khen (cá nhân) is not in force on 01/09/2024."


@time_machine.travel(IN_2024, tick=False)
def test_non_blocking_failure_does_not_prevent_approval(
    secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    EligibilityRule.objects.filter(kind__in=["prerequisite", "initiative", "quota"]).update(
        blocking=False
    )
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["chien-si-thi-dua-co-so"], campaign
    )
    assert not nomination.has_blocking_failure
    services.nomination_review(
        nomination=nomination, reviewer=council_member, approve=True, comment=""
    )
    nomination.refresh_from_db()
    assert nomination.status == "approved"


def test_quota_share_is_read_from_the_rule(catalogue):
    rule = EligibilityRule.objects.get(kind="quota", valid_from=dt.date(2024, 1, 1))
    assert rule.share_percent == Decimal("15.00")
