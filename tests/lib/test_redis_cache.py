"""The Redis cache backend keeps one client per connection pool, on a real Redis."""

import os
import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from mongcai.lib.redis_cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def backend(prefix: str) -> RedisCache:
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def test_every_operation_uses_the_same_client():
    cache = backend("shared-client")
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("any key") is client
    # Django's own builds one per call.
    django_cache = DjangoRedisCache(REDIS_URL, {})
    assert django_cache._cache.get_client() is not django_cache._cache.get_client()


def test_the_shared_client_reads_writes_and_counts_like_djangos():
    cache, django_cache = (
        backend("shared-client"),
        DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": "shared-client"}),
    )
    try:
        cache.set("page", {"html": "Phường Móng Cái 1"}, 30)
        assert django_cache.get("page") == {"html": "Phường Móng Cái 1"}
        assert cache.add("count", 0, 30) is True
        assert cache.add("count", 5, 30) is False
        assert cache.incr("count") == 1
        assert cache.get_many(["page", "count", "missing"]) == {
            "page": {"html": "Phường Móng Cái 1"},
            "count": 1,
        }
        cache.delete("page")
        assert django_cache.get("page") is None
    finally:
        cache.delete_many(["page", "count"])


def test_threads_share_the_client_without_mixing_answers():
    cache = backend("shared-client-threads")
    wrong = []

    def work(n):
        for i in range(50):
            cache.set(f"k{n}", f"{n}-{i}", 30)
            if cache.get(f"k{n}") != f"{n}-{i}":
                wrong.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.delete_many([f"k{n}" for n in range(8)])
    assert wrong == []
