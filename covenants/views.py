import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from blocs.models import Bloc, BlocMembership, Unit
from blocs.selectors import bloc_get, headed_years, membership_years
from campaigns.models import CampaignIndicator, Indicator, Target, TargetScope
from campaigns.selectors import campaigns_for_user
from mongcai.accounts.models import User
from mongcai.accounts.permissions import is_admin, is_council
from mongcai.lib.files import DOCX, attachment_bytes, attachment_response
from mongcai.lib.params import query_id, query_ids

from . import documents
from .forms import (
    CommitmentFormSet,
    CovenantCreateForm,
    CovenantForm,
    CriterionFormSet,
    ReviewForm,
    SelfScoreForm,
)
from .models import CovenantStatus, Score, ScoreChange, ScoringStage
from .selectors import (
    covenant_access,
    covenant_for_user,
    covenant_members,
    covenants_for_user,
    flag_nomination_of,
    prefills_for,
    ranking_rows,
    score_with_evidence_get_for_user,
    scorecard_get_for_user,
    scorecards_by_rank,
)
from .services import (
    CommitmentInput,
    CriterionInput,
    FinalInput,
    ScoreInput,
    covenant_create,
    covenant_finalise,
    covenant_open,
    covenant_review_start,
    covenant_reviewers_set,
    covenant_rubric_save,
    covenant_sign,
    score_review_save,
    score_self_save,
)


def _posted(request):
    """The POST data for binding a form (an empty POST still binds: all fields left empty)."""
    return request.POST if request.method == "POST" else None


def _form_call(form, service, **kwargs) -> bool:
    """Call a service; its refusal becomes the form's error and nothing is saved."""
    try:
        service(**kwargs)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def bloc_panel(request, bloc: Bloc, year: int) -> str:
    """The covenants on a bloc's page (blocs.panels): those the user can see, and the
    button to start one for the bloc's head or an admin."""
    context = {
        "bloc": bloc,
        "covenants": covenants_for_user(request.user).filter(bloc=bloc),
    }
    return render_to_string("covenants/_bloc_panel.html", context, request=request)


def covenant_index(request):
    covenants = covenants_for_user(request.user).order_by("-year", "bloc__order")
    return render(request, "covenants/covenant_list.html", {"covenants": covenants})


