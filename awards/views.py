import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs.selectors import unit_get_for_user, units_for_user
from campaigns.selectors import campaigns_for_user
from mongcai.lib.access import rule_required
from mongcai.lib.files import attachment_bytes, attachment_response
from mongcai.lib.params import query_ids, query_text

from . import (
    certificates,
    document,
    exports,
    listing,
    proposals,
    register,
    selectors,
    services,
    signing,
    wording,
)
from .forms import (
    AnnulForm,
    DecisionForm,
    IssueForm,
    NominationForm,
    PersonForm,
    RecipientForm,
    ReviewForm,
    SignedPdfForm,
    StatisticsForm,
)
from .models import Decision, ExportStatus, NominationStatus

PER_PAGE = 50


def export_threshold() -> int:
    """Above this many recipients an export runs in the worker (setting, default 500)."""
    return getattr(settings, "AWARDS_EXPORT_ASYNC_THRESHOLD", 500)


admin_only = rule_required("awards.manage_decisions")


def _errors(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


# People and history ----------------------------------------------------------


def person_list(request):
    query = query_text(request.GET, "q")
    people = selectors.person_search(selectors.people_for_user(request.user), query)
    page = Paginator(people.order_by("search_name", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "awards/person_list.html", {"page": page, "query": query})


@rule_required("awards.register_person")
def person_create(request):
    """A secretary registers a person of their unit; the admin, of any unit."""
    form = PersonForm(request.POST or None, units=units_for_user(request.user).order_by("name"))
    if request.method == "POST" and form.is_valid():
        person = services.person_save(**form.cleaned_data)
        messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
        return redirect("awards:person-history", pk=person.pk)
    return render(request, "awards/person_form.html", {"form": form})


def person_history(request, pk):
    person = selectors.person_get_for_user(request.user, pk)
    context = {"person": person, "awards": selectors.person_history(person)}
    return render(request, "awards/person_history.html", context)


def unit_history(request, pk):
    unit = unit_get_for_user(request.user, pk)
    awards = Paginator(selectors.unit_history(unit), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "awards/unit_history.html", {"unit": unit, "page": awards})


@rule_required("awards.view_statistics")
def statistics(request):
    # By default the year of the latest issued decision, so the page opens on figures.
    year = selectors.latest_decision_year(request.user) or timezone.localdate().year
    form = StatisticsForm(request.GET or None, initial={})
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = StatisticsForm(initial={"start": start, "end": end})
    context = {
        "form": form,
        "stats": selectors.statistics(request.user, start, end),
        "start": start,
        "end": end,
        # The article reports the first nine months of the year.
        "nine_months": (dt.date(year, 1, 1), dt.date(year, 9, 30)),
    }
    return render(request, "awards/statistics.html", context)


# Nominations -----------------------------------------------------------------


def nomination_list(request):
    nominations = selectors.nominations_for_user(request.user)
    status = request.GET.get("status", "")
    if status in NominationStatus.values:
        nominations = nominations.filter(status=status)
    page = Paginator(nominations, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": NominationStatus.choices,
        "units": units_for_user(request.user) if request.user.is_secretary else None,
    }
    return render(request, "awards/nomination_list.html", context)


@rule_required("awards.propose_nomination")
def nomination_create(request):
    units = request.user.units.order_by("name")
    if not units.exists():
        raise PermissionDenied
    form = NominationForm(
        request.POST or None, units=units, campaigns=campaigns_for_user(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_propose(
                unit=data["unit"],
                recipient_kind=data["recipient_kind"],
                person=data["person"],
                collective=data["collective"],
                household=data["household"],
                title=data["title"],
                campaign=data["campaign"],
                year=data["year"],
                kind=data["kind"],
                achievement=data["achievement"],
                details=data["details"],
                proposed_by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(nominee)s is proposed for %(title)s.")
                % {"nominee": nomination.nominee, "title": nomination.title},
            )
            return redirect("awards:nomination-detail", pk=nomination.pk)
    return render(request, "awards/nomination_form.html", {"form": form})


def nomination_detail(request, pk):
    nomination = selectors.nomination_get_for_user(request.user, pk)
    context = {
        "nomination": nomination,
        "cash": selectors.nomination_cash(nomination),
        "review_form": ReviewForm(),
    }
    return render(request, "awards/nomination_detail.html", context)


@require_POST
@rule_required("awards.review_nominations")
def nomination_review(request, pk):
    nomination = selectors.nomination_get_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    approve = request.POST.get("action") == "approve"
    try:
        services.nomination_review(
            nomination=nomination,
            reviewer=request.user,
            approve=approve,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            (_("%(nominee)s: approved.") if approve else _("%(nominee)s: rejected."))
            % {"nominee": nomination.nominee},
        )
    return redirect("awards:nomination-detail", pk=nomination.pk)


# Decisions -------------------------------------------------------------------


@admin_only
def decision_list(request):
    page = Paginator(selectors.decisions_list(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "awards/decision_list.html", {"page": page})


def _decision_form(request, decision: Decision | None):
    if decision is not None and not decision.is_draft:
        messages.error(request, _("An issued decision cannot be changed."))
        return redirect("awards:decision-detail", pk=decision.pk)
    initial = {}
    if decision is None:
        today = timezone.localdate()
        # The first of the user's authorities that may issue today (an ended one cannot).
        authority = next(
            (
                a
                for a in selectors.authorities_for_user(request.user).order_by("pk")
                if a.exists_on(today)
            ),
            None,
        )
        # No number: it is the register's, entered when the decision is issued.
        initial = {"decided_on": today, "authority": authority}
    form = DecisionForm(
        request.POST or None,
        instance=decision,
        initial=initial,
        authorities=selectors.authorities_for_user(request.user),
        campaigns=campaigns_for_user(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "legal_bases"}
        try:
            decision = services.decision_save(
                user=request.user,
                decision=decision,
                legal_bases=form.cleaned_data["legal_bases"],
                **fields,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The draft decision is saved."))
            for warning in decision.legal_basis_warnings():
                messages.warning(request, warning)
            return redirect("awards:decision-detail", pk=decision.pk)
    return render(request, "awards/decision_form.html", {"form": form, "decision": decision})


@admin_only
def decision_create(request):
    return _decision_form(request, None)


@admin_only
def decision_edit(request, pk):
    return _decision_form(request, selectors.decision_get(request.user, pk))


@admin_only
def decision_detail(request, pk):
    decision = selectors.decision_get(request.user, pk)
    recipients = certificates.with_certificate_kind(
        decision.recipients.select_related("person", "collective", "unit", "title")
    )
    totals = services.decision_totals(decision)
    context = {
        "decision": decision,
        "certificates": certificates.certificate_summary(decision),
        "page": Paginator(recipients, PER_PAGE).get_page(request.GET.get("page")),
        "totals": totals,
        "legal_bases": decision.legal_bases.all(),
        "legal_basis_warnings": decision.legal_basis_warnings(),
        "free_nominations": _free_nominations(request.user, decision),
        "recipient_form": RecipientForm(
            initial={"year": decision.decided_on.year},
            people=selectors.people_for_user(request.user),
            collectives=units_for_user(request.user),
        ),
        "issue_form": _issue_form(
            decision,
            ask_no_cash=bool(totals["unpriced"]),
            typed=request.session.pop(_typed_key(decision.pk), None) if decision.is_draft else None,
        ),
        "register": register.configured(),
        "annul_form": AnnulForm(),
        "exports": selectors.exports_unfinished(decision),
        "formats": ["xlsx", "csv", "docx"],
        "stored_pdf": selectors.decision_pdf_facts(decision),
        "signed_form": SignedPdfForm() if decision.status == "issued" else None,
    }
    return render(request, "awards/decision_detail.html", context)


@require_POST
@admin_only
def decision_add_nominations(request, pk):
    decision = selectors.decision_get(request.user, pk)
    ids = query_ids(request.POST, "nominations")
    nominations = list(selectors.approved_nominations_free(request.user).filter(pk__in=ids))
    if not nominations:
        messages.error(request, _("Choose at least one approved nomination."))
        return redirect("awards:decision-detail", pk=pk)
    try:
        added = services.decision_add_nominations(
            user=request.user, decision=decision, nominations=nominations
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(count)s recipients added.") % {"count": added})
    return redirect("awards:decision-detail", pk=pk)


@require_POST
@admin_only
def decision_add_recipient(request, pk):
    decision = selectors.decision_get(request.user, pk)
    form = RecipientForm(
        request.POST,
        people=selectors.people_for_user(request.user),
        collectives=units_for_user(request.user),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_add_recipient(
                user=request.user,
                decision=decision,
                recipient_kind=data["recipient_kind"],
                person=data["person"],
                collective=data["collective"],
                household=data["household"],
                title=data["title"],
                year=data["year"],
                achievement=data["achievement"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The recipient is added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("awards:decision-detail", pk=pk)


@require_POST
@admin_only
def decision_remove_recipient(request, pk, recipient_pk):
    decision = selectors.decision_get(request.user, pk)
    recipient = selectors.recipient_get(decision, recipient_pk)
    try:
        services.decision_remove_recipient(user=request.user, recipient=recipient)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The recipient is removed."))
    return redirect("awards:decision-detail", pk=pk)


def _free_nominations(user, decision: Decision) -> list:
    """The passed nominations waiting for a decision, each marked `grantable` when the
    decision's authority grants its title on the decision's date: only those are ticked;
    the others go to a higher level by a proposal (one ticked by mistake would refuse the
    whole batch)."""
    if not decision.is_draft:
        return []
    free = list(selectors.approved_nominations_free(user))
    grants = {}
    for nomination in free:
        if nomination.title_id not in grants:
            grants[nomination.title_id] = proposals.grants_on(
                decision.authority, nomination.title, decision.decided_on
            )
        nomination.grantable = grants[nomination.title_id]
    return free


def _issue_form(
    decision: Decision, *, ask_no_cash: bool = True, data=None, typed=None
) -> IssueForm:
    # The draft's date and, for a draft that holds one, its number: typed by the admin,
    # never computed. Both are to be checked against the register. What the admin typed
    # in a refused attempt (`typed`) is shown again rather than lost.
    initial = {"decided_on": decision.decided_on, "number": decision.number}
    initial.update(typed or {})
    return IssueForm(
        data,
        ask_no_cash=ask_no_cash,
        reserved=bool(register.configured()),
        initial=initial,
    )


def _typed_key(pk) -> str:
    return f"awards:issue-typed:{pk}"


@require_POST
@admin_only
def decision_issue(request, pk):
    decision = selectors.decision_get(request.user, pk)
    form = _issue_form(decision, data=request.POST)
    # Kept for the page that follows a refusal (bounded: two short fields).
    request.session[_typed_key(pk)] = {
        name: request.POST.get(name, "")[:20] for name in ("number", "decided_on")
    }
    if not form.is_valid() and any(name in form.errors for name in ("number", "decided_on")):
        # A malformed number or date is said, and nothing is tried.
        for name in ("number", "decided_on"):
            for message in form.errors.get(name, []):
                messages.error(request, f"{form.fields[name].label}: {message}")
        return redirect("awards:decision-detail", pk=pk)
    try:
        services.decision_issue(
            user=request.user,
            decision=decision,
            password=form.cleaned_data.get("password", ""),
            no_cash=form.cleaned_data.get("no_cash", False),
            number=form.cleaned_data.get("number"),
            decided_on=form.cleaned_data.get("decided_on"),
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        request.session.pop(_typed_key(pk), None)
        decision.refresh_from_db()
        messages.success(request, _("Decision %(ref)s is issued.") % {"ref": decision.reference})
    return redirect("awards:decision-detail", pk=pk)


@require_POST
@admin_only
def decision_annul(request, pk):
    decision = selectors.decision_get(request.user, pk)
    try:
        decision = services.decision_annul(
            user=request.user, decision=decision, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Decision %(ref)s is annulled.") % {"ref": decision.reference})
    return redirect("awards:decision-detail", pk=pk)


@admin_only
def decision_export(request, pk, fmt):
    if fmt not in exports.WRITERS:
        raise Http404
    decision = selectors.decision_get(request.user, pk)
    if decision.recipients.count() > export_threshold():
        export = services.export_request(user=request.user, decision=decision, fmt=fmt)
        return redirect("awards:export-detail", pk=export.pk)
    return attachment_bytes(
        exports.WRITERS[fmt](decision),
        filename=exports.filename(decision, fmt),
        content_type=exports.CONTENT_TYPES[fmt],
    )


@admin_only
def decision_pdf(request, pk):
    """The decision as a PDF: an issued one's stored bytes (what is signed), a draft's
    preview rendered on the spot."""
    decision = selectors.decision_get(request.user, pk)
    if decision.is_draft:
        data = signing.decision_pdf_preview(decision)
    else:
        data = bytes(signing.decision_pdf_get(decision=decision).issued_pdf)
    return attachment_bytes(
        data, filename=exports.filename(decision, "pdf"), content_type="application/pdf"
    )


@require_POST
@admin_only
def decision_signed_upload(request, pk):
    decision = selectors.decision_get(request.user, pk)
    form = SignedPdfForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("awards:decision-detail", pk=pk)
    try:
        stored = signing.decision_signed_upload(
            user=request.user, decision=decision, data=form.cleaned_data["signed_pdf"].read()
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The signature of %(subject)s is verified; the signed PDF is the official file.")
            % {"subject": stored.signer_subject},
        )
    return redirect("awards:decision-detail", pk=pk)


@admin_only
def decision_signed_download(request, pk):
    decision = selectors.decision_get(request.user, pk)
    stored = selectors.decision_signed_pdf(decision)
    name = exports.filename(decision, "pdf").replace(".pdf", "-da-ky.pdf")
    return attachment_bytes(bytes(stored), filename=name, content_type="application/pdf")


@admin_only
def decision_print(request, pk):
    """The DOCX's layout in HTML, from the same wording and measures."""
    decision = selectors.decision_get(request.user, pk)
    totals = services.decision_totals(decision)
    texts = wording.articles(decision, totals)
    context = {
        "decision": decision,
        "layout": document.header_layout(decision),
        "rows": (
            [*row[:3], listing.position_and_unit(row), *row[3:]]
            for row in listing.recipient_rows(decision)
        ),
        "columns": listing.appendix_headers(),
        "with_cash": bool(totals["total"]),
        "legal_basis_lines": wording.legal_basis_lines(decision),
        "date_line": wording.date_line(decision),
        "articles": texts,
        "signature_lines": wording.signature_lines(decision),
        "copies_to": wording.copies_to(decision, texts),
        "appendix_heading": wording.appendix_heading(decision),
    }
    return render(request, "awards/decision_print.html", context)


@admin_only
def export_detail(request, pk):
    export = selectors.export_get(request.user, pk)
    template = "awards/export_progress.html" if request.htmx else "awards/export_detail.html"
    return render(request, template, {"export": export, "done": ExportStatus.DONE})


@admin_only
def export_download(request, pk):
    export = selectors.export_get(request.user, pk)
    if export.status != ExportStatus.DONE:
        raise Http404
    return attachment_response(
        export.file,
        filename=exports.filename(export.decision, export.fmt),
        content_type=exports.CONTENT_TYPES[export.fmt],
    )


# How many awards a unit's page lists (the newest); the rest are on its history page.
UNIT_PANEL_AWARDS = 10


def unit_panel(request, unit, lineage: set[int]) -> str:
    """A unit's page (blocs.panels): the newest awards of the unit and the units it
    succeeded and of their people, with the link to all of them. Two queries."""
    awards = selectors.unit_history(unit)
    context = {
        "unit": unit,
        "awards": list(awards[:UNIT_PANEL_AWARDS]),
        "award_count": awards.count(),
    }
    return render_to_string("awards/_unit_panel.html", context, request=request)
