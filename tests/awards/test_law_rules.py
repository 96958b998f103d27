"""Issue 16's rules beyond the cash: absences (maternity leave counted as work), prior
collective titles, one award per achievement on the structure, the transition between
NĐ 98/2023 and NĐ 152/2025, and the legal pack's import from the admin."""

import datetime as dt
import tomllib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import eligibility, services
from awards.legal.pack import PACK_PATH
from awards.models import (
    Absence,
    Decision,
    DecisionRecipient,
    EligibilityRule,
    Nomination,
    PackImport,
    TitleTerm,
)
from awards.selectors import nomination_cash

from .conftest import decision_draft, propose

pytestmark = pytest.mark.django_db


def _checks(nominee) -> dict:
    return {c.rule: c for c in eligibility.check(nominee)}


def _nominee(person, title, campaign, year, on_date, *, kind="regular", achievement="Năm"):
    return eligibility.Nominee(
        recipient_kind=title.recipient_kind,
        person=person,
        collective=None,
        unit=person.unit,
        title=title,
        campaign=campaign,
        year=year,
        achievement=achievement,
        on_date=on_date,
        award_kind=kind,
    )


# Lao động tiên tiến: absences -----------------------------------------------------


@pytest.mark.parametrize(
    ("year", "on_date", "basis"),
    [
        (2023, dt.date(2023, 12, 20), "91/2017/NĐ-CP"),
        (2024, dt.date(2024, 12, 20), "98/2023/NĐ-CP"),
        (2026, dt.date(2026, 12, 15), "152/2025/NĐ-CP"),
    ],
)
def test_lao_dong_tien_tien_is_excluded_from_40_days_absent_maternity_leave_counts_as_work(
    person_a, catalogue, campaign, year, on_date, basis
):
    """Worked example, one per period: 120 days of maternity leave and 39 days sick pass;
    one more day of unpaid leave makes 40 days absent, which excludes the title."""
    title = catalogue["lao-dong-tien-tien"]
    Absence.objects.create(person=person_a, year=year, days=120, reason="maternity")
    Absence.objects.create(person=person_a, year=year, days=39, reason="sick")
    check = _checks(_nominee(person_a, title, campaign, year, on_date))["max_absence"]
    assert (check.outcome, check.blocking) == ("passed", True)
    assert check.basis.startswith(basis)
    assert not check.verified  # the article was not read: shown unverified

    Absence.objects.create(person=person_a, year=year, days=1, reason="unpaid")
    check = _checks(_nominee(person_a, title, campaign, year, on_date))["max_absence"]
    assert check.outcome == "failed"
    assert "40 ngày làm việc nghỉ" in check.message
    # Absences of another year do not count.
    check = _checks(_nominee(person_a, title, campaign, year + 1, on_date))
    assert check.get("max_absence") is None or check["max_absence"].outcome == "passed"


def test_the_absence_rule_shows_on_the_nomination_page_in_vietnamese(
    client, secretary_a, unit_a, person_a, catalogue, campaign
):
    Absence.objects.create(person=person_a, year=2026, days=45, reason="sick")
    nomination = propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["lao-dong-tien-tien"],
        campaign,
        achievement="Hoàn thành tốt nhiệm vụ năm 2026",
        year=2026,
        kind="regular",
    )
    client.force_login(secretary_a)
    page = client.get(f"/awards/nominations/{nomination.pk}/").text
    assert "45 ngày làm việc nghỉ" in page


def test_an_absence_rule_without_its_number_of_days_is_not_configured(
    person_a, catalogue, campaign
):
    EligibilityRule.objects.filter(kind="max_absence").update(days=None)
    check = _checks(
        _nominee(person_a, catalogue["lao-dong-tien-tien"], campaign, 2026, dt.date(2026, 12, 6))
    )["max_absence"]
    assert check.outcome == "warning"


# Prior collective titles ------------------------------------------------------------


def _collective_award(admin_user, authority, campaign, unit, title, year, number):
    decision = decision_draft(admin_user, authority, campaign, number, dt.date(year, 12, 20))
    DecisionRecipient.objects.create(
        decision=decision,
        recipient_kind="collective",
        collective=unit,
        unit=unit,
        title=title,
        campaign=campaign,
        year=year,
        achievement=f"Hoàn thành nhiệm vụ năm {year}",
    )
    Decision.objects.filter(pk=decision.pk).update(status="issued")


