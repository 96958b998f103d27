"""Two organisers, each with its own council member and admin: neither reads nor
changes anything of the other, over every URL of the product.

The walk is driven by the URL resolver: every pattern that names an object gets the
other organiser's object, built as the URL table builds it (tests/test_url_access.py,
route_path, with the organiser's objects under the table's names: table_world); a URL
whose arguments name an object the organiser's world lacks fails
test_every_url_is_walked. Every pattern without arguments is read and must not show
the other's names. An object of the other organiser answers 404; where
the role may not use the view at all (it answers 403 with the user's own object too),
403. Nothing of the other organiser changes, whatever is posted.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from awards.certificates import certificate_layout_save, default_fields
from awards.models import (
    AgendaItem,
    Authority,
    CertificateLayout,
    CouncilSession,
    Decision,
    DecisionPdf,
    DecisionRecipient,
    Disclosure,
    DisclosureComment,
    Dossier,
    DossierFigure,
    DossierFile,
    Export,
    FundIncome,
    LegalBasis,
    Nomination,
    Person,
    Proposal,
    ProposalEvent,
    ProposalItem,
    RecipientPayment,
    RegistrationRound,
    Title,
)
from blocs.models import Bloc, BlocMembership, Unit
from campaigns.models import Evidence, Report
from covenants.models import Covenant, Criterion, Score, Scorecard
from mongcai.accounts.models import EventKind, SecurityEvent, User
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    PeriodFactory,
    SubmittedReportFactory,
    UnitFactory,
    UserFactory,
)
from tests.test_url_access import DEFAULT_KWARGS, entry_for, route_path
from tests.urlwalk import routes
from tests.world import World as TableWorld

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """One organiser and everything that belongs to it, with its people."""

    mark: str
    organiser: Unit
    unit: Unit
    bloc: Bloc
    campaign: object
    period: object
    report: Report
    evidence: Evidence
    covenant: Covenant
    score: Score
    person: Person
    nomination: Nomination
    draft: Decision
    issued: Decision
    recipient: DecisionRecipient
    export: Export
    session: CouncilSession
    dossier_file: DossierFile
    registration_round: RegistrationRound
    disclosure: Disclosure
    comment: DisclosureComment
    proposal: Proposal
    secretary: User
    council: User
    admin: User


def world(mark: str, organiser: Unit, basis: LegalBasis, title: Title) -> World:
    """An organiser's campaign, bloc, covenant, report, nomination and decisions, each
    named with `mark` so a page that shows one of them is caught."""
    unit = UnitFactory(code=f"{mark.lower()}-unit", name=f"Đơn vị {mark}", parent=organiser)
    secretary = UserFactory(username=f"thuky-{mark.lower()}", full_name=f"Thư ký {mark}")
    unit.secretaries.add(secretary)
    council = UserFactory(username=f"hoidong-{mark.lower()}", role="council")
    admin = UserFactory(username=f"admin-{mark.lower()}", role="admin", is_staff=True)
    organiser.organiser_members.add(council, admin)
    bloc = Bloc.objects.create(
        code=f"khoi-{mark.lower()}", name=f"Khối {mark}", organiser=organiser
    )
    BlocMembership.objects.create(bloc=bloc, unit=unit, year=2023, role="head")
    campaign = CampaignFactory(name=f"Phong trào {mark}", organiser=organiser)
    indicator = CampaignIndicatorFactory(campaign=campaign)
    AssignmentFactory(campaign_indicator=indicator, unit=unit)
    period = PeriodFactory(campaign=campaign)
    report = SubmittedReportFactory(unit=unit, period=period, highlights=f"Nổi bật {mark}")
    evidence = Evidence.objects.create(
        report=report,
        file=f"evidence/{mark}.pdf",
        original_name=f"minh-chung-{mark}.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_at=dt.datetime(2023, 3, 1, tzinfo=dt.UTC),
    )
    covenant = Covenant.objects.create(
        bloc=bloc,
        campaign=campaign,
        year=2023,
        title=f"Giao ước {mark}",
        status="signed",
        scoring_stage="review",
    )
    criterion = Criterion.objects.create(
        covenant=covenant, kind="criterion", title="Tiêu chí", max_points=Decimal(10)
    )
    scorecard = Scorecard.objects.create(covenant=covenant, unit=unit)
    score = Score.objects.create(
        scorecard=scorecard,
        criterion=criterion,
        self_points=Decimal(5),
        evidence=f"scores/{mark}.pdf",
        evidence_name=f"diem-{mark}.pdf",
        evidence_type="application/pdf",
    )
    person = Person.objects.create(full_name=f"Nguyễn Văn {mark}", unit=unit)
    nomination = Nomination.objects.create(
        unit=unit,
        recipient_kind="individual",
        person=person,
        title=title,
        campaign=campaign,
        year=2023,
        kind="ad_hoc",
        achievement=f"Thành tích {mark}",
        proposed_by=secretary,
    )
    authority = Authority.objects.create(
        code=f"ct-{mark.lower()}",
        organiser=organiser,
        name=f"Chủ tịch UBND {mark}",
        level="commune",
        body=f"Ủy ban nhân dân {mark}",
        symbol="QĐ-UBND",
        place=mark,
    )
    title.authorities.add(authority)
    decisions = {}
    for number, status in ((1, "draft"), (2, "issued")):
        decisions[status] = Decision.objects.create(
            authority=authority,
            number=number,
            year=2023,
            decided_on=dt.date(2023, 9, 30),
            kind="ad_hoc",
            campaign=campaign,
            summary=f"Quyết định {mark} {number}",
            signer_name="Lê Văn A",
            signer_position="Chủ tịch",
            status=status,
            created_by=admin,
        )
    decisions["draft"].legal_bases.add(basis)
    recipient = DecisionRecipient.objects.create(
        decision=decisions["draft"],
        recipient_kind="individual",
        person=person,
        unit=unit,
        title=title,
        campaign=campaign,
        year=2023,
        achievement=f"Thành tích {mark}",
    )
    export = Export.objects.create(
        decision=decisions["issued"], fmt="csv", requested_by=admin, total=1, status="done"
    )
    session = CouncilSession.objects.create(
        organiser=organiser,
        name=f"Phiên họp {mark}",
        held_on=dt.date(2023, 9, 20),
        place=f"Phòng họp {mark}",
        chair=council,
        convened_by=council,
        closed_by=council,
        closed_at=dt.datetime(2023, 9, 20, 10, tzinfo=dt.UTC),
        status="closed",
    )
    session.members.create(member=council, present=True)
    AgendaItem.objects.create(
        session=session, nomination=nomination, order=1, agree=1, result="passed"
    )
    # The organiser's calibrated Giấy khen blank (issue 18): the other one cannot change it.
    certificate_layout_save(
        organiser=organiser,
        kind="giay_khen",
        paper="A4",
        orientation="landscape",
        offset_x=0,
        offset_y=0,
        fields=default_fields("giay_khen"),
        by=admin,
    )
    now = dt.datetime(2023, 9, 10, tzinfo=dt.UTC)
    dossier = Dossier.objects.create(
        nomination=nomination,
        form="mau-02",
        overview=f"Hồ sơ {mark}",
        drafted_by=secretary,
        drafted_at=now,
        updated_at=now,
    )
    DossierFigure.objects.create(
        dossier=dossier, section="other", label=f"Số liệu {mark}", source="typed", typed=True
    )
    dossier_file = DossierFile.objects.create(
        dossier=dossier,
        file=f"dossiers/{mark}.pdf",
        original_name=f"ho-so-{mark}.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=secretary,
        uploaded_at=now,
    )
    registration_round = RegistrationRound.objects.create(
        organiser=organiser, year=2023, deadline=dt.date(2099, 1, 31), opened_by=admin
    )
    disclosure = Disclosure.objects.create(
        organiser=organiser,
        year=2023,
        name=f"Công khai {mark}",
        starts_on=dt.date(2000, 1, 1),
        ends_on=dt.date(2099, 1, 1),
        published_by=admin,
    )
    disclosure.nominations.add(nomination)
    comment = DisclosureComment.objects.create(
        disclosure=disclosure,
        nomination=nomination,
        author=secretary,
        text=f"Ý kiến {mark}",
        sent_at=dt.datetime(2023, 9, 1, tzinfo=dt.UTC),
    )
    higher = Authority.objects.create(
        code=f"tinh-{mark.lower()}",
        name=f"Chủ tịch UBND tỉnh {mark}",
        level="province",
        body=f"Ủy ban nhân dân tỉnh {mark}",
        symbol="QĐ-UBND",
        place=mark,
    )
    proposal = Proposal.objects.create(
        organiser=organiser,
        sender=authority,
        authority=higher,
        session=session,
        number=3,
        dated=dt.date(2023, 9, 25),
        summary=f"Tờ trình {mark}",
        signer_name="Lê Văn A",
        signer_position="Chủ tịch",
        status="sent",
        sent_on=dt.date(2023, 9, 26),
        created_by=admin,
    )
    proposal.items.create(nomination=nomination, order=1)
    FundIncome.objects.create(
        organiser=organiser,
        year=2023,
        received_on=dt.date(2023, 1, 5),
        source="budget",
        amount=1_000_000,
        reference=f"Dự toán {mark}",
        recorded_by=admin,
    )
    SecurityEvent.objects.create(
        kind=EventKind.LOGIN_FAILED, subject=secretary, username=secretary.username
    )
    AccessAttempt.objects.create(
        username=secretary.username,
        ip_address="10.0.0.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    return World(
        mark=mark,
        organiser=organiser,
        unit=unit,
        bloc=bloc,
        campaign=campaign,
        period=period,
        report=report,
        evidence=evidence,
        covenant=covenant,
        score=score,
        person=person,
        nomination=nomination,
        draft=decisions["draft"],
        issued=decisions["issued"],
        recipient=recipient,
        export=export,
        session=session,
        dossier_file=dossier_file,
        registration_round=registration_round,
        disclosure=disclosure,
        comment=comment,
        proposal=proposal,
        secretary=secretary,
        council=council,
        admin=admin,
    )


@pytest.fixture
def worlds(db):
    """The city (as conftest's) and a ward, both organisers under the province."""
    province = UnitFactory(code="tinh", name="Tỉnh thử", kind="province", is_organiser=True)
    city = UnitFactory(code="tp", name="Thành phố ORGA", kind="city", parent=province)
    city.is_organiser = True
    city.save()
    ward = UnitFactory(
        code="phuong", name="Phường ORGB", kind="ward", parent=province, is_organiser=True
    )
    basis = LegalBasis.objects.create(
        code="luat",
        number="06/2022/QH15",
        citation="Luật Thi đua, khen thưởng",
        valid_from=dt.date(2000, 1, 1),
    )
    title = Title.objects.create(
        code="giay-khen",
        name="Giấy khen",
        category="form",
        recipient_kind="individual",
        legal_basis=basis,
        valid_from=dt.date(2000, 1, 1),
    )
    return world("ORGA", city, basis, title), world("ORGB", ward, basis, title)


# The organiser's objects under the names of the URL table's world (tests/world.py),
# so its paths are built as the table builds them (tests/test_url_access.py,
# route_path): one place says how a URL's arguments are built, and a URL added there
# is walked here. The organiser's world has one covenant, which stands for the
# table's draft too, and its secretary for the table's invited person (each only
# has to be this organiser's).
TABLE_NAMES = {
    "campaign": lambda w: w.campaign,
    "period": lambda w: w.period,
    "bloc": lambda w: w.bloc,
    "bloc_code": lambda w: w.bloc.code,
    "unit_a": lambda w: w.unit,
    "report_a": lambda w: w.report,
    "evidence_a": lambda w: w.evidence,
    "covenant": lambda w: w.covenant,
    "covenant_draft": lambda w: w.covenant,
    "score_a": lambda w: w.score,
    "person_a": lambda w: w.person,
    "nomination_a": lambda w: w.nomination,
    "decision": lambda w: w.draft,
    "recipient": lambda w: w.recipient,
    "export": lambda w: w.export,
    "user_sec_a": lambda w: w.secretary,
    "invited": lambda w: w.secretary,
    "csv": lambda w: "csv",
    "xlsx": lambda w: "xlsx",
    "session_open": lambda w: w.session,
    "session_closed": lambda w: w.session,
    "minutes": lambda w: "minutes",
    "city": lambda w: w.organiser,
    "giay_khen": lambda w: "giay_khen",
    "dossier_file_a": lambda w: w.dossier_file,
    "dossier_report": lambda w: "report",
    "registration_round": lambda w: w.registration_round,
    "disclosure": lambda w: w.disclosure,
    "disclosure_comment": lambda w: w.comment,
    "proposal": lambda w: w.proposal,
    "pay": lambda w: "pay",
    "letter": lambda w: "letter",
    # Unpublished in these worlds: 404 for everyone, as for an organiser that is not one.
    "city_code": lambda w: w.organiser.code,
}


def table_world(w: World) -> TableWorld:
    return TableWorld(users={}, objects={name: get(w) for name, get in TABLE_NAMES.items()})


# Pages about the signed-in person themselves, or before signing in: nothing of an
# organiser is on them. The Django admin is the superusers' (test_the_django_admin_...).
NOT_ORGANISER_PAGES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "set_language",
    "accounts:security",
    "accounts:verify",
    "accounts:enrol",
    "accounts:second-factor-disable",
    "accounts:recovery-codes",
    "accounts:reset",
    "accounts:reset-sent",
    "accounts:reset-confirm",
    "accounts:invitation",
    # One's own API tokens; the API's answer to an address it does not have.
    "api-tokens:list",
    "api-tokens:revoke",
    "api:not-found",
    # A certificate's public check, by its token: nothing of an organiser without one.
    "awards:certificate-check",
}
# Arguments that name no object of an organiser (a file format).
NOT_OBJECTS = {"fmt"}

