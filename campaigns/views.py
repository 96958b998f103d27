from django.core.paginator import Paginator
from django.shortcuts import render

from blocs.selectors import units_for_user

from .models import Period, ReportStatus
from .selectors import campaign_get, campaign_list, report_get_for_user, reports_for_user

REPORTS_PER_PAGE = 50


def campaign_index(request):
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaign_list()})


def campaign_detail(request, pk):
    campaign = campaign_get(pk)
    indicators = campaign.indicators.select_related("indicator", "content").prefetch_related(
        "targets"
    )
    context = {
        "campaign": campaign,
        "contents": campaign.contents.all(),
        "indicators": indicators,
        "periods": campaign.periods.all(),
        "works": campaign.dedicated_works.select_related("unit"),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def report_index(request):
    """Reports the user may read, filterable by period, unit and status."""
    reports = reports_for_user(request.user).select_related("unit", "period", "period__campaign")
    period_id = request.GET.get("period", "")
    unit_id = request.GET.get("unit", "")
    status = request.GET.get("status", "")
    if period_id.isdigit():
        reports = reports.filter(period_id=int(period_id))
    if unit_id.isdigit():
        reports = reports.filter(unit_id=int(unit_id))
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = Paginator(reports.order_by("-period__ends_on", "unit__name"), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "periods": Period.objects.select_related("campaign").order_by("-ends_on"),
        "units": units_for_user(request.user).order_by("name"),
        "statuses": ReportStatus.choices,
        "selected": {"period": period_id, "unit": unit_id, "status": status},
    }
    return render(request, "campaigns/report_list.html", context)


def report_detail(request, pk):
    report = report_get_for_user(request.user, pk)
    values = report.values.select_related("indicator").order_by("indicator__code")
    return render(request, "campaigns/report_detail.html", {"report": report, "values": values})
