"""The product's settings with the benchmark's urlconf, for the gunicorn and
worker the benchmark starts (tools.bench.live), and a header naming the
worker that served each response (tools.bench.middleware)."""

from mongcai.settings import *  # noqa: F403
from mongcai.settings import MIDDLEWARE

ROOT_URLCONF = "tools.bench.urls"
MIDDLEWARE = ["tools.bench.middleware.worker_header", *MIDDLEWARE]
