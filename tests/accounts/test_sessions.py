"""Sessions end after an idle time the settings name, shorter for admins."""

import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSession
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)


def minutes(n: float) -> dt.datetime:
    return START + dt.timedelta(minutes=n)


def test_a_secretary_is_signed_out_after_the_idle_time(client, secretary_a):
    with time_machine.travel(START, tick=False):
        client.post("/login/", {"username": "alice", "password": TEST_PASSWORD})
    with time_machine.travel(minutes(settings.SESSION_IDLE_MINUTES - 1), tick=False):
        assert client.get("/").status_code == 200
    # Idle time counts from the last click, not from sign-in.
    with time_machine.travel(minutes(2 * settings.SESSION_IDLE_MINUTES - 2), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(minutes(3 * settings.SESSION_IDLE_MINUTES), tick=False):
        response = client.get("/campaigns/reports/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=%2Fcampaigns%2Freports%2F"
        page = client.get(response["Location"])
    assert "sau 30 phút không hoạt động" in page.text
    assert "_auth_user_id" not in client.session


def test_an_admin_is_signed_out_sooner(client, admin_user):
    assert settings.SESSION_IDLE_MINUTES_ADMIN < settings.SESSION_IDLE_MINUTES
    with time_machine.travel(START, tick=False):
        client.force_login(admin_user)
        assert client.get("/").status_code == 200
    with time_machine.travel(minutes(settings.SESSION_IDLE_MINUTES_ADMIN + 1), tick=False):
        assert client.get("/").status_code == 302


def test_the_dashboards_polling_does_not_keep_a_session_alive(client, council_member):
    with time_machine.travel(START, tick=False):
        client.force_login(council_member)
        client.get("/")
    for step in range(1, settings.SESSION_IDLE_MINUTES, 5):
        with time_machine.travel(minutes(step), tick=False):
            client.get("/campaigns/", headers={"HX-Request": "true"})
    with time_machine.travel(minutes(settings.SESSION_IDLE_MINUTES + 2), tick=False):
        response = client.get("/campaigns/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/"


def test_the_idle_times_are_settings(client, secretary_a, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False):
        client.force_login(secretary_a)
        client.get("/")
    with time_machine.travel(minutes(6), tick=False):
        assert client.get("/").status_code == 302


SHARED_CACHE = {
    "default": {
        "BACKEND": "mongcai.lib.redis_cache.RedisCache",
        "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "KEY_PREFIX": "test-sessions",
    },
    "dashboard_local": settings.CACHES["dashboard_local"],
    "api": settings.CACHES["api"],
}


def test_with_a_shared_cache_a_page_reads_the_session_from_it_and_a_sign_out_ends_it_everywhere(
    secretary_a,
):
    """As production runs with CACHE_URL (mongcai/settings.py): two gunicorn workers
    are two clients holding the same cookie."""
    with override_settings(
        CACHES=SHARED_CACHE, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        first, second = Client(), Client()
        first.post("/login/", {"username": "alice", "password": TEST_PASSWORD})
        second.cookies["sessionid"] = first.cookies["sessionid"].value
        with CaptureQueriesContext(connection) as queries:
            assert second.get("/").status_code == 200
        assert not [q for q in queries if "django_session" in q["sql"]]
        # Still in the database: a session the cache lost signs nobody out.
        key = first.cookies["sessionid"].value
        assert caches["default"].delete(CachedSession(session_key=key).cache_key)
        assert second.get("/").status_code == 200
        first.post("/logout/")
        response = second.get("/campaigns/reports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
