"""Pages of the proposals to a higher level and of the fund (docs/awards.md, "Proposals"
and "The fund"). Admins of an organiser (or above it) only; the JSON Schema of the
package is public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mongcai.lib.access import rule_required
from mongcai.lib.files import XLSX, attachment_bytes
from mongcai.lib.params import query_id, query_int

from . import fund, fund_export, proposal_package, proposals, selectors
from .models import DecisionRecipient, ProposalStatus
from .proposal_forms import DecideForm, IncomeForm, PaymentForm, ProposalForm, ReturnForm, SendForm
from .views import _errors

RULE = "awards.manage_decisions"
UNPAID_SHOWN = 50


def _proposal(request, pk):
    return get_object_or_404(proposals.proposals_for_user(request.user), pk=pk)


def _form_errors(request, form):
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@rule_required(RULE)
def proposal_list(request):
    context = {
        "proposals": proposals.proposals_for_user(request.user)[:200],
        "sessions": proposals.closed_sessions_for(request.user)[:50],
    }
    return render(request, "awards/proposal_list.html", context)


@rule_required(RULE)
def proposal_create(request):
    sessions = proposals.closed_sessions_for(request.user)
    chosen = query_id(request.POST, "session") or query_id(request.GET, "session")
    session = sessions.filter(pk=chosen).first() if chosen else None
    if session is None:
        raise Http404
    organiser = session.organiser
    senders = proposals.own_authorities(organiser, timezone.localdate())
    if not senders:
        messages.error(request, _("The organiser has no authority to write the letter."))
        return redirect("awards:proposal-list")
    today = timezone.localdate()
    candidates = proposals.proposal_candidates(session, today)
    form = ProposalForm(
        request.POST or None,
        authorities=proposals.higher_authorities(organiser),
        nominations=candidates,
        initial={
            "dated": today,
            "nominations": [n.pk for n in candidates],
            "signer_position": senders[0].signing_capacity,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = proposals.proposal_create(
                user=request.user,
                session=session,
                sender=senders[0],
                nominations=data.pop("nominations"),
                **data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The proposal is drafted."))
            return redirect("awards:proposal-detail", pk=proposal.pk)
    context = {"form": form, "session": session, "sender": senders[0], "candidates": candidates}
    return render(request, "awards/proposal_form.html", context)


@rule_required(RULE)
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    today = timezone.localdate()
    items = list(
        proposal.items.select_related(
            "nomination__person",
            "nomination__collective",
            "nomination__title",
            "nomination__unit",
            "recipient",
        )
    )
    context = {
        "proposal": proposal,
        "items": items,
        "events": proposal.events.select_related("by"),
        "send_form": SendForm(initial={"sent_on": today}),
        "return_form": ReturnForm(initial={"returned_on": today}),
        "is_drafted": proposal.status == ProposalStatus.DRAFTED,
        "is_sent": proposal.status == ProposalStatus.SENT,
    }
    return render(request, "awards/proposal_detail.html", context)


@rule_required(RULE)
def proposal_edit(request, pk):
    proposal = _proposal(request, pk)
    if proposal.status != ProposalStatus.DRAFTED:
        messages.error(request, _("Only a drafted proposal can be changed."))
        return redirect("awards:proposal-detail", pk=pk)
    current = [item.nomination for item in proposal.items.select_related("nomination")]
    candidates = current + proposals.proposal_candidates(proposal.session, proposal.dated)
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        authorities=proposals.higher_authorities(proposal.organiser),
        nominations=candidates,
        initial={"nominations": [n.pk for n in current]},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            proposals.proposal_edit(
                user=request.user,
                proposal=proposal,
                nominations=data.pop("nominations"),
                **data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect("awards:proposal-detail", pk=pk)
    context = {"form": form, "session": proposal.session, "sender": proposal.sender}
    return render(request, "awards/proposal_form.html", context)


def _transition(request, pk, form_class, service, done: str):
    """A proposal's step posted from its page: the form, the service, back to the page."""
    proposal = _proposal(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("awards:proposal-detail", pk=pk)
    try:
        service(user=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect("awards:proposal-detail", pk=pk)


@require_POST
@rule_required(RULE)
def proposal_send(request, pk):
    return _transition(
        request, pk, SendForm, proposals.proposal_send, _("The proposal is recorded as sent.")
    )


@require_POST
@rule_required(RULE)
def proposal_return(request, pk):
    return _transition(
        request,
        pk,
        ReturnForm,
        proposals.proposal_return,
        _("The proposal is back to drafted, with the reasons."),
    )


@rule_required(RULE)
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    if proposal.status != ProposalStatus.SENT:
        messages.error(request, _("Only a sent proposal can be decided."))
        return redirect("awards:proposal-detail", pk=pk)
    items = proposal.items.select_related("nomination__person", "nomination__collective")
    form = DecideForm(
        request.POST or None,
        authorities=proposals.higher_authorities(proposal.organiser),
        items=items.select_related("nomination__title"),
        initial={
            "authority": proposal.authority,
            "decided_on": timezone.localdate(),
            "signer_position": proposal.authority.signing_capacity,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = proposals.proposal_decide(
                user=request.user,
                proposal=proposal,
                authority=data["authority"],
                number=data["number"],
                decided_on=data["decided_on"],
                summary=data["summary"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                signing_mode=data["signing_mode"] or "",
                accepted=form.accepted(),
                amounts=form.amounts(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Decision %(ref)s is recorded: its awards are in the recipients' history.")
                % {"ref": decision.reference},
            )
            return redirect("awards:proposal-detail", pk=pk)
    return render(request, "awards/proposal_decide.html", {"form": form, "proposal": proposal})


DOCUMENTS = {
    "letter": (proposal_package.letter_pdf, "to-trinh"),
    "list": (proposal_package.list_pdf, "danh-sach"),
}


@rule_required(RULE)
def proposal_document(request, pk, kind):
    proposal = _proposal(request, pk)
    if kind not in DOCUMENTS:
        raise Http404
    build, name = DOCUMENTS[kind]
    return attachment_bytes(
        build(proposal), filename=f"{name}-{proposal.pk}.pdf", content_type="application/pdf"
    )


@rule_required(RULE)
def proposal_package_download(request, pk):
    proposal = _proposal(request, pk)
    return attachment_bytes(
        proposal_package.package_zip(proposal),
        filename=f"de-nghi-khen-thuong-{proposal.pk}-{proposal.dated:%Y%m%d}.zip",
        content_type="application/zip",
    )


@login_not_required
@require_GET
def proposal_schema(request):
    """The package's JSON Schema, at a stable address anyone may read."""
    return HttpResponse(
        proposal_package.schema_text(), content_type="application/schema+json; charset=utf-8"
    )


# The fund ------------------------------------------------------------------


def _ledger_choice(request):
    organisers = fund.fund_organisers(request.user)
    chosen = query_id(request.GET, "organiser") or query_id(request.POST, "organiser")
    organiser = organisers.filter(pk=chosen).first() if chosen else organisers.first()
    if organiser is None:
        raise Http404
    year = (
        query_int(request.GET, "year", minimum=2000, maximum=2100)
        or query_int(request.POST, "year", minimum=2000, maximum=2100)
        or timezone.localdate().year
    )
    return organisers, organiser, year


@rule_required(RULE)
def fund_ledger(request):
    organisers, organiser, year = _ledger_choice(request)
    ledger = fund.ledger(organiser, year)
    context = {
        "organisers": organisers,
        "ledger": ledger,
        # The year's decisions' unpaid awards, a page's worth: the XLSX has them all.
        "unpaid": list(fund.unpaid_awards(organiser, year)[:UNPAID_SHOWN]),
        "unpaid_count": fund.unpaid_awards(organiser, year).count(),
        "unpaid_shown": UNPAID_SHOWN,
        "payments": list(fund.payments_of(organiser, year)),
        "income_form": IncomeForm(initial={"received_on": timezone.localdate()}),
        "payment_form": PaymentForm(initial={"on": timezone.localdate()}),
        "years": range(timezone.localdate().year + 1, 2019, -1),
    }
    return render(request, "awards/fund_ledger.html", context)


def _back(organiser, year):
    return redirect(f"/awards/fund/?organiser={organiser.pk}&year={year}")


@require_POST
@rule_required(RULE)
def fund_income_add(request):
    _organisers, organiser, year = _ledger_choice(request)
    form = IncomeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(organiser, year)
    try:
        income = fund.fund_income_add(user=request.user, organiser=organiser, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return _back(organiser, year)
    messages.success(request, _("The income is recorded."))
    return _back(organiser, income.year)


def _recipient(request, pk) -> DecisionRecipient:
    return get_object_or_404(
        DecisionRecipient.objects.filter(
            decision__in=selectors.decisions_for_user(request.user)
        ).select_related("decision__authority"),
        pk=pk,
    )


@require_POST
@rule_required(RULE)
def fund_payment(request, pk, action):
    recipient = _recipient(request, pk)
    if action not in ("pay", "recover"):
        raise Http404
    organiser = fund.payer_of(recipient)
    year = timezone.localdate().year
    form = PaymentForm(request.POST)
    if not form.is_valid() or organiser is None:
        _form_errors(request, form)
        return _back(organiser, year) if organiser else redirect("awards:fund")
    try:
        if action == "pay":
            payment = fund.payment_record(
                user=request.user,
                recipient=recipient,
                paid_on=form.cleaned_data["on"],
                voucher=form.cleaned_data["voucher"],
            )
            messages.success(request, _("The payment is recorded."))
        else:
            payment = fund.payment_recover(
                user=request.user,
                recipient=recipient,
                recovered_on=form.cleaned_data["on"],
                voucher=form.cleaned_data["voucher"],
            )
            messages.success(request, _("The recovery is recorded."))
        year = payment.year if action == "pay" else form.cleaned_data["on"].year
    except ValidationError as error:
        _errors(request, error)
    return _back(organiser, year)


@rule_required(RULE)
def fund_export_xlsx(request):
    _organisers, organiser, year = _ledger_choice(request)
    content = fund_export.ledger_xlsx(organiser, year)
    return attachment_bytes(
        content, filename=f"quy-thi-dua-khen-thuong-{organiser.code}-{year}.xlsx", content_type=XLSX
    )