URLS = [
    (route, entry_for(route))
    for route in routes()
    if route.name
    and not route.name.startswith("admin:")
    and not route.key.startswith("/admin/")
    and route.name not in NOT_ORGANISER_PAGES
]
WITH_OBJECT = [(route, entry) for route, entry in URLS if set(route.kwargs) - NOT_OBJECTS]
WITHOUT_OBJECT = [(route, entry) for route, entry in URLS if not set(route.kwargs) - NOT_OBJECTS]


def test_every_url_is_walked():
    """Each URL naming an object is built on the organiser's objects: every name the
    table gives its arguments (tests/test_url_access.py) is one of table_world's."""
    assert all(entry is not None for _route, entry in URLS)  # the table's own test says which
    names = set(TABLE_NAMES)
    unnamed = [
        (route.key, kwarg, value)
        for route, entry in WITH_OBJECT
        for kwarg, value in {**DEFAULT_KWARGS, **entry.kwargs}.items()
        if kwarg in route.kwargs and value not in names
    ]
    assert unnamed == [], "name these in table_world (tests/test_organisers.py)"
    assert len(WITH_OBJECT) >= 40
    assert len(WITHOUT_OBJECT) >= 15


def path(route, entry, w: World) -> str:
    return route_path(route, entry, table_world(w))


