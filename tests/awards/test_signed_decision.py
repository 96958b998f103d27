"""The issued decision as a PDF, signed outside with a certificate and verified on upload
(issue 18): certificates and signatures are made in the test (tests/pki.py)."""

import datetime as dt
import hashlib
import io

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import signing
from awards.models import DecisionPdf, TrustedCertificate
from tests import pki
from tests.factories import UnitFactory

from .conftest import issued_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(admin_user, draft, person_a, catalogue):
    return issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")])


@pytest.fixture
def trusted(city):
    """The root, for every organiser, and the intermediate, for the city."""
    keys = pki.pki()
    for name, identity, organiser in (
        ("Test Root CA", keys.root, None),
        ("Test Signing CA", keys.intermediate, city),
    ):
        row = TrustedCertificate(name=name, pem=identity.pem, organiser=organiser)
        row.full_clean()
        row.save()


def issued_pdf(decision) -> bytes:
    return bytes(signing.decision_pdf_get(decision=decision).issued_pdf)


def upload(client, decision, data: bytes):
    return client.post(
        f"/awards/decisions/{decision.pk}/signed/",
        {"signed_pdf": SimpleUploadedFile("qd.pdf", data, "application/pdf")},
        follow=True,
    )


def test_the_issued_pdf_is_stored_once_with_its_hash(issued):
    first = signing.decision_pdf_get(decision=issued)
    again = signing.decision_pdf_get(decision=issued)
    assert first.pk == again.pk
    data = bytes(first.issued_pdf)
    assert first.issued_sha256 == hashlib.sha256(data).hexdigest()
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
        page = document.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4
        fonts = {c["fontname"].split("+")[-1] for c in page.chars}
    assert "Số: 123/QĐ-UBND" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Móng Cái, ngày 02 tháng 9 năm 2024" in text
    assert "Nguyễn Văn An" in text and "DANH SÁCH" in text
    assert "KT. CHỦ TỊCH" in text and "Lê Văn Chính" in text
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= fonts


def test_a_draft_has_a_preview_but_nothing_stored(client, admin_user, draft):
    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{draft.pk}/decision.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not DecisionPdf.objects.exists()
    with pytest.raises(ValidationError):
        signing.decision_pdf_get(decision=draft)


def test_the_pdf_signed_by_a_trusted_official_is_accepted(client, admin_user, issued, trusted):
    client.force_login(admin_user)
    data = client.get(f"/awards/decisions/{issued.pk}/decision.pdf").content
    assert data == issued_pdf(issued)  # what is downloaded is what is stored
    signed = pki.sign(data, pki.pki().official)
    response = upload(client, issued, signed)
    assert "đã được xác minh" in response.text
    stored = DecisionPdf.objects.get(decision=issued)
    assert bytes(stored.signed_pdf) == signed
    assert stored.signed_sha256 == hashlib.sha256(signed).hexdigest()
    assert "Lê Văn Chính" in stored.signer_subject
    assert "Test Signing CA" in stored.signer_issuer
    assert int(stored.signer_serial, 16) == pki.pki().official.certificate.serial_number
    assert abs(stored.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert stored.signed_time_source == "signer"
    assert stored.uploaded_by == admin_user
    # The page shows the signer, and the signed file is the official one to download.
    page = client.get(f"/awards/decisions/{issued.pk}/")
    assert "Lê Văn Chính" in page.text and "signed.pdf" in page.text
    download = client.get(f"/awards/decisions/{issued.pk}/signed.pdf")
    assert download.content == signed
    assert download["Content-Disposition"].endswith('-da-ky.pdf"')


def test_a_signature_into_a_field_of_its_own_is_accepted(admin_user, issued, trusted):
    signed = pki.sign(issued_pdf(issued), pki.pki().official, field="Signature1")
    stored = signing.decision_signed_upload(user=admin_user, decision=issued, data=signed)
    assert stored.is_signed


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unsigned", "không có chữ ký"),
        ("another pdf", "không phải là quyết định"),
        ("altered in the signed update", "thay đổi quyết định đã ban hành"),
        ("altered after signing", "sau chữ ký cuối cùng"),
        ("bytes changed", "không khớp"),
        ("untrusted", "không thuộc danh sách tin cậy"),
        ("not a pdf", "không phải là PDF"),
        ("garbage appended", "PDF này"),
    ],
)
def test_a_wrong_pdf_is_refused_and_nothing_is_stored(
    client, admin_user, issued, draft, trusted, case, message
):
    keys = pki.pki()
    data = issued_pdf(issued)
    if case == "unsigned":
        bad = data
    elif case == "another pdf":
        bad = pki.sign(signing.decision_pdf_preview(draft) + b"\n", keys.official)
    elif case == "altered in the signed update":
        bad = pki.altered_then_signed(data, keys.official)
    elif case == "altered after signing":
        bad = pki.signed_then_altered(data, keys.official)
    elif case == "bytes changed":
        signed = pki.sign(data, keys.official)
        # A digit of the modification date the signing update wrote, which it covers.
        mark = b"/ModDate (D\\072"
        cut = signed.index(mark, len(data)) + len(mark) + 3
        digit = b"1" if signed[cut : cut + 1] != b"1" else b"2"
        bad = signed[:cut] + digit + signed[cut + 1 :]
    elif case == "untrusted":
        bad = pki.sign(data, keys.stranger)
    elif case == "garbage appended":
        bad = data + b"\n1 0 obj << /Type /Catalog /Pages 99 0 R >> endobj\nxref\n0 x\ntrailer <<>>"
    else:
        bad = b"GIF89a not a pdf"
    client.force_login(admin_user)
    response = upload(client, issued, bad)
    assert message in response.text
    stored = DecisionPdf.objects.get(decision=issued)
    assert stored.signed_pdf is None and stored.signer_subject == ""


