"""What existed before organisers was the former city's (blocs 0007, campaigns 0010,
awards 0007): run on a database holding rows of the schema before them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("accounts", "0005_security_events_append_only"),
    ("blocs", "0006_reorganisations"),
    ("campaigns", "0009_single_line_and_text_validators"),
    ("awards", "0006_single_line_text_and_birth_year_validators"),
]
AFTER = [
    ("blocs", "0007_organisers"),
    ("campaigns", "0010_campaign_organiser_is_an_organiser"),
    ("awards", "0008_authority_organiser"),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    migrate()


def test_the_former_city_becomes_the_organiser_of_everything_and_of_the_global_roles(
    back_to_latest,
):
    old = migrate(BEFORE)
    Unit, Bloc = old.get_model("blocs", "Unit"), old.get_model("blocs", "Bloc")
    User = old.get_model("accounts", "User")
    Authority = old.get_model("awards", "Authority")
    Campaign = old.get_model("campaigns", "Campaign")
    day = dt.date(2008, 9, 24)
    province = Unit.objects.create(code="quang-ninh", name="Tỉnh", kind="province", valid_from=day)
    city = Unit.objects.create(
        code="mong-cai", name="Thành phố Móng Cái", kind="city", parent=province, valid_from=day
    )
    Bloc.objects.create(code="khoi-1", name="Khối 1")
    Bloc.objects.create(code="khoi-8", name="Khối 8")
    council = User.objects.create(username="hoidong", role="council")
    admin = User.objects.create(username="admin", role="admin", is_staff=True)
    secretary = User.objects.create(username="thuky", role="secretary")
    for code, level in (("ct-mong-cai", "city"), ("ct-quang-ninh", "province")):
        Authority.objects.create(
            code=code, name=code, level=level, body=code, symbol="QĐ-UBND", place="Móng Cái"
        )
    Campaign.objects.create(
        code="dac-biet",
        name="Phong trào",
        kind="thematic",
        organiser=city,
        launched_on=day,
        starts_on=day,
        ends_on=day,
    )

    new = migrate(AFTER)
    Unit, Bloc = new.get_model("blocs", "Unit"), new.get_model("blocs", "Bloc")
    Authority = new.get_model("awards", "Authority")
    city = Unit.objects.get(code="mong-cai")
    assert city.is_organiser
    assert Unit.objects.get(code="quang-ninh").is_organiser  # its authority's organiser
    assert set(Bloc.objects.values_list("organiser__code", flat=True)) == {"mong-cai"}
    assert set(city.organiser_members.values_list("pk", flat=True)) == {council.pk, admin.pk}
    assert secretary.pk not in city.organiser_members.values_list("pk", flat=True)
    assert Authority.objects.get(code="ct-mong-cai").organiser_id == city.pk
    assert Authority.objects.get(code="ct-quang-ninh").organiser.code == "quang-ninh"

    # And back: the columns go, the rows stay.
    old = migrate(BEFORE)
    assert old.get_model("blocs", "Bloc").objects.count() == 2