def _state(w: World) -> list:
    """Everything of the organiser a request could change."""
    models = {
        Report: {"unit__parent": w.organiser},
        Evidence: {"report__unit__parent": w.organiser},
        Covenant: {"bloc__organiser": w.organiser},
        Scorecard: {"covenant__bloc__organiser": w.organiser},
        Score: {"scorecard__covenant__bloc__organiser": w.organiser},
        Nomination: {"campaign__organiser": w.organiser},
        Decision: {"authority__organiser": w.organiser},
        DecisionRecipient: {"decision__authority__organiser": w.organiser},
        Export: {"decision__authority__organiser": w.organiser},
        CertificateLayout: {"organiser": w.organiser},
        DecisionPdf: {"decision__authority__organiser": w.organiser},
        BlocMembership: {"bloc__organiser": w.organiser},
        Person: {"unit__parent": w.organiser},
        CouncilSession: {"organiser": w.organiser},
        AgendaItem: {"session__organiser": w.organiser},
        Dossier: {"nomination__campaign__organiser": w.organiser},
        DossierFigure: {"dossier__nomination__campaign__organiser": w.organiser},
        DossierFile: {"dossier__nomination__campaign__organiser": w.organiser},
        Proposal: {"organiser": w.organiser},
        ProposalEvent: {"proposal__organiser": w.organiser},
        ProposalItem: {"proposal__organiser": w.organiser},
        FundIncome: {"organiser": w.organiser},
        RecipientPayment: {"organiser": w.organiser},
    }
    state = [
        list(model.objects.filter(**lookup).order_by("pk").values())
        for model, lookup in models.items()
    ]
    people = User.objects.filter(pk__in=[w.secretary.pk, w.council.pk, w.admin.pk])
    state.append(
        list(
            people.order_by("pk").values(
                "pk", "is_active", "has_second_factor", "password", "units"
            )
        )
    )
    state.append(AccessAttempt.objects.filter(username=w.secretary.username).count())
    return state


