"""Certificates on the organiser's pre-printed blanks and their public QR check (issue 18):
which awards print (the legal pack), the calibration page and its test print, the PDF
of an issued decision, text that never leaves its box, and the public page: only what
the decision confirms, a wrong token is a plain 404, an annulled award says so."""

import datetime as dt
import io
import os
import uuid

import pdfplumber
import pytest
import segno
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from awards import certificates, services
from awards.models import (
    CertificateCheck,
    CertificateLayout,
    DecisionRecipient,
)
from awards.models.certificates import Field
from mongcai.lib.pdf import FONT, register_fonts
from tests.awards.conftest import add_recipient, decision_draft, issued_with
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def calibrate(organiser, kind="giay_khen", **changes):
    fields = certificates.default_fields(kind)
    for name, values in changes.items():
        fields[name] = {**fields[name], **values}
    return certificates.certificate_layout_save(
        organiser=organiser,
        kind=kind,
        paper="A4",
        orientation="landscape",
        offset_x=0,
        offset_y=0,
        fields=fields,
        by=None,
    )


@pytest.fixture
def people(unit_a):
    return {
        "hien": services.person_save(
            full_name="Nguyễn Thị Hiền", unit=unit_a, position="Kế toán viên", birth_year=1987
        ),
        "tien": services.person_save(full_name="Phạm Văn Tiến", unit=unit_a),
    }


@pytest.fixture
def issued(admin_user, city_authority, campaign, catalogue, people, unit_b):
    """An issued decision of the city: a person's Giấy khen (with a year of birth and a
    position), a collective's Giấy khen, a Lao động tiên tiến (cash only)."""
    return issued_with(
        admin_user,
        decision_draft(admin_user, city_authority, campaign, 57, DAY),
        [
            (people["hien"], catalogue["giay-khen-ca-nhan"], "Hoàn thành xuất sắc nhiệm vụ 2025"),
            (unit_b, catalogue["giay-khen-tap-the"], "Dẫn đầu phong trào thi đua năm 2025"),
            (people["tien"], catalogue["lao-dong-tien-tien"], "Hoàn thành tốt nhiệm vụ 2025"),
        ],
    )


def _recipient(decision, name):
    return next(
        r for r in DecisionRecipient.objects.filter(decision=decision) if str(r.nominee) == name
    )


def _pages(content: bytes):
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [
            {
                "size": (round(p.width / mm), round(p.height / mm)),
                "text": p.extract_text() or "",
                "chars": p.chars,
                "rects": p.rects,
            }
            for p in pdf.pages
        ]


# Which awards carry a certificate (the legal pack) ----------------------------------


def test_the_legal_pack_says_which_award_carries_which_certificate(catalogue, issued):
    kinds = {
        str(r.nominee): r.certificate
        for r in certificates.with_certificate_kind(
            DecisionRecipient.objects.filter(decision=issued)
        )
    }
    assert kinds["Nguyễn Thị Hiền"] == "giay_khen"
    assert kinds["Phạm Văn Tiến"] is None  # NĐ 98/2023 Điều 54: Lao động tiên tiến, cash only
    assert list(kinds.values()).count("giay_khen") == 2


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 6, 1), None),
        (dt.date(2024, 9, 2), "bang_chung_nhan"),
        (DAY, "bang_chung_nhan"),
    ],
)
def test_a_title_certificate_follows_the_law_of_the_decisions_date(
    admin_user, city_authority, campaign, catalogue, people, day, expected
):
    """Chiến sĩ thi đua cơ sở: a Bằng chứng nhận under NĐ 98/2023 and NĐ 152/2025; the
    pack has no row for NĐ 91/2017 (not read), so a 2023 title prints none."""
    draft = decision_draft(admin_user, city_authority, campaign, 60, day)
    # Written directly: the eligibility rules (Lao động tiên tiến first) are not under test.
    DecisionRecipient.objects.create(
        decision=draft,
        recipient_kind="individual",
        person=people["hien"],
        unit=people["hien"].unit,
        title=catalogue["chien-si-thi-dua-co-so"],
        campaign=campaign,
        year=day.year,
        achievement="Sáng kiến",
    )
    (row,) = certificates.with_certificate_kind(draft.recipients.all())
    assert row.certificate == expected


