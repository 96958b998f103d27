"""Organisers: a unit that runs its own campaigns, blocs and commendations.

Everything that exists was the former city's (Thành phố Móng Cái): the city
becomes an organiser, every bloc belongs to it, and every council member and
admin becomes a member of it (they saw everything; now they see what is the
city's and below).
"""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CITY_CODE = "mong-cai"


def former_city(apps):
    """The former city's unit: by its demo code, else the only city, else the root.

    None when there are no units at all (a fresh database).
    """
    Unit = apps.get_model("blocs", "Unit")
    city = Unit.objects.filter(code=CITY_CODE).first()
    city = city or Unit.objects.filter(kind="city").order_by("pk").first()
    return city or Unit.objects.filter(parent__isnull=True).order_by("pk").first()


def assign_to_former_city(apps, schema_editor):
    Unit = apps.get_model("blocs", "Unit")
    Bloc = apps.get_model("blocs", "Bloc")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    city = former_city(apps)
    if city is None:
        if not Bloc.objects.exists():
            return
        # Blocs without any unit: they still need an organiser to belong to.
        city = Unit.objects.create(
            code=CITY_CODE,
            name="Thành phố Móng Cái",
            kind="city",
            valid_from=dt.date(2008, 9, 24),
        )
    Unit.objects.filter(pk=city.pk).update(is_organiser=True)
    Bloc.objects.update(organiser=city)
    city.organiser_members.add(*User.objects.filter(role__in=["council", "admin"]))


def unassign(apps, schema_editor):
    Unit = apps.get_model("blocs", "Unit")
    Unit.organiser_members.through.objects.all().delete()
    Unit.objects.update(is_organiser=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_security_events_append_only"),
        ("blocs", "0006_reorganisations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="is_organiser",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text=(
                    "Runs its own campaigns, blocs and commendations, with its own issuing "
                    "authority, council and admins."
                ),
                verbose_name="organiser",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="organiser_members",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "They see and act on what belongs to this organiser and to the "
                    "organisers below it."
                ),
                related_name="organisers",
                to=settings.AUTH_USER_MODEL,
                verbose_name="council members and admins",
            ),
        ),
        migrations.AddField(
            model_name="bloc",
            name="organiser",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_blocs",
                to="blocs.unit",
            ),
        ),
        migrations.RunPython(assign_to_former_city, unassign),
        migrations.AlterField(
            model_name="bloc",
            name="organiser",
            field=models.ForeignKey(
                help_text="The organiser whose emulation bloc it is; its covenants belong to it too.",
                limit_choices_to={"is_organiser": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_blocs",
                to="blocs.unit",
                verbose_name="organiser",
            ),
        ),
    ]
