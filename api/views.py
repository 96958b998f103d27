"""The read endpoints of /api/v1/. Every object and list comes through the same scoped
selectors as the pages (404 outside the caller's scope, never 403), and the
figures through campaigns.dashboard, as the dashboard shows them."""

import rules
from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from awards.honour import honour_board, published_organiser_get
from awards.models import DecisionRecipient, DecisionStatus, NominationStatus
from awards.selectors import decisions_for_user, nominations_for_user
from blocs.selectors import bloc_get, unit_get_for_user, units_for_user
from campaigns import dashboard
from campaigns.models import (
    CampaignIndicator,
    NodeKind,
    PeriodKind,
    ReportStatus,
    ReportValue,
)
from campaigns.selectors import (
    campaign_get,
    campaign_managed_get,
    campaigns_for_user,
    report_get_for_user,
    reports_for_user,
)
from mongcai.lib.params import parse_id, query_id, query_int

from . import serializers as s

MAX_ID = 999_999_999_999_999_999
# A report's values with their indicators, in one query.
REPORT_VALUES = Prefetch(
    "values", queryset=ReportValue.objects.select_related("indicator").order_by("indicator__code")
)


def exception_handler(exc, context):
    """DRF's answers, with Django's 404 and 403 in the caller's language (Django's
    get_object_or_404 message is English and names the model)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


def _id_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description=description,
    )


def _choice_parameter(name: str, choices, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, enum=list(choices.values), description=description)


class ApiMixin:
    """The caller's language from Accept-Language (vi by default), for every message."""

    def initial(self, request, *args, **kwargs):
        language = translation.get_language_from_request(request._request)
        translation.activate(language)
        request._request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


class ListView(ApiMixin, generics.ListAPIView):
    pass


class DetailView(ApiMixin, generics.RetrieveAPIView):
    loader = None  # (user, pk) -> object, 404 outside the user's scope

    def get_object(self):
        return type(self).loader(self.request.user, self.kwargs["pk"])


def _filter_ids(queryset, params, **fields):
    """Each `param=field` whose id the query string holds (malformed ones: not given)."""
    for param, field in fields.items():
        value = query_id(params, param)
        if value is not None:
            queryset = queryset.filter(**{field: value})
    return queryset


def _filter_year(queryset, params):
    year = query_id(params, "year")
    return queryset.filter(year=year) if year is not None and year <= 9999 else queryset


def _filter_choice(queryset, params, param, field, choices):
    value = params.get(param, "")
    return queryset.filter(**{field: value}) if value in choices.values else queryset


# --- Campaigns, indicators, periods ---


@extend_schema(
    tags=["campaigns"],
    parameters=[_id_parameter("organiser", "The organiser's unit id.")],
)
class CampaignList(ListView):
    """Campaigns the caller may read, newest first."""

    serializer_class = s.CampaignSerializer

    def get_queryset(self):
        campaigns = campaigns_for_user(self.request.user).select_related("organiser")
        campaigns = _filter_ids(campaigns, self.request.query_params, organiser="organiser_id")
        return campaigns.order_by("-starts_on", "pk")


@extend_schema(tags=["campaigns"])
class CampaignDetail(DetailView):
    serializer_class = s.CampaignSerializer
    loader = staticmethod(campaign_get)


@extend_schema(tags=["campaigns"])
class CampaignIndicatorList(ListView):
    """The campaign's indicators in its order, with their targets (city, bloc, unit)."""

    serializer_class = s.CampaignIndicatorSerializer

    def get_queryset(self):
        campaign = campaign_get(self.request.user, self.kwargs["pk"])
        return (
            CampaignIndicator.objects.filter(campaign=campaign)
            .select_related("indicator")
            .prefetch_related("targets")
            .order_by("order", "indicator__code")
        )


@extend_schema(
    tags=["campaigns"], parameters=[_choice_parameter("kind", PeriodKind, "The period's kind.")]
)
class CampaignPeriodList(ListView):
    """The campaign's periods, by end date (shortest first at each end date)."""

    serializer_class = s.PeriodSerializer

    def get_queryset(self):
        campaign = campaign_get(self.request.user, self.kwargs["pk"])
        periods = campaign.periods.order_by("ends_on", "-starts_on", "pk")
        return _filter_choice(periods, self.request.query_params, "kind", "kind", PeriodKind)


# --- The dashboard's figures ---

