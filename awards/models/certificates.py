"""Certificates printed on an organiser's pre-printed blanks, and their public check (issue 18).

Which title or form carries which certificate is law (NĐ 98/2023/NĐ-CP Điều 54: "Chiến
sĩ thi đua cơ sở" is given a Bằng chứng nhận; "Lao động tiên tiến" only cash), so it is
a row of the legal pack (`TitleCertificate`), dated and cited. Where each field goes on
a blank is the organiser's (`CertificateLayout`, set on the calibration page). A
printed award gets an unguessable token (`CertificateCheck`) for the QR code's public
page; the database id never leaves the office.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from blocs.models import ORGANISERS, Unit
from mongcai.accounts.models import User

from .catalogue import Cited, InForce, LegalBasis, Title, _in_force_constraint
from .decisions import DecisionRecipient


class CertificateKind(models.TextChoices):
    GIAY_KHEN = "giay_khen", _("Giấy khen")
    BANG_KHEN = "bang_khen", _("Bằng khen")
    BANG_CHUNG_NHAN = "bang_chung_nhan", _("Bằng chứng nhận (title certificate)")


class TitleCertificate(InForce, Cited):
    """The certificate a title or form carries under one legal text, for its dates.
    A title without a row in force on the decision's date carries none (cash only)."""

    title = models.ForeignKey(
        Title, verbose_name=_("title or form"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("certificate"), max_length=20, choices=CertificateKind.choices)
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("legal basis"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate of a title")
        verbose_name_plural = _("certificates of titles")
        ordering = ["title", "-valid_from"]
        constraints = [
            _in_force_constraint("titlecertificate"),
            models.UniqueConstraint(
                fields=["title", "valid_from"],
                name="titlecertificate_one_per_start",
                violation_error_message=_("This title already has a certificate from that day."),
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.get_kind_display()}"


class Paper(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"
    A5 = "A5", "A5"


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


# Paper sizes in mm (ISO 216), portrait.
PAPER_MM = {Paper.A4: (210, 297), Paper.A3: (297, 420), Paper.A5: (148, 210)}


class Align(models.TextChoices):
    LEFT = "left", _("Left")
    CENTRE = "centre", _("Centre")
    RIGHT = "right", _("Right")


class Field(models.TextChoices):
    """What a blank may carry, in the order the calibration page lists them."""

    NAME = "name", _("Recipient's name")
    UNIT = "unit", _("Position and unit")
    TITLE = "title", _("Title or form")
    ACHIEVEMENT = "achievement", _("Achievement")
    DECISION = "decision", _("Decision number and date")
    PLACE_DATE = "place_date", _("Place and date")
    SIGNER_POSITION = "signer_position", _("Signer's position")
    SIGNER_NAME = "signer_name", _("Signer's name")
    QR = "qr", _("QR code of the public check")


# Keys of each field's box in `CertificateLayout.fields`: position of the box's top-left
# corner from the page's top-left, its size (mm), the largest font size (pt), the
# alignment, bold, and whether the blank has room for it at all.
BOX_KEYS = ("x", "y", "width", "height", "size", "align", "bold", "show")


class CertificateLayout(models.Model):
    """Where each field of one organiser's blank of one kind goes, in mm from the top-left."""

    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.CASCADE,
        related_name="certificate_layouts",
        limit_choices_to=ORGANISERS,
    )
    kind = models.CharField(_("certificate"), max_length=20, choices=CertificateKind.choices)
    paper = models.CharField(_("paper"), max_length=2, choices=Paper.choices, default=Paper.A4)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    offset_x = models.DecimalField(
        _("printer offset, right (mm)"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Moves every field; negative moves left. Measured on the test print."),
    )
    offset_y = models.DecimalField(
        _("printer offset, down (mm)"), max_digits=4, decimal_places=1, default=0
    )
    fields = models.JSONField(_("fields"), default=dict)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")
        ordering = ["organiser", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "kind"],
                name="certificate_layout_one_per_organiser_kind",
                violation_error_message=_("This organiser already has a layout for this blank."),
            )
        ]

    def __str__(self):
        return f"{self.organiser} – {self.get_kind_display()}"

    @property
    def page_mm(self) -> tuple[int, int]:
        """(width, height) of the page in mm."""
        width, height = PAPER_MM[self.paper]
        if self.orientation == Orientation.LANDSCAPE:
            return height, width
        return width, height

    def boxes(self) -> dict[str, dict]:
        """The boxes the blank has room for, by field, in the calibration page's order."""
        return {
            name: self.fields[name]
            for name in Field.values
            if name in self.fields and self.fields[name].get("show")
        }

    def clean(self):
        super().clean()
        page_width, page_height = self.page_mm
        for name, box in self.boxes().items():
            if box["x"] + box["width"] > page_width or box["y"] + box["height"] > page_height:
                raise ValidationError(
                    _(
                        "%(field)s does not fit on the page (%(width)s × %(height)s mm): "
                        "move it or make it smaller."
                    )
                    % {
                        "field": Field(name).label,
                        "width": page_width,
                        "height": page_height,
                    }
                )


def check_token() -> str:
    """128 random bits, URL-safe: not the database id, not guessable."""
    return secrets.token_urlsafe(16)


class CertificateCheck(models.Model):
    """The token of one award's certificate: its QR code opens the public check page."""

    recipient = models.OneToOneField(
        DecisionRecipient,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="certificate_check",
    )
    token = models.CharField(_("token"), max_length=40, unique=True, default=check_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate check")
        verbose_name_plural = _("certificate checks")

    def __str__(self):
        return str(self.recipient)
