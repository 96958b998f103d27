"""The council's session as its members and the admin meet it in the pages: convene,
record attendance, vote, close, read the minutes, and the decision offers only the
nominees the session passed."""

import datetime as dt
import io
import os
import re

import pytest
import time_machine
from django.utils import timezone
from docx import Document

from awards import procedure
from awards.models import BallotCast, CouncilSession, Nomination

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_council_holds_a_session_and_the_admin_decides_the_passed(
    client, members, nominations, admin_user, draft
):
    chair = members[0]
    client.force_login(chair)
    page = client.get("/awards/sessions/new/").text
    assert "Nguyễn Văn An" in page and "Thành viên 2" in page
    response = client.post(
        "/awards/sessions/new/",
        {
            "name": "Phiên họp xét khen thưởng năm 2024",
            "held_on": "20/08/2024",
            "place": "Phòng họp số 1",
            "quorum": "two_thirds",
            "majority": "more_than_half",
            "regulation": "Quy chế số 01/QC-HĐTĐKT",
            "members": [m.pk for m in members],
            "nominations": [n.pk for n in nominations],
        },
        follow=True,
    )
    session = CouncilSession.objects.get()
    assert session.held_on == dt.date(2024, 8, 20)
    assert "20/08/2024" in response.text and 'data-testid="agenda"' in response.text
    # Without attendance the quorum is not met, and the session does not close.
    response = client.post(f"/awards/sessions/{session.pk}/close/", {}, follow=True)
    assert "không đủ" in response.text or "not met" in response.text
    assert CouncilSession.objects.get().is_open
    client.post(f"/awards/sessions/{session.pk}/attendance/", {"present": [m.pk for m in members]})
    items = list(session.items.order_by("order"))
    for member, choices in zip(
        members, (("agree", "agree"), ("agree", "disagree"), ("disagree", "disagree")), strict=True
    ):
        client.force_login(member)
        page = client.get(f"/awards/sessions/{session.pk}/").text
        assert 'data-testid="ballot-form"' in page
        client.post(
            f"/awards/sessions/{session.pk}/vote/",
            {f"item_{i.pk}": c for i, c in zip(items, choices, strict=True)},
        )
        page = client.get(f"/awards/sessions/{session.pk}/").text
        assert 'data-testid="ballot-form"' not in page and 'data-testid="voted"' in page
    # While open the page shows how many voted, not the counts.
    assert "3/3" in page and 'data-testid="result"' not in page
    assert BallotCast.objects.count() == 6
    # The list published until today: the session closes only from tomorrow.
    today = timezone.localdate()
    procedure.disclosure_publish(
        user=admin_user,
        organiser=session.organiser,
        year=2024,
        name="Công khai danh sách",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today,
    )
    client.force_login(chair)
    response = client.post(
        f"/awards/sessions/{session.pk}/close/", {"conclusions": "Thống nhất."}, follow=True
    )
    assert f"còn đến hết ngày {today:%d/%m/%Y}" in response.text
    assert CouncilSession.objects.get().is_open
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        client.force_login(chair)  # a day later: a new sign-in
        response = client.post(
            f"/awards/sessions/{session.pk}/close/", {"conclusions": "Thống nhất."}, follow=True
        )
    results = re.findall(r'data-testid="result"[^>]*>([^<]*)<', response.text)
    assert [r.strip() for r in results] == ["Đạt", "Không đạt"]
    minutes = client.get(f"/awards/sessions/{session.pk}/minutes.docx")
    assert minutes["Content-Type"].endswith("wordprocessingml.document")
    tally = client.get(f"/awards/sessions/{session.pk}/tally.docx")
    if os.environ.get("SESSION_DOCX_DIR"):  # to look at them rendered (docs/awards.md)
        for name, response in (("minutes", minutes), ("tally", tally)):
            with open(os.path.join(os.environ["SESSION_DOCX_DIR"], f"{name}.docx"), "wb") as f:
                f.write(response.content)
    text = _docx_text(minutes.content)
    assert "BIÊN BẢN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "3/3 thành viên Hội đồng có mặt" in text
    assert "Nguyễn Văn An (Phường A), Giấy khen: 2 phiếu đồng ý, 1 phiếu không đồng ý" in text
    tally_text = _docx_text(tally.content)
    assert "BIÊN BẢN KIỂM PHIẾU" in tally_text and "2 (66,7%)" in tally_text
    # A closed session takes no vote and cannot be closed again.
    client.post(f"/awards/sessions/{session.pk}/vote/", {f"item_{items[1].pk}": "agree"})
    assert session.items.get(pk=items[1].pk).agree == 1
    # The admin's decision offers the passed nominee only.
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{draft.pk}/").text
    passed, failed = (Nomination.objects.get(pk=n.pk) for n in nominations)
    assert f'id="nom-{passed.pk}"' in page and f'id="nom-{failed.pk}"' not in page
    client.post(f"/awards/decisions/{draft.pk}/nominations/", {"nominations": [passed.pk]})
    assert list(draft.recipients.values_list("nomination", flat=True)) == [passed.pk]


def test_a_secretary_cannot_open_the_sessions(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get("/awards/sessions/").status_code == 403
    assert client.get("/awards/sessions/new/").status_code == 403


def test_an_open_session_has_no_minutes(client, members, nominations, city):
    from awards import sessions

    session = sessions.session_create(
        user=members[0],
        organiser=city,
        name="Phiên họp",
        held_on=dt.date(2024, 8, 20),
        place="Phòng họp",
        members=members,
        nominations=nominations,
        quorum="two_thirds",
        majority="more_than_half",
    )
    client.force_login(members[0])
    assert client.get(f"/awards/sessions/{session.pk}/minutes.docx").status_code == 404
    assert client.get(f"/awards/sessions/{session.pk}/other.docx").status_code == 404
