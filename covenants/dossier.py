"""The bloc's covenant score and rank in a nominee's dossier (awards.dossiers).

Awards stands below covenants and cannot read them: covenants' config names this
function in `dossier_figures`, and the dossier's draft calls it (as blocs.panels)."""

from django.urls import reverse

from awards.dossiers import FigureDraft, figure_unit
from awards.models import FigureSection, FigureSource, Nomination

from .models import Scorecard, ScoringStage


def dossier_figures(nomination: Nomination) -> list[FigureDraft]:
    """The unit's final score and rank in its bloc's covenants of the nomination's year
    (a covenant's scores count once the council has finalised them)."""
    unit = figure_unit(nomination)
    figures = []
    for card in (
        Scorecard.objects.filter(
            unit=unit,
            covenant__year=nomination.year,
            covenant__scoring_stage=ScoringStage.FINAL,
            total__isnull=False,
        )
        .select_related("covenant__bloc")
        .order_by("covenant__bloc__order", "pk")
    ):
        covenant = card.covenant
        members = covenant.scorecards.filter(rank__isnull=False).count()
        where = f"{covenant.title}, {covenant.bloc.name}"
        figures.append(
            FigureDraft(
                section=FigureSection.COVENANT,
                label=f"Điểm chấm giao ước thi đua năm {covenant.year} ({covenant.bloc.name})",
                value=card.total,
                unit_of_measure="điểm",
                decimals=2 if card.total != card.total.to_integral_value() else 0,
                source=FigureSource.SCORECARD,
                source_ids=[card.pk],
                source_label=f"Bảng điểm #{card.pk}: {where}",
                link=reverse("covenants:scorecard", args=[covenant.pk, unit.pk]),
            )
        )
        if card.rank is not None:
            figures.append(
                FigureDraft(
                    section=FigureSection.COVENANT,
                    label=f"Xếp hạng trong khối năm {covenant.year} ({covenant.bloc.name})",
                    value=card.rank,
                    unit_of_measure=f"/{members}",
                    source=FigureSource.SCORECARD,
                    source_ids=[card.pk],
                    source_label=f"Xếp hạng: {where}",
                    link=reverse("covenants:covenant-ranking", args=[covenant.pk]),
                )
            )
    return figures
