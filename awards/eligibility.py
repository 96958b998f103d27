"""Eligibility of a nominee, rule by rule: passed, failed with the reason, or warning.

The rules are rows of EligibilityRule (DESIGN.md rule 3); the checks that hold
for every title (in force, right kind of nominee, one award per achievement,
granting authority) come first. Each check is a plain dict so it can be
stored with the nomination and shown to the council as it was.
"""

import datetime as dt
import math
from dataclasses import asdict, dataclass

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from blocs.selectors import unit_lineage_ids
from mongcai.lib.numbers import format_decimal

from .models import (
    ABSENCE_COUNTED_AS_WORK,
    INITIATIVE_LEVEL_RANK,
    Absence,
    Authority,
    AwardKind,
    DecisionRecipient,
    DecisionStatus,
    Discipline,
    EligibilityRule,
    Nomination,
    Person,
    RecipientKind,
    Registration,
    RuleKind,
    Title,
    TitleGrant,
)
from .models.nominations import FAILED, HOLDS_ACHIEVEMENT, PASSED, WARNING

# Read with the checks as stored (the nomination's own rule); the services call it here.
from .models.nominations import blocking_failures as blocking_failures


@dataclass
class Check:
    rule: str
    label: str
    outcome: str
    message: str
    blocking: bool
    # The instrument (and article) the rule comes from, and whether it was verified.
    basis: str = ""
    verified: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Nominee:
    """Who is checked for what; a nomination or a recipient the admin adds."""

    recipient_kind: str
    person: object | None
    collective: object | None
    unit: object
    title: Title
    campaign: object
    year: int
    achievement: str
    on_date: dt.date
    nomination_id: int | None = None
    authority: Authority | None = None
    # regular, campaign or ad_hoc (AwardKind): an ad hoc award's achievement is its deed.
    award_kind: str = ""
    household: object | None = None

    @property
    def label(self):
        """The person, household or collective, as a message names it."""
        return self.person or self.household or self.collective

    @property
    def holder_filter(self) -> Q:
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            return Q(person=self.person)
        if self.recipient_kind == RecipientKind.HOUSEHOLD:
            return Q(household=self.household)
        return Q(collective=self.collective)


def awarded() -> Q:
    """Recipients that count as holding a title: issued and not void."""
    return Q(decision__status=DecisionStatus.ISSUED, is_void=False)


def holding_nominations() -> Q:
    return HOLDS_ACHIEVEMENT


def check(nominee: Nominee) -> list[Check]:
    checks = [_title_in_force(nominee), _right_kind(nominee), _once_per_achievement(nominee)]
    if nominee.authority is not None:
        checks.append(_authority(nominee))
    rules = (
        EligibilityRule.objects.filter(title=nominee.title, valid_from__lte=nominee.on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=nominee.on_date))
        .exclude(kind=RuleKind.BALLOT)
        .select_related("required_title", "legal_basis")
        .order_by("kind", "pk")
    )
    for rule in rules:
        result = RULES[rule.kind](rule, nominee)
        result.basis, result.verified = rule.citation_display, rule.verified
        checks.append(result)
    return checks


def _title_in_force(n: Nominee) -> Check:
    label = _("Title in force")
    if n.title.in_force_on(n.on_date):
        return Check("in_force", label, PASSED, "", True)
    return Check(
        "in_force",
        label,
        FAILED,
        _("%(title)s is not in force on %(date)s.")
        % {"title": n.title, "date": n.on_date.strftime("%d/%m/%Y")},
        True,
    )


def _right_kind(n: Nominee) -> Check:
    label = _("Awarded to this kind of nominee")
    if n.title.recipient_kind == n.recipient_kind:
        return Check("kind", label, PASSED, "", True)
    return Check(
        "kind",
        label,
        FAILED,
        _("%(title)s is awarded to: %(kind)s.")
        % {"title": n.title, "kind": n.title.get_recipient_kind_display().lower()},
        True,
    )


def _group_titles(title: Title) -> Q:
    """The titles of `title`'s award group (Title.group; a title without one is its own)."""
    if title.group:
        return Q(title__group=title.group)
    return Q(title=title)


