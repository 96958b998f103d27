"""The covenant's business rules: drafting, signing, sealing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from covenants.models import CovenantStatus, Score, Scorecard
from covenants.services import (
    CommitmentInput,
    CriterionInput,
    covenant_create,
    covenant_open,
    covenant_rubric_save,
    covenant_sign,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_only_the_head_or_an_admin_drafts(bloc, campaign, secretary_b, admin_user, unit_a):
    with pytest.raises(PermissionDenied):
        covenant_create(bloc=bloc, campaign=campaign, year=2023, title="X", by=secretary_b)
    covenant = covenant_create(bloc=bloc, campaign=campaign, year=2023, title="X", by=admin_user)
    assert covenant.status == CovenantStatus.DRAFT


def test_one_covenant_per_bloc_campaign_and_year(draft_covenant, bloc, campaign, bloc_head):
    with pytest.raises(ValidationError, match="already has a covenant"):
        covenant_create(bloc=bloc, campaign=campaign, year=2023, title="Again", by=bloc_head)


def test_rubric_save_replaces_lines_in_order(draft_covenant, bloc_head):
    covenant_rubric_save(
        covenant=draft_covenant,
        title="Giao ước mới",
        preamble="",
        commitments=[CommitmentInput(text="Một"), CommitmentInput(text="Hai")],
        criteria=[CriterionInput(kind="criterion", title="Duy nhất", max_points=Decimal(50))],
        by=bloc_head,
    )
    draft_covenant.refresh_from_db()
    assert draft_covenant.title == "Giao ước mới"
    assert [c.text for c in draft_covenant.commitments.all()] == ["Một", "Hai"]
    assert [c.title for c in draft_covenant.criteria.all()] == ["Duy nhất"]


def test_rubric_refuses_a_non_positive_maximum_and_keeps_the_old_rubric(draft_covenant, bloc_head):
    with pytest.raises(ValidationError, match="more than zero"):
        covenant_rubric_save(
            covenant=draft_covenant,
            title="T",
            preamble="",
            commitments=[],
            criteria=[CriterionInput(kind="criterion", title="Sai", max_points=Decimal(0))],
            by=bloc_head,
        )
    assert draft_covenant.criteria.count() == 4


def test_opening_needs_a_criterion_and_a_commitment(bloc, campaign, bloc_head, unit_b):
    covenant = covenant_create(bloc=bloc, campaign=campaign, year=2023, title="T", by=bloc_head)
    with pytest.raises(ValidationError, match="at least one scoring criterion"):
        covenant_open(covenant=covenant, by=bloc_head)


def test_the_content_cannot_change_once_open_for_signature(signing_covenant, bloc_head):
    with pytest.raises(ValidationError, match="open for signature"):
        covenant_rubric_save(
            covenant=signing_covenant,
            title="Sửa",
            preamble="",
            commitments=[],
            criteria=[],
            by=bloc_head,
        )
    signing_covenant.refresh_from_db()
    assert signing_covenant.title == "Giao ước thi đua năm 2023"
    assert signing_covenant.criteria.count() == 4


def test_a_draft_cannot_be_signed(draft_covenant, unit_b, secretary_b):
    with pytest.raises(ValidationError, match="still a draft"):
        covenant_sign(covenant=draft_covenant, unit=unit_b, by=secretary_b)
    assert not draft_covenant.signatures.exists()


def test_a_unit_outside_the_bloc_cannot_sign(signing_covenant, unit_c, secretary_c):
    with pytest.raises(ValidationError, match="not a member of this bloc"):
        covenant_sign(covenant=signing_covenant, unit=unit_c, by=secretary_c)
    assert not signing_covenant.signatures.exists()


def test_a_secretary_signs_only_for_their_own_unit(signing_covenant, unit_a, secretary_b):
    with pytest.raises(PermissionDenied):
        covenant_sign(covenant=signing_covenant, unit=unit_a, by=secretary_b)


def test_a_unit_signs_once(signing_covenant, unit_b, secretary_b):
    covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    with pytest.raises(ValidationError, match="already signed"):
        covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    assert signing_covenant.signatures.count() == 1


def test_the_signature_keeps_who_and_when(signing_covenant, unit_b, secretary_b):
    secretary_b.position = "Chuyên viên"
    secretary_b.save()
    signature = covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    assert signature.signed_by == secretary_b
    assert signature.signer_name == "Bob (B)"
    assert signature.signer_position == "Chuyên viên"
    assert signature.signed_at is not None
    signing_covenant.refresh_from_db()
    assert signing_covenant.status == CovenantStatus.SIGNING


def test_the_last_signature_seals_it_and_opens_the_scoring(signed_covenant):
    assert signed_covenant.status == CovenantStatus.SIGNED
    assert signed_covenant.signed_at is not None
    assert Scorecard.objects.filter(covenant=signed_covenant).count() == 2
    assert Score.objects.filter(scorecard__covenant=signed_covenant).count() == 8


def test_a_signed_covenant_is_read_only(signed_covenant, bloc_head, unit_b, secretary_b):
    with pytest.raises(ValidationError, match="signed by every member"):
        covenant_rubric_save(
            covenant=signed_covenant,
            title="X",
            preamble="",
            commitments=[],
            criteria=[],
            by=bloc_head,
        )
    with pytest.raises(ValidationError, match="already signed"):
        covenant_sign(covenant=signed_covenant, unit=unit_b, by=secretary_b)
