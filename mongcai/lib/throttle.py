"""A fixed-window request counter per key (an address), in the shared cache.

In production CACHE_URL points to Redis, so every gunicorn worker counts in one
place; the zero-setup demo counts in process. No home-made store: Django's cache
(`add` then `incr`, both atomic in Redis).
"""

import time

from django.core.cache import cache


def throttled(scope: str, ident: str, *, limit: int, window: int = 60) -> bool:
    """Count one request of `ident` in `scope`; True once past `limit` in the window."""
    key = f"throttle:{scope}:{ident}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit
