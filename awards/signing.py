"""Writes of the decision's PDF and its signed copy (issue 18; docs/awards.md, "The
decision as a PDF, signed"). The checks of a signature are `signatures.py`'s."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Unit

from . import signatures
from .decision_pdf import decision_pdf
from .models import Decision, DecisionPdf, DecisionStatus, TrustedCertificate
from .services import _require_admin


def _organiser_chain(organiser_id: int | None) -> list[int]:
    """The organiser and the units above it (a short walk up the tree)."""
    chain, seen = [], set()
    while organiser_id is not None and organiser_id not in seen:
        seen.add(organiser_id)
        chain.append(organiser_id)
        parents = Unit.objects.filter(pk=organiser_id).values_list("parent_id", flat=True)
        organiser_id = parents.first()
    return chain


def trust_list(decision: Decision) -> list:
    """The certificates trusted to sign the decision: the deployment's file
    (`AWARDS_TRUSTED_CERTIFICATES_FILE`), those the admin added for every organiser,
    and those of the decision's organiser or an organiser above it."""
    certificates = []
    path = getattr(settings, "AWARDS_TRUSTED_CERTIFICATES_FILE", "")
    if path:
        certificates += signatures.load_certificates(Path(path).read_bytes())
    chain = _organiser_chain(decision.authority.organiser_id)
    rows = TrustedCertificate.objects.filter(Q(organiser__isnull=True) | Q(organiser__in=chain))
    for pem in rows.values_list("pem", flat=True):
        certificates += signatures.load_certificates(pem)
    return certificates


def decision_pdf_preview(decision: Decision) -> bytes:
    """A draft's PDF, not stored: it may still change, and has no number yet."""
    return decision_pdf(decision)


@transaction.atomic
def decision_pdf_get(*, decision: Decision) -> DecisionPdf:
    """The stored PDF of an issued (or annulled) decision, rendered and stored the first
    time it is asked for: from then on the same bytes are downloaded and signed."""
    stored = DecisionPdf.objects.filter(decision=decision).first()
    if stored is not None:
        return stored
    # The row lock makes a second request wait and then find the stored PDF.
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status == DecisionStatus.DRAFT:
        raise ValidationError(_("A draft has no PDF to sign: issue it first."))
    stored = DecisionPdf.objects.filter(decision=decision).first()
    if stored is not None:
        return stored
    data = signatures.with_signature_field(decision_pdf(decision))
    return DecisionPdf.objects.create(
        decision=decision, issued_pdf=data, issued_sha256=signatures.sha256(data)
    )


@transaction.atomic
def decision_signed_upload(*, user, decision: Decision, data: bytes) -> DecisionPdf:
    """Verify the signed PDF of an issued decision and keep it as its official file.
    Refused, with nothing stored, unless `signatures.verify` accepts it."""
    _require_admin(user, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Only an issued decision takes its signed PDF."))
    stored = decision_pdf_get(decision=decision)
    stored = DecisionPdf.objects.select_for_update().get(pk=stored.pk)
    if stored.is_signed:
        raise ValidationError(
            _("This decision already has its signed PDF (signed by %(subject)s).")
            % {"subject": stored.signer_subject}
        )
    found = signatures.verify(
        issued=bytes(stored.issued_pdf), signed=data, trusted=trust_list(decision)
    )
    first = found[0]
    stored.signed_pdf = data
    stored.signed_sha256 = signatures.sha256(data)
    stored.signer_subject = first.subject[:500]
    stored.signer_issuer = first.issuer[:500]
    stored.signer_serial = first.serial[:64]
    stored.signed_at = first.signed_at
    stored.signed_time_source = first.time_source
    stored.signatures = [s.as_dict() for s in found]
    stored.uploaded_by = user
    stored.uploaded_at = timezone.now()
    stored.save()
    return stored