def test_tap_the_lao_dong_xuat_sac_needs_tap_the_lao_dong_tien_tien_the_same_year(
    admin_user, unit_a, catalogue, campaign, city_authority
):
    """Worked example: a unit without Tập thể lao động tiên tiến in 2026 is warned (the
    row is unverified, so not blocking); once awarded it, the check passes."""
    title = catalogue["tap-the-lao-dong-xuat-sac"]
    nominee = eligibility.Nominee(
        recipient_kind="collective",
        person=None,
        collective=unit_a,
        unit=unit_a,
        title=title,
        campaign=campaign,
        year=2026,
        achievement="Năm 2026",
        on_date=dt.date(2026, 12, 6),
        award_kind="regular",
    )
    before = _checks(nominee)["prerequisite"]
    assert (before.outcome, before.blocking) == ("failed", False)
    assert "Tập thể lao động tiên tiến" in before.message
    _collective_award(
        admin_user,
        city_authority,
        campaign,
        unit_a,
        catalogue["tap-the-lao-dong-tien-tien"],
        2026,
        31,
    )
    assert _checks(nominee)["prerequisite"].outcome == "passed"


def test_the_flags_need_the_title_below_them(catalogue):
    rules = {
        r.title.code: r.required_title.code
        for r in EligibilityRule.objects.filter(
            kind="prerequisite", title__recipient_kind="collective"
        )
    }
    assert rules == {
        "tap-the-lao-dong-xuat-sac": "tap-the-lao-dong-tien-tien",
        "co-thi-dua": "tap-the-lao-dong-xuat-sac",
        "co-thi-dua-chinh-phu": "co-thi-dua",
    }


# One award per achievement, on the structure ----------------------------------------


def test_a_second_wording_of_the_same_award_is_refused_at_the_service(
    secretary_a, unit_a, person_a, catalogue, campaign
):
    title = catalogue["lao-dong-tien-tien"]
    propose(
        secretary_a,
        unit_a,
        person_a,
        title,
        campaign,
        achievement="Hoàn thành tốt nhiệm vụ",
        year=2026,
        kind="regular",
    )
    with pytest.raises(ValidationError, match="Đã được đề nghị Lao động tiên tiến năm 2026"):
        propose(
            secretary_a,
            unit_a,
            person_a,
            title,
            campaign,
            achievement="Hoàn thành tốt nhiệm vụ (đợt 2)",
            year=2026,
            kind="regular",
        )
    # Another year, or another title of another group, is another achievement.
    propose(secretary_a, unit_a, person_a, title, campaign, achievement="X", year=2025)
    assert Nomination.objects.count() == 2


def test_forms_of_commendation_are_one_group(secretary_a, unit_a, person_a, catalogue, campaign):
    propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["giay-khen-ca-nhan"],
        campaign,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
        year=2026,
        kind="regular",
    )
    with pytest.raises(ValidationError, match="Đã được đề nghị Giấy khen"):
        propose(
            secretary_a,
            unit_a,
            person_a,
            catalogue["bang-khen-ca-nhan"],
            campaign,
            achievement="Thành tích năm 2026",
            year=2026,
            kind="regular",
        )


def test_an_awarded_achievement_is_refused_in_a_second_decision_whatever_its_wording(
    admin_user, person_a, catalogue, campaign
):
    title = catalogue["lao-dong-tien-tien"]
    decision = decision_draft(admin_user, _ward(), campaign, 51, dt.date(2026, 12, 6))
    services.decision_add_recipient(
        user=admin_user,
        decision=decision,
        recipient_kind="individual",
        person=person_a,
        title=title,
        achievement="Hoàn thành tốt nhiệm vụ",
        year=2026,
    )
    other = decision_draft(admin_user, _ward(), campaign, 52, dt.date(2026, 12, 7))
    with pytest.raises(ValidationError, match="Đã được khen Lao động tiên tiến năm 2026"):
        services.decision_add_recipient(
            user=admin_user,
            decision=other,
            recipient_kind="individual",
            person=person_a,
            title=title,
            achievement="Hoàn thành tốt nhiệm vụ (đợt 2)",
            year=2026,
        )
    assert not other.recipients.exists()


def _ward():
    from awards.models import Authority

    return Authority.objects.get(code="ct-ubnd-phuong-mong-cai-1")


def test_ad_hoc_deeds_stay_separate_achievements(
    secretary_a, unit_a, person_a, catalogue, campaign
):
    title = catalogue["giay-khen-ca-nhan"]
    propose(secretary_a, unit_a, person_a, title, campaign, achievement="Cứu người đuối nước")
    propose(secretary_a, unit_a, person_a, title, campaign, achievement="Bắt kẻ trộm")
    assert Nomination.objects.count() == 2


