"""The admin's page of summaries and statistics, and the public honour board."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.honour import honour_board, honour_board_publish, published_organiser_get
from awards.models import HonourBoard
from blocs.selectors import organiser_choices
from campaigns.selectors import campaigns_managed_by
from mongcai.accounts.lockout import client_ip
from mongcai.accounts.middleware import second_factor_exempt
from mongcai.lib.access import rule_required
from mongcai.lib.files import DOCX, XLSX, attachment_bytes
from mongcai.lib.params import query_int
from mongcai.lib.throttle import throttled

from .forms import HonourBoardForm, HonourFilterForm, StatisticsForm, SummaryForm
from .statistics import LEGAL_BASIS, TT_18_2025
from .statistics_xlsx import statistics_xlsx
from .summary import campaign_summary
from .summary_docx import summary_docx
from .summary_xlsx import summary_xlsx

admin_only = rule_required("awards.manage_decisions")


def _forms(request, *, summary=None, statistics=None):
    organisers = organiser_choices(request.user)
    today = timezone.localdate()
    # The statistics year N runs from 01/12 of N-1 to 30/11 of N (TT 02/2023/TT-BNV):
    # the form offers the last one that has ended.
    year = today.year if today.month == 12 else today.year - 1
    boards = {
        b.organiser_id: b.published for b in HonourBoard.objects.filter(organiser__in=organisers)
    }
    return {
        "summary_form": summary or SummaryForm(campaigns=campaigns_managed_by(request.user)),
        # The admin's first organiser is chosen, so "Tải về" works as the page opens.
        "statistics_form": statistics
        or StatisticsForm(
            organisers=organisers,
            initial={"year": year, "organiser": organisers.order_by("name").first()},
        ),
        "boards": [(o, boards.get(o.pk, False)) for o in organisers.order_by("name")],
        "legal_basis": LEGAL_BASIS,
        "new_circular": TT_18_2025,
    }


@admin_only
def index(request):
    return render(request, "reports/index.html", _forms(request))


@admin_only
@require_GET
def summary_export(request):
    form = SummaryForm(request.GET, campaigns=campaigns_managed_by(request.user))
    if not form.is_valid():
        return render(request, "reports/index.html", _forms(request, summary=form), status=400)
    period = form.cleaned_data["period"]
    summary = campaign_summary(
        campaign=period.campaign,
        period=period,
        awards_from=form.cleaned_data["awards_from"],
        awards_to=form.cleaned_data["awards_to"],
    )
    fmt = form.cleaned_data["fmt"]
    content = summary_docx(summary) if fmt == "docx" else summary_xlsx(summary)
    return attachment_bytes(
        content,
        filename=f"bao-cao-tong-ket-{period.campaign.code}-{period.pk}.{fmt}",
        content_type=DOCX if fmt == "docx" else XLSX,
    )


@admin_only
@require_GET
def statistics_export(request):
    form = StatisticsForm(request.GET, organisers=organiser_choices(request.user))
    if not form.is_valid():
        return render(request, "reports/index.html", _forms(request, statistics=form), status=400)
    organiser, year = form.cleaned_data["organiser"], form.cleaned_data["year"]
    return attachment_bytes(
        statistics_xlsx(organiser, year),
        filename=f"thong-ke-tdkt-{organiser.code}-{year}.xlsx",
        content_type=XLSX,
    )


@admin_only
@require_POST
def honour_publish(request):
    form = HonourBoardForm(request.POST, organisers=organiser_choices(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisers."))
        return redirect("reports:index")
    board = honour_board_publish(
        organiser=form.cleaned_data["organiser"],
        published=form.cleaned_data["published"],
        by=request.user,
    )
    if board.published:
        messages.success(
            request, _("The honour board of %(name)s is public.") % {"name": board.organiser}
        )
    else:
        messages.success(
            request,
            _("The honour board of %(name)s is no longer public.") % {"name": board.organiser},
        )
    return redirect("reports:index")


# Rows of each list a page shows (a province's board holds hundreds: a phone reads a
# page of them, and the pager the rest).
PER_PAGE = 50


@login_not_required
@second_factor_exempt
@require_GET
def honour_board_page(request, code):
    """Anyone may read a published board; each address a bounded number of times a minute."""
    if throttled(
        "honour",
        client_ip(request) or "unknown",
        limit=settings.HONOUR_BOARD_RATE_PER_MINUTE,
    ):
        return render(request, "reports/throttled.html", status=429)
    organiser = published_organiser_get(code)
    board = honour_board(organiser)
    form = HonourFilterForm(request.GET or None, board=board)
    year = title = None
    if form.is_bound and form.is_valid():
        year, title = form.cleaned_data["year"] or None, form.cleaned_data["title"] or None
        if year or title:
            board = honour_board(organiser, year=year, title=title)
    page = query_int(request.GET, "page", minimum=1, maximum=1_000_000) or 1
    filters = {key: value for key, value in (("year", year), ("title", title)) if value}
    context = {
        "organiser": organiser,
        "board": board,
        "form": form,
        "year": year,
        "query": urlencode(filters),
        "collectives": Paginator(board["collectives"], PER_PAGE).get_page(page),
        "individuals": Paginator(board["individuals"], PER_PAGE).get_page(page),
    }
    return render(request, "reports/honour_board.html", context)
