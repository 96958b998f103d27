"""The issued decision as a PDF, its signed copy, and the certificates trusted to sign it
(issue 18; docs/awards.md, "The decision as a PDF, signed")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from blocs.models.organisation import ORGANISERS
from mongcai.accounts.models import User
from mongcai.lib.text import validate_single_line

from ..signatures import certificate_facts
from .decisions import Decision


class DecisionPdf(models.Model):
    """The PDF of an issued decision, stored once (its bytes and SHA-256) so that what
    the official signs is exactly what the product issued, and the signed copy that
    came back, verified."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="pdf"
    )
    issued_pdf = models.BinaryField(_("issued PDF"))
    issued_sha256 = models.CharField(_("SHA-256 of the issued PDF"), max_length=64)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    signed_pdf = models.BinaryField(_("signed PDF"), null=True, blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    signer_subject = models.CharField(_("signer's certificate"), max_length=500, blank=True)
    signer_issuer = models.CharField(_("issued by"), max_length=500, blank=True)
    # Up to 20 bytes (RFC 5280): written in hexadecimal as certificate viewers show it.
    signer_serial = models.CharField(_("certificate serial number"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signing time"), null=True, blank=True)
    signed_time_source = models.CharField(
        _("signing time from"),
        max_length=20,
        blank=True,
        choices=[
            ("timestamp", _("a trusted timestamp")),
            ("signer", _("the signer's computer (not a timestamp)")),
        ],
    )
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision PDF")
        verbose_name_plural = _("decision PDFs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signed_pdf__isnull=True)
                | (~models.Q(signed_sha256="") & ~models.Q(signer_subject="")),
                name="decision_pdf_signed_has_signer",
                violation_error_message=_("A signed copy records its signer."),
            ),
        ]

    def __str__(self):
        return str(self.decision)

    @property
    def is_signed(self) -> bool:
        return self.signed_pdf is not None


class TrustedCertificate(models.Model):
    """A root or intermediate certificate whose signers are trusted to sign decisions
    (in Việt Nam: the Ban Cơ yếu Chính phủ's CA for state bodies). For every organiser,
    or for one organiser and those below it."""

    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=ORGANISERS,
        help_text=_("Empty: trusted for every organiser."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("E.g. Cơ quan chứng thực số chuyên dùng Chính phủ."),
        validators=[validate_single_line],
    )
    pem = models.TextField(
        _("certificate (PEM)"),
        help_text=_("The certificate in PEM form: -----BEGIN CERTIFICATE----- …"),
    )
    subject = models.CharField(_("subject"), max_length=500, editable=False)
    sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, editable=False)
    is_root = models.BooleanField(_("root (self-signed)"), default=False, editable=False)
    not_after = models.DateTimeField(_("valid until"), null=True, editable=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted signing certificate")
        verbose_name_plural = _("trusted signing certificates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "sha256"],
                condition=models.Q(organiser__isnull=False),
                name="trusted_certificate_once_per_organiser",
                violation_error_message=_("This certificate is already trusted here."),
            ),
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(organiser__isnull=True),
                name="trusted_certificate_once_for_all",
                violation_error_message=_("This certificate is already trusted here."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        try:
            facts = certificate_facts(self.pem)
        except ValueError as error:
            raise ValidationError({"pem": str(error)}) from error
        self.subject, self.sha256 = facts["subject"], facts["sha256"]
        self.is_root, self.not_after = facts["is_root"], facts["not_after"]