def test_the_view_refuses_dot_2_with_a_vietnamese_message(
    client, secretary_a, unit_a, person_a, catalogue, campaign
):
    propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["lao-dong-tien-tien"],
        campaign,
        achievement="Hoàn thành tốt nhiệm vụ",
        year=2026,
        kind="regular",
    )
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "individual",
            "person": person_a.pk,
            "title": catalogue["lao-dong-tien-tien"].pk,
            "campaign": campaign.pk,
            "year": 2026,
            "kind": "regular",
            "achievement": "Hoàn thành tốt nhiệm vụ (đợt 2)",
        },
    )
    assert response.status_code == 200
    assert "Đã được đề nghị Lao động tiên tiến năm 2026 trong phong trào này" in response.text
    assert Nomination.objects.count() == 1


# Transition: NĐ 98/2023 → NĐ 152/2025 -------------------------------------------------


def _proposed_on(nomination, day):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    Nomination.objects.filter(pk=nomination.pk).update(proposed_at=moment)
    nomination.refresh_from_db()
    return nomination


def test_a_nomination_submitted_before_01_07_2025_keeps_nd_98_2023(
    secretary_a, unit_a, person_a, person_a2, catalogue, campaign
):
    """Bằng khen (cá nhân): 1,0 under NĐ 98/2023, 1,5 under NĐ 152/2025 (unverified).
    Submitted 20/06/2025 and decided 15/07/2025: 1,0 × 2.340.000; submitted 02/07/2025:
    1,5 × 2.340.000 = 3.510.000. The base salary is the decision date's either way."""
    title = catalogue["bang-khen-ca-nhan"]
    before = _proposed_on(
        propose(secretary_a, unit_a, person_a, title, campaign, achievement="A", year=2025),
        dt.date(2025, 6, 20),
    )
    after = _proposed_on(
        propose(secretary_a, unit_a, person_a2, title, campaign, achievement="B", year=2025),
        dt.date(2025, 7, 2),
    )
    day = dt.date(2025, 7, 15)
    old = nomination_cash(before, day)
    assert (old["amount"], old["term"].legal_basis.number) == (Decimal(2340000), "98/2023/NĐ-CP")
    assert old["transition"].number == "152/2025/NĐ-CP"
    new = nomination_cash(after, day)
    assert (new["amount"], new["term"].legal_basis.number) == (Decimal(3510000), "152/2025/NĐ-CP")
    assert new["transition"] is None
    # The checks read the rules of the submission date too.
    law_day, basis = services.law_date(submitted_on=dt.date(2025, 6, 20), decided_on=day)
    assert (law_day, basis.number) == (dt.date(2025, 6, 20), "152/2025/NĐ-CP")


def test_a_draft_decision_pays_the_transition_coefficient(
    admin_user, secretary_a, unit_a, person_a, person_a2, catalogue, campaign
):
    title = catalogue["bang-khen-ca-nhan"]
    decision = decision_draft(admin_user, _ward(), campaign, 61, dt.date(2025, 7, 15))
    for order, (person, day) in enumerate(
        ((person_a, dt.date(2025, 6, 20)), (person_a2, dt.date(2025, 7, 2))), start=1
    ):
        nomination = _proposed_on(
            propose(secretary_a, unit_a, person, title, campaign, achievement="A", year=2025),
            day,
        )
        DecisionRecipient.objects.create(
            decision=decision,
            nomination=nomination,
            order=order,
            recipient_kind="individual",
            person=person,
            unit=unit_a,
            title=title,
            campaign=campaign,
            year=2025,
            achievement="A",
        )
    services.recipients_recompute(decision=decision)
    rows = {r.person: r for r in decision.recipients.all()}
    assert (rows[person_a].law_on, rows[person_a].coefficient, rows[person_a].amount) == (
        dt.date(2025, 6, 20),
        Decimal("1.0"),
        Decimal(2340000),
    )
    assert (rows[person_a2].law_on, rows[person_a2].coefficient) == (None, Decimal("1.5"))


def test_the_nomination_page_says_which_texts_apply(
    client, secretary_a, unit_a, person_a, catalogue, campaign
):
    nomination = propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["lao-dong-tien-tien"],
        campaign,
        achievement="Năm 2026",
        year=2026,
        kind="regular",
    )
    client.force_login(secretary_a)
    page = client.get(f"/awards/nominations/{nomination.pk}/").text
    law = page[page.index('data-testid="law-applied"') :]
    assert "06/12/2026" in law[:400] or "các văn bản có hiệu lực ngày" in law[:400]
    assert "152/2025/NĐ-CP" in law[:600]

    _proposed_on(nomination, dt.date(2025, 6, 20))
    page = client.get(f"/awards/nominations/{nomination.pk}/").text
    law = page[page.index('data-testid="law-applied"') :]
    assert "20/06/2025" in law[:600]
    assert "98/2023/NĐ-CP" in law[:800]


