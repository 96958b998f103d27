"""Every awards view for every role: anonymous → login, wrong role → 403, other unit → 404."""

import datetime as dt

import pytest

from awards import services
from awards.models import Export

from .conftest import add_recipient, issued_with, propose

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "secretary_a", "secretary_b", "council_member", "admin_user"]


@pytest.fixture
def objects(secretary_a, admin_user, unit_a, person_a, person_a2, campaign, catalogue, draft):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    issued = services.decision_save(
        user=admin_user,
        authority=draft.authority,
        number=77,
        decided_on=dt.date(2024, 9, 3),
        kind="campaign",
        campaign=campaign,
        summary="Khen thưởng",
        signer_name="A",
        signer_position="Chủ tịch",
    )
    issued_with(admin_user, issued, [(person_a2, catalogue["giay-khen-ca-nhan"], "Cứu người")])
    # Another year than the nomination's: that one enters only once a session passes it.
    add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Khác", year=2023)
    export = Export.objects.create(decision=issued, fmt="csv", requested_by=admin_user, total=1)
    return {
        "nomination": nomination.pk,
        "person": person_a.pk,
        "unit": unit_a.pk,
        "draft": draft.pk,
        "issued": issued.pk,
        "recipient": draft.recipients.get().pk,
        "export": export.pk,
    }


# (method, url, expected status for: anonymous, secretary A, secretary B, council, admin)
CASES = [
    ("get", "/awards/", [302, 200, 200, 200, 200]),
    ("get", "/awards/nominations/new/", [302, 200, 200, 403, 403]),
    ("get", "/awards/nominations/{nomination}/", [302, 200, 404, 200, 200]),
    ("post", "/awards/nominations/{nomination}/review/", [302, 403, 403, 302, 403]),
    ("get", "/awards/people/", [302, 200, 200, 200, 200]),
    ("get", "/awards/people/new/", [302, 200, 200, 403, 200]),
    ("get", "/awards/people/{person}/", [302, 200, 404, 200, 200]),
    ("get", "/awards/units/{unit}/", [302, 200, 404, 200, 200]),
    ("get", "/awards/statistics/", [302, 403, 403, 200, 200]),
    ("get", "/awards/decisions/", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/new/", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{draft}/", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{draft}/edit/", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/print/", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/export.xlsx", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/export.csv", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/export.docx", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/decision.pdf", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{draft}/decision.pdf", [302, 403, 403, 403, 200]),
    ("get", "/awards/decisions/{issued}/signed.pdf", [302, 403, 403, 403, 404]),
    ("post", "/awards/decisions/{issued}/signed/", [302, 403, 403, 403, 302]),
    ("post", "/awards/decisions/{draft}/nominations/", [302, 403, 403, 403, 302]),
    ("post", "/awards/decisions/{draft}/recipients/", [302, 403, 403, 403, 302]),
    ("post", "/awards/decisions/{draft}/recipients/{recipient}/remove/", [302, 403, 403, 403, 302]),
    ("post", "/awards/decisions/{draft}/issue/", [302, 403, 403, 403, 302]),
    ("post", "/awards/decisions/{issued}/annul/", [302, 403, 403, 403, 302]),
    ("get", "/awards/exports/{export}/", [302, 403, 403, 403, 200]),
    ("get", "/awards/exports/{export}/download/", [302, 403, 403, 403, 404]),
]


@pytest.mark.parametrize(("method", "url", "expected"), CASES, ids=[c[1] for c in CASES])
def test_each_view_answers_each_role(client, request, objects, method, url, expected):
    # Admin comes last: its POSTs change state that the other roles must not reach.
    path = url.format(**objects)
    for actor, status in zip(ACTORS, expected, strict=True):
        client.logout()
        if actor != "anonymous":
            client.force_login(request.getfixturevalue(actor))
        response = getattr(client, method)(path)
        assert response.status_code == status, (actor, path)
        if actor == "anonymous":
            assert response["Location"].startswith("/login/")


def test_a_secretary_cannot_post_a_nomination_for_another_unit(
    client, secretary_a, unit_b, person_b, campaign, catalogue
):
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_b.pk,
            "recipient_kind": "individual",
            "person": person_b.pk,
            "title": catalogue["giay-khen-ca-nhan"].pk,
            "campaign": campaign.pk,
            "year": 2024,
            "kind": "ad_hoc",
            "achievement": "Cứu người",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "Hãy chọn" in response.text
    from awards.models import Nomination

    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    "role",
    ["secretary", "council", "admin", "secretary superuser", "council superuser"],
)
def test_the_menus_offer_exactly_the_pages_the_user_may_open(client, unit_a, catalogue, role):
    """The menu and the buttons ask the same rules as the views (awards/permissions.py)."""
    from tests.factories import UserFactory

    user = UserFactory(
        role=role.split()[0],
        is_staff=role != "secretary" and role != "council",
        is_superuser=role.endswith("superuser"),
        units=[unit_a],
    )
    client.force_login(user)
    menu = client.get("/awards/").text.split('data-testid="awards-nav"')[1].split("</ul>")[0]
    for url in ("/awards/nominations/new/", "/awards/statistics/", "/awards/decisions/"):
        assert (f'href="{url}"' in menu) is (client.get(url).status_code == 200), url
    people = client.get("/awards/people/").text
    may_register = client.get("/awards/people/new/").status_code == 200
    assert ('href="/awards/people/new/"' in people) is may_register
