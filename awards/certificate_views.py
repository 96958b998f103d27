"""Pages of the certificates (issue 18): the calibration of each organiser's blanks, its
test print, a decision's certificates as a PDF, and the public check behind the QR code
(docs/awards.md, "Certificates")."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from blocs.selectors import organiser_choices
from mongcai.accounts.lockout import client_ip
from mongcai.accounts.middleware import second_factor_exempt
from mongcai.lib.access import rule_required
from mongcai.lib.throttle import throttled

from . import certificates, selectors
from .forms import CertificateLayoutForm
from .models import CertificateKind, CertificateLayout
from .models.certificates import Field

admin_only = rule_required("awards.manage_decisions")

PDF = "application/pdf"


def _pdf(content: bytes, filename: str) -> HttpResponse:
    """Inline, so the browser's viewer opens it and prints on the blank in the tray."""
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _organiser_and_kind(request, organiser_pk: int, kind: str):
    if kind not in CertificateKind.values:
        raise Http404
    organiser = get_object_or_404(organiser_choices(request.user), pk=organiser_pk)
    return organiser, kind


@admin_only
def layout_list(request):
    organisers = list(organiser_choices(request.user).order_by("name"))
    layouts = {
        (layout.organiser_id, layout.kind): layout
        for layout in CertificateLayout.objects.filter(organiser__in=organisers)
    }
    rows = [
        (
            organiser,
            [
                (kind, label, layouts.get((organiser.pk, kind)))
                for kind, label in CertificateKind.choices
            ],
        )
        for organiser in organisers
    ]
    context = {"rows": rows, "kinds": CertificateKind.choices}
    return render(request, "awards/certificate_layouts.html", context)


@admin_only
def layout_edit(request, organiser_pk, kind):
    organiser, kind = _organiser_and_kind(request, organiser_pk, kind)
    layout = certificates.certificate_layout_get_or_default(organiser=organiser, kind=kind)
    form = CertificateLayoutForm(
        request.POST or None, initial=CertificateLayoutForm.initial_from(layout)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                certificates.certificate_layout_save(
                    organiser=organiser,
                    kind=kind,
                    paper=data["paper"],
                    orientation=data["orientation"],
                    offset_x=data["offset_x"],
                    offset_y=data["offset_y"],
                    fields=form.boxes(),
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("The %(kind)s blank of %(organiser)s is calibrated.")
                    % {"kind": CertificateKind(kind).label, "organiser": organiser.name},
                )
                return redirect("awards:certificate-layout", organiser_pk=organiser.pk, kind=kind)
        status = 400
    width, height = layout.page_mm
    context = {
        "organiser": organiser,
        "kind": kind,
        "kind_label": CertificateKind(kind).label,
        "layout": layout,
        "saved": layout.pk is not None,
        "form": form,
        "page": {"width": width, "height": height},
        "preview": [{"label": Field(name).label, **box} for name, box in layout.boxes().items()],
    }
    return render(request, "awards/certificate_layout.html", context, status=status)


@admin_only
@require_GET
def layout_test_print(request, organiser_pk, kind):
    organiser, kind = _organiser_and_kind(request, organiser_pk, kind)
    layout = certificates.certificate_layout_get_or_default(organiser=organiser, kind=kind)
    return _pdf(certificates.test_print_pdf(layout), f"in-thu-{kind}-{organiser.code}.pdf")


def _printables_or_redirect(request, decision):
    problem = certificates.print_problem(decision)
    if problem:
        messages.error(request, problem)
        return None
    return certificates.decision_printables(decision)


@admin_only
@require_GET
def decision_certificates(request, pk, kind):
    """One page per award of the decision that carries this kind of certificate."""
    decision = selectors.decision_get(request.user, pk)
    if kind not in CertificateKind.values:
        raise Http404
    printables = _printables_or_redirect(request, decision)
    if printables is None:
        return redirect("awards:decision-detail", pk=pk)
    try:
        content = certificates.certificates_pdf([p for p in printables if p.kind == kind], decision)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("awards:decision-detail", pk=pk)
    return _pdf(content, f"{kind}-{decision.year}-{decision.number}.pdf")


@admin_only
@require_GET
def recipient_certificate(request, pk, recipient_pk):
    decision = selectors.decision_get(request.user, pk)
    recipient = selectors.recipient_get(decision, recipient_pk)
    printables = _printables_or_redirect(request, decision)
    if printables is None:
        return redirect("awards:decision-detail", pk=pk)
    printable = next(p for p in printables if p.recipient.pk == recipient.pk)
    if printable.problem:
        messages.error(
            request,
            _("No certificate for %(name)s: %(reason)s.")
            % {"name": recipient.nominee, "reason": printable.problem},
        )
        return redirect("awards:decision-detail", pk=pk)
    content = certificates.certificates_pdf([printable], decision)
    return _pdf(
        content, f"{printable.kind}-{decision.year}-{decision.number}-{recipient.order}.pdf"
    )


@login_not_required
@second_factor_exempt
@require_GET
def certificate_check(request, token):
    """Anyone with the certificate's QR code: what the decision confirms about this award,
    and nothing more. A wrong token is the site's 404, whatever it looks like."""
    if throttled(
        "certificate-check",
        client_ip(request) or "unknown",
        limit=settings.CERTIFICATE_CHECK_RATE_PER_MINUTE,
    ):
        return render(request, "awards/certificate_throttled.html", status=429)
    found = certificates.certificate_check(token)
    if found is None:
        raise Http404
    response = render(request, "awards/certificate_check.html", {"award": found})
    # A token is a key to the page: no search engine lists it, no link leaks it onward.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
