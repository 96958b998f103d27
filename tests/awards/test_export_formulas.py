"""Text typed by a secretary or an admin never reaches the decision's exports as a formula."""

import pytest
from docx import Document

from awards import export_jobs, services
from tests.spreadsheets import INJECTIONS, assert_csv_safe, assert_no_formula

from .conftest import add_recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def poisoned(admin_user, unit_a, catalogue, draft):
    """A person named like a formula, and achievements that are formulas."""
    person = services.person_save(full_name=INJECTIONS[0], unit=unit_a, position="@Cán bộ")
    add_recipient(admin_user, draft, person, catalogue["giay-khen-ca-nhan"], INJECTIONS[1])
    for number, payload in enumerate(INJECTIONS[2:]):
        other = services.person_save(full_name=f"Người {number}", unit=unit_a, position="")
        add_recipient(admin_user, draft, other, catalogue["giay-khen-ca-nhan"], payload)
    return draft


def test_decision_xlsx_holds_the_text_as_typed_and_no_formula(client, admin_user, poisoned):
    client.force_login(admin_user)
    rows = assert_no_formula(client.get(f"/awards/decisions/{poisoned.pk}/export.xlsx").content)
    first = rows[5]
    assert (first[1], first[2], first[5]) == (INJECTIONS[0], "@Cán bộ", INJECTIONS[1])
    # The service strips the achievement's surrounding blanks: "\t=1+1" is stored "=1+1".
    assert [row[5] for row in rows[6:10]] == [p.strip() for p in INJECTIONS[2:]]


def test_decision_csv_quotes_formula_like_text(client, admin_user, poisoned):
    client.force_login(admin_user)
    rows = assert_csv_safe(client.get(f"/awards/decisions/{poisoned.pk}/export.csv").content)
    assert rows[1][1] == "'" + INJECTIONS[0] and rows[1][5] == "'" + INJECTIONS[1]


def test_the_worker_built_export_is_as_safe(admin_user, poisoned):
    from awards.models import Export

    for fmt, check in (("xlsx", assert_no_formula), ("csv", assert_csv_safe)):
        export = Export.objects.create(decision=poisoned, fmt=fmt, requested_by=admin_user)
        export_jobs.export_build(export_id=export.pk)
        export.refresh_from_db()
        check(export.file.read())


def test_the_docx_and_the_print_view_show_the_text_as_text(client, admin_user, poisoned):
    import io

    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{poisoned.pk}/export.docx")
    appendix = Document(io.BytesIO(response.content)).tables[2]
    assert appendix.rows[1].cells[1].text == INJECTIONS[0]
    page = client.get(f"/awards/decisions/{poisoned.pk}/print/").text
    assert "=HYPERLINK(&quot;http://evil.example" in page  # escaped, never markup
