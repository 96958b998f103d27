"""The nominee's dossier (awards.dossiers): every derived figure traced to its source,
typed figures said so, confirmation by the unit's head only and frozen after it
(docs/awards.md, "The dossier")."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from django.utils import timezone
from docx import Document

from awards import dossiers
from awards.models import (
    Decision,
    DecisionRecipient,
    Dossier,
    DossierEvent,
    FigureSource,
    Initiative,
)
from campaigns.models import Report, Tally
from campaigns.services import tally_recompute
from covenants.models import Covenant, Scorecard
from tests.awards.conftest import propose
from tests.factories import PeriodFactory, ReportValueFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def head_a(unit_a):
    """Unit A's head (thủ trưởng): an account linked by Unit.heads, not its secretary."""
    user = UserFactory(username="hung", full_name="Hùng (thủ trưởng A)")
    unit_a.heads.add(user)
    return user


@pytest.fixture
def figures_2023(
    campaign, bloc, unit_a, unit_b, period, campaign_indicator, admin_user, city_authority
):
    """Two months of unit A's approved reports, a final covenant (A first of two), and a
    decision of 2022 that gave person A a Giấy khen."""
    april = PeriodFactory(
        campaign=campaign,
        label="Tháng 04/2023",
        starts_on=dt.date(2023, 3, 15),
        ends_on=dt.date(2023, 4, 14),
    )
    for month, value in ((period, "30"), (april, "40.5")):
        report = Report.objects.create(
            unit=unit_a,
            period=month,
            status="approved",
            submitted_at=timezone.now(),
            reviewed_at=timezone.now(),
        )
        ReportValueFactory(
            report=report, indicator=campaign_indicator.indicator, value=Decimal(value)
        )
    tally_recompute(campaign=campaign)
    covenant = Covenant.objects.create(
        bloc=bloc,
        campaign=campaign,
        year=2023,
        title="Giao ước thi đua năm 2023",
        status="signed",
        scoring_stage="final",
    )
    Scorecard.objects.create(covenant=covenant, unit=unit_a, total=Decimal("92.50"), rank=1)
    Scorecard.objects.create(covenant=covenant, unit=unit_b, total=Decimal("88"), rank=2)
    return {"april": april, "covenant": covenant}


@pytest.fixture
def nomination(
    secretary_a, unit_a, person_a, catalogue, campaign, figures_2023, admin_user, city_authority
):
    decision = Decision.objects.create(
        authority=city_authority,
        number=77,
        year=2022,
        decided_on=dt.date(2022, 12, 20),
        kind="regular",
        campaign=campaign,
        summary="Về việc khen thưởng năm 2022",
        signer_name="Lê Văn A",
        signer_position="Chủ tịch",
        status="issued",
        created_by=admin_user,
    )
    DecisionRecipient.objects.create(
        decision=decision,
        recipient_kind="individual",
        person=person_a,
        unit=unit_a,
        title=catalogue["giay-khen-ca-nhan"],
        campaign=campaign,
        year=2022,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2022",
    )
    Initiative.objects.create(
        person=person_a, year=2023, name="Số hóa hồ sơ một cửa", recognised_by="UBND phường"
    )
    return propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["giay-khen-ca-nhan"],
        campaign,
        achievement="Hoàn thành xuất sắc nhiệm vụ năm 2023",
        year=2023,
    )


@pytest.fixture
def dossier(nomination, secretary_a):
    return dossiers.dossier_draft(nomination=nomination, user=secretary_a)


def test_every_derived_figure_links_to_its_source_and_equals_it(
    dossier, campaign, unit_a, figures_2023, client, admin_user
):
    figures = list(dossier.figures.all())
    by_source = {}
    for figure in figures:
        by_source.setdefault(figure.source, []).append(figure)
    assert set(by_source) == {
        FigureSource.TALLY,
        FigureSource.SCORECARD,
        FigureSource.DECISION,
        FigureSource.INITIATIVE,
    }
    assert not any(f.typed for f in figures)
    client.force_login(admin_user)
    for figure in figures:
        match = resolve(urlparse(figure.link).path)  # the link resolves
        assert client.get(figure.link).status_code == 200, figure.link
        if figure.source == FigureSource.TALLY:
            tallies = list(Tally.objects.filter(pk__in=figure.source_ids).order_by("period"))
            assert match.view_name == "campaigns:dashboard-unit"
            assert match.kwargs == {"pk": campaign.pk, "unit_pk": unit_a.pk}
            assert {t.node_id for t in tallies} == {unit_a.pk}
            # A flow adds up over the year's months: 30 + 40,5.
            assert figure.value == sum(t.value for t in tallies) == Decimal("70.5")
            assert figure.target == tallies[-1].target
        elif figure.source == FigureSource.SCORECARD:
            card = Scorecard.objects.get(pk=figure.source_ids[0])
            if match.view_name == "covenants:scorecard":
                assert figure.value == card.total == Decimal("92.50")
                assert match.kwargs == {"pk": card.covenant_id, "unit_pk": unit_a.pk}
            else:
                assert match.view_name == "covenants:covenant-ranking"
                assert figure.value == card.rank == 1
                assert figure.unit_of_measure == "/2"
        elif figure.source == FigureSource.DECISION:
            decision = Decision.objects.get(pk=figure.source_ids[0])
            assert match.view_name == "awards:decision-detail"
            assert match.kwargs == {"pk": decision.pk}
            assert f"Quyết định số {decision.reference} ngày 20/12/2022" in figure.note
        else:
            assert match.view_name == "awards:person-history"
            assert Initiative.objects.get(pk=figure.source_ids[0]).name in figure.label


def test_the_year_tally_is_the_source_when_the_campaign_has_one(
    nomination, secretary_a, campaign, unit_a
):
    year = PeriodFactory(
        campaign=campaign,
        kind="year",
        label="Năm 2023",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 10, 30),
    )
    tally_recompute(campaign=campaign)
    dossier = dossiers.dossier_draft(nomination=nomination, user=secretary_a)
    figure = dossier.figures.get(source=FigureSource.TALLY)
    tally = Tally.objects.get(pk__in=figure.source_ids)
    assert tally.period == year and tally.node_id == unit_a.pk
    assert figure.value == tally.value
    assert figure.link.endswith(f"?period={year.pk}")


def test_editing_a_derived_number_marks_it_typed(dossier, secretary_a):
    figure = dossier.figures.get(source=FigureSource.TALLY)
    dossiers.dossier_edit(
        dossier=dossier,
        user=secretary_a,
        version=dossier.version,
        texts={"measures": "Cải cách thủ tục hành chính."},
        values={figure.pk: Decimal("75")},
        new_figure={
            "label": "Số lượt tiếp dân",
            "value": Decimal("1234.5"),
            "unit_of_measure": "lượt",
        },
    )
    figure.refresh_from_db()
    dossier.refresh_from_db()
    assert figure.typed and figure.value == 75 and figure.derived_value == Decimal("70.5")
    assert figure.link  # the source stays, for whoever checks the typed value
    typed = dossier.figures.get(source=FigureSource.TYPED)
    assert typed.typed and typed.value == Decimal("1234.5") and typed.decimals == 1
    assert dossier.measures == "Cải cách thủ tục hành chính."
    # Typing the derived value back makes it derived again.
    dossiers.dossier_edit(
        dossier=dossier,
        user=secretary_a,
        version=dossier.version,
        texts={},
        values={figure.pk: Decimal("70.5")},
    )
    figure.refresh_from_db()
    assert not figure.typed
    # Redrafting keeps the typed figure and the texts, and refreshes the derived ones.
    dossiers.dossier_draft(nomination=dossier.nomination, user=secretary_a)
    dossier.refresh_from_db()
    assert dossier.figures.filter(source=FigureSource.TYPED).count() == 1
    assert dossier.figures.filter(source=FigureSource.TALLY).count() == 1
    assert dossier.measures == "Cải cách thủ tục hành chính."


def test_a_stale_edit_is_refused(dossier, secretary_a):
    old = dossier.version
    dossiers.dossier_edit(
        dossier=dossier, user=secretary_a, version=old, texts={"overview": "A"}, values={}
    )
    with pytest.raises(ValidationError, match="Someone saved"):
        dossiers.dossier_edit(
            dossier=dossier, user=secretary_a, version=old, texts={"overview": "B"}, values={}
        )
    dossier.refresh_from_db()
    assert dossier.overview == "A"


def test_only_the_units_secretary_drafts_and_edits(nomination, secretary_b, head_a):
    for user in (secretary_b, head_a):
        with pytest.raises(PermissionDenied):
            dossiers.dossier_draft(nomination=nomination, user=user)
    assert not Dossier.objects.exists()


def test_only_the_head_confirms_and_it_is_recorded(dossier, secretary_a, head_a, council_member):
    for user in (secretary_a, council_member):
        with pytest.raises(PermissionDenied):
            dossiers.dossier_confirm(dossier=dossier, user=user)
    dossiers.dossier_confirm(dossier=dossier, user=head_a)
    dossier.refresh_from_db()
    assert dossier.is_confirmed and dossier.confirmed_by == head_a and dossier.confirmed_at
    event = DossierEvent.objects.get(dossier=dossier, kind="confirmed")
    assert event.user == head_a and event.at == dossier.confirmed_at


def test_a_confirmed_dossier_is_frozen_until_reopened_with_a_reason(dossier, secretary_a, head_a):
    dossiers.dossier_confirm(dossier=dossier, user=head_a)
    dossier.refresh_from_db()
    figure = dossier.figures.first()
    with pytest.raises(ValidationError, match="confirmed"):
        dossiers.dossier_edit(
            dossier=dossier,
            user=secretary_a,
            version=dossier.version,
            texts={"overview": "changed"},
            values={figure.pk: Decimal(1)},
        )
    with pytest.raises(ValidationError, match="confirmed"):
        dossiers.dossier_draft(nomination=dossier.nomination, user=secretary_a)
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(ValidationError, match="confirmed"):
        dossiers.dossier_file_add(dossier=dossier, user=secretary_a, uploaded=pdf)
    with pytest.raises(PermissionDenied):
        dossiers.dossier_reopen(dossier=dossier, user=secretary_a, reason="sửa số liệu")
    with pytest.raises(ValidationError, match="Say why"):
        dossiers.dossier_reopen(dossier=dossier, user=head_a, reason="  ")
    dossier.refresh_from_db()
    assert dossier.is_confirmed and dossier.overview != "changed"
    assert dossier.figures.get(pk=figure.pk).value == figure.value
    dossiers.dossier_reopen(dossier=dossier, user=head_a, reason="Bổ sung số liệu tháng 4")
    dossier.refresh_from_db()
    assert not dossier.is_confirmed and dossier.confirmed_by is None
    assert dossier.events.get(kind="reopened").comment == "Bổ sung số liệu tháng 4"


def test_the_report_and_the_proposal_as_docx(dossier, secretary_a, head_a):
    figure = dossier.figures.get(source=FigureSource.TALLY)
    dossiers.dossier_edit(
        dossier=dossier,
        user=secretary_a,
        version=dossier.version,
        texts={},
        values={figure.pk: Decimal("75")},
    )
    dossiers.dossier_confirm(dossier=Dossier.objects.get(pk=dossier.pk), user=head_a)
    dossier = Dossier.objects.get(pk=dossier.pk)
    from awards import dossier_document

    report = Document(io.BytesIO(dossier_document.report_docx(dossier)))
    text = "\n".join(p.text for p in report.paragraphs)
    cells = "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "BÁO CÁO THÀNH TÍCH" in text
    for heading in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC"):
        assert heading in text
    assert "Mẫu số 02, Nghị định số 91/2017/NĐ-CP" in text
    assert "75 lượt" in cells and "Do đơn vị nhập" in cells
    assert "92,50 điểm" in cells and "1/2" in cells
    assert "trừ 01 số liệu do đơn vị nhập" in text
    assert "Hùng (thủ trưởng A)" in cells
    proposal = Document(io.BytesIO(dossier_document.proposal_docx(dossier)))
    text = "\n".join(p.text for p in proposal.paragraphs)
    assert "TỜ TRÌNH" in text and "Về việc đề nghị tặng Giấy khen" in text
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng" in text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_saving_the_form_untouched_marks_nothing_typed(dossier, secretary_a, language):
    from django.utils import translation

    from awards.forms import DossierForm

    figures = list(dossier.figures.all())
    with translation.override(language):
        unbound = DossierForm(figures=figures)
        data = {name: field.initial for name, field in unbound.fields.items() if field.initial}
        tally = next(f for f in figures if f.source == FigureSource.TALLY)
        assert data[f"figure_{tally.pk}"] == ("70,5" if language == "vi" else "70.5")
        data["version"] = dossier.version
        form = DossierForm(data, figures=figures)
        assert form.is_valid(), form.errors
    dossiers.dossier_edit(
        dossier=dossier,
        user=secretary_a,
        version=dossier.version,
        texts={},
        values=form.cleaned_data["values"],
    )
    assert not dossier.figures.filter(typed=True).exists()