def _once_per_achievement(n: Nominee) -> Check:
    """One award per achievement (Luật 06/2022/QH15's principles, DESIGN.md rule 4): the
    same wording is the same achievement, and so, for a regular or per-campaign award,
    is the same recipient, campaign, year and award group whatever the wording ("(đợt
    2)" does not make a second one). An ad hoc award is for a deed, named by its text."""
    label = _("One award per achievement")
    holder = n.holder_filter & Q(campaign=n.campaign)
    same_text = Q(achievement=n.achievement)
    if n.award_kind == AwardKind.AD_HOC:
        recipients, nominations = same_text, same_text
    else:
        same_award = Q(year=n.year) & _group_titles(n.title)
        recipients = same_text | (same_award & ~Q(decision__kind=AwardKind.AD_HOC))
        nominations = same_text | (same_award & ~Q(kind=AwardKind.AD_HOC))
    earlier = DecisionRecipient.objects.filter(holder, recipients, is_void=False)
    if n.nomination_id:
        earlier = earlier.exclude(nomination_id=n.nomination_id)
    earlier = earlier.select_related("decision__authority", "title").first()
    if earlier is not None:
        if earlier.achievement == n.achievement:
            message = _("Already in decision %(decision)s for this campaign and achievement.")
        else:
            message = _(
                "Already awarded %(title)s for %(year)s in this campaign "
                "(decision %(decision)s): one award per achievement."
            )
        params = {"title": earlier.title, "year": n.year, "decision": earlier.decision.reference}
        return Check("once", label, FAILED, message % params, True)
    other = Nomination.objects.filter(holder, nominations, holding_nominations())
    if n.nomination_id:
        other = other.exclude(pk=n.nomination_id)
    other = other.select_related("title").first()
    if other is not None:
        if other.achievement == n.achievement:
            message = _("Already nominated for this campaign and achievement.")
        else:
            message = _(
                "Already nominated for %(title)s for %(year)s in this campaign: "
                "one award per achievement."
            ) % {"title": other.title, "year": n.year}
        return Check("once", label, FAILED, message, True)
    return Check("once", label, PASSED, "", True)


def _authority(n: Nominee) -> Check:
    """The issuer grants the title when a grant in force names its level (the legal
    pack, with the article) or the admin linked the authority to the title."""
    label = _("Granting authority")
    grants = list(
        TitleGrant.objects.filter(title=n.title, valid_from__lte=n.on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=n.on_date))
        .select_related("legal_basis")
    )
    granted_by = list(n.title.authorities.all())
    if not grants and not granted_by:
        return Check(
            "authority",
            label,
            WARNING,
            _("Not configured: no authority is recorded for %(title)s.") % {"title": n.title},
            True,
        )
    matching = [g for g in grants if g.level == n.authority.level]
    if matching:
        grant = matching[0]
        return Check("authority", label, PASSED, "", True, grant.citation_display, grant.verified)
    if n.authority in granted_by:
        return Check("authority", label, PASSED, "", True)
    levels = ", ".join(sorted({str(g.get_level_display()).lower() for g in grants}))
    message = _("%(authority)s does not grant %(title)s.") % {
        "authority": n.authority,
        "title": n.title,
    }
    if levels:
        message += " " + _("Granted at level: %(levels)s (%(citation)s).") % {
            "levels": levels,
            "citation": grants[0].citation_display,
        }
    return Check("authority", label, FAILED, message, True)


def _not_configured(rule: EligibilityRule) -> Check:
    return Check(
        rule.kind,
        rule.get_kind_display(),
        WARNING,
        _("Not configured: the admin has not set this rule's parameters."),
        rule.blocking,
    )


def _lineage_filter(n: Nominee) -> Q:
    """A collective holds what its predecessor units earned (history follows successors);
    a person is the same person whichever unit they were at."""
    if n.recipient_kind != RecipientKind.COLLECTIVE or n.collective is None:
        return n.holder_filter
    return Q(collective_id__in=unit_lineage_ids(n.collective))


def _years_held(n: Nominee, title: Title, years: list[int]) -> tuple[set[int], set[int]]:
    """The years (of `years`) in which the nominee, or the units it succeeded, holds
    `title`, and those only nominated."""
    holder = _lineage_filter(n)
    held = set(
        DecisionRecipient.objects.filter(
            awarded(), holder, title=title, year__in=years
        ).values_list("year", flat=True)
    )
    pending = set(
        Nomination.objects.filter(
            holding_nominations(), holder, title=title, year__in=years
        ).values_list("year", flat=True)
    )
    return held, pending - held


