"""Pages of the council's session: list, convene, hold (attendance, ballot, close), and the
minutes and ballot result as DOCX once closed (docs/awards.md, "The council's session")."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mongcai.accounts.models import User
from mongcai.lib.access import rule_required
from mongcai.lib.files import attachment_bytes
from mongcai.lib.params import query_id

from . import procedure, selectors, session_document, sessions
from .forms import AttendanceForm, BallotForm, CloseForm, SessionForm
from .models import BallotCast
from .procedure_forms import MinutesNumberForm
from .views import _errors


@rule_required("awards.view_sessions")
def session_list(request):
    context = {"sessions": selectors.sessions_for_user(request.user)[:100]}
    return render(request, "awards/session_list.html", context)


def _organiser(request):
    organisers = selectors.convening_organisers(request.user)
    chosen = query_id(request.POST, "organiser") or query_id(request.GET, "organiser")
    organiser = organisers.filter(pk=chosen).first() if chosen else organisers.first()
    if organiser is None:
        raise Http404
    return organisers, organiser


@rule_required("awards.hold_sessions")
def session_create(request):
    organisers, organiser = _organiser(request)
    members = User.objects.filter(
        pk__in=[m.pk for m in sessions.council_members(organiser)]
    ).order_by("full_name", "username")
    form = SessionForm(
        request.POST or None,
        members=members,
        nominations=sessions.agenda_candidates(organiser),
        initial={"members": members},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = sessions.session_create(
                user=request.user,
                organiser=organiser,
                name=data["name"],
                held_on=data["held_on"],
                place=data["place"],
                members=data["members"],
                nominations=data["nominations"],
                quorum=data["quorum"],
                majority=data["majority"],
                regulation=data["regulation"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The session is convened."))
            return redirect("awards:session-detail", pk=session.pk)
    context = {"form": form, "organisers": organisers, "organiser": organiser}
    return render(request, "awards/session_form.html", context)


def _may_hold(user, session) -> bool:
    return rules.test_rule("awards.hold_sessions", user) and session.is_open


@rule_required("awards.view_sessions")
def session_detail(request, pk):
    session = selectors.session_get_for_user(request.user, pk)
    seats = selectors.session_members(session)
    items = selectors.session_agenda(session)
    procedure.agenda_procedure(items, session.held_on)
    seat = next((s for s in seats if s.member_id == request.user.pk), None)
    voted = set(
        BallotCast.objects.filter(item__session=session, member=request.user).values_list(
            "item_id", flat=True
        )
    )
    to_vote = [i for i in items if i.pk not in voted]
    may_hold = _may_hold(request.user, session)
    context = {
        "session": session,
        "seats": seats,
        "items": items,
        "present": sum(s.present for s in seats),
        "quorum_met": sessions.quorum_met(session),
        "may_hold": may_hold,
        "attendance_form": AttendanceForm(
            invited=User.objects.filter(council_seats__session=session),
            initial={"present": [s.member_id for s in seats if s.present]},
        )
        if may_hold
        else None,
        "ballot_form": BallotForm(items=to_vote)
        if session.is_open and seat is not None and seat.present and to_vote
        else None,
        "has_voted": bool(voted),
        "close_form": CloseForm() if may_hold else None,
        "minutes_form": MinutesNumberForm(
            initial={"number": session.minutes_number, "day": session.minutes_date}
        )
        if not session.is_open
        and not session.historical
        and rules.test_rule("awards.manage_procedure", request.user)
        else None,
    }
    return render(request, "awards/session_detail.html", context)


@require_POST
@rule_required("awards.hold_sessions")
def session_attendance(request, pk):
    session = selectors.session_get_for_user(request.user, pk)
    form = AttendanceForm(
        request.POST,
        invited=User.objects.filter(council_seats__session=session),
    )
    if not form.is_valid():
        messages.error(request, _("Choose the members present among those invited."))
        return redirect("awards:session-detail", pk=pk)
    try:
        sessions.session_attendance(
            user=request.user, session=session, present=form.cleaned_data["present"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("awards:session-detail", pk=pk)


@require_POST
@rule_required("awards.hold_sessions")
def session_vote(request, pk):
    session = selectors.session_get_for_user(request.user, pk)
    form = BallotForm(request.POST, items=list(session.items.select_related("nomination")))
    if not form.is_valid():
        messages.error(request, _("Mark agree or disagree for at least one nominee."))
        return redirect("awards:session-detail", pk=pk)
    try:
        count = sessions.ballot_cast(user=request.user, session=session, choices=form.choices())
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your ballot is cast (%(count)s nominees).") % {"count": count})
    return redirect("awards:session-detail", pk=pk)


@require_POST
@rule_required("awards.hold_sessions")
def session_close(request, pk):
    session = selectors.session_get_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("awards:session-detail", pk=pk)
    try:
        sessions.session_close(
            user=request.user, session=session, conclusions=form.cleaned_data["conclusions"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The session is closed: the minutes are ready."))
    return redirect("awards:session-detail", pk=pk)


DOCUMENTS = {
    "minutes": (session_document.minutes_docx, "bien-ban-hop"),
    "tally": (session_document.tally_docx, "ket-qua-kiem-phieu"),
}


@rule_required("awards.view_sessions")
def session_document_download(request, pk, kind):
    session = selectors.session_get_for_user(request.user, pk)
    if kind not in DOCUMENTS or session.is_open or session.historical:
        raise Http404
    build, name = DOCUMENTS[kind]
    return attachment_bytes(
        build(session),
        filename=f"{name}-{session.pk}-{session.held_on:%Y%m%d}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
