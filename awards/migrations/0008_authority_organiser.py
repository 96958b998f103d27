"""Each authority is the head of an organiser: its admins issue in its name.

Existing authorities were the former city's: a province-level one belongs to
the city's province (made an organiser), every other to the city.
"""

import django.db.models.deletion
from django.db import migrations, models


def assign(apps, schema_editor):
    Unit = apps.get_model("blocs", "Unit")
    Authority = apps.get_model("awards", "Authority")
    city = Unit.objects.filter(is_organiser=True).order_by("pk").first()
    if city is None:
        return
    province = Unit.objects.filter(pk=city.parent_id, kind="province").first()
    if province is not None:
        Unit.objects.filter(pk=province.pk).update(is_organiser=True)
        Authority.objects.filter(level="province").update(organiser=province)
    Authority.objects.filter(organiser__isnull=True).exclude(level="province").update(
        organiser=city
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_authority_dates_and_successors"),
        ("blocs", "0007_organisers"),
    ]

    operations = [
        migrations.AddField(
            model_name="authority",
            name="organiser",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The organiser whose decisions it signs; empty for an authority this "
                    "deployment only proposes to."
                ),
                limit_choices_to={"is_organiser": True},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="authorities",
                to="blocs.unit",
                verbose_name="organiser",
            ),
        ),
        migrations.RunPython(assign, migrations.RunPython.noop),
    ]