def _prerequisite(rule: EligibilityRule, n: Nominee) -> Check:
    years = 1 if rule.kind == RuleKind.PREREQUISITE else rule.years
    if rule.required_title is None or not years:
        return _not_configured(rule)
    wanted = list(range(n.year - years + 1, n.year + 1))
    held, pending = _years_held(n, rule.required_title, wanted)
    missing = [y for y in wanted if y not in held]
    params = {"title": rule.required_title, "years": ", ".join(map(str, missing))}
    if not missing:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    if all(y in pending for y in missing):
        return Check(
            rule.kind,
            rule.get_kind_display(),
            WARNING,
            _("%(title)s is proposed but not yet awarded for %(years)s.") % params,
            rule.blocking,
        )
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        _("%(title)s is missing for %(years)s.") % params,
        rule.blocking,
    )


def _initiative(rule: EligibilityRule, n: Nominee) -> Check:
    if n.person is None:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    levels = [
        level
        for level, rank in INITIATIVE_LEVEL_RANK.items()
        if rank >= INITIATIVE_LEVEL_RANK.get(rule.initiative_level or "unit", 0)
    ]
    if n.person.initiatives.filter(year=n.year, level__in=levels).exists():
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    if rule.initiative_level:
        message = _("No initiative recognised at %(level)s level recorded for %(year)s.") % {
            "level": rule.get_initiative_level_display().lower(),
            "year": n.year,
        }
    else:
        message = _("No recognised initiative recorded for %(year)s.") % {"year": n.year}
    return Check(rule.kind, rule.get_kind_display(), FAILED, message, rule.blocking)


def _holders(title: Title, unit, year: int, exclude_nomination: int | None) -> set:
    """Keys of the unit's holders (awarded or nominated) of `title` in `year`."""
    awarded_keys = DecisionRecipient.objects.filter(
        awarded(), title=title, unit=unit, year=year
    ).values_list("person_id", "collective_id", "household_id")
    nominated = Nomination.objects.filter(holding_nominations(), title=title, unit=unit, year=year)
    if exclude_nomination:
        nominated = nominated.exclude(pk=exclude_nomination)
    return set(awarded_keys) | set(
        nominated.values_list("person_id", "collective_id", "household_id")
    )


def _quota(rule: EligibilityRule, n: Nominee) -> Check:
    if rule.required_title is None or rule.share_percent is None:
        return _not_configured(rule)
    base = len(_holders(rule.required_title, n.unit, n.year, None))
    key = (
        getattr(n.person, "pk", None),
        getattr(n.collective, "pk", None),
        getattr(n.household, "pk", None),
    )
    taken = _holders(n.title, n.unit, n.year, n.nomination_id) | {key}
    allowed = math.floor(base * rule.share_percent / 100)
    params = {
        "count": len(taken),
        "allowed": allowed,
        "share": format_decimal(rule.share_percent, get_language() or "vi"),
        "base": base,
        "title": rule.required_title,
    }
    if len(taken) <= allowed:
        return Check(
            rule.kind,
            rule.get_kind_display(),
            PASSED,
            _("%(count)s of at most %(allowed)s (%(share)s per cent of %(base)s × %(title)s).")
            % params,
            rule.blocking,
        )
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        _(
            "%(count)s exceeds the quota of %(allowed)s "
            "(%(share)s per cent of %(base)s × %(title)s)."
        )
        % params,
        rule.blocking,
    )


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if end.day >= start.day else months - 1


def _min_service(rule: EligibilityRule, n: Nominee) -> Check:
    if rule.months is None:
        return _not_configured(rule)
    if n.person is None:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    if n.person.service_from is None:
        return Check(
            rule.kind,
            rule.get_kind_display(),
            WARNING,
            _("The start of service is not recorded."),
            rule.blocking,
        )
    # Service counted within the year, from the later of 1 January and the start.
    start = max(n.person.service_from, dt.date(n.year, 1, 1))
    end = dt.date(n.year, 12, 31) + dt.timedelta(days=1)
    served = max(0, months_between(start, end))
    params = {"served": served, "months": rule.months}
    if served >= rule.months:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        _("%(served)s months of service in the year; at least %(months)s are needed.") % params,
        rule.blocking,
    )


