import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from mongcai.lib.params import query_id, query_int

from .forms import HeadConfirmForm, ReorganisationForm, UnitsOnForm
from .models import Unit
from .panels import bloc_panels, unit_panels
from .selectors import (
    bloc_get,
    bloc_members,
    blocs_with_members,
    head_history,
    lineage_people,
    membership_years,
    unit_get_for_user,
    unit_lineage_ids,
    unit_relations,
    units_as_of,
    units_for_user,
)
from .services import bloc_head_suggest, bloc_year_confirm, reorganisation_record


def _year_from(request, years: list[int]) -> int:
    year_param = query_id(request.GET, "year")
    if year_param in years:
        return year_param
    today_year = timezone.localdate().year
    return today_year if today_year in years or not years else years[0]


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def bloc_index(request):
    """The blocs of the user's organisers with their members and head for a year."""
    years = membership_years(request.user)
    year = _year_from(request, years)
    context = {"blocs": blocs_with_members(request.user, year=year), "year": year, "years": years}
    return render(request, "blocs/bloc_list.html", context)


def bloc_detail(request, code):
    """One bloc: the year's members and head with their term, the heads over the years,
    the sections apps above add (its covenants), and for admins the suggested head of
    the next year."""
    bloc = bloc_get(request.user, code=code)
    years = membership_years(request.user)
    year = _year_from(request, years)
    context = {
        "bloc": bloc,
        "year": year,
        "years": years,
        "members": bloc_members(bloc.pk, year),
        "history": head_history(bloc),
        "panels": bloc_panels(request, bloc, year),
    }
    if rules.test_rule("blocs.confirm_rotation", request.user):
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
    bloc = bloc_get(request.user, code=code)
    if not rules.test_rule("blocs.confirm_rotation", request.user):
        raise PermissionDenied
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


@require_GET
def unit_list(request):
    """The units in the user's scope that exist on a date (today by default)."""
    form = UnitsOnForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    elif not form.is_bound:
        form = UnitsOnForm(initial={"on": day})
    context = {"form": form, "day": day, "units": units_as_of(request.user, day)}
    return render(request, "blocs/unit_list.html", context)


@require_GET
def unit_detail(request, pk):
    """A unit: its dates, parent, predecessors and successors and the reorganisations
    with their legal basis, then what it and the units it succeeded hold: their people
    and bloc seats here, reports, tallies, covenants and awards from the apps above
    (blocs.panels.unit_panels). 404 outside the user's scope."""
    unit = unit_get_for_user(request.user, pk)
    lineage = unit_lineage_ids(unit)
    relations = unit_relations(unit)
    others = [u.pk for u in relations["predecessors"] + relations["successors"]]
    context = {
        "unit": unit,
        **relations,
        # The neighbours whose page the user may open are linked.
        "readable": set(
            units_for_user(request.user).filter(pk__in=others).values_list("pk", flat=True)
        ),
        **lineage_people(request.user, lineage),
        "panels": unit_panels(request, unit, lineage),
    }
    return render(request, "blocs/unit_detail.html", context)


def reorganisation_create(request):
    """The admin records a merge, a split or an end (blocs.services.reorganisation_record)."""
    if not rules.test_rule("blocs.record_reorganisation", request.user):
        raise PermissionDenied
    form = ReorganisationForm(request.POST or None, units=units_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = reorganisation_record(
                kind=data["kind"],
                effective_on=data["effective_on"],
                ending=list(data["ending"]),
                successors=list(data["successors"]),
                legal_basis=data["legal_basis"],
                source_url=data["source_url"],
                verified=data["verified"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                gettext("The reorganisation of %(date)s is recorded.")
                % {"date": event.effective_on.strftime("%d/%m/%Y")},
            )
            first = (list(data["successors"]) or list(data["ending"]))[0]
            return redirect("blocs:unit-detail", pk=first.pk)
    return render(request, "blocs/reorganisation_form.html", {"form": form})
