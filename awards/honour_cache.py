"""The honour board's cache generation (awards.honour): one version for every board,
moved when a decision is issued or annulled or a board is published or withdrawn,
so no stale board outlives the change (the services call it after commit)."""

import uuid

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "honour:version"


def honour_board_version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_VERSION_KEY)
    return version


def honour_board_invalidate() -> None:
    """Forget every cached board: a decision may change several (its organiser's, and
    those whose blocs it gives a flag)."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def honour_board_invalidate_on_commit() -> None:
    transaction.on_commit(honour_board_invalidate)
