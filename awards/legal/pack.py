"""The legal pack: read the versioned file, show what applying it would change, apply it.

The file (`awards/legal/pack.toml`, docs/legal.md) holds every legal basis, title,
granting level, coefficient, base salary, rounding rule and eligibility rule with
its dates and citation. `pack_preview` applies it inside a transaction that is
rolled back, so the rows changed and the pending nominations and draft decisions
whose outcome or cash would change are exactly what `pack_apply` would do.
Issued decisions are never touched: their coefficients and amounts are stored.
"""

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from .. import services
from ..models import (
    BaseSalary,
    CashRounding,
    Decision,
    DecisionRecipient,
    DecisionStatus,
    EligibilityRule,
    LegalBasis,
    Nomination,
    NominationStatus,
    PackImport,
    Title,
    TitleCertificate,
    TitleGrant,
    TitleTerm,
)

PACK_PATH = Path(__file__).with_name("pack.toml")

CITED = ("article", "official_url", "verified", "sources")
# Sections in the order they are written (a row may name one written before it).
SECTIONS = (
    "legal_basis",
    "title",
    "grant",
    "term",
    "base_salary",
    "rounding",
    "rule",
    "certificate",
)
# Rows of these sections that a pack wrote and the new pack no longer has are removed;
# legal bases and titles are only reported (decisions and nominations point at them).
REMOVABLE = {
    "grant": TitleGrant,
    "term": TitleTerm,
    "base_salary": BaseSalary,
    "rounding": CashRounding,
    "rule": EligibilityRule,
    "certificate": TitleCertificate,
}


@dataclass(frozen=True)
class Pack:
    version: str
    digest: str
    data: dict


@dataclass
class RowChange:
    section: str
    key: str
    action: str  # added, changed, removed
    fields: dict = field(default_factory=dict)  # name: (old, new)


@dataclass
class OutcomeChange:
    kind: str  # nomination or recipient
    pk: int
    label: str
    before: str
    after: str


@dataclass
class Preview:
    version: str
    digest: str
    rows: list[RowChange]
    outcomes: list[OutcomeChange]

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "rows": [
                {
                    "section": r.section,
                    "key": r.key,
                    "action": r.action,
                    "fields": {k: [str(a), str(b)] for k, (a, b) in r.fields.items()},
                }
                for r in self.rows
            ],
            "outcomes": [
                {"kind": o.kind, "id": o.pk, "label": o.label, "before": o.before, "after": o.after}
                for o in self.outcomes
            ],
        }


def pack_read(path: Path | str = PACK_PATH) -> Pack:
    """Parse the file; a malformed one is refused with a translated message."""
    return pack_parse(Path(path).read_bytes())


