import pytest

from campaigns.models import Period


@pytest.mark.django_db
def test_admin_refuses_a_period_that_ends_before_it_starts(client, admin_user, campaign):
    client.force_login(admin_user)
    response = client.post(
        "/admin/campaigns/period/add/",
        {
            "campaign": campaign.pk,
            "kind": "month",
            "label": "Tháng 03/2023",
            "starts_on": "15/03/2023",
            "ends_on": "14/02/2023",
            "deadline": "19/03/2023",
            "locks_on": "03/04/2023",
        },
    )
    assert response.status_code == 200
    assert "Kỳ báo cáo không thể kết thúc trước khi bắt đầu" in response.text
    assert not Period.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_duplicate_report(client, admin_user, report_a):
    client.force_login(admin_user)
    response = client.post(
        "/admin/campaigns/report/add/",
        {
            "unit": report_a.unit_id,
            "period": report_a.period_id,
            "status": "draft",
            "highlights": "",
            "review_comment": "",
            "values-TOTAL_FORMS": "0",
            "values-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Đơn vị này đã có báo cáo cho kỳ này" in response.text
    assert report_a.unit.reports.count() == 1


@pytest.mark.django_db
def test_admin_opens_a_lock_exception_on_the_record(client, admin_user, report_a):
    import datetime as dt

    import time_machine

    from campaigns.models import LockException

    client.force_login(admin_user)
    with time_machine.travel(dt.datetime(2023, 4, 10, tzinfo=dt.UTC)):
        refused = client.post(
            "/admin/campaigns/lockexception/add/",
            {
                "period": report_a.period_id,
                "unit": report_a.unit_id,
                "reason": "Bổ sung số liệu",
                "open_until": "01/04/2023",
            },
        )
        assert "Thời hạn mở khóa phải từ hôm nay trở đi" in refused.text
        response = client.post(
            "/admin/campaigns/lockexception/add/",
            {
                "period": report_a.period_id,
                "unit": report_a.unit_id,
                "reason": "Bổ sung số liệu",
                "open_until": "15/04/2023",
            },
        )
    assert response.status_code == 302
    exception = LockException.objects.get()
    assert exception.opened_by == admin_user
    assert report_a.changes.get(kind="exception").comment == "Bổ sung số liệu"
