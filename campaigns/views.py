import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from blocs.models import Bloc
from blocs.selectors import bloc_get, unit_get_for_user, units_for_user
from mongcai.lib.files import XLSX, attachment_bytes, attachment_response
from mongcai.lib.params import parse_id, query_id

from . import dashboard, dashboard_cache, excel, exports
from .forms import ReportForm
from .models import Campaign, NodeKind, Period, ReportStatus
from .report_form_rows import report_rows_html
from .reporting import lock_reason, report_saved_message
from .selectors import (
    campaign_get,
    campaign_list,
    campaign_managed_get,
    campaigns_for_user,
    evidence_get_for_user,
    lineage_tallies,
    own_report_form_get,
    own_report_get,
    report_get_for_user,
    reports_for_user,
)
from .services import (
    ReportConflict,
    evidence_add,
    evidence_room_check,
    report_approve,
    report_return,
)

# state, label, Bootstrap colour of the clickable completeness cards
COMPLETENESS_CARDS = [
    ("on_time", _("On time"), "success"),
    ("late", _("Late"), "warning"),
    ("missing", _("Missing"), "danger"),
]

REPORTS_PER_PAGE = 50
# A template with errors on every row is listed in part: the rest is the same mistake.
UPLOAD_ERRORS_SHOWN = 20


def campaign_index(request):
    return render(
        request, "campaigns/campaign_list.html", {"campaigns": campaign_list(request.user)}
    )


def campaign_detail(request, pk):
    campaign = campaign_get(request.user, pk)
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
    period_id = query_id(request.GET, "period")
    unit_id = query_id(request.GET, "unit")
    status = request.GET.get("status", "")
    if period_id:
        reports = reports.filter(period_id=period_id)
    if unit_id:
        reports = reports.filter(unit_id=unit_id)
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    page = Paginator(reports.order_by("-period__ends_on", "unit__name"), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        # Only the periods of campaigns the user may read: another organiser's campaign
        # is not named here either.
        "periods": Period.objects.filter(campaign__in=campaigns_for_user(request.user))
        .select_related("campaign")
        .order_by("-ends_on"),
        "units": units_for_user(request.user).order_by("name"),
        "statuses": ReportStatus.choices,
        "selected": {
            "period": str(period_id or ""),
            "unit": str(unit_id or ""),
            "status": status if status in ReportStatus.values else "",
        },
    }
    return render(request, "campaigns/report_list.html", context)


def report_detail(request, pk):
    report = report_get_for_user(request.user, pk)
    values = report.values.select_related("indicator").order_by("indicator__code")
    user = request.user
    context = {
        "report": report,
        "values": values,
        "changes": report.changes.select_related("user")[:200],
        "evidence": report.evidence.all(),
        "can_review": rules.test_rule("campaigns.review_report", user, report)
        and report.status == ReportStatus.SUBMITTED,
        "can_edit": rules.test_rule("campaigns.edit_report", user, report),
    }
    return render(request, "campaigns/report_detail.html", context)


def _own_report(request, unit_pk, period_pk):
    """The user's own unit, the period, the report (or None) and the form rows; 404 otherwise."""
    return own_report_form_get(request.user, unit_pk, period_pk)


def report_edit(request, unit_pk, period_pk):
    """The secretary's form for the unit's report of the period (created on first save)."""
    unit, period, report, rows = _own_report(request, unit_pk, period_pk)
    locked = lock_reason(report, unit, period, timezone.localdate())
    language = get_language()
    submit = request.POST.get("action") == "submit"
    if request.method == "POST" and not locked:
        form = ReportForm(request.POST, rows=rows, language=language, submit=submit)
        if form.is_valid():
            try:
                report = form.save(user=request.user, unit=unit, period=period, submit=submit)
            except ReportConflict as conflict:
                return _conflict(request, unit, period, conflict.report, form)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, report_saved_message(report, submitted=submit))
                if submit:
                    return redirect("campaigns:report-detail", pk=report.pk)
                return redirect("campaigns:report-edit", unit_pk=unit.pk, period_pk=period.pk)
    else:
        form = ReportForm(
            initial={
                "highlights": report.highlights if report else "",
                "version": report.version if report else None,
            },
            rows=rows,
            language=language,
        )
        if request.method == "POST":
            messages.error(request, locked)
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "form": form,
        "rows_html": report_rows_html(form, rows, locked),
        "locked": locked,
        "evidence": report.evidence.all() if report else [],
        "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
        "max_files": settings.EVIDENCE_MAX_FILES,
        "text_max_chars": settings.TEXT_MAX_CHARS,
    }
    return render(request, "campaigns/report_form.html", context)


