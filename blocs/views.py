from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from campaigns.models import Campaign, CampaignIndicator, Indicator, Target, TargetScope
from mongcai.accounts.models import User
from mongcai.lib.files import DOCX, attachment_bytes, attachment_response
from mongcai.lib.params import query_id, query_ids, query_int

from . import documents
from .forms import (
    CommitmentFormSet,
    CovenantCreateForm,
    CovenantForm,
    CriterionFormSet,
    HeadConfirmForm,
    ReviewForm,
    SelfScoreForm,
)
from .models import Bloc, BlocMembership, CovenantStatus, Score, Scorecard, ScoreChange, Unit
from .selectors import (
    bloc_members,
    blocs_with_members,
    covenant_for_user,
    covenant_members,
    covenants_for_user,
    flag_nomination_of,
    head_history,
    membership_years,
)
from .services import (
    CommitmentInput,
    CriterionInput,
    FinalInput,
    ScoreInput,
    bloc_head_suggest,
    bloc_year_confirm,
    covenant_create,
    covenant_finalise,
    covenant_open,
    covenant_review_start,
    covenant_reviewers_set,
    covenant_rubric_save,
    covenant_sign,
    prefills_for,
    ranking_rows,
    score_review_save,
    score_self_save,
)


def _year_from(request, years: list[int]) -> int:
    year_param = query_id(request.GET, "year")
    if year_param in years:
        return year_param
    today_year = timezone.localdate().year
    return today_year if today_year in years or not years else years[0]


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


def bloc_index(request):
    """Every bloc with its members and head for a year (public to signed-in users)."""
    years = membership_years()
    year = _year_from(request, years)
    context = {"blocs": blocs_with_members(year=year), "year": year, "years": years}
    return render(request, "blocs/bloc_list.html", context)


def bloc_detail(request, code):
    """One bloc: the year's members and head with their term, the heads over the years,
    the covenants, and for admins the suggested head of the next year."""
    bloc = get_object_or_404(Bloc, code=code)
    years = membership_years()
    year = _year_from(request, years)
    context = {
        "bloc": bloc,
        "year": year,
        "years": years,
        "members": bloc_members(bloc.pk, year),
        "history": head_history(bloc),
        "covenants": covenants_for_user(request.user).filter(bloc=bloc),
        "can_draft": request.user.is_admin_role
        or BlocMembership.objects.filter(
            bloc=bloc, role="head", unit__secretaries=request.user
        ).exists(),
    }
    if request.user.is_admin_role:
        next_year = (max(years) if years else timezone.localdate().year) + 1
        suggestion = bloc_head_suggest(bloc=bloc, year=next_year)
        context["suggestion"] = suggestion
        if suggestion.members:
            context["confirm_form"] = HeadConfirmForm(
                units=Unit.objects.filter(pk__in=[u.pk for u in suggestion.members]),
                initial={"year": next_year, "head": suggestion.head, "deputy": suggestion.deputy},
            )
    return render(request, "blocs/bloc_detail.html", context)


