"""A small shared world: one object of each kind a URL can name, each with a known owner.

Built through the services where they exist (so every object is in a state the
product itself reaches), used by the URL × role table (tests/test_url_access.py)
and the generated-input suite (tests/test_generated_input.py).

The actors, by the names the table uses:

- ``anon``: nobody signed in;
- ``sec_a`` and ``sec_b``: secretaries of unit A and unit B, members of one bloc;
- ``head``: secretary of unit H, which heads that bloc in 2023 (so the bloc head
  is a third person, and A and B are the members it oversees), and unit A's head
  (thủ trưởng, ``Unit.heads``): it confirms the dossier of unit A's nominee;
- ``council``: a council member of the city's organiser (with the second factor the
  role requires);
- ``admin``: the administrator (staff, superuser, second factor).

The bloc has two covenants: ``covenant`` in its cross-review (signed, scored) and
``covenant_draft``, a draft of a second campaign, whose edit form the table and the
generated-input suite reach.

Beside them, ``other_council`` and ``other_admin`` (objects, not table roles) are the
council member and admin of another organiser, a ward beside the city: they must
reach nothing of this world (tests/test_url_access.py, issue 15).

Objects of unit A are the ones the table names (``report_a``, ``evidence_a``,
``person_a``, ``nomination_a``...): sec_a owns them, sec_b is the outsider of the
same bloc, the head oversees them where the head's role reaches.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.services import token_create
from awards import dossiers as award_dossiers
from awards import procedure as award_procedure
from awards import services as award_services
from awards import sessions as award_sessions
from awards.models import (
    Absence,
    Authority,
    Discipline,
    Export,
    HonourBoard,
    Household,
    Initiative,
    Proposal,
    Title,
    TrustedCertificate,
)
from blocs.models import Reorganisation
from campaigns.models import DedicatedWork, ReconcileRun, Report, Target
from campaigns.services import ValueInput, evidence_add, lock_exception_open, report_save
from covenants.services import (
    CommitmentInput,
    CriterionInput,
    ScoreInput,
    covenant_create,
    covenant_open,
    covenant_review_start,
    covenant_rubric_save,
    covenant_sign,
    score_self_save,
)
from mongcai.accounts.models import User
from mongcai.accounts.services import account_invite
from mongcai.ops.models import WorkerHeartbeat
from tests.factories import (
    AssignmentFactory,
    BlocFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)
from tests.pki import pki
from tools.demo.awards_demo import catalogue_load

ROLES = ("anon", "sec_a", "sec_b", "head", "council", "admin")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

RUBRIC = [
    CriterionInput(kind="criterion", title="Đăng ký thi đua đúng hạn", max_points=Decimal(10)),
    CriterionInput(kind="bonus", title="Cờ thi đua cấp tỉnh", max_points=Decimal(10)),
]


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def world_build() -> World:
    """Every object a URL of the product can name, with the owners listed above."""
    city = UnitFactory(code="city", name="Thành phố thử", kind="city", is_organiser=True)
    bloc = BlocFactory(code="khoi-thu", name="Khối thử", organiser=city)
    unit_a = UnitFactory(code="unit-a", name="Phường A", kind="ward", parent=city)
    unit_b = UnitFactory(code="unit-b", name="Xã B", kind="commune", parent=city)
    unit_h = UnitFactory(code="unit-h", name="Phường H", kind="ward", parent=city)
    for unit, role in ((unit_a, "member"), (unit_b, "member"), (unit_h, "head")):
        MembershipFactory(bloc=bloc, unit=unit, year=2023, role=role)

    users = {
        "anon": None,
        "sec_a": UserFactory(username="alice", full_name="Alice (A)", units=[unit_a]),
        "sec_b": UserFactory(username="bob", full_name="Bob (B)", units=[unit_b]),
        "head": UserFactory(username="hana", full_name="Hana (H)", units=[unit_h]),
        "council": UserFactory(username="charlie", full_name="Charlie", role="council"),
        "admin": UserFactory(
            username="dana", full_name="Dana", role="admin", is_staff=True, is_superuser=True
        ),
    }
    sec_a, admin = users["sec_a"], users["admin"]
    city.organiser_members.add(users["council"])
    # Another organiser with its own council member and admin (not a superuser).
    other = UnitFactory(code="phuong-khac", name="Phường khác", kind="ward", is_organiser=True)
    other_council = UserFactory(username="olga", full_name="Olga", role="council")
    other_admin = UserFactory(username="oscar", full_name="Oscar", role="admin", is_staff=True)
    other.organiser_members.add(other_council, other_admin)

    # Campaigns: a period with unit A's report submitted (with evidence), B's a draft.
    campaign = CampaignFactory(organiser=city)
    period = PeriodFactory(
        campaign=campaign,
        label="Tháng 03/2023",
        starts_on=dt.date(2023, 2, 15),
        ends_on=dt.date(2023, 3, 14),
        deadline=dt.date(2099, 3, 19),
        locks_on=dt.date(2099, 4, 3),
    )
    indicator = CampaignIndicatorFactory(campaign=campaign)
    for unit in (unit_a, unit_b, unit_h):
        AssignmentFactory(campaign_indicator=indicator, unit=unit)
    # The admin's pages of targets (with their history) have a row.
    Target.objects.create(campaign_indicator=indicator, scope="city", value=Decimal(100))
    values = [ValueInput(indicator=indicator.indicator, value=Decimal(12))]
    report_a = report_save(
        user=sec_a,
        unit=unit_a,
        period=period,
        inputs=values,
        highlights="",
        version=None,
        submit=False,
    )
    evidence_a = evidence_add(user=sec_a, report=report_a, uploaded=pdf())
    report_a = report_save(
        user=sec_a,
        unit=unit_a,
        period=period,
        inputs=values,
        highlights="Đủ chỉ tiêu",
        version=Report.objects.get(pk=report_a.pk).version,
        submit=True,
    )
    report_b = ReportFactory(unit=unit_b, period=period)

    # Covenants: the bloc's covenant in its cross-review, with unit A's claim evidence.
    head = users["head"]
    covenant = covenant_create(
        bloc=bloc, campaign=campaign, year=2023, title="Giao ước thi đua năm 2023", by=head
    )
    covenant = covenant_rubric_save(
        covenant=covenant,
        title=covenant.title,
        preamble="Các đơn vị trong khối cam kết.",
        commitments=[
            CommitmentInput(text="Hoàn thành chỉ tiêu", indicator_id=indicator.indicator_id)
        ],
        criteria=RUBRIC,
        by=head,
    )
    covenant = covenant_open(covenant=covenant, by=head)
    for unit, user in ((unit_a, sec_a), (unit_b, users["sec_b"]), (unit_h, head)):
        covenant_sign(covenant=covenant, unit=unit, by=user)
    criteria = list(covenant.criteria.all())
    for unit, user in ((unit_a, sec_a), (unit_b, users["sec_b"]), (unit_h, head)):
        card = covenant.scorecards.get(unit=unit)
        entries = [
            ScoreInput(criterion_id=criteria[0].pk, points=Decimal(9), note="Đã thực hiện"),
            ScoreInput(
                criterion_id=criteria[1].pk,
                points=Decimal(5),
                note="Cờ của tỉnh",
                evidence=pdf("co-thi-dua.pdf"),
            ),
        ]
        score_self_save(scorecard=card, entries=entries, by=user, submit=True)
    covenant = covenant_review_start(covenant=covenant, by=head)
    score_a = covenant.scorecards.get(unit=unit_a).scores.get(criterion=criteria[1])
    # A draft of the same bloc for a second campaign: the covenant edit form's page.
    covenant_draft = covenant_create(
        bloc=bloc,
        campaign=CampaignFactory(organiser=city, name="Phong trào thi đua chuyên đề"),
        year=2023,
        title="Giao ước chuyên đề (dự thảo)",
        by=head,
    )

    # Awards: the catalogue, unit A's person and nomination, a draft decision with
    # one recipient, and an export of it.
    catalogue_load()
    Authority.objects.update(organiser=city)  # the world's decisions are the city's
    authority = Authority.objects.get(code="ct-ubnd-mong-cai")
    person_a = award_services.person_save(
        full_name="Nguyễn Văn An", unit=unit_a, position="Chuyên viên"
    )
    individual = Title.objects.get(code="giay-khen-ca-nhan")
    nomination_a = award_services.nomination_propose(
        unit=unit_a,
        recipient_kind=individual.recipient_kind,
        person=person_a,
        title=individual,
        campaign=campaign,
        year=2024,
        kind="ad_hoc",
        achievement="Thành tích xuất sắc 2024",
        proposed_by=sec_a,
    )
    # Its dossier, drafted by sec_a, with one evidence file; the bloc head is also unit
    # A's head (thủ trưởng, Unit.heads), who alone confirms it (awards.dossiers).
    unit_a.heads.add(users["head"])
    dossier_a = award_dossiers.dossier_draft(nomination=nomination_a, user=sec_a)
    dossier_file_a = award_dossiers.dossier_file_add(dossier=dossier_a, user=sec_a, uploaded=pdf())
    # The council's sessions: one closed (its minutes), one open with the council present.
    council = users["council"]
    session_ids = {}
    for state, achievement in (
        ("closed", "Hoàn thành xuất sắc nhiệm vụ 2024"),
        ("open", "Sáng kiến 2024"),
    ):
        agenda = award_services.nomination_propose(
            unit=unit_a,
            recipient_kind=individual.recipient_kind,
            person=person_a,
            title=individual,
            campaign=campaign,
            year=2024,
            kind="ad_hoc",
            achievement=achievement,
            proposed_by=sec_a,
        )
        session = award_sessions.session_create(
            user=council,
            organiser=city,
            name=f"Phiên họp thử ({state})",
            held_on=dt.date(2024, 8, 20),
            place="Phòng họp số 1",
            members=[council],
            nominations=[agenda],
            quorum="two_thirds",
            majority="more_than_half",
        )
        award_sessions.session_attendance(user=council, session=session, present=[council])
        if state == "closed":
            award_sessions.ballot_cast(
                user=council, session=session, choices={session.items.get().pk: True}
            )
            award_sessions.session_close(user=council, session=session)
        session_ids[state] = session
    decision = award_services.decision_save(
        user=admin,
        authority=authority,
        number=123,
        decided_on=dt.date(2024, 9, 2),
        kind="ad_hoc",
        campaign=campaign,
        summary="Về việc khen thưởng đột xuất",
        proposal="Trưởng phòng Nội vụ thành phố",
        signing_mode="KT.",
        signer_name="Lê Văn Chính",
        signer_position="Phó Chủ tịch",
        copies_to="Sở Nội vụ tỉnh",
    )
    recipient = award_services.decision_add_recipient(
        user=admin,
        decision=decision,
        recipient_kind="collective",
        collective=unit_b,
        title=Title.objects.get(code="giay-khen-tap-the"),
        achievement="Dẫn đầu phong trào",
        year=2024,
    )
    export = Export.objects.create(decision=decision, fmt="csv", requested_by=admin, total=1)
    # A proposal to a higher level, sent: the closed session's nominee, to an authority
    # above the city (outside the deployment).
    higher = Authority.objects.create(
        code="world-tinh",
        name="Chủ tịch UBND tỉnh thử",
        level="province",
        body="Ủy ban nhân dân tỉnh thử",
        symbol="QĐ-UBND",
        place="Tỉnh thử",
        signing_capacity="Chủ tịch",
    )
    proposal = Proposal.objects.create(
        organiser=city,
        sender=authority,
        authority=higher,
        session=session_ids["closed"],
        number=7,
        dated=dt.date(2024, 8, 25),
        summary="Về việc đề nghị tặng Bằng khen",
        signer_name="Lê Văn Chính",
        signer_position="Chủ tịch",
        status="sent",
        sent_on=dt.date(2024, 8, 26),
        channel="e_office",
        created_by=admin,
    )
    proposal.items.create(nomination=session_ids["closed"].items.get().nomination, order=1)
    # A trusted signing certificate (issue 18), for its admin pages.
    trusted = TrustedCertificate(name="Test Root CA", pem=pki().root.pem)
    trusted.full_clean()
    trusted.save()

    # Rows of the other admin pages: a workers' heartbeat, a reconcile run, a lock
    # exception of unit B, a dedicated work, an initiative, a group.
    WorkerHeartbeat.objects.create(hostname="celery@worker-1", seen_at=timezone.now(), beats=3)
    ReconcileRun.objects.create(started_at=timezone.now(), trigger="hourly")
    lock_exception_open(
        user=admin, unit=unit_b, period=period, reason="Sửa số liệu", open_until=dt.date(2099, 1, 1)
    )
    DedicatedWork.objects.create(
        campaign=campaign, name="Nhà văn hóa khu 3", level="city", unit=unit_a
    )
    Initiative.objects.create(person=person_a, year=2024, name="Sáng kiến số hóa hồ sơ")
    # A measure of an earlier year: the admin's page of disciplinary measures has a row,
    # and no 2024 check of person A changes.
    Discipline.objects.create(person=person_a, year=2020, measure="Khiển trách")
    # Sick leave of an earlier year: the admin's page of absences has a row.
    Absence.objects.create(person=person_a, year=2020, days=5, reason="sick")
    # A household of unit A (the admin's page of households has a row); not nominated.
    Household.objects.create(name="Hộ ông Trần Văn Bình", address="Khu 3", unit=unit_a)
    Group.objects.create(name="Văn thư")
    # A unit that ended before the campaign, and its reorganisation (read-only history
    # in the admin); nothing of the campaign's units changes.
    ended = UnitFactory(
        code="unit-cu", name="Phường cũ", kind="ward", parent=city, valid_to=dt.date(2020, 12, 31)
    )
    event = Reorganisation.objects.create(
        kind="end", effective_on=dt.date(2021, 1, 1), legal_basis="Nghị quyết thử số 1/2020"
    )
    event.predecessors.add(ended)

    # Accounts: an invitation not yet used, and sec_a's reset link.
    invited = account_invite(by=admin, email="moi@example.com", full_name="Người được mời")

    token_a, _secret = token_create(user=sec_a, name="Văn phòng điện tử", lifetime_days=90)

    # Annual registration (open until 2099) and a published list open for comments,
    # with sec_a's comment on nomination A.
    registration_round = award_procedure.round_open(
        user=admin, organiser=city, year=2024, deadline=dt.date(2099, 1, 31)
    )
    disclosure = award_procedure.disclosure_publish(
        user=admin,
        organiser=city,
        year=2024,
        name="Công khai danh sách đề nghị khen thưởng năm 2024",
        starts_on=dt.date(2000, 1, 1),
        ends_on=dt.date(2099, 1, 1),
    )
    disclosure_comment = award_procedure.comment_send(
        user=sec_a, disclosure=disclosure, nomination=nomination_a, text="Đề nghị làm rõ."
    )

    objects = {
        "token_a": token_a,
        "registration_round": registration_round,
        "disclosure": disclosure,
        "disclosure_comment": disclosure_comment,
        "city": city,
        "other_organiser": other,
        "other_council": other_council,
        "other_admin": other_admin,
        "bloc": bloc,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "unit_h": unit_h,
        "campaign": campaign,
        "period": period,
        "report_a": report_a,
        "report_b": report_b,
        "evidence_a": evidence_a,
        "covenant": covenant,
        "covenant_draft": covenant_draft,
        "score_a": score_a,
        "person_a": person_a,
        "nomination_a": nomination_a,
        "dossier_file_a": dossier_file_a,
        "dossier_report": "report",
        "session_open": session_ids["open"],
        "session_closed": session_ids["closed"],
        "minutes": "minutes",
        "decision": decision,
        "recipient": recipient,
        "export": export,
        "proposal": proposal,
        "pay": "pay",
        "letter": "letter",
        "invited": invited,
        "invited_uid": urlsafe_base64_encode(force_bytes(invited.pk)),
        "invited_token": default_token_generator.make_token(invited),
        "sec_a_uid": urlsafe_base64_encode(force_bytes(sec_a.pk)),
        "sec_a_token": default_token_generator.make_token(sec_a),
        "bloc_code": bloc.code,
        # The city publishes its honour board (reports:honour-board, public).
        "city_code": HonourBoard.objects.create(organiser=city, published=True).organiser.code,
        "unit_type": ContentType.objects.get_for_model(unit_a).pk,
        "csv": "csv",
        "xlsx": "xlsx",
        "giay_khen": "giay_khen",
    }
    for role, user in users.items():
        if user is not None:
            objects[f"user_{role}"] = user
    return World(users=users, objects=objects)
