"""Verifying a signed decision (PAdES) with pyHanko, and the signature field the issued
PDF carries (docs/awards.md, "The decision as a PDF, signed").

The official signs outside the product, with their token's software, and uploads the
result. It is accepted only when all of this holds:

1. it begins with the exact bytes of the PDF the product issued and stored: the
   signature was appended as an incremental update, nothing was rewritten;
2. it holds at least one signature, every one intact (the bytes it covers are
   unchanged) and cryptographically valid, and the last one covers the whole file
   (nothing was appended after it);
3. every signer's certificate chains, offline, to a certificate of the trust list;
4. pyHanko's difference analysis of every revision after ours finds nothing but
   signature fields being filled or added (no page content, annotation or object
   changed).

No network: the product runs on intranets, so certificates are not fetched and the
revocation check is pyHanko's soft-fail without fetching (a revocation list or OCSP
response embedded by the signer is used; none is required).

This module imports no model: the services pass it bytes and certificates.
"""

import asyncio
import dataclasses
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    DiffResult,
    ModificationLevel,
    StandardDiffPolicy,
)
from pyhanko.sign.diff_analysis.form_rules_api import (
    ACROFORM_EXEMPT_STRICT_COMPARISON,
    FormUpdatingRule,
)
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

# The name of the empty signature field the issued PDF carries (NĐ 30/2020 places
# the signature in the signing block; a token's software may sign into it or add
# its own field, both accepted).
SIGNATURE_FIELD = "ChuKyNguoiCoThamQuyen"

# pyHanko's default policy, with one difference: signing sets /SigFlags from 1 (a
# signature field exists) to 3 (signed, append only), which the default compares
# strictly because it never reviews the revision that created the first field.
DIFF_POLICY = StandardDiffPolicy(
    global_rules=DEFAULT_DIFF_POLICY.global_rules,
    form_rule=FormUpdatingRule(
        field_rules=DEFAULT_DIFF_POLICY.form_rule.field_rules,
        ignored_acroform_keys=ACROFORM_EXEMPT_STRICT_COMPARISON | {"/SigFlags"},
    ),
)


@dataclasses.dataclass(frozen=True)
class Signature:
    subject: str
    issuer: str
    serial: str  # hexadecimal, as certificate viewers show it
    signed_at: dt.datetime | None
    time_source: str  # "timestamp" or "signer"

    def as_dict(self) -> dict:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": self.serial,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "time_source": self.time_source,
        }


def names(certificate: asn1_x509.Certificate) -> tuple[str, str]:
    """Subject and issuer as RFC 4514 strings ("CN=Nguyễn Văn A,O=UBND tỉnh …,C=VN"), as
    certificate viewers show them, in no UI language."""
    parsed = x509.load_der_x509_certificate(certificate.dump())
    return parsed.subject.rfc4514_string(), parsed.issuer.rfc4514_string()


def outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous wrappers (they use asyncio.run) from a thread
    that may already run an event loop (Playwright's in the browser tests, an async
    caller): then in a worker thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_certificates(text: str) -> list[asn1_x509.Certificate]:
    """Every certificate of a PEM text (or one DER certificate)."""
    data = text.encode() if isinstance(text, str) else text
    try:
        if asn1_pem.detect(data):
            blocks = asn1_pem.unarmor(data, multiple=True)
            certificates = [asn1_x509.Certificate.load(der) for _kind, _headers, der in blocks]
        else:
            certificates = [asn1_x509.Certificate.load(data)]
        for certificate in certificates:
            certificate.native  # noqa: B018 (parses the whole structure: fails here, not later)
    except Exception as error:  # asn1crypto on arbitrary text: any failure means "not one"
        raise ValueError(_("This is not a certificate in PEM form.")) from error
    if not certificates:
        raise ValueError(_("This is not a certificate in PEM form."))
    return certificates


