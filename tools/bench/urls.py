"""The product's URLs plus the benchmark's constant reference page.

Only the benchmark uses this urlconf (tools.bench.settings for its gunicorn,
an override for its in-process page views): the product has no such URL.
"""

from django.urls import include, path

from . import views

REFERENCE_URL = "/reference/"

urlpatterns = [
    path(REFERENCE_URL[1:], views.reference, name="bench-reference"),
    path("", include("mongcai.urls")),
]
