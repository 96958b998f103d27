import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mongcai.lib.text import validate_single_line, validate_text


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    PARTY_BOARD = "party_board", _("Party board or office")
    MASS_ORGANISATION = "mass_org", _("Fatherland Front or mass organisation")
    INTERNAL_AFFAIRS = "internal", _("Army, police, court, procuracy or border guard")
    DEPARTMENT = "department", _("Department")
    CENTRAL_AGENCY = "central_agency", _("Central or provincial agency based in the city")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    ENTERPRISE = "enterprise", _("Enterprise or business association")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")


class Unit(models.Model):
    """A node of the organisation tree (unit → city → province).

    Units have the dates they exist; after a merge (two-tier local government,
    07/2025) the old unit keeps its history and names its successors.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    short_name = models.CharField(
        _("short name"), max_length=80, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("exists from"))
    valid_to = models.DateField(_("exists until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successor units"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("The units this one was merged into or split into."),
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretaries"),
        blank=True,
        related_name="units",
        help_text=_("The users who file this unit's reports."),
    )
    # The unit's head (thủ trưởng) confirms its achievement reports (awards' dossier):
    # an account linked here, whatever its role, reads and confirms the dossiers of the
    # unit's nominees and nothing more of the unit's data (docs/permissions.md).
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("heads (thủ trưởng)"),
        blank=True,
        related_name="headed_units",
        help_text=_("Who confirms the unit's achievement reports (dossiers of its nominees)."),
    )
    # An organiser (the province, a ward, a department) runs its own campaigns,
    # blocs and commendations with its own issuing authority, council and admins.
    is_organiser = models.BooleanField(
        _("organiser"),
        default=False,
        # Bulk loaders insert units with SQL (tools/bench): the column has its default there too.
        db_default=False,
        help_text=_(
            "Runs its own campaigns, blocs and commendations, with its own issuing "
            "authority, council and admins."
        ),
    )
    organiser_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("council members and admins"),
        blank=True,
        related_name="organisers",
        help_text=_(
            "They see and act on what belongs to this organiser and to the organisers below it."
        ),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("A unit cannot cease to exist before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self._check_not_own_ancestor()

    def _check_not_own_ancestor(self):
        # The tree is shallow (unit → city → province), so walking up is cheap;
        # the CheckConstraint above only catches the one-step cycle.
        if self.parent_id is None or self.pk is None:
            return
        seen = set()
        node_id = self.parent_id
        while node_id is not None and node_id not in seen:
            if node_id == self.pk:
                raise ValidationError(
                    {
                        "parent": _("A unit cannot be its own ancestor: %(parent)s is below it.")
                        % {"parent": Unit.objects.get(pk=self.parent_id)}
                    }
                )
            seen.add(node_id)
            node_id = Unit.objects.filter(pk=node_id).values_list("parent_id", flat=True).first()

    def exists_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def whole_label(self) -> str:
        """The whole of this unit as a dashboard names its root node: "Toàn tỉnh" for a
        province, "Toàn phường" for a ward, "Toàn thành phố" for the city."""
        return str(WHOLE_LABELS.get(self.kind, _("Whole organiser")))

    @property
    def name_in_sentence(self) -> str:
        """The name inside a sentence: "Hội đồng … tỉnh Quảng Ninh" (Vietnamese writes the
        kind of an administrative unit in lower case after a noun)."""
        if self.kind in WHOLE_LABELS and self.name:
            return self.name[0].lower() + self.name[1:]
        return self.name


WHOLE_LABELS = {
    UnitKind.PROVINCE: _("Whole province"),
    UnitKind.CITY: _("Whole city"),
    UnitKind.WARD: _("Whole ward"),
    UnitKind.COMMUNE: _("Whole commune"),
}


ORGANISERS = {"is_organiser": True}


class Bloc(models.Model):
    """An emulation bloc (khối thi đua): comparable units competing together."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_blocs",
        limit_choices_to=ORGANISERS,
        help_text=_("The organiser whose emulation bloc it is; its covenants belong to it too."),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blocs:bloc-detail", kwargs={"code": self.code})


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    HEAD = "head", _("Bloc head")
    DEPUTY = "deputy", _("Deputy head")


class BlocMembership(models.Model):
    """A unit's place in a bloc for one year; head and deputy rotate yearly."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bloc_memberships"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        verbose_name = _("bloc membership")
        verbose_name_plural = _("bloc memberships")
        ordering = ["-year", "bloc__order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="membership_one_bloc_per_unit_year",
                violation_error_message=_("This unit already belongs to a bloc in that year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role=MembershipRole.HEAD),
                name="membership_one_head_per_bloc_year",
                violation_error_message=_("This bloc already has a head for that year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role=MembershipRole.DEPUTY),
                name="membership_one_deputy_per_bloc_year",
                violation_error_message=_("This bloc already has a deputy head for that year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="membership_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.bloc} ({self.year})"

    @property
    def leads(self) -> bool:
        """Head or deputy: the bloc's lists name the role next to the unit."""
        return self.role != MembershipRole.MEMBER

    @property
    def term(self) -> tuple:
        """A head's or deputy's term is the calendar year of the membership."""
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def clean(self):
        super().clean()
        if self.unit_id and self.year:
            unit = self.unit
            if unit.valid_from.year > self.year or (
                unit.valid_to is not None and unit.valid_to.year < self.year
            ):
                raise ValidationError(
                    {
                        "year": _("%(unit)s does not exist in %(year)s.")
                        % {"unit": unit, "year": self.year}
                    }
                )


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Merge: several units become one")
    SPLIT = "split", _("Split: one unit becomes several")
    END = "end", _("End: the units cease without a successor")


class Reorganisation(models.Model):
    """One reorganisation event: these units end the day before `effective_on`,
    succeeded by those, on the stated legal basis.

    Nothing is deleted: the ended units keep their people, reports, covenants,
    tallies and awards, and are found from their successors (Unit.successors).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ReorganisationKind.choices)
    effective_on = models.DateField(
        _("in effect from"), help_text=_("The first day of the new units.")
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_("E.g. Nghị quyết 1679/NQ-UBTVQH15 ngày 16/06/2025."),
        validators=[validate_single_line],
    )
    source_url = models.URLField(_("source"), max_length=400, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the text of the legal basis (not only a secondary source)."),
    )
    note = models.TextField(_("note"), blank=True, validators=[validate_text])
    predecessors = models.ManyToManyField(
        Unit, verbose_name=_("units that end"), related_name="ended_by"
    )
    successors = models.ManyToManyField(
        Unit, verbose_name=_("successor units"), blank=True, related_name="started_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.effective_on:%d/%m/%Y}"