def _no_discipline(rule: EligibilityRule, n: Nominee) -> Check:
    """The person, or for a collective any of its members, has no measure in the year."""
    if n.person is not None:
        measures = Discipline.objects.filter(person=n.person, year=n.year)
    else:
        measures = Discipline.objects.filter(person__unit=n.collective, year=n.year)
    count = measures.count()
    if not count:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        ngettext(
            "%(count)s disciplinary measure recorded for %(year)s.",
            "%(count)s disciplinary measures recorded for %(year)s.",
            count,
        )
        % {"count": count, "year": n.year},
        rule.blocking,
    )


def _member_share(rule: EligibilityRule, n: Nominee) -> Check:
    """At least `share_percent` of the collective's active members hold `required_title`
    in the year (awarded; nominated ones make it a warning)."""
    if rule.required_title is None or rule.share_percent is None:
        return _not_configured(rule)
    if n.collective is None:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    members = Person.objects.filter(unit=n.collective, is_active=True)
    total = members.count()
    held = set(
        DecisionRecipient.objects.filter(
            awarded(), title=rule.required_title, year=n.year, person__in=members
        ).values_list("person_id", flat=True)
    )
    pending = set(
        Nomination.objects.filter(
            holding_nominations(), title=rule.required_title, year=n.year, person__in=members
        ).values_list("person_id", flat=True)
    )
    needed = math.ceil(total * rule.share_percent / 100)
    params = {
        "held": len(held),
        "total": total,
        "title": rule.required_title,
        "share": format_decimal(rule.share_percent, get_language() or "vi"),
    }
    message = (
        _("%(held)s of %(total)s members hold %(title)s (at least %(share)s per cent needed).")
        % params
    )
    if total and len(held) >= needed:
        outcome = PASSED
    elif total and len(held | pending) >= needed:
        outcome = WARNING
    else:
        outcome = FAILED
    return Check(rule.kind, rule.get_kind_display(), outcome, message, rule.blocking)


def _max_absence(rule: EligibilityRule, n: Nominee) -> Check:
    """Fewer than `days` working days absent in the year; maternity leave and injury on
    duty count as working time (ABSENCE_COUNTED_AS_WORK)."""
    if rule.days is None:
        return _not_configured(rule)
    if n.person is None:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    absent = (
        Absence.objects.filter(person=n.person, year=n.year)
        .exclude(reason__in=ABSENCE_COUNTED_AS_WORK)
        .aggregate(total=Sum("days"))["total"]
        or 0
    )
    if absent < rule.days:
        return Check(rule.kind, rule.get_kind_display(), PASSED, "", rule.blocking)
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        _(
            "%(absent)s working days absent in %(year)s (leave counted as working time "
            "excluded); %(days)s or more exclude the title."
        )
        % {"absent": absent, "year": n.year, "days": rule.days},
        rule.blocking,
    )


def _registered(rule: EligibilityRule, n: Nominee) -> Check:
    """The nominee registered for the title in the year (annual registration, with any
    organiser's round): docs/awards.md, "Annual registration"."""
    rows = Registration.objects.filter(round__year=n.year, title=n.title)
    if n.person is not None:
        rows = rows.filter(person=n.person)
    else:
        rows = rows.filter(collective=n.collective)
    registration = rows.select_related("round").first()
    if registration is not None:
        return Check(
            rule.kind,
            rule.get_kind_display(),
            PASSED,
            _("Registered on %(date)s.")
            % {"date": timezone.localtime(registration.registered_at).strftime("%d/%m/%Y")},
            rule.blocking,
        )
    return Check(
        rule.kind,
        rule.get_kind_display(),
        FAILED,
        _("%(nominee)s did not register for %(title)s in %(year)s.")
        % {"nominee": n.label, "title": n.title, "year": n.year},
        rule.blocking,
    )


RULES = {
    RuleKind.PREREQUISITE: _prerequisite,
    RuleKind.CONSECUTIVE: _prerequisite,
    RuleKind.INITIATIVE: _initiative,
    RuleKind.QUOTA: _quota,
    RuleKind.MIN_SERVICE: _min_service,
    RuleKind.NO_DISCIPLINE: _no_discipline,
    RuleKind.MEMBER_SHARE: _member_share,
    RuleKind.MAX_ABSENCE: _max_absence,
    RuleKind.REGISTERED: _registered,
}
