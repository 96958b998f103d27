"""The product's URLs plus one nobody wrote an entry for (tests/test_url_access.py)."""

from django.http import HttpResponse
from django.urls import path

from mongcai.urls import urlpatterns as product

urlpatterns = [*product, path("new-page/<int:pk>/", lambda request, pk: HttpResponse(), name="new")]
