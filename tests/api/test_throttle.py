"""Requests are counted per token in Redis (the "api" cache): past the rate, 429 for that
token only; another token of the same account has its own count."""

import os

import pytest
from django.core.cache import caches

from tests.api.conftest import TokenClient, token_for

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_counts(settings):
    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "api-throttle-test",
        },
    }
    caches["api"].clear()
    yield caches["api"]
    caches["api"].clear()


def test_each_token_is_throttled_on_its_own(settings, redis_counts, secretary_a):
    settings.API_THROTTLE_RATE = "3/minute"
    first = TokenClient(token_for(secretary_a), "en")
    second = TokenClient(token_for(secretary_a))
    answers = [first.get("/api/v1/campaigns/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = first.get("/api/v1/campaigns/")
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert int(refused["Retry-After"]) > 0
    assert second.get("/api/v1/campaigns/").status_code == 200
    # The count lives in Redis, where every worker reads it.
    client = redis_counts._cache.get_client()
    assert list(client.scan_iter(match="*throttle_token_token-*"))