def report_template_download(request, unit_pk, period_pk):
    """The unit's report for the period as an Excel template, prefilled."""
    unit, period, report, rows = _own_report(request, unit_pk, period_pk)
    content = excel.report_template(unit, period, rows, report.highlights if report else "")
    return attachment_bytes(
        content, filename=f"bao-cao-{unit.code}-{period.pk}.xlsx", content_type=XLSX
    )


@require_POST
def report_template_upload(request, unit_pk, period_pk):
    """Fill the draft from a filled template: validated like the form, all or nothing."""
    unit, period, report, rows = _own_report(request, unit_pk, period_pk)
    back = redirect("campaigns:report-edit", unit_pk=unit.pk, period_pk=period.pk)
    uploaded = request.FILES.get("template")
    if uploaded is None:
        messages.error(request, gettext("Choose the filled template."))
        return back
    language = get_language()
    try:
        data, errors = excel.read_upload(uploaded, unit, period, rows, language)
    except excel.TemplateError as error:
        messages.error(request, str(error))
        messages.error(request, gettext("Nothing from the file was saved."))
        return back
    data["version"] = report.version if report else ""
    form = ReportForm(data, rows=rows, language=language)
    if form.is_valid() and not errors:
        try:
            form.save(user=request.user, unit=unit, period=period, submit=False)
        except (ValidationError, ReportConflict) as error:
            errors.append(" ".join(getattr(error, "messages", [gettext("Saved meanwhile.")])))
    for field_errors in form.errors.values():
        errors.extend(field_errors)
    if errors:
        for error in errors[:UPLOAD_ERRORS_SHOWN]:
            messages.error(request, error)
        if len(errors) > UPLOAD_ERRORS_SHOWN:
            messages.error(
                request,
                gettext("And %(count)s more errors.")
                % {"count": len(errors) - UPLOAD_ERRORS_SHOWN},
            )
        messages.error(request, gettext("Nothing from the file was saved."))
    else:
        messages.success(request, gettext("The draft is filled from the file; check and submit."))
    return back


def _conflict(request, unit, period, theirs, form):
    """Both versions side by side; nothing was saved."""
    current = {rv.indicator_id: rv for rv in theirs.values.all()}
    rows = [
        {
            "indicator": item.indicator,
            "theirs": current.get(item.indicator.pk),
            "yours": item.value,
            "differs": (current[item.indicator.pk].value if item.indicator.pk in current else None)
            != item.value,
        }
        for item in form.inputs
    ]
    context = {
        "unit": unit,
        "period": period,
        "theirs": theirs,
        "rows": rows,
        "your_highlights": form.cleaned_data["highlights"],
        "last_change": theirs.changes.select_related("user").first(),
    }
    return render(request, "campaigns/report_conflict.html", context, status=409)


@require_POST
def evidence_upload(request, pk):
    """Attach files to the secretary's own report (scoped: 404 for other units)."""
    report = own_report_get(request.user, pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, gettext("Choose a file to attach."))
    try:
        evidence_room_check(report=report, adding=len(files))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        files = []
    for uploaded in files:
        try:
            evidence_add(user=request.user, report=report, uploaded=uploaded)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Attached “%(name)s”.") % {"name": uploaded.name})
    return redirect("campaigns:report-edit", unit_pk=report.unit_id, period_pk=report.period_id)


def evidence_download(request, pk):
    """A file of a report the user may read, always as a download."""
    evidence = evidence_get_for_user(request.user, pk)
    return attachment_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@require_POST
