"""The dashboard's rendered bodies, cached by what they show.

Rendering a province's grid of blocs by indicators (2,000 cells) took thirty
times a plain page (docs/BENCHMARKS.md); the figures change only when a
roll-up runs. A body is stored under a key made of everything it shows:
the language, the templates' source, the campaign's `tallies_recomputed_at`
(moved by every roll-up, in its transaction) and the names, labels and lists
the view reads anyway to draw the page around it. Nothing is invalidated:
a change gives a new key, and old entries expire.

A body holds nothing that depends on who is looking (the dashboard shows the
same to every council member and admin: the view checks access first).

Because a key names its content for good, each process also keeps the last
bodies it served in its own memory (the `dashboard_local` cache, Django's
in-process LRU of 32 entries, about 130 kB each at province scale) in front of
the shared cache: a body is read out of Redis once per process, not once per
view (docs/BENCHMARKS.md, fifth round).
"""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TEMPLATES = Path(__file__).resolve().parent / "templates" / "campaigns" / "dashboard"
# The bodies this process served last (settings.CACHES).
LOCAL = "dashboard_local"


@functools.cache
def templates_version() -> str:
    """A digest of the dashboard's templates: a deploy that changes one never
    serves bodies rendered by the old ones (the cache may outlive a process)."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_key(template: str, parts: tuple) -> str:
    content = repr((templates_version(), get_language(), template, parts))
    return "dashboard:" + hashlib.sha256(content.encode()).hexdigest()


def content_html(request, template: str, parts: tuple, build: Callable[[], dict]) -> SafeString:
    """The content rendered from `build()`'s context, or the one stored under
    the same parts; `build` (the queries of the pickers and the figures) runs
    only on a miss."""
    key = content_key(template, parts)
    recent = caches[LOCAL]
    html = recent.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = render_to_string(template, build(), request=request)
            cache.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
        recent.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
    # Rendered by our own template (autoescaped there), stored in our own cache.
    return mark_safe(html)  # nosec B308 B703 # our template's output, escaped when rendered