# The decision's PDF --------------------------------------------------------------------


def test_an_issued_decision_prints_one_page_per_award_on_the_calibrated_blank(
    client, admin_user, city, issued
):
    calibrate(city)
    client.force_login(admin_user)
    detail = client.get(reverse("awards:decision-detail", args=[issued.pk])).content.decode()
    assert "In 2 × Giấy khen (PDF)" in detail
    response = client.get(reverse("awards:decision-certificates", args=[issued.pk, "giay_khen"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = _pages(response.content)
    assert [p["size"] for p in pages] == [(297, 210), (297, 210)]
    assert "Nguyễn Thị Hiền" in pages[0]["text"]
    assert "Kế toán viên" in pages[0]["text"]
    assert "Quyết định số 57/QĐ-UBND ngày 05/03/2026" in pages[0]["text"]
    assert "ngày 05 tháng 3 năm 2026" in pages[0]["text"]
    assert "Collective" not in pages[1]["text"] and "Dẫn đầu phong trào" in pages[1]["text"]
    assert all("Phạm Văn Tiến" not in p["text"] for p in pages)
    # Each award printed has its token, made once: printing again keeps it.
    tokens = set(CertificateCheck.objects.values_list("token", flat=True))
    assert len(tokens) == 2
    client.get(reverse("awards:decision-certificates", args=[issued.pk, "giay_khen"]))
    assert set(CertificateCheck.objects.values_list("token", flat=True)) == tokens


def test_one_recipients_certificate_and_one_without_any(client, admin_user, city, issued):
    calibrate(city)
    client.force_login(admin_user)
    hien = _recipient(issued, "Nguyễn Thị Hiền")
    one = client.get(reverse("awards:recipient-certificate", args=[issued.pk, hien.pk]))
    assert one.status_code == 200
    (page,) = _pages(one.content)
    assert "Nguyễn Thị Hiền" in page["text"]
    tien = _recipient(issued, "Phạm Văn Tiến")
    refused = client.get(
        reverse("awards:recipient-certificate", args=[issued.pk, tien.pk]), follow=True
    )
    assert "Không có giấy chứng nhận cho Phạm Văn Tiến" in refused.content.decode()
    assert not CertificateCheck.objects.filter(recipient=tien).exists()


def test_a_blank_not_calibrated_does_not_print(client, admin_user, issued):
    client.force_login(admin_user)
    detail = client.get(reverse("awards:decision-detail", args=[issued.pk])).content.decode()
    assert "hiệu chỉnh phôi trước" in detail
    response = client.get(
        reverse("awards:decision-certificates", args=[issued.pk, "giay_khen"]), follow=True
    )
    assert response["Content-Type"].startswith("text/html")
    assert not CertificateCheck.objects.exists()


def test_a_draft_and_an_annulled_decision_do_not_print(
    client, admin_user, city, issued, city_authority, campaign, catalogue, people
):
    calibrate(city)
    client.force_login(admin_user)
    draft = decision_draft(admin_user, city_authority, campaign, 58, DAY)
    add_recipient(admin_user, draft, people["tien"], catalogue["giay-khen-ca-nhan"], "Nháp")
    services.decision_annul(user=admin_user, decision=issued, reason="Sai đối tượng")
    for decision, message in ((draft, "là bản dự thảo"), (issued, "đã bị hủy")):
        response = client.get(
            reverse("awards:decision-certificates", args=[decision.pk, "giay_khen"]), follow=True
        )
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()
        recipient = decision.recipients.first()
        response = client.get(
            reverse("awards:recipient-certificate", args=[decision.pk, recipient.pk]), follow=True
        )
        assert response["Content-Type"].startswith("text/html")
    assert not CertificateCheck.objects.exists()


def test_an_unknown_kind_is_not_found(client, admin_user, city, issued):
    client.force_login(admin_user)
    url = reverse("awards:decision-certificates", args=[issued.pk, "huan_chuong"])
    assert client.get(url).status_code == 404
    url = reverse("awards:certificate-layout", args=[city.pk, "huan_chuong"])
    assert client.get(url).status_code == 404


def test_a_long_name_and_achievement_stay_in_their_boxes(client, admin_user, city, issued):
    """The name is set smaller to fit on one line; the achievement wraps, and what cannot
    fit even at the smallest size is cut: no character is drawn outside its box."""
    long_name = "Tôn Nữ Thị " + "Hoàng Phương Thảo Nguyên " * 4
    hien = _recipient(issued, "Nguyễn Thị Hiền")
    hien.person.full_name = long_name.strip()
    hien.person.save()
    DecisionRecipient.objects.filter(pk=hien.pk).update(achievement="Đã có thành tích " * 17)
    layout = calibrate(city)
    client.force_login(admin_user)
    response = client.get(reverse("awards:recipient-certificate", args=[issued.pk, hien.pk]))
    (page,) = _pages(response.content)
    height = 210
    for name in (Field.NAME, Field.ACHIEVEMENT):
        box = layout.fields[name]
        left, right = box["x"] * mm, (box["x"] + box["width"]) * mm
        top, bottom = box["y"] * mm, (box["y"] + box["height"]) * mm
        inside = [
            c
            for c in page["chars"]
            if c["x0"] >= left - 0.5
            and c["x1"] <= right + 0.5
            and c["top"] >= top - 0.5
            and c["bottom"] <= bottom + 0.5
        ]
        assert inside, name
        # Set smaller than the box's largest size (24 pt for the name, 16 for the rest).
        assert max(c["size"] for c in inside) < box["size"] - 0.4, name
    # Every character of the page lies in some box.
    boxes = [b for n, b in layout.boxes().items() if n != Field.QR]
    for c in page["chars"]:
        assert any(
            b["x"] * mm - 0.5 <= c["x0"]
            and c["x1"] <= (b["x"] + b["width"]) * mm + 0.5
            and b["y"] * mm - 0.5 <= c["top"]
            and c["bottom"] <= (b["y"] + b["height"]) * mm + 0.5
            for b in boxes
        ), (c["text"], c["x0"], c["top"])
    assert height == page["size"][1]


def test_what_does_not_fit_even_small_is_cut_with_an_ellipsis():
    register_fonts()
    size, lines = certificates.fit("thành tích " * 200, FONT, 14, 80 * mm, 12 * mm)
    assert size == certificates.MIN_SIZE
    assert lines[-1].endswith("…")
    assert len(lines) == int(12 * mm // (size * certificates.LEADING))


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠỆỖ  -,.W"), max_size=400
    ),
    size=st.floats(min_value=6, max_value=40),
    width=st.floats(min_value=5, max_value=300),
    height=st.floats(min_value=3, max_value=80),
)
# A word wider than a narrow box, where even "W…" overflowed (found by this test).
@example(text="WW", size=15.0, width=5.0, height=7.0)
def test_fitted_text_never_leaves_its_box(text, size, width, height):
    register_fonts()
    fitted, lines = certificates.fit(text, FONT, size, width * mm, height * mm)
    assert certificates.MIN_SIZE <= fitted <= size
    assert all(stringWidth(line, FONT, fitted) <= width * mm + 0.01 for line in lines)
    # As many lines as the height holds (at least one, even in a box lower than a line).
    assert len(lines) <= max(1, int((height * mm + 0.01) // (fitted * certificates.LEADING)))


def test_the_qr_code_drawn_is_the_check_address_of_the_awards_token(
    client, admin_user, city, issued, settings
):
    settings.SITE_URL = "https://thidua.quangninh.gov.vn"
    layout = calibrate(city)
    client.force_login(admin_user)
    hien = _recipient(issued, "Nguyễn Thị Hiền")
    content = client.get(reverse("awards:recipient-certificate", args=[issued.pk, hien.pk])).content
    token = CertificateCheck.objects.get(recipient=hien).token
    assert str(hien.pk) != token and len(token) >= 22
    url = f"https://thidua.quangninh.gov.vn/awards/check/{token}/"
    expected = [list(map(bool, row)) for row in segno.make(url, error="m", micro=False).matrix]
    (page,) = _pages(content)
    box = layout.fields[Field.QR]
    count = len(expected) + 4
    module = min(box["width"], box["height"]) * mm / count
    drawn = [[False] * len(expected) for _ in expected]
    for rect in page["rects"]:
        col = round((rect["x0"] - box["x"] * mm) / module) - 2
        row = round((rect["top"] - box["y"] * mm) / module) - 2
        drawn[row][col] = True
    assert drawn == expected


# The calibration ------------------------------------------------------------------------


def _form_data(layout, **changes):
    data = {
        "paper": layout.paper,
        "orientation": layout.orientation,
        "offset_x": "0",
        "offset_y": "0",
    }
    for name, box in layout.fields.items():
        for key, value in box.items():
            if key in ("show", "bold"):
                if value:
                    data[f"{name}_{key}"] = "on"
            else:
                data[f"{name}_{key}"] = str(value).replace(".", ",")
    data.update(changes)
    return data


def test_the_admin_calibrates_a_blank_in_millimetres(client, admin_user, city):
    client.force_login(admin_user)
    url = reverse("awards:certificate-layout", args=[city.pk, "bang_khen"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Chưa hiệu chỉnh" in page.content.decode()
    assert not CertificateLayout.objects.exists()
    default = certificates.certificate_layout_get_or_default(organiser=city, kind="bang_khen")
    response = client.post(
        url,
        _form_data(default, paper="A3", name_x="95,5", name_size="30", offset_x="-1,5"),
        follow=True,
    )
    assert "đã được hiệu chỉnh" in response.content.decode()
    layout = CertificateLayout.objects.get(organiser=city, kind="bang_khen")
    assert layout.paper == "A3" and layout.page_mm == (420, 297)
    assert layout.fields["name"]["x"] == 95.5 and layout.fields["name"]["size"] == 30
    assert float(layout.offset_x) == -1.5
    assert layout.changed_by == admin_user
    listing = client.get(reverse("awards:certificate-layouts")).content.decode()
    assert "A3" in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_x": "250"}, "không vừa trang"),
        ({"name_width": "abc"}, "không phải là số"),
        ({"name_size": "2"}, "Nhập giá trị từ 6 đến 72"),
        ({"qr_x": ""}, "hãy nhập x, y, rộng, cao và cỡ chữ"),
        ({"paper": "B5"}, "B5"),
    ],
)
def test_a_wrong_calibration_is_refused_and_nothing_is_saved(
    client, admin_user, city, changes, message
):
    client.force_login(admin_user)
    url = reverse("awards:certificate-layout", args=[city.pk, "giay_khen"])
    default = certificates.certificate_layout_get_or_default(organiser=city, kind="giay_khen")
    response = client.post(url, _form_data(default, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CertificateLayout.objects.exists()


def test_the_test_print_draws_the_grid_and_every_box(client, admin_user, city):
    calibrate(city)
    client.force_login(admin_user)
    response = client.get(reverse("awards:certificate-test-print", args=[city.pk, "giay_khen"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        (page,) = pdf.pages
        assert (round(page.width / mm), round(page.height / mm)) == (297, 210)
        # A line every 5 mm across and down: 60 + 43 lines.
        assert len(page.lines) >= 60 + 43
        text = page.extract_text()
    for label in ("Họ tên người được khen", "Thành tích", "Địa danh, ngày", "Mã QR"):
        assert label in text
    assert "Nguyễn Thị Phương Thảo" in text and "100" in text


def test_only_the_admin_calibrates_and_only_their_organisers(
    client, council_member, secretary_a, admin_user, city
):
    other = UnitFactory(code="ward-x", name="Phường X", kind="ward")
    other.is_organiser = True
    other.save()
    url = reverse("awards:certificate-layout", args=[city.pk, "giay_khen"])
    for user in (council_member, secretary_a):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    local_admin = UserFactory(username="admin.city", role="admin", is_staff=True)
    city.organiser_members.add(local_admin)
    client.force_login(local_admin)
    assert client.get(url).status_code == 200
    other_url = reverse("awards:certificate-layout", args=[other.pk, "giay_khen"])
    assert client.get(other_url).status_code == 404
    assert client.post(other_url, {}).status_code == 404


# The public check -----------------------------------------------------------------------


def _printed(client, admin_user, city, issued):
    calibrate(city)
    client.force_login(admin_user)
    client.get(reverse("awards:decision-certificates", args=[issued.pk, "giay_khen"]))
    client.logout()
    return {str(c.recipient.nominee): c.token for c in CertificateCheck.objects.all()}


def test_anyone_checks_a_certificate_and_learns_only_what_the_decision_says(
    client, admin_user, city, issued, unit_a
):
    tokens = _printed(client, admin_user, city, issued)
    response = client.get(reverse("awards:certificate-check", args=[tokens["Nguyễn Thị Hiền"]]))
    assert response.status_code == 200
    body = response.content.decode()
    for shown in ("Nguyễn Thị Hiền", "Giấy khen", "57/QĐ-UBND", "05/03/2026", "Chủ tịch"):
        assert shown in body, shown
    assert "còn hiệu lực" in body
    for hidden in (
        "1987",  # the year of birth
        "Kế toán viên",  # the position
        unit_a.name,  # the unit of a person
        "Hoàn thành xuất sắc",  # the achievement
        "Phạm Văn Tiến",  # another recipient of the decision
        "đồng",
        "VND",
    ):
        assert hidden not in body, hidden
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    unit = issued.recipients.get(recipient_kind="collective").collective
    collective = client.get(reverse("awards:certificate-check", args=[tokens[unit.name]]))
    collective = collective.content.decode()
    assert "Tập thể được khen" in collective and "Dẫn đầu" not in collective


def test_a_wrong_token_is_the_sites_404_whatever_exists(
    client, admin_user, city, issued, city_authority, campaign, catalogue, people
):
    """A wrong token, a token of an award of a draft decision and an address that does
    not exist answer alike: the page does not tell which tokens exist."""
    _printed(client, admin_user, city, issued)
    draft = decision_draft(admin_user, city_authority, campaign, 59, DAY)
    add_recipient(admin_user, draft, people["tien"], catalogue["giay-khen-ca-nhan"], "Nháp")
    hidden = CertificateCheck.objects.create(recipient=draft.recipients.get())
    bodies = []
    for token in ("x" * 22, hidden.token, "a" * 400, "'; drop table --"):
        response = client.get(reverse("awards:certificate-check", args=[token]))
        assert response.status_code == 404
        bodies.append(response.content)
    nothing = client.get("/awards/nothing-here/")
    assert nothing.status_code == 404
    assert len(set(bodies)) == 1 and bodies[0] == nothing.content


def test_an_annulled_decision_shows_as_annulled(
    client, admin_user, city, issued, django_capture_on_commit_callbacks
):
    tokens = _printed(client, admin_user, city, issued)
    url = reverse("awards:certificate-check", args=[tokens["Nguyễn Thị Hiền"]])
    assert "còn hiệu lực" in client.get(url).content.decode()  # cached now
    # Annulling forgets the cached answers (the honour board's generation).
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_annul(user=admin_user, decision=issued, reason="Sai đối tượng")
    body = client.get(url).content.decode()
    assert "Khen thưởng này đã bị hủy" in body
    assert "còn hiệu lực" not in body
    assert "Sai đối tượng" not in body  # the reason is the office's, not the public's


def test_a_checked_certificate_is_served_from_the_cache(
    client, admin_user, city, issued, django_assert_max_num_queries
):
    tokens = _printed(client, admin_user, city, issued)
    url = reverse("awards:certificate-check", args=[tokens["Nguyễn Thị Hiền"]])
    client.get(url)
    # Only the request's savepoint and its release (ATOMIC_REQUESTS): nothing is read.
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_check_is_throttled_per_address_in_redis(client, admin_user, city, issued, settings):
    tokens = _printed(client, admin_user, city, issued)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.CERTIFICATE_CHECK_RATE_PER_MINUTE = 3
    url = reverse("awards:certificate-check", args=[tokens["Nguyễn Thị Hiền"]])
    statuses = [client.get(url, REMOTE_ADDR="10.9.8.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Guessing tokens counts too.
    wrong = reverse("awards:certificate-check", args=["y" * 22])
    assert client.get(wrong, REMOTE_ADDR="10.9.8.7").status_code == 429
    assert client.get(url, REMOTE_ADDR="10.9.8.6").status_code == 200