def report_review(request, pk):
    """The council approves or returns a submitted report."""
    report = report_get_for_user(request.user, pk)
    if not rules.test_rule("campaigns.review_report", request.user, report):
        raise PermissionDenied
    action = request.POST.get("action")
    comment = request.POST.get("comment", "")
    try:
        if action == "approve":
            report_approve(user=request.user, report=report, comment=comment)
            messages.success(request, gettext("The report is approved."))
        elif action == "return":
            report_return(user=request.user, report=report, comment=comment)
            messages.success(request, gettext("The report is returned to the unit."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("campaigns:report-detail", pk=report.pk)


# --- The council's dashboard (reads tallies only: campaigns.dashboard) ---


def _dashboard_frame(request, campaign, node_kind, node, node_label) -> dict:
    """What every dashboard page reads: the pickers around the body, the period
    asked for and the campaign's indicators. A fixed number of small queries.
    Every caller has checked access first."""
    periods = dashboard.campaign_periods(campaign)
    period = dashboard.dashboard_period(periods, query_id(request.GET, "period"))
    return {
        "campaign": campaign,
        "period": period,
        "periods": periods,
        "node_kind": node_kind,
        "node": node,
        "node_label": node_label,
        "node_param": f"{node_kind}:{node.pk}",
        # The same for every reader of the page (it is cached): the organiser's own.
        "campaigns": Campaign.objects.filter(organiser_id=campaign.organiser_id).order_by(
            "-starts_on"
        ),
        "blocs": Bloc.objects.filter(organiser_id=campaign.organiser_id).order_by("order", "name"),
        # A unit's page shows what the unit reports, not every indicator of the campaign.
        "indicators": dashboard.unit_indicators(campaign, node)
        if node_kind == NodeKind.UNIT
        else dashboard.campaign_indicators(campaign),
        "completeness_cards": COMPLETENESS_CARDS,
        "poll_seconds": settings.DASHBOARD_POLL_SECONDS,
    }


def _figures(context: dict) -> dict:
    """The node's tallies (one query), for the body and the htmx poll."""
    view = dashboard.node_view(
        context["campaign"],
        context["period"],
        context["node_kind"],
        context["node"],
        context["indicators"],
    )
    return {**context, "view": view}


def _frame_html(request, context: dict, structure: tuple):
    """The breadcrumb, title and pickers above the figures, cached apart from them
    under what they show: a roll-up, which changes every figure, leaves them as
    they were (on a deadline day most views of a dashboard follow a roll-up)."""
    campaign, node = context["campaign"], context["node"]
    parts = (
        "frame",
        campaign.pk,
        campaign.organiser.name,
        campaign.organiser.whole_label,
        context["period"].pk,
        context["node_kind"],
        node.pk,
        context["node_label"],
        structure,
    )
    return dashboard_cache.content_html(
        request, "campaigns/dashboard/_frame.html", parts, lambda: context
    )


def _render_dashboard(request, template, frame, build, parts, page_key, node_label=None):
    """The page, or for htmx polls only the tallies, and nothing (204) when unchanged.

    `frame()` gives `_dashboard_frame`'s arguments (it checks access to the
    campaign), `build(context)` adds the figures. Both run only when the
    content is rendered: it is cached under `parts` and `page_key()`
    (dashboard.page_key, which checks access too), so a cached page reads
    neither the campaign nor its pickers. The page's title is `node_label`,
    by default the organiser's name."""
    if request.htmx:
        context = _figures(_dashboard_frame(request, *frame()))
        since = request.GET.get("since", "")
        computed = context["view"].computed_at
        if computed is not None and since == computed.isoformat():
            return HttpResponse(status=204)
        return render(request, "campaigns/dashboard/_tallies.html", context)
    key = page_key()
    parts = (query_id(request.GET, "period"), settings.DASHBOARD_POLL_SECONDS, *parts, key.rows)

    def render_content():
        context = _figures(_dashboard_frame(request, *frame()))
        return build({**context, "frame_html": _frame_html(request, context, key.structure)})

    content = dashboard_cache.content_html(request, template, parts, render_content)
    return render(
        request,
        "campaigns/dashboard/page.html",
        {"content": content, "node_label": node_label or key.organiser_name},
    )


def dashboard_city(request, pk):
    dashboard.dashboard_check_access(request.user)

    def frame():
        campaign = campaign_managed_get(request.user, pk)
        return campaign, NodeKind.TREE, campaign.organiser, campaign.organiser.name

    def build(context):
        campaign, period, indicators = context["campaign"], context["period"], context["indicators"]
        organiser = campaign.organiser
        blocs = dashboard.blocs_of_year(period)
        return {
            **context,
            "bloc_rows": dashboard.blocs_side_by_side(period, blocs, indicators),
            "completeness": dashboard.completeness(period, NodeKind.TREE, organiser.pk),
            "trend": dashboard.trend(campaign, NodeKind.TREE, organiser.pk, indicators),
        }

    return _render_dashboard(
        request,
        "campaigns/dashboard/city.html",
        frame,
        build,
        ("city", pk),
        lambda: dashboard.page_key(request.user, pk),
    )


def dashboard_bloc(request, pk, bloc_pk):
    dashboard.dashboard_check_access(request.user)
    bloc = bloc_get(request.user, pk=bloc_pk)

    def frame():
        return campaign_managed_get(request.user, pk), NodeKind.BLOC, bloc, bloc.name

    def build(context):
        campaign, period, indicators = context["campaign"], context["period"], context["indicators"]
        members = dashboard.bloc_members(period, bloc)
        return {
            **context,
            "bloc": bloc,
            "member_rows": dashboard.members_side_by_side(period, members, indicators),
            "completeness": dashboard.completeness(period, NodeKind.BLOC, bloc.pk),
            "trend": dashboard.trend(campaign, NodeKind.BLOC, bloc.pk, indicators),
        }

    return _render_dashboard(
        request,
        "campaigns/dashboard/bloc.html",
        frame,
        build,
        ("bloc", pk, bloc.pk),
        lambda: dashboard.page_key(request.user, pk, bloc.pk, node=(NodeKind.BLOC, bloc.pk)),
        bloc.name,
    )


def dashboard_unit(request, pk, unit_pk):
    dashboard.dashboard_check_access(request.user)
    unit = unit_get_for_user(request.user, unit_pk)

    def frame():
        return campaign_managed_get(request.user, pk), NodeKind.UNIT, unit, unit.name

    def build(context):
        campaign = context["campaign"]
        return {
            **context,
            "unit": unit,
            "reports": dashboard.unit_reports(campaign, context["period"], unit),
            "trend": dashboard.trend(campaign, NodeKind.UNIT, unit.pk, context["indicators"]),
        }

    return _render_dashboard(
        request,
        "campaigns/dashboard/unit.html",
        frame,
        build,
        ("unit", pk, unit.pk),
        # It lists the unit's reports, drafts too, which are created and saved
        # without a roll-up: their states are in the key with the unit's stamp.
        lambda: dashboard.page_key(
            request.user, pk, node=(NodeKind.UNIT, unit.pk), unit_id=unit.pk
        ),
        unit.name,
    )


def dashboard_completeness(request, pk):
    dashboard.dashboard_check_access(request.user)
    campaign = campaign_managed_get(request.user, pk)
    period = dashboard.dashboard_period(
        dashboard.campaign_periods(campaign), query_id(request.GET, "period")
    )
    bloc_id = query_id(request.GET, "bloc")
    bloc = bloc_get(request.user, pk=bloc_id) if bloc_id else None
    state = request.GET.get("state", "")
    rows = dashboard.completeness_units(campaign, period, state, bloc)  # 404 on a bad state
    context = {
        "campaign": campaign,
        "period": period,
        "bloc": bloc,
        "state": state,
        "state_label": {key: label for key, label, _css in COMPLETENESS_CARDS}[state],
        "rows": rows,
    }
    return render(request, "campaigns/dashboard/completeness.html", context)


def dashboard_export(request, pk):
    """The view on screen (node and period) as an XLSX file."""
    dashboard.dashboard_check_access(request.user)
    campaign = campaign_managed_get(request.user, pk)
    kind, _, node_text = request.GET.get("node", "").partition(":")
    node_id = parse_id(node_text)
    loaders = {
        NodeKind.TREE: lambda pk: unit_get_for_user(request.user, pk),
        NodeKind.UNIT: lambda pk: unit_get_for_user(request.user, pk),
        NodeKind.BLOC: lambda pk: bloc_get(request.user, pk=pk),
    }
    if kind not in loaders or node_id is None:
        raise Http404
    node = loaders[kind](node_id)
    label = f"{node.whole_label} ({node.name})" if kind == NodeKind.TREE else node.name
    context = _figures(_dashboard_frame(request, campaign, kind, node, label))
    content = exports.node_view_xlsx(context["view"], label)
    period = context["period"]
    filename = f"tong-hop-{campaign.code}-{period.pk}-{kind}-{node.pk}.xlsx"
    return attachment_bytes(content, filename=filename, content_type=XLSX)


# How many of a unit's lineage reports its page lists (the newest); the rest are in the list.
UNIT_PANEL_REPORTS = 24


def unit_panel(request, unit, lineage: set[int]) -> str:
    """A unit's page (blocs.panels): the reports of the unit and the units it succeeded
    that the user may read, newest first, and each campaign's tallies of those units
    for those who read dashboards. Three queries."""
    reports = (
        reports_for_user(request.user)
        .filter(unit_id__in=lineage)
        .select_related("unit", "period__campaign")
        .order_by("-period__ends_on", "unit__name")
    )
    tallies = []
    if rules.test_rule("campaigns.view_dashboards", request.user):
        tallies = lineage_tallies(request.user, lineage)
    context = {
        "unit": unit,
        "reports": list(reports[:UNIT_PANEL_REPORTS]),
        "report_count": reports.count(),
        "tallies": tallies,
    }
    return render_to_string("campaigns/_unit_panel.html", context, request=request)