def covenant_new(request, code):
    """The bloc head (or an admin) starts a covenant for a campaign and year."""
    bloc = bloc_get(request.user, code=code)
    if not rules.test_rule("covenants.start", request.user, bloc):
        raise PermissionDenied
    # An admin starts one for any year; a head for the years its unit heads the bloc.
    years = (
        membership_years(request.user)
        if is_admin(request.user)
        else headed_years(request.user, bloc)
    )
    if not years:
        raise PermissionDenied
    form = CovenantCreateForm(
        _posted(request),
        campaigns=campaigns_for_user(request.user).order_by("-starts_on"),
        years=years,
    )
    if request.method == "POST" and form.is_valid():
        try:
            covenant = covenant_create(
                bloc=bloc,
                campaign=form.cleaned_data["campaign"],
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                preamble=form.cleaned_data["preamble"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, gettext("Draft created: add the commitments and rubric."))
            return redirect("covenants:covenant-edit", pk=covenant.pk)
    return render(request, "covenants/covenant_new.html", {"bloc": bloc, "form": form})


def _members_targets(covenant, commitments, members):
    """Per commitment tied to an indicator, each member's own target (one query)."""
    indicator_ids = [c.indicator_id for c in commitments if c.indicator_id]
    targets = Target.objects.filter(
        campaign_indicator__campaign_id=covenant.campaign_id,
        campaign_indicator__indicator_id__in=indicator_ids,
        scope=TargetScope.UNIT,
        unit_id__in=[m.unit_id for m in members],
    ).values_list("campaign_indicator__indicator_id", "unit_id", "value")
    by_indicator: dict[int, dict[int, object]] = {}
    for indicator_id, unit_id, value in targets:
        by_indicator.setdefault(indicator_id, {})[unit_id] = value
    return by_indicator


def covenant_detail(request, pk):
    """The covenant as a printable page, with the signatures and who may still sign."""
    covenant = covenant_for_user(request.user, pk)
    access = covenant_access(request.user, covenant)
    members = covenant_members(covenant)
    signatures = {s.unit_id: s for s in covenant.signatures.select_related("signed_by")}
    commitments = list(covenant.commitments.select_related("indicator"))
    targets = _members_targets(covenant, commitments, members)
    for commitment in commitments:
        unit_targets = targets.get(commitment.indicator_id, {})
        commitment.member_targets = [
            (m.unit, unit_targets.get(m.unit_id)) for m in members if m.unit_id in unit_targets
        ]
    context = {
        "covenant": covenant,
        "members": [(m, signatures.get(m.unit_id)) for m in members],
        "commitments": commitments,
        "criteria": covenant.criteria.all(),
        "can_sign": [
            m.unit
            for m in members
            if m.unit_id in access.member_unit_ids and m.unit_id not in signatures
        ]
        if covenant.status == CovenantStatus.SIGNING
        else [],
        "scorecards": scorecards_by_rank(covenant)
        if rules.test_rule("covenants.see_whole_bloc", request.user, covenant)
        else scorecards_by_rank(covenant, access.member_unit_ids),
        "reviewer_choices": User.objects.filter(
            units__in=[m.unit_id for m in members], is_active=True
        )
        .distinct()
        .order_by("full_name")
        if rules.test_rule("covenants.name_reviewers", request.user, covenant)
        else [],
        "reviewers": covenant.reviewers.all(),
    }
    return render(request, "covenants/covenant_detail.html", context)


def _kept_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def covenant_edit(request, pk):
    """The head drafts the text, the commitments and the rubric (while still a draft)."""
    covenant = covenant_for_user(request.user, pk)
    if not rules.test_rule("covenants.draft", request.user, covenant):
        raise PermissionDenied
    if not covenant.is_editable:
        messages.error(request, gettext("The covenant is no longer a draft; it cannot change."))
        return redirect("covenants:covenant-detail", pk=covenant.pk)
    indicators = Indicator.objects.filter(
        pk__in=CampaignIndicator.objects.filter(campaign=covenant.campaign_id).values(
            "indicator_id"
        )
    ).order_by("code")
    data = _posted(request)
    form = CovenantForm(data, initial={"title": covenant.title, "preamble": covenant.preamble})
    commitments = CommitmentFormSet(
        data,
        prefix="commitments",
        form_kwargs={"indicators": indicators},
        initial=[{"text": c.text, "indicator": c.indicator_id} for c in covenant.commitments.all()],
    )
    criteria = CriterionFormSet(
        data,
        prefix="criteria",
        initial=[
            {
                "kind": c.kind,
                "title": c.title,
                "description": c.description,
                "max_points": c.max_points,
                "prefill": c.prefill,
            }
            for c in covenant.criteria.all()
        ],
    )
    if request.method == "POST" and all(
        [form.is_valid(), commitments.is_valid(), criteria.is_valid()]
    ):
        kept = _kept_rows(commitments)
        lines = _kept_rows(criteria)
        try:
            covenant_rubric_save(
                covenant=covenant,
                title=form.cleaned_data["title"],
                preamble=form.cleaned_data["preamble"],
                commitments=[
                    CommitmentInput(
                        text=c["text"], indicator_id=c["indicator"].pk if c["indicator"] else None
                    )
                    for c in kept
                ],
                criteria=[
                    CriterionInput(
                        kind=c["kind"],
                        title=c["title"],
                        description=c["description"],
                        max_points=c["max_points"],
                        prefill=c["prefill"] or "",
                    )
                    for c in lines
                ],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, gettext("Draft saved."))
            if "open" in request.POST:
                return covenant_open_view(request, covenant.pk)
            return redirect("covenants:covenant-edit", pk=covenant.pk)
    context = {
        "covenant": covenant,
        "form": form,
        "commitments": commitments,
        "criteria": criteria,
    }
    return render(request, "covenants/covenant_edit.html", context)


@require_POST
def covenant_open_view(request, pk):
    covenant = covenant_for_user(request.user, pk)
    try:
        covenant_open(covenant=covenant, by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("covenants:covenant-edit", pk=covenant.pk)
    messages.success(request, gettext("The covenant is open for the members' signatures."))
    return redirect("covenants:covenant-detail", pk=covenant.pk)


@require_POST
def covenant_sign_view(request, pk):
    covenant = covenant_for_user(request.user, pk)
    unit_id = query_id(request.POST, "unit")
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        messages.error(request, gettext("Choose the unit you sign for."))
        return redirect("covenants:covenant-detail", pk=covenant.pk)
    try:
        covenant_sign(covenant=covenant, unit=unit, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Signed for %(unit)s.") % {"unit": unit})
    return redirect("covenants:covenant-detail", pk=covenant.pk)


@require_POST
def covenant_reviewers_view(request, pk):
    covenant = covenant_for_user(request.user, pk)
    ids = query_ids(request.POST, "reviewers")
    try:
        covenant_reviewers_set(
            covenant=covenant, reviewers=list(User.objects.filter(pk__in=ids)), by=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Reviewers saved."))
    return redirect("covenants:covenant-detail", pk=covenant.pk)


def covenant_docx(request, pk):
    covenant = covenant_for_user(request.user, pk)
    if covenant.status != CovenantStatus.SIGNED:
        messages.error(request, gettext("The document is made once every member has signed."))
        return redirect("covenants:covenant-detail", pk=covenant.pk)
    return attachment_bytes(
        documents.covenant_docx(covenant, covenant_members(covenant)),
        filename=f"giao-uoc-{covenant.bloc.code}-{covenant.year}.docx",
        content_type=DOCX,
    )


def scorecard_detail(request, pk, unit_pk):
    """A unit's scores: the self-score form, the review form or the read-only scores."""
    scorecard = scorecard_get_for_user(request.user, pk, unit_pk)
    covenant = scorecard.covenant
    scores = list(scorecard.scores.select_related("criterion"))
    may_self = rules.test_rule("covenants.self_score", request.user, scorecard)
    may_review = rules.test_rule("covenants.review_scorecard", request.user, scorecard)
    prefills = {}
    if may_self:
        by_criterion = prefills_for(covenant, [s.criterion for s in scores])
        prefills = {
            pk: shares[scorecard.unit_id]
            for pk, shares in by_criterion.items()
            if scorecard.unit_id in shares
        }
    data = _posted(request)
    files = request.FILES if data is not None else None
    self_form = SelfScoreForm(data, files, scores=scores, prefills=prefills) if may_self else None
    review_form = ReviewForm(data, scores=scores) if may_review else None
    if request.method == "POST":
        if not (may_self or may_review):
            raise PermissionDenied
        if may_self and self_form.is_valid():
            entries = [
                ScoreInput(
                    criterion_id=s.criterion_id,
                    points=self_form.cleaned_data[f"points_{s.criterion_id}"],
                    note=self_form.cleaned_data[f"note_{s.criterion_id}"],
                    evidence=self_form.cleaned_data.get(f"evidence_{s.criterion_id}"),
                )
                for s in scores
            ]
            if _form_call(
                self_form,
                score_self_save,
                scorecard=scorecard,
                entries=entries,
                by=request.user,
                submit="submit" in request.POST,
            ):
                messages.success(
                    request,
                    gettext("Self-score sent to the bloc.")
                    if "submit" in request.POST
                    else gettext("Draft saved."),
                )
                return redirect("covenants:scorecard", pk=covenant.pk, unit_pk=scorecard.unit_id)
        elif may_review and review_form.is_valid():
            entries = [
                ScoreInput(
                    criterion_id=s.criterion_id,
                    points=review_form.cleaned_data[f"review_{s.pk}"],
                    note=review_form.cleaned_data[f"reviewnote_{s.pk}"],
                )
                for s in scores
            ]
            if _form_call(
                review_form,
                score_review_save,
                scorecard=scorecard,
                entries=entries,
                by=request.user,
            ):
                messages.success(request, gettext("Review saved."))
                return redirect("covenants:scorecard", pk=covenant.pk, unit_pk=scorecard.unit_id)
    history = ScoreChange.objects.filter(score__scorecard=scorecard).select_related(
        "score__criterion", "changed_by"
    )
    context = {
        "covenant": covenant,
        "scorecard": scorecard,
        "scores": scores,
        "self_form": self_form,
        "review_form": review_form,
        "history": history,
    }
    return render(request, "covenants/scorecard.html", context)


def score_evidence(request, pk, score_pk):
    """A bonus or penalty claim's evidence, to whoever may see that unit's scores."""
    score = score_with_evidence_get_for_user(request.user, pk, score_pk)
    return attachment_response(
        score.evidence, filename=score.evidence_name, content_type=score.evidence_type
    )


@require_POST
def covenant_review_start_view(request, pk):
    covenant = covenant_for_user(request.user, pk)
    try:
        covenant_review_start(covenant=covenant, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Self-scoring closed: the cross-review has started."))
    return redirect("covenants:covenant-detail", pk=covenant.pk)


def covenant_finalise_view(request, pk):
    """The council fixes every score (reasons for changes) and so the ranking."""
    covenant = covenant_for_user(request.user, pk)
    if not is_council(request.user):
        raise PermissionDenied
    if covenant.scoring_stage != ScoringStage.REVIEW:
        messages.error(request, gettext("The bloc has not finished its cross-review."))
        return redirect("covenants:covenant-detail", pk=covenant.pk)
    cards = (
        covenant.scorecards.select_related("unit")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("unit__name")
    )
    scores = [s for card in cards for s in card.scores.all()]
    form = ReviewForm(_posted(request), scores=scores, prefix_name="final")
    if request.method == "POST" and form.is_valid():
        entries = [
            FinalInput(
                score_id=s.pk,
                points=form.cleaned_data[f"final_{s.pk}"]
                if form.cleaned_data[f"final_{s.pk}"] is not None
                else (s.agreed_points or 0),
                note=form.cleaned_data[f"finalnote_{s.pk}"],
            )
            for s in scores
        ]
        if _form_call(form, covenant_finalise, covenant=covenant, entries=entries, by=request.user):
            messages.success(request, gettext("The scores are final and the bloc is ranked."))
            return redirect("covenants:covenant-ranking", pk=covenant.pk)
    rows = list(form.bound_rows())
    groups = [(card, [r for r in rows if r["score"].scorecard_id == card.pk]) for card in cards]
    context = {"covenant": covenant, "form": form, "groups": groups}
    return render(request, "covenants/covenant_finalise.html", context)


def covenant_ranking(request, pk):
    """The bloc's ranking: final for everybody in it, provisional for head and council."""
    covenant = covenant_for_user(request.user, pk)
    if not rules.test_rule("covenants.see_ranking", request.user, covenant):
        raise PermissionDenied
    if covenant.status != CovenantStatus.SIGNED:
        raise Http404
    nomination = flag_nomination_of(covenant)
    context = {
        "covenant": covenant,
        "rows": ranking_rows(covenant, final=covenant.is_final),
        "nomination": nomination,
        "nomination_link": nomination is not None
        and rules.test_rule("covenants.open_flag_nomination", request.user, covenant),
    }
    return render(request, "covenants/covenant_ranking.html", context)


def unit_panel(request, unit: Unit, lineage: set[int]) -> str:
    """A unit's page (blocs.panels): the covenants of the blocs where the unit or a unit
    it succeeded held a seat that year, those the user can see. One query."""
    seats = BlocMembership.objects.filter(
        unit_id__in=lineage, bloc_id=OuterRef("bloc_id"), year=OuterRef("year")
    )
    covenants = covenants_for_user(request.user).filter(Exists(seats)).order_by("-year", "title")
    context = {"covenants": list(covenants)}
    return render_to_string("covenants/_unit_panel.html", context, request=request)