def certificate_facts(text: str) -> dict:
    """Subject, SHA-256 fingerprint, whether self-signed, end of validity: one certificate."""
    certificates = load_certificates(text)
    if len(certificates) != 1:
        raise ValueError(_("Give one certificate at a time."))
    certificate = certificates[0]
    return {
        "subject": names(certificate)[0],
        "sha256": sha256(certificate.dump()),
        "is_root": certificate.self_signed != "no",
        "not_after": certificate.not_valid_after,
    }


def with_signature_field(pdf: bytes) -> bytes:
    """The PDF with an empty signature field, added as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec(SIGNATURE_FIELD))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _refuse(message: str):
    raise ValidationError(message)


def verify(*, issued: bytes, signed: bytes, trusted: Iterable[asn1_x509.Certificate]) -> list:
    """The signatures of `signed`, checked against the issued bytes and the trust list
    (the module's docstring); a ValidationError with the reason otherwise."""
    if not signed.startswith(b"%PDF-"):
        _refuse(_("This file is not a PDF."))
    if signed == issued:
        _refuse(_("This PDF carries no signature: it is the decision as issued, unsigned."))
    if not signed.startswith(issued):
        _refuse(
            _(
                "This PDF is not the decision the product issued, signed: its content "
                "differs from the issued PDF (another document, or the issued one changed "
                "before signing). Sign the PDF downloaded from this page, without changing it."
            )
        )
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        base = PdfFileReader(io.BytesIO(issued), strict=False).xrefs.total_revisions - 1
        embedded = [s for s in reader.embedded_signatures if s.signed_revision > base]
    except Exception as error:
        # pyHanko's parser raises many kinds of error on a hostile or broken file; to
        # the admin each is the same answer: not readable, nothing stored.
        raise ValidationError(_("This PDF cannot be read: %(error)s") % {"error": error}) from error
    if not embedded:
        _refuse(_("This PDF carries no signature: it is the decision as issued, unsigned."))
    roots, others = [], []
    for certificate in trusted:
        (roots if certificate.self_signed != "no" else others).append(certificate)
    if not roots:
        _refuse(
            _(
                "No trusted root certificate is configured for this organiser: a signature "
                "cannot be verified. The administrator adds the CA's certificate first."
            )
        )
    context = ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=False)
    found = []
    for signature in embedded:
        try:
            status = outside_event_loop(validate_pdf_signature, signature, context, skip_diff=True)
        except Exception as error:  # as above: any failure to validate is a refusal
            raise ValidationError(
                _("The signature cannot be verified: %(error)s") % {"error": error}
            ) from error
        if not (status.intact and status.valid):
            _refuse(
                _(
                    "The signature does not match the document: the PDF was changed after "
                    "it was signed, or the signature is damaged."
                )
            )
        certificate = status.signing_cert
        subject, issuer = names(certificate)
        if not status.trusted:
            _refuse(
                _(
                    "The signer's certificate (%(subject)s, issued by %(issuer)s) does not "
                    "chain to a certificate of the trust list: the signature is not accepted."
                )
                % {"subject": subject, "issuer": issuer}
            )
        timestamp = status.timestamp_validity
        found.append(
            Signature(
                subject=subject,
                issuer=issuer,
                serial=f"{certificate.serial_number:X}",
                signed_at=timestamp.timestamp if timestamp else status.signer_reported_dt,
                time_source="timestamp" if timestamp else "signer",
            )
        )
    if embedded[-1].evaluate_signature_coverage() != SignatureCoverageLevel.ENTIRE_FILE:
        _refuse(
            _(
                "Something was added to the PDF after its last signature: only the "
                "signed decision, as signed, is accepted."
            )
        )
    try:
        diff = DIFF_POLICY.review_file(reader, base)
    except Exception as error:  # a diff that cannot be made is not a clean one
        diff = error
    if not isinstance(diff, DiffResult) or diff.modification_level > ModificationLevel.FORM_FILLING:
        _refuse(
            _(
                "The signed PDF changes the issued decision beyond adding the signature "
                "(its pages or objects were modified): it is not accepted."
            )
        )
    return found
