"""The product's settings with the benchmark's urlconf, for the gunicorn and
worker the benchmark starts (tools.bench.live)."""

from mongcai.settings import *  # noqa: F403

ROOT_URLCONF = "tools.bench.urls"