def pack_parse(raw: bytes) -> Pack:
    """Parse a pack's bytes (a file, or one uploaded in the admin)."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(
            _("The legal pack cannot be read: %(error)s") % {"error": error}
        ) from error
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise ValidationError(_("The legal pack has no version."))
    return Pack(version=version, digest=hashlib.sha256(raw).hexdigest(), data=data)


# Writing -------------------------------------------------------------------


def _decimal(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError(
            _("%(where)s: %(value)s is not a number.") % {"where": where, "value": value}
        ) from error


def _cited(row: dict) -> dict:
    return {
        "article": row.get("article", ""),
        "official_url": row.get("official_url", ""),
        "verified": bool(row.get("verified", False)),
        "sources": row.get("sources", ""),
    }


class _Writer:
    def __init__(self, pack: Pack, user):
        self.pack = pack
        self.user = user
        self.changes: list[RowChange] = []
        self.seen: dict[str, set[int]] = {name: set() for name in REMOVABLE}

    def ref(self, model, code: str | None, where: str):
        if code is None:
            return None
        obj = model.objects.filter(code=code).first()
        if obj is None:
            raise ValidationError(
                _("%(where)s: unknown code %(code)s.") % {"where": where, "code": code}
            )
        return obj

    def save(self, section: str, model, lookup: dict, values: dict, key: str):
        obj = model.objects.filter(**lookup).first()
        action = "added" if obj is None else "changed"
        obj = obj or model(**lookup)
        diff = {}
        for name, value in values.items():
            if action == "changed":
                old = getattr(obj, name)
                if _differs(old, value):
                    diff[name] = (_show(old), _show(value))
            setattr(obj, name, value)
        obj.pack_version = self.pack.version
        obj._history_user = self.user
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("%(where)s: %(errors)s")
                % {"where": f"{section} {key}", "errors": "; ".join(error.messages)}
            ) from error
        obj.save()
        if action == "added" or diff:
            self.changes.append(RowChange(section, key, action, diff))
        if section in self.seen:
            self.seen[section].add(obj.pk)
        return obj

    def rows(self, section: str) -> list[dict]:
        rows = self.pack.data.get(section, [])
        if not isinstance(rows, list):
            raise ValidationError(_("%(section)s must be a list of rows.") % {"section": section})
        return rows

    def write(self) -> list[RowChange]:
        for row in self.rows("legal_basis"):
            self.save(
                "legal_basis",
                LegalBasis,
                {"code": row["code"]},
                {
                    "number": row["number"],
                    "citation": row["citation"],
                    "valid_from": row["valid_from"],
                    "valid_to": row.get("valid_to"),
                    "transition_article": row.get("transition_article", ""),
                    **_cited(row),
                },
                row["code"],
            )
        added = {c.key for c in self.changes if c.action == "added"}
        for row in self.rows("legal_basis"):
            replaces = self.ref(LegalBasis, row.get("replaces"), f"legal_basis {row['code']}")
            basis = LegalBasis.objects.get(code=row["code"])
            if basis.replaces_id == (replaces.pk if replaces else None):
                continue
            if row["code"] in added:
                # Part of the row just added: not a change of its own.
                basis.replaces = replaces
                basis._history_user = self.user
                basis.save(update_fields=["replaces"])
            else:
                self.save(
                    "legal_basis", LegalBasis, {"pk": basis.pk}, {"replaces": replaces}, row["code"]
                )
        for order, row in enumerate(self.rows("title"), 1):
            where = f"title {row['code']}"
            self.save(
                "title",
                Title,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "decision_name": row.get("decision_name", ""),
                    "category": row["category"],
                    "recipient_kind": row["recipient_kind"],
                    "group": row.get("group", ""),
                    "order": order,
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], where),
                    "valid_from": row["valid_from"],
                    "valid_to": row.get("valid_to"),
                    "proposal_route": row.get("proposal_route", "any"),
                },
                row["code"],
            )
        for row in self.rows("grant"):
            key = f"{row['title']} / {row['level']} / {row['valid_from']:%d/%m/%Y}"
            title = self.ref(Title, row["title"], f"grant {key}")
            self.save(
                "grant",
                TitleGrant,
                {"title": title, "level": row["level"], "valid_from": row["valid_from"]},
                {
                    "valid_to": row.get("valid_to"),
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], f"grant {key}"),
                    **_cited(row),
                },
                key,
            )
        for row in self.rows("term"):
            key = f"{row['title']} / {row['valid_from']:%d/%m/%Y}"
            self.save(
                "term",
                TitleTerm,
                {
                    "title": self.ref(Title, row["title"], f"term {key}"),
                    "valid_from": row["valid_from"],
                },
                {
                    "valid_to": row.get("valid_to"),
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], f"term {key}"),
                    "coefficient": _decimal(row.get("coefficient"), f"term {key}"),
                    **_cited(row),
                },
                key,
            )
        for row in self.rows("base_salary"):
            key = f"{row['valid_from']:%d/%m/%Y}"
            self.save(
                "base_salary",
                BaseSalary,
                {"valid_from": row["valid_from"]},
                {
                    "amount": _decimal(row["amount"], f"base_salary {key}"),
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], f"base_salary {key}"),
                    **_cited(row),
                },
                key,
            )
        for row in self.rows("rounding"):
            key = f"{row['valid_from']:%d/%m/%Y}"
            self.save(
                "rounding",
                CashRounding,
                {"valid_from": row["valid_from"]},
                {
                    "valid_to": row.get("valid_to"),
                    "step": _decimal(row["step"], f"rounding {key}"),
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], f"rounding {key}"),
                    **_cited(row),
                },
                key,
            )
        for row in self.rows("rule"):
            key = f"{row['title']} / {row['kind']} / {row['valid_from']:%d/%m/%Y}"
            where = f"rule {key}"
            self.save(
                "rule",
                EligibilityRule,
                {
                    "title": self.ref(Title, row["title"], where),
                    "kind": row["kind"],
                    "valid_from": row["valid_from"],
                },
                {
                    "valid_to": row.get("valid_to"),
                    "required_title": self.ref(Title, row.get("required_title"), where),
                    "years": row.get("years"),
                    "share_percent": _decimal(row.get("share_percent"), where),
                    "months": row.get("months"),
                    "days": row.get("days"),
                    "initiative_level": row.get("initiative_level", ""),
                    "blocking": bool(row.get("blocking", True)),
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], where),
                    **_cited(row),
                },
                key,
            )
        for row in self.rows("certificate"):
            key = f"{row['title']} / {row['valid_from']:%d/%m/%Y}"
            self.save(
                "certificate",
                TitleCertificate,
                {
                    "title": self.ref(Title, row["title"], f"certificate {key}"),
                    "valid_from": row["valid_from"],
                },
                {
                    "valid_to": row.get("valid_to"),
                    "kind": row["kind"],
                    "legal_basis": self.ref(LegalBasis, row["legal_basis"], f"certificate {key}"),
                    **_cited(row),
                },
                key,
            )
        for section, model in REMOVABLE.items():
            gone = model.objects.exclude(pack_version="").exclude(pk__in=self.seen[section])
            for obj in gone:
                self.changes.append(RowChange(section, str(obj), "removed"))
                obj._history_user = self.user
                obj.delete()
        return self.changes


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _differs(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        if old is None or new is None:
            return old is not new
        return Decimal(old) != Decimal(new)
    if hasattr(old, "pk") or hasattr(new, "pk"):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    return (old or None) != (new or None) if not isinstance(old, bool) else old != new


# What a pack changes for the cases under way -----------------------------------


def _outcome(checks: list[dict]) -> str:
    failures = [c for c in checks if c["outcome"] != "passed"]
    if not failures:
        return _("all checks passed")
    return "; ".join(f"{c['label']}: {c['outcome']}" for c in failures)


def _snapshot() -> dict:
    """Outcome of each pending nomination and cash of each draft decision's recipient,
    under the catalogue as it stands (drafts are recomputed: they follow the law)."""
    state = {}
    in_issued = DecisionRecipient.objects.filter(
        nomination=OuterRef("pk"), decision__status=DecisionStatus.ISSUED
    )
    pending = (
        Nomination.objects.filter(status__in=[NominationStatus.PROPOSED, NominationStatus.APPROVED])
        .exclude(Exists(in_issued))
        .select_related("title", "person", "collective", "unit", "campaign")
        .order_by("pk")
    )
    for nomination in pending:
        checks = services.nomination_check(nomination=nomination)
        state[("nomination", nomination.pk)] = (str(nomination), _outcome(checks))
    for decision in Decision.objects.filter(status=DecisionStatus.DRAFT):
        services.recipients_recompute(decision=decision)
    recipients = DecisionRecipient.objects.filter(
        decision__status=DecisionStatus.DRAFT
    ).select_related("decision__authority", "title", "person", "collective", "household")
    for r in recipients:
        label = f"{r.decision.reference}: {r.nominee_name} – {r.title}"
        state[("recipient", r.pk)] = (label, _show(r.amount))
    return state


def _compare(before: dict, after: dict) -> list[OutcomeChange]:
    changes = []
    for key, (label, old) in before.items():
        new = after.get(key, (label, "—"))[1]
        if new != old:
            changes.append(OutcomeChange(key[0], key[1], label, old, new))
    return changes


def _run(pack: Pack, user) -> Preview:
    before = _snapshot()
    try:
        rows = _Writer(pack, user).write()
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # A row without a field it needs, or of the wrong type (an uploaded file).
        raise ValidationError(
            _("The legal pack has a row with a missing or wrong field: %(error)s")
            % {"error": error}
        ) from error
    after = _snapshot()
    return Preview(pack.version, pack.digest, rows, _compare(before, after))


def pack_preview(*, pack: Pack, user=None) -> Preview:
    """What applying `pack` would change, computed by applying it and rolling back."""
    with transaction.atomic():
        preview = _run(pack, user)
        transaction.set_rollback(True)
    return preview


@transaction.atomic
def pack_apply(*, pack: Pack, user=None) -> PackImport:
    """Apply `pack`: rows written with their history (who, when), draft decisions
    recomputed, pending nominations' stored checks refreshed, the import recorded.
    Issued decisions keep their stored coefficients and amounts."""
    preview = _run(pack, user)
    for nomination in Nomination.objects.filter(status=NominationStatus.PROPOSED):
        services.nomination_check(nomination=nomination)
        Nomination.objects.filter(pk=nomination.pk).update(checks=nomination.checks)
    return PackImport.objects.create(
        version=pack.version,
        digest=pack.digest,
        applied_by=user if getattr(user, "pk", None) else None,
        summary=preview.as_dict(),
    )