NODE_PARAMETER = OpenApiParameter(
    "node",
    str,
    description="`tree:<unit id>` (a unit and everything below it; the default, the "
    "campaign's organiser), `bloc:<bloc id>` or `unit:<unit id>` (its own report). "
    "A secretary reads only `unit:` nodes of their own units.",
)
PERIOD_PARAMETER = _id_parameter(
    "period", "One of the campaign's periods (default: the whole campaign)."
)


def _campaign_node(request, pk):
    """The campaign, the period and the node asked for, as the dashboard loads them: its
    council and admins any node in their scope; a secretary only their own units (the
    unit's own figures). 404 for anything else."""
    user = request.user
    kind, _sep, text = request.query_params.get("node", "").partition(":")
    node_id = parse_id(text)
    if rules.test_rule("campaigns.view_dashboards", user):
        campaign = campaign_managed_get(user, pk)
        if not kind:
            kind, node = NodeKind.TREE, campaign.organiser
        elif kind in (NodeKind.TREE, NodeKind.UNIT) and node_id:
            node = unit_get_for_user(user, node_id)
        elif kind == NodeKind.BLOC and node_id:
            node = bloc_get(user, pk=node_id)
        else:
            raise Http404
    else:
        campaign = campaign_get(user, pk)
        if kind != NodeKind.UNIT or node_id is None:
            raise Http404
        node = get_object_or_404(units_for_user(user), pk=node_id)
    periods = dashboard.campaign_periods(campaign)
    period = dashboard.dashboard_period(periods, query_id(request.query_params, "period"))
    return campaign, period, kind, node


def _node(kind, node) -> dict:
    return {"kind": kind, "id": node.pk, "name": node.name}


@extend_schema(tags=["figures"], parameters=[PERIOD_PARAMETER, NODE_PARAMETER])
class Tallies(ApiMixin, APIView):
    """Every indicator's figure, target and status at one node for one period: the
    dashboard's figures, with the time they were computed (as of)."""

    serializer_class = s.TalliesSerializer

    def get(self, request, pk):
        campaign, period, kind, node = _campaign_node(request, pk)
        indicators = (
            dashboard.unit_indicators(campaign, node)
            if kind == NodeKind.UNIT
            else dashboard.campaign_indicators(campaign)
        )
        view = dashboard.node_view(campaign, period, kind, node, indicators)
        data = {
            "campaign": campaign.pk,
            "period": period,
            "node": _node(kind, node),
            "computed_at": view.computed_at,
            "provisional": view.provisional,
            "status_counts": [
                {"status": status, "label": str(label), "count": count}
                for status, label, count in view.status_counts
            ],
            "rows": [
                {
                    "indicator": row.indicator,
                    "tally": row.tally,
                    "progress": row.progress,
                }
                for row in view.rows
            ],
        }
        return Response(s.TalliesSerializer(data).data)


@extend_schema(tags=["figures"], parameters=[PERIOD_PARAMETER, NODE_PARAMETER])
class Completeness(ApiMixin, APIView):
    """Reports expected, on time, late and missing at one node over the period."""

    serializer_class = s.CompletenessSerializer

    def get(self, request, pk):
        campaign, period, kind, node = _campaign_node(request, pk)
        counts = dashboard.completeness(period, kind, node.pk)
        data = {"campaign": campaign.pk, "period": period, "node": _node(kind, node), **counts}
        return Response(s.CompletenessSerializer(data).data)


# --- Units ---


@extend_schema(
    tags=["units"],
    parameters=[
        _id_parameter("parent", "Units directly under this one."),
        OpenApiParameter("kind", str, description="The unit's kind."),
    ],
)
class UnitList(ListView):
    """The units whose data the caller reads, with the dates they exist and successors."""

    serializer_class = s.UnitSerializer

    def get_queryset(self):
        units = units_for_user(self.request.user).prefetch_related("successors")
        units = _filter_ids(units, self.request.query_params, parent="parent_id")
        if kind := self.request.query_params.get("kind"):
            units = units.filter(kind=kind)
        return units.order_by("name", "pk")


@extend_schema(tags=["units"])
class UnitDetail(DetailView):
    serializer_class = s.UnitSerializer
    loader = staticmethod(unit_get_for_user)


# --- Reports ---


@extend_schema(
    tags=["reports"],
    parameters=[
        _id_parameter("campaign", "Reports of this campaign."),
        _id_parameter("period", "Reports of this period."),
        _id_parameter("unit", "Reports of this unit."),
        _choice_parameter("status", ReportStatus, "The report's status."),
    ],
)
class ReportList(ListView):
    """The reports the caller may read, newest period first (as the reports page)."""

    serializer_class = s.ReportSerializer

    def get_queryset(self):
        params = self.request.query_params
        reports = reports_for_user(self.request.user).select_related("unit", "period")
        reports = _filter_ids(
            reports, params, campaign="period__campaign_id", period="period_id", unit="unit_id"
        )
        reports = _filter_choice(reports, params, "status", "status", ReportStatus)
        return reports.order_by("-period__ends_on", "unit__name", "pk")