def _request(client, method: str, path: str):
    return client.get(path) if method == "get" else client.post(path, {})


def _status_on_own(client, method: str, path: str) -> int:
    """What the user gets with their own organiser's object (undone afterwards)."""
    with transaction.atomic():
        status = _request(client, method, path).status_code
        transaction.set_rollback(True)
    return status


@pytest.mark.parametrize("role", ["council", "admin"])
@pytest.mark.parametrize("direction", ["A reads B", "B reads A"])
def test_an_organiser_reads_and_changes_nothing_of_another(client, worlds, role, direction):
    own, other = worlds if direction == "A reads B" else reversed(worlds)
    client.force_login(getattr(own, role))
    before = _state(other)
    failures, not_found, refused = [], 0, 0
    for route, entry in WITH_OBJECT:
        other_path, own_path = path(route, entry, other), path(route, entry, own)
        route_refused = True
        for method in ("get", "post"):
            status = _request(client, method, other_path).status_code
            not_found += status == 404
            route_refused &= status in (403, 405)
            if status == 404 or status == 405:
                continue
            if status == 403 and _status_on_own(client, method, own_path) in (403, 405):
                continue  # the role may not use this view at all
            failures.append((method, other_path, status))
        refused += route_refused
    for route, entry in WITHOUT_OBJECT:
        list_path = path(route, entry, own)
        response = client.get(list_path)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        if other.mark in body or other.secretary.username in body:
            failures.append(("get", list_path, "shows " + other.mark))
    assert failures == []
    # Every view the role may use answers 404 at least once, the object unseen (not a
    # sign-in page); the others refuse the role on its own organiser's objects too.
    assert not_found >= len(WITH_OBJECT) - refused > len(WITH_OBJECT) // 2
    assert _state(other) == before


