"""Bad input to the covenant and scoring forms: a clear error, nothing saved, never a 500."""

import pytest

from tests.covenants.test_covenant_views import login, self_post

pytestmark = pytest.mark.django_db

HUGE = ["1" + "0" * 120, "1" + "0" * 23, "1" * 400, "9" * 30, "1e5", "１０", "١٠", "१०"]


def rubric_post(max_points: str) -> dict:
    return {
        "title": "Giao ước",
        "preamble": "",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-0-text": "Tổ chức 15 buổi học tập",
        "commitments-0-indicator": "",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-kind": "criterion",
        "criteria-0-title": "Phát động phong trào",
        "criteria-0-max_points": max_points,
        "criteria-0-prefill": "",
    }


@pytest.mark.parametrize("text", HUGE)
def test_a_criterion_maximum_past_what_points_hold_is_refused(
    client, draft_covenant, secretary_a, text
):
    before = list(draft_covenant.criteria.values_list("title", "max_points"))
    response = login(client, secretary_a).post(
        f"/blocs/covenants/{draft_covenant.pk}/edit/", rubric_post(text)
    )
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.text or "alert-danger" in response.text
    assert list(draft_covenant.criteria.values_list("title", "max_points")) == before


@pytest.mark.parametrize("text", HUGE)
def test_self_score_points_past_what_points_hold_are_refused(
    client, signed_covenant, secretary_b, unit_b, text
):
    url = f"/blocs/covenants/{signed_covenant.pk}/units/{unit_b.pk}/scores/"
    response = login(client, secretary_b).post(
        url, self_post(signed_covenant, [text, "15", "", ""])
    )
    assert response.status_code == 200
    card = signed_covenant.scorecards.get(unit=unit_b)
    assert not card.scores.filter(self_points__isnull=False).exists()


def test_a_maximum_past_a_thousand_points_is_refused_with_the_bound(
    client, draft_covenant, secretary_a
):
    response = login(client, secretary_a).post(
        f"/blocs/covenants/{draft_covenant.pk}/edit/", rubric_post("5.000")
    )
    assert "Điểm tối đa là 1.000." in response.text
    assert not draft_covenant.criteria.filter(max_points__gt=1000).exists()


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("title", "Giao ước\tnăm 2023", "ký tự điều khiển"),
        ("criteria-0-title", "Phát động\u202e phong trào", "ký tự điều khiển"),
        ("commitments-0-text", "Tổ chức học tập. " * 2_000, "Tối đa 20.000 ký tự"),
    ],
)
def test_covenant_text_with_control_characters_or_too_long_is_refused(
    client, draft_covenant, secretary_a, field, text, reason
):
    before = (draft_covenant.title, list(draft_covenant.criteria.values_list("title", flat=True)))
    response = login(client, secretary_a).post(
        f"/blocs/covenants/{draft_covenant.pk}/edit/", rubric_post("10") | {field: text}
    )
    assert response.status_code == 200
    assert reason in response.text
    draft_covenant.refresh_from_db()
    assert (
        draft_covenant.title,
        list(draft_covenant.criteria.values_list("title", flat=True)),
    ) == before
