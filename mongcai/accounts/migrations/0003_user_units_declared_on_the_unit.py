"""A secretary's units are declared on the unit now (blocs.Unit.secretaries, related
name `units`): accounts stands below the organisation and names none of its models.
The state only; blocs/migrations/0005 takes the link table over, rows unchanged."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_single_line_and_text_validators"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="user", name="units")],
        ),
    ]
