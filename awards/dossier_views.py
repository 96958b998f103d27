"""Pages of a nominee's dossier (hồ sơ): read it with every figure's source, draft and
edit it (the unit's secretary), confirm or reopen it (the unit's head), attach
evidence, download the report and the proposal letter as DOCX (docs/awards.md,
"The dossier")."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mongcai.lib.files import attachment_bytes, attachment_response

from . import dossier_document, dossiers, selectors
from .forms import DossierForm, ReopenForm
from .models import Dossier, FigureSection
from .views import _errors


def _dossier(nomination) -> Dossier | None:
    return Dossier.objects.filter(nomination=nomination).first()


def dossier_list(request):
    return render(
        request,
        "awards/dossier_list.html",
        {"dossiers": selectors.dossiers_for_user(request.user)[:200]},
    )


def dossier_detail(request, pk):
    nomination = selectors.dossier_nomination_get(request.user, pk)
    dossier = _dossier(nomination)
    sections = []
    reader = dossiers.figure_reader(request.user, nomination)
    if dossier is not None:
        figures = list(dossier.figures.all())
        for figure in figures:
            figure.shown_link = dossiers.figure_link(reader, figure)
        for code, label in FigureSection.choices:
            rows = [f for f in figures if f.section == code]
            if rows:
                sections.append((label, rows))
    context = {
        "nomination": nomination,
        "dossier": dossier,
        "sections": sections,
        "form": dossiers.report_form(nomination),
        "may_draft": reader.secretary and (dossier is None or not dossier.is_confirmed),
        "reopen_form": ReopenForm(),
        "events": list(dossier.events.select_related("user")) if dossier else [],
        "files": list(dossier.files.all()) if dossier else [],
    }
    return render(request, "awards/dossier_detail.html", context)


@require_POST
def dossier_draft(request, pk):
    nomination = selectors.dossier_nomination_get(request.user, pk)
    if not dossiers.is_unit_secretary(request.user, nomination):
        raise PermissionDenied
    try:
        dossiers.dossier_draft(nomination=nomination, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The dossier is drafted from the year's figures."))
    return redirect("awards:dossier-detail", pk=nomination.pk)


def _editable(request, pk) -> Dossier:
    nomination = selectors.dossier_nomination_get(request.user, pk)
    dossier = _dossier(nomination)
    if dossier is None or not rules.test_rule("awards.edit_dossier", request.user, dossier):
        raise PermissionDenied
    return dossier


def dossier_edit(request, pk):
    dossier = _editable(request, pk)
    figures = dossier.figures.all()
    form = DossierForm(
        request.POST or None,
        figures=figures,
        initial={
            "version": dossier.version,
            "overview": dossier.overview,
            "achievements": dossier.achievements,
            "measures": dossier.measures,
            "proposal": dossier.proposal,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossiers.dossier_edit(
                dossier=dossier,
                user=request.user,
                version=data["version"],
                texts={k: data[k] for k in ("overview", "achievements", "measures", "proposal")},
                values=data["values"],
                new_figure={
                    "label": data["new_label"],
                    "value": data["new_value_number"],
                    "unit_of_measure": data["new_unit"],
                },
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The dossier is saved."))
            return redirect("awards:dossier-detail", pk=pk)
    return render(
        request,
        "awards/dossier_edit.html",
        {"dossier": dossier, "nomination": dossier.nomination, "form": form},
    )


@require_POST
def dossier_confirm(request, pk):
    nomination = selectors.dossier_nomination_get(request.user, pk)
    dossier = _dossier(nomination)
    if dossier is None or not rules.test_rule("awards.confirm_dossier", request.user, dossier):
        raise PermissionDenied
    try:
        dossiers.dossier_confirm(dossier=dossier, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The dossier is confirmed."))
    return redirect("awards:dossier-detail", pk=pk)


@require_POST
def dossier_reopen(request, pk):
    nomination = selectors.dossier_nomination_get(request.user, pk)
    dossier = _dossier(nomination)
    if dossier is None or not rules.test_rule("awards.reopen_dossier", request.user, dossier):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the dossier is reopened."))
        return redirect("awards:dossier-detail", pk=pk)
    try:
        dossiers.dossier_reopen(
            dossier=dossier, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The dossier is reopened for changes."))
    return redirect("awards:dossier-detail", pk=pk)


@require_POST
def dossier_file_upload(request, pk):
    dossier = _editable(request, pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Choose a file to attach."))
    for uploaded in files:
        try:
            dossiers.dossier_file_add(dossier=dossier, user=request.user, uploaded=uploaded)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Attached “%(name)s”.") % {"name": uploaded.name})
    return redirect("awards:dossier-detail", pk=pk)


def dossier_file_download(request, pk):
    attached = selectors.dossier_file_get(request.user, pk)
    return attachment_response(
        attached.file, filename=attached.original_name, content_type=attached.content_type
    )


DOCUMENTS = {
    "report": (dossier_document.report_docx, "bao-cao-thanh-tich"),
    "proposal": (dossier_document.proposal_docx, "to-trinh"),
}


def dossier_document_download(request, pk, kind):
    nomination = selectors.dossier_nomination_get(request.user, pk)
    dossier = _dossier(nomination)
    if dossier is None or kind not in DOCUMENTS:
        raise Http404
    build, name = DOCUMENTS[kind]
    return attachment_bytes(
        build(dossier),
        filename=f"{name}-{nomination.pk}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