@require_POST
def bloc_rotate(request, code):
    """The admin confirms the next year's head and deputy (the suggestion or others)."""
    if not request.user.is_admin_role:
        raise PermissionDenied
    bloc = get_object_or_404(Bloc, code=code)
    year = query_int(request.POST, "year", minimum=2000, maximum=2100)
    if year is None:
        raise Http404
    suggestion = bloc_head_suggest(bloc=bloc, year=year)
    form = HeadConfirmForm(
        request.POST, units=Unit.objects.filter(pk__in=[u.pk for u in suggestion.members])
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("blocs:bloc-detail", code=bloc.code)
    try:
        bloc_year_confirm(
            bloc=bloc,
            year=form.cleaned_data["year"],
            head=form.cleaned_data["head"],
            deputy=form.cleaned_data["deputy"],
            by=request.user,
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            gettext("%(unit)s heads the bloc in %(year)s.")
            % {"unit": form.cleaned_data["head"], "year": form.cleaned_data["year"]},
        )
    return redirect(f"{bloc.get_absolute_url()}?year={form.cleaned_data['year']}")


def covenant_index(request):
    covenants = covenants_for_user(request.user).order_by("-year", "bloc__order")
    return render(request, "blocs/covenant_list.html", {"covenants": covenants})


def covenant_new(request, code):
    """The bloc head (or an admin) starts a covenant for a campaign and year."""
    bloc = get_object_or_404(Bloc, code=code)
    head_years = list(
        BlocMembership.objects.filter(
            bloc=bloc, role="head", unit__secretaries=request.user
        ).values_list("year", flat=True)
    )
    years = membership_years() if request.user.is_admin_role else sorted(head_years, reverse=True)
    if not years:
        raise PermissionDenied
    form = CovenantCreateForm(
        _posted(request), campaigns=Campaign.objects.order_by("-starts_on"), years=years
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
            return redirect("blocs:covenant-edit", pk=covenant.pk)
    return render(request, "blocs/covenant_new.html", {"bloc": bloc, "form": form})


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
    covenant, access = covenant_for_user(request.user, pk)
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
        "access": access,
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
        "scorecards": covenant.scorecards.select_related("unit").order_by("unit__name")
        if access.sees_whole_bloc
        else covenant.scorecards.select_related("unit").filter(unit_id__in=access.member_unit_ids),
        "reviewer_choices": User.objects.filter(
            units__in=[m.unit_id for m in members], is_active=True
        )
        .distinct()
        .order_by("full_name")
        if access.is_head and not covenant.is_final
        else [],
        "reviewers": covenant.reviewers.all(),
    }
    return render(request, "blocs/covenant_detail.html", context)


def _kept_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def covenant_edit(request, pk):
    """The head drafts the text, the commitments and the rubric (while still a draft)."""
    covenant, access = covenant_for_user(request.user, pk)
    if not access.can_draft:
        raise PermissionDenied
    if not covenant.is_editable:
        messages.error(request, gettext("The covenant is no longer a draft; it cannot change."))
        return redirect("blocs:covenant-detail", pk=covenant.pk)
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
            return redirect("blocs:covenant-edit", pk=covenant.pk)
    context = {
        "covenant": covenant,
        "form": form,
        "commitments": commitments,
        "criteria": criteria,
    }
    return render(request, "blocs/covenant_edit.html", context)


@require_POST
def covenant_open_view(request, pk):
    covenant, _access = covenant_for_user(request.user, pk)
    try:
        covenant_open(covenant=covenant, by=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("blocs:covenant-edit", pk=covenant.pk)
    messages.success(request, gettext("The covenant is open for the members' signatures."))
    return redirect("blocs:covenant-detail", pk=covenant.pk)


@require_POST
def covenant_sign_view(request, pk):
    covenant, _access = covenant_for_user(request.user, pk)
    unit_id = query_id(request.POST, "unit")
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        messages.error(request, gettext("Choose the unit you sign for."))
        return redirect("blocs:covenant-detail", pk=covenant.pk)
    try:
        covenant_sign(covenant=covenant, unit=unit, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Signed for %(unit)s.") % {"unit": unit})
    return redirect("blocs:covenant-detail", pk=covenant.pk)


@require_POST
def covenant_reviewers_view(request, pk):
    covenant, _access = covenant_for_user(request.user, pk)
    ids = query_ids(request.POST, "reviewers")
    try:
        covenant_reviewers_set(
            covenant=covenant, reviewers=list(User.objects.filter(pk__in=ids)), by=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Reviewers saved."))
    return redirect("blocs:covenant-detail", pk=covenant.pk)


def covenant_docx(request, pk):
    covenant, _access = covenant_for_user(request.user, pk)
    if covenant.status != CovenantStatus.SIGNED:
        messages.error(request, gettext("The document is made once every member has signed."))
        return redirect("blocs:covenant-detail", pk=covenant.pk)
    return attachment_bytes(
        documents.covenant_docx(covenant, covenant_members(covenant)),
        filename=f"giao-uoc-{covenant.bloc.code}-{covenant.year}.docx",
        content_type=DOCX,
    )


def _scorecard(request, pk, unit_pk):
    covenant, access = covenant_for_user(request.user, pk)
    if not access.may_see_unit(int(unit_pk)):
        raise Http404
    scorecard = get_object_or_404(
        Scorecard.objects.select_related("unit"), covenant=covenant, unit_id=unit_pk
    )
    return covenant, access, scorecard


def scorecard_detail(request, pk, unit_pk):
    """A unit's scores: the self-score form, the review form or the read-only scores."""
    covenant, access, scorecard = _scorecard(request, pk, unit_pk)
    scores = list(scorecard.scores.select_related("criterion"))
    own = scorecard.unit_id in access.member_unit_ids
    may_self = (
        own
        and covenant.scoring_stage == "self"
        and scorecard.self_submitted_at is None
        and request.user.units.filter(pk=scorecard.unit_id).exists()
    )
    may_review = covenant.scoring_stage == "review" and access.can_review and not own
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
                return redirect("blocs:scorecard", pk=covenant.pk, unit_pk=scorecard.unit_id)
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
                return redirect("blocs:scorecard", pk=covenant.pk, unit_pk=scorecard.unit_id)
    history = ScoreChange.objects.filter(score__scorecard=scorecard).select_related(
        "score__criterion", "changed_by"
    )
    context = {
        "covenant": covenant,
        "access": access,
        "scorecard": scorecard,
        "scores": scores,
        "self_form": self_form,
        "review_form": review_form,
        "history": history,
    }
    return render(request, "blocs/scorecard.html", context)


def score_evidence(request, pk, score_pk):
    """A bonus or penalty claim's evidence, to whoever may see that unit's scores."""
    covenant, access = covenant_for_user(request.user, pk)
    score = get_object_or_404(
        Score.objects.select_related("scorecard"), pk=score_pk, scorecard__covenant=covenant
    )
    if not access.may_see_unit(score.scorecard.unit_id) or not score.evidence:
        raise Http404
    return attachment_response(
        score.evidence, filename=score.evidence_name, content_type=score.evidence_type
    )


@require_POST
def covenant_review_start_view(request, pk):
    covenant, _access = covenant_for_user(request.user, pk)
    try:
        covenant_review_start(covenant=covenant, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, gettext("Self-scoring closed: the cross-review has started."))
    return redirect("blocs:covenant-detail", pk=covenant.pk)


def covenant_finalise_view(request, pk):
    """The council fixes every score (reasons for changes) and so the ranking."""
    covenant, access = covenant_for_user(request.user, pk)
    if not access.is_council:
        raise PermissionDenied
    if covenant.scoring_stage != "review":
        messages.error(request, gettext("The bloc has not finished its cross-review."))
        return redirect("blocs:covenant-detail", pk=covenant.pk)
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
            return redirect("blocs:covenant-ranking", pk=covenant.pk)
    rows = list(form.bound_rows())
    groups = [(card, [r for r in rows if r["score"].scorecard_id == card.pk]) for card in cards]
    context = {"covenant": covenant, "form": form, "groups": groups}
    return render(request, "blocs/covenant_finalise.html", context)


def covenant_ranking(request, pk):
    """The bloc's ranking: final for everybody in it, provisional for head and council."""
    covenant, access = covenant_for_user(request.user, pk)
    if not covenant.is_final and not access.sees_whole_bloc:
        raise PermissionDenied
    if covenant.status != CovenantStatus.SIGNED:
        raise Http404
    nomination = flag_nomination_of(covenant)
    context = {
        "covenant": covenant,
        "access": access,
        "rows": ranking_rows(covenant, final=covenant.is_final),
        "nomination": nomination,
        "nomination_link": nomination is not None
        and (
            access.is_council or access.is_admin or covenant.flag_unit_id in access.member_unit_ids
        ),
    }
    return render(request, "blocs/covenant_ranking.html", context)
