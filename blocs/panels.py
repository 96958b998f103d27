"""Sections that apps above the organisation add to a bloc's page (its covenants).

The organisation cannot import those apps: they stand on it. So an app's config
names its section by dotted path in `bloc_panel`, a function
`(request, bloc, year) -> html`, and the bloc's page renders each of them in
the order of INSTALLED_APPS.
"""

from django.apps import apps
from django.utils.module_loading import import_string

from .models import Bloc, Unit


def bloc_panels(request, bloc: Bloc, year: int) -> list[str]:
    return [
        import_string(config.bloc_panel)(request, bloc, year)
        for config in apps.get_app_configs()
        if getattr(config, "bloc_panel", None)
    ]


def unit_panels(request, unit: Unit, lineage: set[int]) -> list[str]:
    """The sections apps above add to a unit's page: what the unit and the units it
    succeeded (`lineage`, blocs.selectors.unit_lineage_ids) hold in each app, each
    scoped to what the user may read. An app names its function
    `(request, unit, lineage) -> html` in `unit_panel`."""
    return [
        import_string(config.unit_panel)(request, unit, lineage)
        for config in apps.get_app_configs()
        if getattr(config, "unit_panel", None)
    ]
