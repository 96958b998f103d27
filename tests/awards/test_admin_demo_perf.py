"""The admin keeps the catalogue; the demo carries the article's counts; the benchmark."""

import datetime as dt

import pytest

from awards.models import Decision, DecisionRecipient, Person
from awards.selectors import statistics
from mongcai.accounts.models import User
from tools.bench.awards_export import export_benchmark

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "legalbasis",
    "authority",
    "title",
    "basesalary",
    "person",
    "initiative",
    "nomination",
    "decision",
]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_lists_open(client, admin_user, catalogue, model):
    client.force_login(admin_user)
    assert client.get(f"/admin/awards/{model}/").status_code == 200


def test_admin_saves_a_person_with_a_searchable_name(client, admin_user, unit_a):
    client.force_login(admin_user)
    client.post(
        "/admin/awards/person/add/",
        {
            "full_name": "Đỗ Thị Hồng Nhung",
            "unit": unit_a.pk,
            "position": "",
            "gender": "",
            "is_active": "on",
        },
    )
    assert Person.objects.get().search_name == "do thi hong nhung"
    page = client.get("/admin/awards/person/", {"q": "Hồng nhung"}).text
    assert "Đỗ Thị Hồng Nhung" in page


def test_decisions_cannot_be_changed_in_the_admin(client, admin_user, draft):
    client.force_login(admin_user)
    client.post(f"/admin/awards/decision/{draft.pk}/change/", {"summary": "Sửa"})
    assert Decision.objects.get(pk=draft.pk).summary == "Về việc khen thưởng đột xuất"


def test_demo_carries_the_articles_commendation_counts():
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # As the former city's admin counts them (the statistics of their organiser).
    city_admin = User.objects.get(username="admin.mongcai")
    nine_months = statistics(city_admin, dt.date(2023, 1, 1), dt.date(2023, 9, 30))
    assert (nine_months["collectives"], nine_months["individuals"]) == (457, 946)
    ad_hoc = next(k for k in nine_months["kinds"] if k["code"] == "ad_hoc")
    assert (ad_hoc["collectives"], ad_hoc["individuals"]) == (131, 245)
    gratitude = Decision.objects.get(summary__contains="hội nghị tri ân")
    assert gratitude.recipients.filter(recipient_kind="collective").count() == 18
    assert gratitude.recipients.filter(recipient_kind="individual").count() == 105
    counts = (Decision.objects.count(), DecisionRecipient.objects.count(), Person.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Decision.objects.count(),
        DecisionRecipient.objects.count(),
        Person.objects.count(),
    )


def test_export_benchmark_measures_and_leaves_nothing_behind(catalogue):
    before = (Decision.objects.count(), Person.objects.count())
    result = export_benchmark(recipients=120)
    assert set(result) == {"export_10k_xlsx_s", "export_10k_docx_s", "export_peak_mb"}
    assert all(isinstance(v, float) and v > 0 for v in result.values())
    assert (Decision.objects.count(), Person.objects.count()) == before


def test_bench_command_prints_the_figures(catalogue, capsys):
    from django.core.management import call_command

    call_command("bench_awards_export", "--recipients", "50")
    out = capsys.readouterr().out
    assert "recipients: 50" in out and "export_10k_docx_s:" in out and "export_peak_mb:" in out
