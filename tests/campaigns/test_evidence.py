"""Evidence files: checked by content, stored under server names, downloaded only in scope."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Evidence, ReportChange

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def during_the_period():
    with time_machine.travel(dt.datetime(2023, 3, 16, tzinfo=dt.UTC)):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, report, name, content, content_type="application/octet-stream"):
    return client.post(
        f"/campaigns/reports/{report.pk}/evidence/",
        {"files": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )


def test_secretary_attaches_a_pdf_stored_under_a_server_name(client, secretary_a, report_a):
    client.force_login(secretary_a)
    response = upload(client, report_a, "bao-cao quý 1.pdf", PDF, "application/pdf")
    assert "Đã đính kèm “bao-cao quý 1.pdf”" in response.text
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "bao-cao quý 1.pdf"
    assert "bao-cao" not in evidence.file.name
    assert evidence.file.name.startswith(f"evidence/{report_a.pk}/")
    assert ReportChange.objects.get(kind="evidence").subject == "bao-cao quý 1.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("anh.png", PDF),  # a PDF named .png
        ("bang.xlsx", docx_bytes()),  # a DOCX named .xlsx
        ("virus.exe", b"MZ\x90\x00"),
    ],
)
def test_files_are_checked_by_content_not_by_name(client, secretary_a, report_a, name, content):
    client.force_login(secretary_a)
    response = upload(client, report_a, name, content)
    assert "không phải là tệp PDF, ảnh (PNG, JPEG), DOCX hoặc XLSX" in response.text
    assert not Evidence.objects.exists()


def test_docx_is_accepted(client, secretary_a, report_a):
    client.force_login(secretary_a)
    upload(client, report_a, "giai-trinh.docx", docx_bytes())
    assert Evidence.objects.get().content_type.endswith("wordprocessingml.document")


def test_files_over_the_limit_are_refused(client, secretary_a, report_a, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(secretary_a)
    response = upload(client, report_a, "lon.pdf", PDF + b"0" * (1024 * 1024))
    assert "lớn hơn 1 MB" in response.text
    assert not Evidence.objects.exists()


def test_download_is_an_attachment_for_those_who_may_see_the_report(
    client, secretary_a, secretary_b, council_member, report_a
):
    client.force_login(secretary_a)
    upload(client, report_a, "minh-chung.pdf", PDF)
    evidence = Evidence.objects.get()
    url = f"/campaigns/evidence/{evidence.pk}/"
    for user in (secretary_a, council_member):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF
    client.force_login(secretary_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_other_units_secretary_cannot_attach(client, secretary_b, report_a):
    client.force_login(secretary_b)
    response = client.post(
        f"/campaigns/reports/{report_a.pk}/evidence/",
        {"files": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_no_attachment_to_a_submitted_report(client, secretary_a, report_a):
    report_a.status = "submitted"
    report_a.submitted_at = dt.datetime(2023, 3, 16, tzinfo=dt.UTC)
    report_a.save()
    client.force_login(secretary_a)
    response = upload(client, report_a, "x.pdf", PDF)
    assert "đang chờ Hội đồng xem xét" in response.text
    assert not Evidence.objects.exists()
