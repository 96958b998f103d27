import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from blocs.models import Bloc, Unit
from tools.demo import data, services


@pytest.mark.django_db
def test_invalid_demo_data_is_refused_and_nothing_is_written(db, monkeypatch):
    bad = dict(data.CAMPAIGN, ends_on=data.CAMPAIGN["starts_on"].replace(year=2021))
    monkeypatch.setattr(data, "CAMPAIGN", bad)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot end before"):
        services.demo_load()
    assert not Unit.objects.exists()
    assert not Bloc.objects.exists()
