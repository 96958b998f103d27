"""/api/v1/: the schema, its documentation page, the read endpoints and the report."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path, register_converter
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import reports, views

app_name = "api"


class IdConverter:
    """An id a bigint holds: a longer number is no object (a JSON 404, not a 500)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


def api(view, **kwargs):
    """The API authenticates by itself (a token, or the session): no sign-in redirect."""
    return login_not_required(view.as_view(**kwargs))


urlpatterns = [
    path("schema/", api(SpectacularAPIView), name="schema"),
    path(
        "docs/",
        api(SpectacularSwaggerSplitView, url_name="api:schema", title=_("API documentation")),
        name="docs",
    ),
    path("campaigns/", api(views.CampaignList), name="campaign-list"),
    path("campaigns/<id:pk>/", api(views.CampaignDetail), name="campaign-detail"),
    path(
        "campaigns/<id:pk>/indicators/",
        api(views.CampaignIndicatorList),
        name="campaign-indicators",
    ),
    path("campaigns/<id:pk>/periods/", api(views.CampaignPeriodList), name="campaign-periods"),
    path("campaigns/<id:pk>/tallies/", api(views.Tallies), name="campaign-tallies"),
    path(
        "campaigns/<id:pk>/completeness/",
        api(views.Completeness),
        name="campaign-completeness",
    ),
    path("units/", api(views.UnitList), name="unit-list"),
    path("units/<id:pk>/", api(views.UnitDetail), name="unit-detail"),
    path(
        "units/<id:unit_pk>/periods/<id:period_pk>/report/",
        api(reports.ReportFormView),
        name="report-form",
    ),
    path("reports/", api(views.ReportList), name="report-list"),
    path("reports/<id:pk>/", api(views.ReportDetail), name="report-detail"),
    path("nominations/", api(views.NominationList), name="nomination-list"),
    path("nominations/<id:pk>/", api(views.NominationDetail), name="nomination-detail"),
    path("decisions/", api(views.DecisionList), name="decision-list"),
    path("decisions/<id:pk>/", api(views.DecisionDetail), name="decision-detail"),
    path("honour/<slug:code>/", api(views.HonourBoardView), name="honour-board"),
    re_path(r"^.*$", api(views.NotFound), name="not-found"),
]
