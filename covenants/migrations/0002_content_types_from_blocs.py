"""The moved models' content types follow them (blocs.covenant → covenants.covenant, ...),
so the permissions granted on them and the admin's log entries stay attached.

A content type already present under the new label (nothing creates one before
this runs, but a database can be odd) is left as it is, and so is its old twin:
nothing is deleted either way.
"""

from django.db import migrations

MODELS = ["covenant", "commitment", "criterion", "signature", "scorecard", "score", "scorechange"]


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    taken = set(
        content_types.filter(app_label=target, model__in=MODELS).values_list("model", flat=True)
    )
    content_types.filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=target)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "blocs", "covenants")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "covenants", "blocs")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("covenants", "0001_move_from_blocs"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