@extend_schema(tags=["reports"])
class ReportDetail(DetailView):
    """A report with its values, highlights and the council's comment."""

    serializer_class = s.ReportDetailSerializer

    @staticmethod
    def loader(user, pk):
        report = report_get_for_user(user, pk)
        prefetch_related_objects([report], REPORT_VALUES)
        return report


# --- Nominations and decisions ---


@extend_schema(
    tags=["awards"],
    parameters=[
        _id_parameter("campaign", "Nominations of this campaign."),
        _id_parameter("unit", "Nominations proposed by this unit."),
        _choice_parameter("status", NominationStatus, "The nomination's status."),
        OpenApiParameter(
            "year", {"type": "integer", "minimum": 1, "maximum": 9999}, description="Year."
        ),
    ],
)
class NominationList(ListView):
    """Nominations the caller may read: a secretary's units', the council's organisers'."""

    serializer_class = s.NominationSerializer

    def get_queryset(self):
        params = self.request.query_params
        nominations = _filter_ids(
            nominations_for_user(self.request.user), params, campaign="campaign_id", unit="unit_id"
        )
        nominations = _filter_choice(nominations, params, "status", "status", NominationStatus)
        nominations = _filter_year(nominations, params)
        return nominations.order_by("-proposed_at", "-pk")


@extend_schema(tags=["awards"])
class NominationDetail(DetailView):
    serializer_class = s.NominationSerializer

    @staticmethod
    def loader(user, pk):
        return get_object_or_404(nominations_for_user(user), pk=pk)


def _decisions(user):
    recipients = DecisionRecipient.objects.select_related(
        "unit", "title", "person", "collective"
    ).order_by("order", "pk")
    return (
        decisions_for_user(user)
        .select_related("authority")
        .annotate(total=Sum("recipients__amount"))
        .prefetch_related(Prefetch("recipients", queryset=recipients))
    )


@extend_schema(
    tags=["awards"],
    parameters=[
        _id_parameter("campaign", "Decisions of this campaign."),
        _choice_parameter("status", DecisionStatus, "The decision's status."),
        OpenApiParameter(
            "year", {"type": "integer", "minimum": 1, "maximum": 9999}, description="Year."
        ),
    ],
)
class DecisionList(ListView):
    """Award decisions of the caller's organisers, with their recipients and amounts (VND)."""

    serializer_class = s.DecisionSerializer

    def get_queryset(self):
        params = self.request.query_params
        decisions = _filter_ids(_decisions(self.request.user), params, campaign="campaign_id")
        decisions = _filter_choice(decisions, params, "status", "status", DecisionStatus)
        decisions = _filter_year(decisions, params)
        return decisions.order_by("-decided_on", "-number", "pk")


@extend_schema(tags=["awards"])
class DecisionDetail(DetailView):
    serializer_class = s.DecisionSerializer

    @staticmethod
    def loader(user, pk):
        return get_object_or_404(_decisions(user), pk=pk)


# --- The public honour board ---


@extend_schema(
    tags=["honour board"],
    parameters=[
        OpenApiParameter(
            "year", {"type": "integer", "minimum": 1, "maximum": 9999}, description="A year."
        ),
        OpenApiParameter("title", str, description="A title's code (the board's `titles`)."),
    ],
)
class HonourBoardView(ApiMixin, APIView):
    """An organiser's public honour board, as its public page shows it: only what its
    issued decisions publish (names, units, titles, decision numbers and dates).
    Anyone may read a published board, without a token; an unpublished one is 404.
    Requests are counted per token, account or address like every API request."""

    permission_classes = []
    serializer_class = s.HonourBoardSerializer

    def get(self, request, code):
        organiser = published_organiser_get(code)
        year = query_int(request.query_params, "year", minimum=1, maximum=9999)
        title = request.query_params.get("title", "")
        board = honour_board(organiser)
        if title not in {t["code"] for t in board["titles"]}:
            title = None
        if year or title:
            board = honour_board(organiser, year=year, title=title)
        return Response(s.HonourBoardSerializer(board).data)


@extend_schema(exclude=True)
class NotFound(ApiMixin, APIView):
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""

    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound
