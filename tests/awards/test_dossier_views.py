"""The dossier's pages per role: the unit's secretary drafts and edits, the unit's head
confirms, the council reads it from the session's agenda, outsiders get 404
(docs/awards.md, "The dossier")."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from awards.models import Dossier, FigureSource
from tests.awards.conftest import propose
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_a(unit_a):
    user = UserFactory(username="hung", full_name="Hùng (thủ trưởng A)")
    unit_a.heads.add(user)
    return user


@pytest.fixture
def nomination(secretary_a, unit_a, person_a, catalogue, campaign):
    return propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)


def url(nomination, action=""):
    return f"/awards/nominations/{nomination.pk}/dossier/{action}"


def test_the_secretary_drafts_edits_and_the_head_confirms(client, nomination, secretary_a, head_a):
    client.force_login(secretary_a)
    page = client.get(url(nomination)).text
    assert 'data-testid="draft"' in page
    assert client.post(url(nomination, "draft/")).status_code == 302
    dossier = Dossier.objects.get(nomination=nomination)
    assert dossier.drafted_by == secretary_a and dossier.status == "draft"
    response = client.post(
        url(nomination, "edit/"),
        {
            "version": dossier.version,
            "overview": "Họ và tên: Nguyễn Văn An",
            "achievements": "Hoàn thành xuất sắc",
            "measures": "",
            "proposal": "Kính đề nghị",
            "new_label": "Số hồ sơ giải quyết",
            "new_value": "1.234,5",
            "new_unit": "hồ sơ",
        },
    )
    assert response.status_code == 302
    typed = dossier.figures.get(source=FigureSource.TYPED)
    assert typed.value == 1234.5 and typed.typed
    page = client.get(url(nomination)).text
    assert 'data-testid="typed"' in page and "Số hồ sơ giải quyết" in page
    assert 'data-testid="confirm-form"' not in page  # the secretary cannot confirm
    assert client.post(url(nomination, "confirm/")).status_code == 403
    client.force_login(head_a)
    page = client.get(url(nomination)).text
    assert 'data-testid="confirm-form"' in page and 'data-testid="edit"' not in page
    assert client.get(url(nomination, "edit/")).status_code == 403
    assert client.post(url(nomination, "confirm/")).status_code == 302
    dossier.refresh_from_db()
    assert dossier.confirmed_by == head_a
    client.force_login(secretary_a)
    assert client.get(url(nomination, "edit/")).status_code == 403  # frozen
    assert 'data-testid="draft"' not in client.get(url(nomination)).text
    # The head's list shows it; the report names the head under the confirmation.
    client.force_login(head_a)
    assert "Nguyễn Văn An" in client.get("/awards/dossiers/").text
    report = Document(io.BytesIO(client.get(url(nomination, "report.docx")).content))
    cells = "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "Hùng (thủ trưởng A)" in cells


def test_bad_input_is_refused_with_a_message_and_nothing_changes(client, nomination, secretary_a):
    client.force_login(secretary_a)
    client.post(url(nomination, "draft/"))
    dossier = Dossier.objects.get(nomination=nomination)
    before = dossier.version
    response = client.post(
        url(nomination, "edit/"),
        {"version": before, "overview": "x", "new_label": "", "new_value": "1,234.5"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.text or "invalid-feedback" in response.text
    dossier.refresh_from_db()
    assert dossier.version == before and dossier.overview != "x"
    # A file that is not what it says is refused, with its name.
    fake = SimpleUploadedFile("minh-chung.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url(nomination, "files/"), {"files": [fake]}, follow=True)
    assert "minh-chung.pdf" in response.text
    assert not dossier.files.exists()
    pdf = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(url(nomination, "files/"), {"files": [pdf]})
    attached = dossier.files.get()
    assert client.get(f"/awards/dossier-files/{attached.pk}/").status_code == 200


def test_outsiders_and_the_council(client, nomination, secretary_a, secretary_b, council_member):
    client.force_login(secretary_a)
    client.post(url(nomination, "draft/"))
    client.force_login(secretary_b)
    assert client.get(url(nomination)).status_code == 404
    assert client.post(url(nomination, "draft/")).status_code == 404
    assert "Nguyễn Văn An" not in client.get("/awards/dossiers/").text
    client.force_login(council_member)
    page = client.get(url(nomination)).text
    assert 'data-testid="dossier-status"' in page and "Nguyễn Văn An" in page
    assert 'data-testid="confirm-form"' not in page and 'data-testid="draft"' not in page
    assert client.post(url(nomination, "confirm/")).status_code == 403
    assert client.get(url(nomination, "proposal.docx")).status_code == 200
    assert client.get(url(nomination, "other.docx")).status_code == 404


def test_the_sessions_agenda_shows_each_dossier(
    client, nomination, secretary_a, head_a, council_member, city
):
    from awards import dossiers, sessions

    dossier = dossiers.dossier_draft(nomination=nomination, user=secretary_a)
    dossiers.dossier_confirm(dossier=dossier, user=head_a)
    session = sessions.session_create(
        user=council_member,
        organiser=city,
        name="Phiên họp",
        held_on=nomination.proposed_at.date(),
        place="Phòng họp",
        members=[council_member],
        nominations=[nomination],
        quorum="two_thirds",
        majority="more_than_half",
    )
    client.force_login(council_member)
    page = client.get(f"/awards/sessions/{session.pk}/").text
    assert f'href="/awards/nominations/{nomination.pk}/dossier/"' in page
    assert 'data-testid="agenda-dossier"' in page


def test_the_heads_home_page_lists_the_drafts_to_confirm(client, nomination, secretary_a, head_a):
    from awards import dossiers

    client.force_login(head_a)
    assert 'data-testid="todo-dossier"' not in client.get("/").text
    dossier = dossiers.dossier_draft(nomination=nomination, user=secretary_a)
    page = client.get("/").text
    assert 'data-testid="todo-dossier"' in page and f"/awards/nominations/{nomination.pk}/" in page
    dossiers.dossier_confirm(dossier=dossier, user=head_a)
    assert 'data-testid="todo-dossier"' not in client.get("/").text


def test_the_dossier_list_reads_in_a_fixed_number_of_queries(
    client, secretary_a, unit_a, catalogue, campaign, django_assert_max_num_queries
):
    from awards import dossiers, services

    for n in range(6):
        person = services.person_save(full_name=f"Người {n}", unit=unit_a, position="")
        nomination = propose(secretary_a, unit_a, person, catalogue["giay-khen-ca-nhan"], campaign)
        dossiers.dossier_draft(nomination=nomination, user=secretary_a)
    client.force_login(secretary_a)
    with django_assert_max_num_queries(12):
        page = client.get("/awards/dossiers/").text
    assert page.count("/dossier/") >= 6


def test_each_reader_follows_a_figure_to_a_source_page_they_may_open(
    client, nomination, secretary_a, head_a, council_member, admin_user, unit_a, campaign, draft
):
    """A tally's figure links to the council's unit dashboard, an earlier award's to the
    admin's decision page; the unit's secretary, who may open neither, is led to the unit's
    approved reports and to the nominee's awards instead (not to a 403), and the unit's
    head, who reads neither, sees the sources named."""
    client.force_login(secretary_a)
    client.post(url(nomination, "draft/"))
    dossier = Dossier.objects.get(nomination=nomination)
    dashboard = f"/campaigns/{campaign.pk}/dashboard/units/{unit_a.pk}/"
    dossier.figures.create(
        section="indicators",
        label="LV-NS – Thu ngân sách",
        value=120,
        source=FigureSource.TALLY,
        source_label="Số liệu tổng hợp #1",
        link=dashboard,
    )
    dossier.figures.create(
        section="awards",
        label="Giấy khen năm 2023",
        source=FigureSource.DECISION,
        source_label=f"Quyết định {draft.reference}",
        link=f"/awards/decisions/{draft.pk}/",
    )
    expected = {
        secretary_a: [
            f"/campaigns/reports/?unit={unit_a.pk}&amp;status=approved",
            f"/awards/people/{nomination.person_id}/",
        ],
        head_a: [],  # the sources named, without a link
        council_member: [dashboard, f"/awards/people/{nomination.person_id}/"],
        admin_user: [dashboard, f"/awards/decisions/{draft.pk}/"],
    }
    for user, links in expected.items():
        client.force_login(user)
        page = client.get(url(nomination)).text
        shown = re.findall(r'<a href="([^"]+)" data-testid="source-link">', page)
        assert shown == links, user
        assert "Số liệu tổng hợp #1" in page
    # The secretary's pages open (the council's dashboard link: tests/browser/test_dossier_flow).
    client.force_login(secretary_a)
    for link in expected[secretary_a]:
        page = client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200, link


@pytest.mark.parametrize("reader", ["secretary_a", "council_member", "admin_user"])
def test_the_dossier_page_reads_in_the_same_queries_however_many_figures(
    request, client, nomination, secretary_a, reader
):
    """Each reader's rights are asked once per page, not once per figure's link."""
    client.force_login(secretary_a)
    client.post(url(nomination, "draft/"))
    dossier = Dossier.objects.get(nomination=nomination)
    client.force_login(request.getfixturevalue(reader))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(nomination)).status_code == 200
        return len(captured)

    before = queries()
    for n in range(10):
        dossier.figures.create(
            section="indicators",
            label=f"Chỉ tiêu {n}",
            value=n,
            source=FigureSource.TALLY,
            source_label=f"Số liệu tổng hợp #{n}",
            link="/campaigns/",
        )
        dossier.figures.create(
            section="awards",
            label=f"Giấy khen {n}",
            source=FigureSource.DECISION,
            source_label=f"Quyết định {n}",
            link="/awards/decisions/",
        )
    assert queries() == before