@pytest.mark.parametrize("role", ["council", "admin"])
def test_each_organiser_reads_its_own(client, worlds, role):
    """The walk above is not vacuous: the same pages show the user's own organiser."""
    own, _other = worlds
    client.force_login(getattr(own, role))
    pages = [
        reverse("campaigns:campaign-detail", kwargs={"pk": own.campaign.pk}),
        reverse("campaigns:dashboard", kwargs={"pk": own.campaign.pk}),
        reverse("campaigns:report-detail", kwargs={"pk": own.report.pk}),
        reverse("blocs:bloc-detail", kwargs={"code": own.bloc.code}),
        reverse("covenants:covenant-detail", kwargs={"pk": own.covenant.pk}),
        reverse("awards:nomination-detail", kwargs={"pk": own.nomination.pk}),
        reverse("awards:person-history", kwargs={"pk": own.person.pk}),
    ]
    if role == "admin":
        pages += [
            reverse("awards:decision-detail", kwargs={"pk": own.draft.pk}),
            reverse("users:list"),
            reverse("accounts:events"),
            reverse("accounts:locks"),
        ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    lists = ["/campaigns/", "/campaigns/reports/", "/blocs/", "/blocs/covenants/", "/awards/"]
    for page in lists:
        assert own.mark in client.get(page).text, page
    if role == "admin":
        accounts = client.get(reverse("users:list")).text
        assert own.secretary.username in accounts
        council_row = accounts.split(f'data-account="{own.council.username}"')[1].split("</tr>")[0]
        assert own.organiser.name in council_row
        assert own.secretary.username in client.get(reverse("accounts:events")).text
        assert own.secretary.username in client.get(reverse("accounts:locks")).text
        assert f"Quyết định {own.mark}" in client.get(reverse("awards:decision-list")).text


def test_the_province_sees_both_organisers_below_it(client, worlds):
    """A member of the province's organiser reads what belongs to every organiser under it."""
    city_world, _ward_world = worlds
    province = city_world.organiser.parent
    council = UserFactory(role="council")
    province.organiser_members.add(council)
    client.force_login(council)
    campaigns = client.get("/campaigns/").text
    assert "Phong trào ORGA" in campaigns and "Phong trào ORGB" in campaigns
    for w in worlds:
        assert client.get(f"/campaigns/reports/{w.report.pk}/").status_code == 200
        assert client.get(f"/blocs/covenants/{w.covenant.pk}/").status_code == 200


def test_the_ward_does_not_see_the_province_above_it(client, worlds):
    _city_world, ward_world = worlds
    province = ward_world.organiser.parent
    campaign = CampaignFactory(name="Phong trào của tỉnh", organiser=province)
    client.force_login(ward_world.council)
    assert client.get(f"/campaigns/{campaign.pk}/").status_code == 404
    assert "Phong trào của tỉnh" not in client.get("/campaigns/").text


def test_the_django_admin_is_the_superusers(client, worlds):
    """The admin site is the superusers' (mongcai.urls): an organiser's admin is sent to
    its sign-in, which sends them home; nothing of any organiser opens there (the
    province's superusers keep the reference data)."""
    own, other = worlds
    client.force_login(own.admin)
    for path in (
        f"/admin/campaigns/campaign/{other.campaign.pk}/change/",
        f"/admin/blocs/bloc/{other.bloc.pk}/change/",
        f"/admin/awards/decision/{other.draft.pk}/change/",
        f"/admin/accounts/user/{other.admin.pk}/change/",
        "/admin/campaigns/campaign/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/admin/login/"), path
        assert client.get(response.url).url == reverse("home:index")
    assert "ORGB" not in client.get("/admin/", follow=True).text


def test_an_admin_invites_council_members_only_into_their_organisers(client, worlds):
    own, other = worlds
    client.force_login(own.admin)
    response = client.post(
        reverse("users:invite-person"),
        {
            "full_name": "Người mới",
            "email": "moi@example.vn",
            "role": "council",
            "organiser": other.organiser.pk,
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(email="moi@example.vn").exists()
    client.post(
        reverse("users:invite-person"),
        {
            "full_name": "Người mới",
            "email": "moi@example.vn",
            "role": "council",
            "organiser": own.organiser.pk,
        },
    )
    invited = User.objects.get(email="moi@example.vn")
    assert list(invited.organisers.all()) == [own.organiser]
    assert not invited.is_superuser


def test_an_admin_issues_only_in_the_name_of_their_organisers_authorities(client, worlds):
    own, other = worlds
    client.force_login(own.admin)
    form = client.get(reverse("awards:decision-create")).context["form"]
    assert list(form.fields["authority"].queryset) == [own.draft.authority]
    response = client.post(
        reverse("awards:decision-create"),
        {
            "authority": other.draft.authority.pk,
            "decided_on": "30/09/2023",
            "kind": "ad_hoc",
            "summary": "Thử",
            "signer_name": "A",
            "signer_position": "Chủ tịch",
        },
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(summary="Thử").exists()
