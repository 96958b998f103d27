"""Malformed ids in a query string, a POST list or a URL: the page without that
filter, or 404, never a server error (mongcai.lib.params)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaigns.models import Report, ReportValue
from campaigns.services import tally_recompute
from mongcai.lib.params import MAX_ID, parse_id, query_int, query_text

# Superscripts, other scripts' digits (Arabic-Indic, Devanagari, fullwidth),
# signs, exponents, ids past a bigint, spaces, NUL.
MALFORMED = [
    "²",
    "1²",
    "١٢",
    "१२",
    "１２",
    "-1",
    "0",
    "+3",
    "1e3",
    "1.5",
    " 1",
    "9" * 19,
    "9" * 30,
    "1" * 5000,
    "abc",
    "\x00",
    "",
]


@given(st.text())
def test_parse_id_reads_ascii_digits_within_a_bigint_or_nothing(text):
    value = parse_id(text)
    assert value is None or (0 < value <= MAX_ID and text == str(value))


def test_parse_id_examples():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert [parse_id(text) for text in MALFORMED] == [None] * len(MALFORMED)


def test_query_int_bounds():
    from django.http import QueryDict

    assert query_int(QueryDict("year=2023"), "year", minimum=2000, maximum=2100) == 2023
    for text in ("1999", "2101", "²⁰²³", "２０２３", "-"):
        assert query_int(QueryDict(f"year={text}"), "year", minimum=2000, maximum=2100) is None


@pytest.fixture
def figures(campaign, campaign_indicator, report_a, bloc):
    ReportValue.objects.create(
        report=report_a, indicator=campaign_indicator.indicator, value=Decimal(4)
    )
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_recompute(campaign=campaign)
    return campaign


@pytest.mark.django_db
def test_council_pages_ignore_a_malformed_filter(client, council_member, figures, bloc, unit_a):
    base = f"/campaigns/{figures.pk}/dashboard/"
    pages = [
        (base, "period"),
        (f"{base}blocs/{bloc.pk}/", "period"),
        (f"{base}units/{unit_a.pk}/", "period"),
        (f"{base}completeness/?state=late", "period"),
        (f"{base}completeness/?state=late", "bloc"),
        ("/campaigns/reports/", "period"),
        ("/campaigns/reports/", "unit"),
        ("/blocs/", "year"),
        (f"/blocs/{bloc.code}/", "year"),
    ]
    client.force_login(council_member)
    for url, name in pages:
        plain = client.get(url)
        assert plain.status_code == 200, url
        for text in MALFORMED:
            path, _, query = url.partition("?")
            response = client.get(path, {**dict([query.split("=")] if query else []), name: text})
            # The page as if the filter were not given.
            assert response.status_code == 200, (url, name, text)


@pytest.mark.django_db
def test_an_unknown_but_well_formed_period_is_not_found(client, council_member, figures):
    client.force_login(council_member)
    response = client.get(f"/campaigns/{figures.pk}/dashboard/", {"period": "9" * 18})
    assert response.status_code == 404


@pytest.mark.django_db
def test_dashboard_export_answers_404_to_a_malformed_node(client, council_member, figures):
    client.force_login(council_member)
    url = f"/campaigns/{figures.pk}/dashboard/export/"
    assert client.get(url, {"node": f"tree:{figures.organiser_id}"}).status_code == 200
    for kind in ("unit", "tree", "bloc", "nothing"):
        for text in MALFORMED:
            response = client.get(url, {"node": f"{kind}:{text}"})
            assert response.status_code == 404, (kind, text)


@pytest.mark.django_db
def test_secretary_report_list_ignores_malformed_filters(client, secretary_a, report_a):
    client.force_login(secretary_a)
    for text in MALFORMED:
        response = client.get("/campaigns/reports/", {"period": text, "unit": text})
        assert response.status_code == 200, text
        assert report_a.unit.name in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("digits", [19, 20, 30])
def test_an_id_too_large_for_the_database_in_a_url_is_not_found(
    client, admin_user, figures, digits
):
    client.force_login(admin_user)
    huge = "9" * digits
    for url in (
        f"/campaigns/reports/{huge}/",
        f"/campaigns/{huge}/dashboard/",
        f"/campaigns/{figures.pk}/dashboard/units/{huge}/",
        f"/awards/decisions/{huge}/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_malformed_year_to_rotate_a_bloc_is_not_found(client, admin_user, bloc):
    client.force_login(admin_user)
    for text in MALFORMED:
        response = client.post(f"/blocs/{bloc.code}/rotate/", {"year": text, "head": "1"})
        assert response.status_code == 404, text


def test_query_text_drops_control_characters_and_bounds_the_length():
    from django.http import QueryDict

    assert query_text(QueryDict("q=%20Nguy%E1%BB%85n%00%1bV%C4%83n%20"), "q") == "NguyễnVăn"
    assert len(query_text(QueryDict("q=" + "a" * 5000), "q")) == 200
    assert query_text(QueryDict(""), "q") == ""


@pytest.mark.django_db
def test_a_search_with_a_nul_character_is_a_page_not_a_server_error(client, council_member):
    """The generated-input suite found /awards/people/?q=…\x00… answering 500."""
    client.force_login(council_member)
    response = client.get("/awards/people/", {"q": "Nguyễn\x00Văn"})
    assert response.status_code == 200
