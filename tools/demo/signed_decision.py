"""The province's issued decision of the live year, with its PDF and a signed copy
(issue 18; docs/demo.md): a new user sees a decision numbered from the register, its
PDF, and a signature verified on upload.

The signature is made at load time with a CA generated on the spot and named as the
demo's (“CA THỬ NGHIỆM – CHỈ DÙNG CHO BẢN DEMO”), trusted for the province only: it
is no real certificate authority, and a real deployment configures the Government's
CA (docs/awards.md). The register number is a demo assumption.
"""

import datetime as dt

from django.db import transaction

from awards.models import Authority, Decision, TrustedCertificate
from awards.services import decision_add_nominations, decision_issue, decision_save
from awards.signing import decision_pdf_get, decision_signed_upload
from blocs.models import Unit
from mongcai.accounts.models import User

from . import data, live
from .demo_pki import issue, sign

SUMMARY = "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể dẫn đầu phong trào thi đua"
# The number the province's văn thư gave it in the register (a demo assumption).
REGISTER_NUMBER = 2841
DEMO_CA = "CA THỬ NGHIỆM – CHỈ DÙNG CHO BẢN DEMO"
SIGNER = "Nguyễn Văn Minh"


@transaction.atomic
def signed_decision_load(*, campaign, today: dt.date, units: dict[str, Unit]) -> Decision | None:
    """Once: a collective passed by the province's council, put into a decision that is
    issued with the register's number three days before `today`, its PDF stored and
    signed by the demo's chairman. Returns the decision (None when already there)."""
    if Decision.objects.filter(summary=SUMMARY).exists():
        return None
    admin = User.objects.get(username="admin")
    nomination = live.collective_passed(
        campaign=campaign,
        year=today.year,
        collective=units["phuong-mong-cai-3"],
        achievement=f"Dẫn đầu phong trào thi đua cải cách hành chính năm {today.year}",
        admin=admin,
        session_name=f"Phiên họp xét khen thưởng cải cách hành chính năm {today.year}",
        held_on=today - dt.timedelta(days=10),
    )
    day = today - dt.timedelta(days=3)
    decision = decision_save(
        user=admin,
        authority=Authority.objects.get(code="ct-ubnd-quang-ninh"),
        decided_on=day,
        kind="campaign",
        campaign=campaign,
        summary=SUMMARY,
        proposal="Giám đốc Sở Nội vụ",
        signer_name=SIGNER,
        signer_position="Chủ tịch",
        copies_to="Như Điều 3;\nLưu: VT, SNV.",
    )
    decision_add_nominations(user=admin, decision=decision, nominations=[nomination])
    decision = decision_issue(
        user=admin,
        decision=decision,
        password=data.DEMO_PASSWORD,
        number=REGISTER_NUMBER,
        decided_on=day,
    )
    stored = decision_pdf_get(decision=decision)
    root = issue(DEMO_CA, organisation="Bản demo – không phải Ban Cơ yếu Chính phủ", ca=True)
    official = issue(f"{SIGNER} (DEMO)", organisation="UBND tỉnh Quảng Ninh", issuer=root)
    trusted = TrustedCertificate(
        name=DEMO_CA, pem=root.pem, organiser=Unit.objects.get(code=data.PROVINCE[0])
    )
    trusted.full_clean()
    trusted.save()
    decision_signed_upload(
        user=admin, decision=decision, data=sign(bytes(stored.issued_pdf), official)
    )
    return decision