# The pack imported from the admin ----------------------------------------------------


def _changed_pack_text() -> str:
    """The pack with a changed coefficient (Lao động tiên tiến 0,3 → 0,35 from 01/07/2025)
    and a changed rule (40 → 30 days of absence under NĐ 152/2025)."""
    text = PACK_PATH.read_text(encoding="utf-8")
    version = tomllib.loads(text)["version"]
    text = text.replace(f'version = "{version}"', 'version = "admin-test"')
    term = 'title = "lao-dong-tien-tien"\nlegal_basis = "nd-152-2025"\narticle = "Điều 50"\n'
    term += 'valid_from = 2025-07-01\ncoefficient = "0.3"\n'
    assert term in text
    text = text.replace(term, term.replace('"0.3"', '"0.35"'))
    marker = 'kind = "max_absence"\ndays = 40\nlegal_basis = "nd-152-2025"'
    assert marker in text
    return text.replace(marker, 'kind = "max_absence"\ndays = 30\nlegal_basis = "nd-152-2025"')


def test_the_admin_uploads_a_pack_sees_the_diff_then_applies_it(
    client, admin_user, secretary_a, unit_a, person_a, person_a2, catalogue, campaign
):
    # A pending nomination (35 days absent: passes at 40, fails at 30) and a draft.
    Absence.objects.create(person=person_a, year=2026, days=35, reason="sick")
    nomination = propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["lao-dong-tien-tien"],
        campaign,
        achievement="Năm 2026",
        year=2026,
        kind="regular",
    )
    draft = decision_draft(admin_user, _ward(), campaign, 71, dt.date(2026, 12, 6))
    services.decision_add_recipient(
        user=admin_user,
        decision=draft,
        recipient_kind="individual",
        person=person_a2,
        title=catalogue["lao-dong-tien-tien"],
        achievement="Năm 2026",
        year=2026,
    )
    client.force_login(admin_user)
    upload = SimpleUploadedFile("pack.toml", _changed_pack_text().encode(), "application/toml")
    page = client.post(
        "/admin/awards/packimport/upload/", {"file": upload, "action": "preview"}
    ).text
    rows = page[page.index('data-testid="pack-rows"') :]
    assert "lao-dong-tien-tien / 01/07/2025" in rows
    assert "0.30 → 0.35" in rows
    assert "days: 40 → 30" in rows
    outcomes = page[page.index('data-testid="pack-outcomes"') :]
    assert "760000" in outcomes and "890000" in outcomes  # 0,35 × 2.530.000 → 890.000
    assert str(person_a) in outcomes  # the nomination now fails the absence rule
    # Nothing applied yet.
    term = TitleTerm.objects.get(
        title=catalogue["lao-dong-tien-tien"], valid_from=dt.date(2025, 7, 1)
    )
    assert term.coefficient == Decimal("0.3")
    assert not PackImport.objects.filter(version="admin-test").exists()

    content = page.split('name="content" value="', 1)[1].split('"', 1)[0]
    digest = page.split('name="digest" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/admin/awards/packimport/upload/",
        {"content": content, "digest": digest, "action": "apply"},
    )
    record = PackImport.objects.get(version="admin-test")
    assert response.status_code == 302
    assert (record.applied_by, record.digest) == (admin_user, digest)
    term.refresh_from_db()
    assert term.coefficient == Decimal("0.35")
    assert term.history.first().history_user == admin_user
    assert draft.recipients.get().amount == Decimal(890000)
    nomination.refresh_from_db()
    assert {c["rule"]: c["outcome"] for c in nomination.checks}["max_absence"] == "failed"


def test_a_damaged_or_missing_pack_is_refused_with_a_message(client, admin_user, catalogue):
    client.force_login(admin_user)
    imports = PackImport.objects.count()  # the catalogue's own load
    response = client.post("/admin/awards/packimport/upload/", {"action": "preview"})
    assert response.status_code == 200
    assert "Chọn tệp" in response.text
    bad = SimpleUploadedFile("pack.toml", b'version = "x"\n[[term]]\ntitle = 3\n')
    response = client.post("/admin/awards/packimport/upload/", {"file": bad, "action": "preview"})
    assert response.status_code == 200
    assert PackImport.objects.count() == imports
    response = client.post(
        "/admin/awards/packimport/upload/",
        {"content": "bm90IGEgcGFjaw==", "digest": "0" * 64, "action": "apply"},
    )
    assert response.status_code == 200
    assert PackImport.objects.count() == imports


def test_only_the_admin_uploads_a_pack(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get("/admin/awards/packimport/upload/")
    assert response.status_code == 302