def test_a_certificate_trusted_only_for_another_organiser_is_not_trusted(admin_user, issued, city):
    keys = pki.pki()
    other = UnitFactory(code="other-org", name="Tỉnh khác", is_organiser=True)
    for identity in (keys.root, keys.intermediate):
        row = TrustedCertificate(name="x", pem=identity.pem, organiser=other)
        row.full_clean()
        row.save()
    signed = pki.sign(issued_pdf(issued), keys.official)
    with pytest.raises(ValidationError):
        signing.decision_signed_upload(user=admin_user, decision=issued, data=signed)


def test_the_trust_list_can_come_from_a_settings_file(settings, tmp_path, admin_user, issued, city):
    keys = pki.pki()
    bundle = tmp_path / "trust.pem"
    bundle.write_text(keys.root.pem + keys.intermediate.pem)
    settings.AWARDS_TRUSTED_CERTIFICATES_FILE = str(bundle)
    signed = pki.sign(issued_pdf(issued), keys.official)
    assert signing.decision_signed_upload(user=admin_user, decision=issued, data=signed).is_signed


def test_a_second_upload_is_refused(admin_user, issued, trusted):
    signed = pki.sign(issued_pdf(issued), pki.pki().official)
    signing.decision_signed_upload(user=admin_user, decision=issued, data=signed)
    with pytest.raises(ValidationError):
        signing.decision_signed_upload(user=admin_user, decision=issued, data=signed)


def test_a_trusted_certificate_must_be_a_certificate(city):
    row = TrustedCertificate(name="x", pem="-----BEGIN CERTIFICATE-----\nabc\n")
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "pem" in error.value.message_dict
    good = TrustedCertificate(name="Root", pem=pki.pki().root.pem)
    good.full_clean()
    assert good.is_root and "Test Root CA" in good.subject and len(good.sha256) == 64


@pytest.mark.parametrize("who", ["secretary_a", "council_member"])
def test_only_the_admin_downloads_and_uploads(client, request, who, issued, trusted):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/awards/decisions/{issued.pk}/decision.pdf").status_code == 403
    signed = b"%PDF-1.7"
    response = client.post(
        f"/awards/decisions/{issued.pk}/signed/",
        {"signed_pdf": SimpleUploadedFile("qd.pdf", signed, "application/pdf")},
    )
    assert response.status_code == 403
    assert client.get(f"/awards/decisions/{issued.pk}/signed.pdf").status_code == 403
    assert not DecisionPdf.objects.filter(signed_pdf__isnull=False).exists()


def test_the_signed_pdf_is_404_until_there_is_one(client, admin_user, issued):
    client.force_login(admin_user)
    assert client.get(f"/awards/decisions/{issued.pk}/signed.pdf").status_code == 404
