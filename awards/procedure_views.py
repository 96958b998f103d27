"""Pages of the annual registration and the public disclosure, and the minutes' number
(docs/awards.md, "Annual registration", "Public disclosure")."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from blocs.selectors import units_for_user
from mongcai.lib.access import rule_required
from mongcai.lib.files import attachment_bytes
from mongcai.lib.params import query_id
from mongcai.lib.spreadsheet import xlsx_row

from . import procedure, selectors, sessions
from .models import DisclosureComment, Person, RecipientKind
from .procedure_forms import (
    CommentForm,
    DeadlineForm,
    DisclosureForm,
    MinutesNumberForm,
    RegisterForm,
    ResolutionForm,
    RoundForm,
)
from .views import _errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_errors(request, form):
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _submit(request, form, action, success):
    """Validate `form`, call `action(cleaned_data)` (a service), and report: the errors
    of the form or of the service as messages, else `success` (a string, or a function
    of the result). The result, or None when refused."""
    if not form.is_valid():
        _form_errors(request, form)
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


# ---------------------------------------------------------------- registration


def _round_get(user, pk):
    return get_object_or_404(procedure.rounds_for_user(user), pk=pk)


def _register_form(user, registration_round, data=None):
    units = units_for_user(user).filter(secretaries=user)
    units = [u for u in units if procedure._below(u, registration_round.organiser)]
    unit_ids = [u.pk for u in units]
    return RegisterForm(
        data,
        titles=procedure.registrable_titles(registration_round.year),
        people=Person.objects.filter(unit_id__in=unit_ids, is_active=True).select_related("unit"),
        units=units_for_user(user).filter(pk__in=unit_ids),
    )


@rule_required("awards.view_registration")
def registration_list(request):
    rounds = procedure.rounds_for_user(request.user).order_by("-year", "organiser__name")
    chosen = query_id(request.GET, "round")
    current = rounds.filter(pk=chosen).first() if chosen else rounds.first()
    today = timezone.localdate()
    organisers = procedure.managed_organisers(request.user)
    context = {
        "rounds": rounds[:50],
        "current": current,
        "today": today,
        "round_form": RoundForm(organisers=organisers) if organisers.exists() else None,
    }
    if current is not None:
        context["registrations"] = procedure.registrations_for_user(request.user, current)
        context["is_open"] = today <= current.deadline
        context["manages"] = organisers.filter(pk=current.organiser_id).exists()
        if context["manages"]:
            context["deadline_form"] = DeadlineForm(initial={"deadline": current.deadline})
        if request.user.is_secretary and not request.user.is_superuser and context["is_open"]:
            context["register_form"] = _register_form(request.user, current)
    return render(request, "awards/registration_list.html", context)


@require_POST
@rule_required("awards.manage_procedure")
def registration_round_create(request):
    form = RoundForm(request.POST, organisers=procedure.managed_organisers(request.user))
    registration_round = _submit(
        request,
        form,
        lambda data: procedure.round_open(user=request.user, **data),
        _("The registration is open."),
    )
    if registration_round is None:
        return redirect("awards:registration-list")
    return _to_round(registration_round)


@require_POST
@rule_required("awards.manage_procedure")
def registration_round_deadline(request, pk):
    registration_round = _round_get(request.user, pk)
    _submit(
        request,
        DeadlineForm(request.POST),
        lambda data: procedure.round_set_deadline(
            user=request.user, registration_round=registration_round, deadline=data["deadline"]
        ),
        _("The deadline is changed."),
    )
    return _to_round(registration_round)


def _to_round(registration_round):
    return redirect(f"{reverse('awards:registration-list')}?round={registration_round.pk}")


@require_POST
@rule_required("awards.register")
def registration_register(request, pk):
    registration_round = _round_get(request.user, pk)

    def register(data):
        individual = data["title"].recipient_kind == RecipientKind.INDIVIDUAL
        return procedure.registration_add(
            user=request.user,
            registration_round=registration_round,
            title=data["title"],
            person=data["person"] if individual else None,
            collective=None if individual else data["unit"],
        )

    _submit(
        request,
        _register_form(request.user, registration_round, request.POST),
        register,
        lambda registration: (
            _("%(nominee)s is registered for %(title)s.")
            % {"nominee": registration.nominee, "title": registration.title}
        ),
    )
    return _to_round(registration_round)


@rule_required("awards.view_registration")
def registration_export(request, pk):
    registration_round = _round_get(request.user, pk)
    book = Workbook()
    sheet = book.active
    sheet.title = str(registration_round.year)
    bold = Font(bold=True)
    sheet.append(
        xlsx_row(
            sheet,
            [
                _("Registrations %(year)s – %(organiser)s")
                % {"year": registration_round.year, "organiser": registration_round.organiser}
            ],
            font=bold,
        )
    )
    sheet.append(
        xlsx_row(
            sheet,
            [
                _("No."),
                _("Unit"),
                _("Title or form"),
                _("Nominee"),
                _("Registered by"),
                _("Registered on"),
            ],
            font=bold,
        )
    )
    for number, row in enumerate(
        procedure.registrations_for_user(request.user, registration_round), start=1
    ):
        sheet.append(
            xlsx_row(
                sheet,
                [
                    number,
                    row.unit.name,
                    row.title.name,
                    str(row.nominee),
                    str(row.registered_by.full_name or row.registered_by.username),
                    timezone.localtime(row.registered_at).strftime("%d/%m/%Y"),
                ],
            )
        )
    for column, width in zip("ABCDEF", (6, 40, 34, 34, 24, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return attachment_bytes(
        buffer.getvalue(),
        filename=f"dang-ky-thi-dua-{registration_round.year}-{registration_round.pk}.xlsx",
        content_type=XLSX,
    )


# ---------------------------------------------------------------- disclosure


@rule_required("awards.view_registration")
def disclosure_list(request):
    organisers = procedure.managed_organisers(request.user)
    context = {
        "disclosures": procedure.disclosures_for_user(request.user)[:100],
        "today": timezone.localdate(),
        "publish_form": DisclosureForm(
            organisers=organisers,
            initial={
                "year": timezone.localdate().year,
                "name": _("Nominees for commendation, %(year)s")
                % {"year": timezone.localdate().year},
            },
        )
        if organisers.exists()
        else None,
    }
    return render(request, "awards/disclosure_list.html", context)


@require_POST
@rule_required("awards.manage_procedure")
def disclosure_publish(request):
    form = DisclosureForm(request.POST, organisers=procedure.managed_organisers(request.user))
    disclosure = _submit(
        request,
        form,
        lambda data: procedure.disclosure_publish(user=request.user, **data),
        _("The list is published."),
    )
    if disclosure is None:
        return redirect("awards:disclosure-list")
    return redirect("awards:disclosure-detail", pk=disclosure.pk)


@rule_required("awards.view_registration")
def disclosure_detail(request, pk):
    disclosure = get_object_or_404(procedure.disclosures_for_user(request.user), pk=pk)
    nominations = disclosure.nominations.select_related("person", "collective", "title", "unit")
    today = timezone.localdate()
    manages = procedure.managed_organisers(request.user).filter(pk=disclosure.organiser_id).exists()
    comments = disclosure.comments.select_related(
        "author", "resolved_by", "nomination__person", "nomination__collective"
    )
    context = {
        "disclosure": disclosure,
        "nominations": nominations.order_by("title__order", "title__name", "pk"),
        "comments": comments,
        "is_open": disclosure.is_open_on(today),
        "manages": manages,
        "comment_form": CommentForm(nominations=nominations)
        if disclosure.is_open_on(today)
        else None,
        "resolution_form": ResolutionForm() if manages else None,
    }
    return render(request, "awards/disclosure_detail.html", context)


@require_POST
@rule_required("awards.view_registration")
def disclosure_comment(request, pk):
    disclosure = get_object_or_404(procedure.disclosures_for_user(request.user), pk=pk)
    _submit(
        request,
        CommentForm(request.POST, nominations=disclosure.nominations.all()),
        lambda data: procedure.comment_send(
            user=request.user,
            disclosure=disclosure,
            nomination=data["nomination"],
            text=data["text"],
        ),
        _("Your comment is sent."),
    )
    return redirect("awards:disclosure-detail", pk=pk)


@require_POST
@rule_required("awards.manage_procedure")
def disclosure_resolve(request, pk):
    comment = get_object_or_404(
        DisclosureComment.objects.filter(
            disclosure__in=procedure.disclosures_for_user(request.user)
        ),
        pk=pk,
    )
    _submit(
        request,
        ResolutionForm(request.POST),
        lambda data: procedure.comment_resolve(
            user=request.user, comment=comment, resolution=data["resolution"]
        ),
        _("The resolution is recorded."),
    )
    return redirect("awards:disclosure-detail", pk=comment.disclosure_id)


# ---------------------------------------------------------------- the minutes' number


@require_POST
@rule_required("awards.manage_procedure")
def session_minutes_number(request, pk):
    session = selectors.session_get_for_user(request.user, pk)
    _submit(
        request,
        MinutesNumberForm(request.POST),
        lambda data: sessions.session_minutes_number(
            user=request.user, session=session, number=data["number"], day=data["day"]
        ),
        _("The minutes' number is recorded."),
    )
    return redirect("awards:session-detail", pk=pk)
