from django.shortcuts import render
from django.utils import timezone

from .selectors import blocs_with_members, membership_years


def bloc_index(request):
    """Every bloc with its members and head for a year (public to signed-in users)."""
    years = membership_years()
    year_param = request.GET.get("year", "")
    if year_param.isdigit() and int(year_param) in years:
        year = int(year_param)
    else:
        today_year = timezone.localdate().year
        year = today_year if today_year in years or not years else years[0]
    context = {"blocs": blocs_with_members(year=year), "year": year, "years": years}
    return render(request, "blocs/bloc_list.html", context)
