"""Proposals to a higher level (awards.proposals): which nominees go up, the states and
their refusals, the package (PDF, DOCX, JSON valid against the published schema), and
the higher level's decision entering history and eligibility (docs/awards.md,
"Proposals")."""

import datetime as dt
import hashlib
import io
import json
import zipfile

import docx
import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards import eligibility, proposal_package, proposals, services
from awards.models import (
    Authority,
    Decision,
    DecisionRecipient,
    Dossier,
    DossierFile,
    DossierStatus,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from tests.awards.conftest import pass_by_session, propose

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

LETTER = {
    "dated": dt.date(2024, 9, 1),
    "summary": "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
    "body": "Năm 2024, các cá nhân đã có thành tích xuất sắc.",
    "signer_name": "Lê Văn Chính",
    "signer_position": "Chủ tịch",
}


@pytest.fixture
def province(catalogue):
    """The province's chairman: an authority above the city, outside the deployment."""
    authority = Authority.objects.get(code="ct-ubnd-quang-ninh")
    authority.organiser = None
    authority.save()
    return authority


@pytest.fixture
def passed(secretary_a, unit_a, person_a, person_a2, catalogue, campaign, council_member):
    """Two Bằng khen nominations (the city cannot grant it) and a Giấy khen one (it can),
    passed by a closed session of the city's council."""
    nominations = [
        propose(secretary_a, unit_a, person, catalogue["bang-khen-ca-nhan"], campaign)
        for person in (person_a, person_a2)
    ]
    nominations.append(
        propose(
            secretary_a,
            unit_a,
            person_a,
            catalogue["giay-khen-ca-nhan"],
            campaign,
            achievement="Giấy khen 2024",
        )
    )
    session = pass_by_session(council_member, nominations)
    for n in nominations:
        n.refresh_from_db()
    return session, nominations


@pytest.fixture
def drafted(admin_user, passed, province, city_authority):
    session, nominations = passed
    return proposals.proposal_create(
        user=admin_user,
        session=session,
        sender=city_authority,
        nominations=nominations[:2],
        authority=province,
        **LETTER,
    )


def send(admin_user, proposal, day=dt.date(2024, 9, 3)):
    Proposal.objects.filter(pk=proposal.pk).update(number=45)
    return proposals.proposal_send(
        user=admin_user, proposal=proposal, sent_on=day, channel="e_office", reference="VB-77"
    )


def decide(admin_user, proposal, province, *, accepted=None, amounts=None, number=812):
    items = list(proposal.items.order_by("order"))
    return proposals.proposal_decide(
        user=admin_user,
        proposal=proposal,
        authority=province,
        number=number,
        decided_on=dt.date(2024, 10, 1),
        summary="Về việc tặng Bằng khen",
        signer_name="Trần Quốc Bảo",
        signer_position="Chủ tịch",
        accepted=accepted or {item.pk: True for item in items},
        amounts=amounts,
    )


def test_only_titles_the_organiser_cannot_grant_are_candidates(passed, province):
    session, nominations = passed
    candidates = proposals.proposal_candidates(session, dt.date(2024, 9, 1))
    assert [n.pk for n in candidates] == [n.pk for n in nominations[:2]]


def test_a_nominee_the_organiser_grants_itself_is_refused(
    admin_user, passed, province, city_authority
):
    session, nominations = passed
    with pytest.raises(ValidationError, match="cannot be proposed"):
        proposals.proposal_create(
            user=admin_user,
            session=session,
            sender=city_authority,
            nominations=[nominations[2]],
            authority=province,
            **LETTER,
        )


def test_a_nominee_not_passed_by_a_closed_session_is_refused(
    admin_user,
    passed,
    province,
    city_authority,
    secretary_a,
    unit_a,
    person_b,
    catalogue,
    campaign,
):
    session, _nominations = passed
    other = propose(
        secretary_a, unit_a, None, catalogue["bang-khen-tap-the"], campaign, achievement="X"
    )
    with pytest.raises(ValidationError, match="cannot be proposed"):
        proposals.proposal_create(
            user=admin_user,
            session=session,
            sender=city_authority,
            nominations=[other],
            authority=province,
            **LETTER,
        )


def test_the_organisers_own_authority_is_not_a_higher_level(admin_user, passed, city_authority):
    session, nominations = passed
    with pytest.raises(ValidationError, match="organiser's own"):
        proposals.proposal_create(
            user=admin_user,
            session=session,
            sender=city_authority,
            nominations=nominations[:2],
            authority=city_authority,
            **LETTER,
        )


def test_only_an_admin_of_the_organiser_drafts(council_member, passed, province, city_authority):
    session, nominations = passed
    with pytest.raises(ValidationError, match="administrator"):
        proposals.proposal_create(
            user=council_member,
            session=session,
            sender=city_authority,
            nominations=nominations[:2],
            authority=province,
            **LETTER,
        )


def test_sending_needs_the_register_number(admin_user, drafted):
    with pytest.raises(ValidationError, match="register"):
        proposals.proposal_send(
            user=admin_user, proposal=drafted, sent_on=dt.date(2024, 9, 3), channel="post"
        )
    drafted.refresh_from_db()
    assert drafted.status == ProposalStatus.DRAFTED


def test_sent_returned_sent_again_and_decided_keeps_the_history(admin_user, drafted, province):
    send(admin_user, drafted)
    with pytest.raises(ValidationError, match="not possible now"):
        send(admin_user, drafted)
    with pytest.raises(ValidationError, match="reasons"):
        proposals.proposal_return(
            user=admin_user, proposal=drafted, returned_on=dt.date(2024, 9, 10), reasons=" "
        )
    proposals.proposal_return(
        user=admin_user,
        proposal=drafted,
        returned_on=dt.date(2024, 9, 10),
        reasons="Thiếu báo cáo thành tích có xác nhận.",
    )
    drafted.refresh_from_db()
    assert (drafted.status, drafted.sent_on, drafted.reference) == ("drafted", None, "")
    send(admin_user, drafted, dt.date(2024, 9, 15))
    decision = decide(admin_user, drafted, province)
    drafted.refresh_from_db()
    assert drafted.status == ProposalStatus.DECIDED
    assert drafted.decision == decision
    kinds = list(ProposalEvent.objects.filter(proposal=drafted).values_list("kind", flat=True))
    assert kinds == ["drafted", "sent", "returned", "sent", "decided"]
    returned = ProposalEvent.objects.get(proposal=drafted, kind="returned")
    assert returned.reasons == "Thiếu báo cáo thành tích có xác nhận."


def test_a_drafted_proposal_cannot_be_decided_or_returned(admin_user, drafted, province):
    with pytest.raises(ValidationError, match="not possible now"):
        decide(admin_user, drafted, province)
    with pytest.raises(ValidationError, match="not possible now"):
        proposals.proposal_return(
            user=admin_user, proposal=drafted, returned_on=dt.date(2024, 9, 10), reasons="X"
        )


def test_the_decision_enters_history_and_counts_in_eligibility(
    admin_user, drafted, province, person_a, person_a2
):
    send(admin_user, drafted)
    items = list(drafted.items.order_by("order"))
    decision = decide(
        admin_user,
        drafted,
        province,
        accepted={items[0].pk: True, items[1].pk: False},
        amounts={items[0].pk: 1_500_000},
    )
    assert decision.status == "issued"
    assert decision.reference == "812/QĐ-UBND"
    recipient = DecisionRecipient.objects.get(decision=decision)
    assert recipient.person == person_a
    assert recipient.amount == 1_500_000
    assert not DecisionRecipient.objects.filter(person=person_a2).exists()
    # History: the person's awards, as the organiser's own decisions are listed.
    from awards import selectors

    assert list(selectors.person_history(person_a)) == [recipient]
    # Eligibility: the award holds the achievement and counts as held.
    assert DecisionRecipient.objects.filter(eligibility.awarded(), person=person_a).count() == 1
    items[1].refresh_from_db()
    assert items[1].accepted is False and items[1].recipient is None
    # The decision is the organiser's to read (decisions_for_user), not to change.
    assert selectors.decision_get(admin_user, decision.pk) == decision
    with pytest.raises(ValidationError):
        services.decision_save(user=admin_user, decision=decision, summary="X")


def test_a_decision_number_the_authority_used_is_refused(admin_user, drafted, province, campaign):
    Decision.objects.create(
        authority=province,
        number=812,
        year=2024,
        decided_on=dt.date(2024, 5, 1),
        kind="ad_hoc",
        summary="Khác",
        signer_name="A",
        signer_position="Chủ tịch",
        created_by=admin_user,
        status="issued",
    )
    send(admin_user, drafted)
    with pytest.raises(ValidationError, match="already has a decision"):
        decide(admin_user, drafted, province)
    drafted.refresh_from_db()
    assert drafted.status == ProposalStatus.SENT
    assert not DecisionRecipient.objects.filter(decision__number=812).exists()


def test_nobody_accepted_is_a_return_not_a_decision(admin_user, drafted, province):
    send(admin_user, drafted)
    items = drafted.items.all()
    with pytest.raises(ValidationError, match="returned"):
        decide(admin_user, drafted, province, accepted={i.pk: False for i in items})


def test_the_package_holds_the_documents_and_a_json_valid_against_the_schema(drafted):
    archive = zipfile.ZipFile(io.BytesIO(proposal_package.package_zip(drafted)))
    names = set(archive.namelist())
    assert {
        "to-trinh.pdf",
        "danh-sach.pdf",
        "bien-ban-hop.docx",
        "ket-qua-kiem-phieu.docx",
        "de-nghi.json",
    } <= names
    assert archive.read("to-trinh.pdf").startswith(b"%PDF")
    data = json.loads(archive.read("de-nghi.json"))
    schema = json.loads(proposal_package.schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)
    assert [n["name"] for n in data["nominees"]] == ["Nguyễn Văn An", "Đặng Thị Đào"]
    assert data["nominees"][0]["votes"] == {"agree": 1, "disagree": 0, "members": 1}
    listed = {d["name"] for d in data["documents"]}
    assert listed == names - {"de-nghi.json"}


def test_a_confirmed_dossier_goes_up_whole_and_a_draft_stays_home(drafted, secretary_a, admin_user):
    """The nominee's confirmed dossier (issue 17) is in the package: the report, the
    unit's letter and the evidence as uploaded, each listed with its hash in the JSON."""
    first, second = [item.nomination for item in drafted.items.order_by("order")]
    now = timezone.now()
    confirmed = Dossier.objects.create(
        nomination=first,
        form="mau-02",
        overview="Sơ lược",
        achievements="Thành tích",
        drafted_by=secretary_a,
        drafted_at=now,
        updated_at=now,
        status=DossierStatus.CONFIRMED,
        confirmed_by=admin_user,
        confirmed_at=now,
    )
    evidence = DossierFile(
        dossier=confirmed,
        original_name="giay-chung-nhan.pdf",
        content_type="application/pdf",
        size=14,
        uploaded_by=secretary_a,
        uploaded_at=now,
    )
    evidence.file.save("giay-chung-nhan.pdf", ContentFile(b"%PDF-1.4 test\n"))
    Dossier.objects.create(
        nomination=second, form="mau-02", drafted_by=secretary_a, drafted_at=now, updated_at=now
    )
    archive = zipfile.ZipFile(io.BytesIO(proposal_package.package_zip(drafted)))
    folder = f"ho-so/{first.pk}/"
    assert {
        f"{folder}bao-cao-thanh-tich.docx",
        f"{folder}to-trinh-don-vi.docx",
        f"{folder}minh-chung/{evidence.pk}-giay-chung-nhan.pdf",
    } <= set(archive.namelist())
    assert archive.read(f"{folder}minh-chung/{evidence.pk}-giay-chung-nhan.pdf") == (
        b"%PDF-1.4 test\n"
    )
    report = docx.Document(io.BytesIO(archive.read(f"{folder}bao-cao-thanh-tich.docx")))
    assert "THÀNH TÍCH" in "\n".join(p.text for p in report.paragraphs).upper()
    # The draft dossier does not leave the unit: the second nominee has its summary only.
    assert not [n for n in archive.namelist() if n.startswith(f"ho-so/{second.pk}/")]
    listed = {d["name"]: d for d in json.loads(archive.read("de-nghi.json"))["documents"]}
    report_bytes = archive.read(f"{folder}bao-cao-thanh-tich.docx")
    assert (
        listed[f"{folder}bao-cao-thanh-tich.docx"]["sha256"]
        == hashlib.sha256(report_bytes).hexdigest()
    )


def test_a_broken_json_fails_the_schema(drafted):
    data = json.loads(dict(proposal_package.package_files(drafted))["de-nghi.json"])
    data["nominees"][0]["kind"] = "robot"
    schema = json.loads(proposal_package.schema_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_letter_reads_as_a_to_trinh(drafted):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(proposal_package.letter_pdf(drafted))) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
        width, height = document.pages[0].width, document.pages[0].height
    assert (round(width), round(height)) == (595, 842)  # A4
    assert "TỜ TRÌNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh." in text
    assert "cho 02 cá nhân" in text
    assert "Lê Văn Chính" in text


def test_the_schema_is_public(client):
    response = client.get(reverse("awards:proposal-schema"))
    assert response.status_code == 200
    assert json.loads(response.content)["title"].startswith("Đề nghị khen thưởng")


def test_the_pages_draft_send_and_decide_and_refuse_in_vietnamese(
    client, admin_user, passed, province, city, person_a
):
    session, nominations = passed
    city.organiser_members.add(admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("awards:proposal-create") + f"?session={session.pk}")
    assert response.status_code == 200
    assert "Nguyễn Văn An" in response.content.decode()
    response = client.post(
        reverse("awards:proposal-create"),
        {
            "session": session.pk,
            "authority": province.pk,
            "number": "45",
            "dated": "01/09/2024",
            "summary": LETTER["summary"],
            "signer_name": "Lê Văn Chính",
            "signer_position": "Chủ tịch",
            "nominations": [nominations[0].pk],
        },
    )
    proposal = Proposal.objects.get()
    assert response.url == reverse("awards:proposal-detail", args=[proposal.pk])
    send_url = reverse("awards:proposal-send", args=[proposal.pk])
    data = {"sent_on": "03/09/2024", "channel": "post", "reference": "BĐ-1"}
    client.post(send_url, data)
    response = client.post(send_url, data, follow=True)
    assert "không thể thực hiện bước này" in response.content.decode()
    item = proposal.items.get()
    response = client.post(
        reverse("awards:proposal-decide", args=[proposal.pk]),
        {
            "authority": province.pk,
            "number": "9",
            "decided_on": "01/10/2024",
            "summary": "Về việc tặng Bằng khen",
            "signer_name": "Trần Quốc Bảo",
            "signer_position": "Chủ tịch",
            f"accepted_{item.pk}": "on",
            f"amount_{item.pk}": "1.500.000",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "decided"
    assert DecisionRecipient.objects.get(decision=proposal.decision).amount == 1_500_000
    page = client.get(reverse("awards:proposal-detail", args=[proposal.pk])).content.decode()
    assert "9/QĐ-UBND" in page and "Đã quyết định" in page
