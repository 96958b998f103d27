"""Approvals given before sessions were held in the product stay valid for decisions:
per organiser, one closed session "recorded afterwards" (historical) puts every
approved nomination on its agenda as passed, without attendance or counts
(docs/awards.md, "The council's session")."""

from django.db import migrations
from django.utils import timezone


def record(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    CouncilSession = apps.get_model("awards", "CouncilSession")
    AgendaItem = apps.get_model("awards", "AgendaItem")
    by_organiser = {}
    for nomination in (
        Nomination.objects.filter(status="approved")
        .select_related("campaign")
        .order_by("pk")
    ):
        by_organiser.setdefault(nomination.campaign.organiser_id, []).append(nomination)
    now = timezone.now()
    for organiser_id, nominations in by_organiser.items():
        first = nominations[0]
        user_id = first.reviewed_by_id or first.proposed_by_id
        days = [n.reviewed_at.date() for n in nominations if n.reviewed_at]
        session = CouncilSession.objects.create(
            organiser_id=organiser_id,
            name="Các đề nghị Hội đồng đã duyệt trước khi họp trên phần mềm",
            held_on=max(days) if days else now.date(),
            place="",
            chair_id=user_id,
            convened_by_id=user_id,
            closed_by_id=user_id,
            closed_at=now,
            status="closed",
            historical=True,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(session=session, nomination=n, order=i, result="passed")
            for i, n in enumerate(nominations, start=1)
        )


def unrecord(apps, schema_editor):
    apps.get_model("awards", "CouncilSession").objects.filter(historical=True).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0011_council_sessions_secret_ballot")]

    operations = [migrations.RunPython(record, unrecord)]
