"""The link between users and the units they file reports for, declared on the unit.

The table is renamed (accounts_user_units → blocs_unit_secretaries); its
columns (user_id, unit_id) and rows are those it had.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_user_units_declared_on_the_unit"),
        ("blocs", "0004_covenants_move_to_covenants_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE accounts_user_units RENAME TO blocs_unit_secretaries",
                    "ALTER TABLE blocs_unit_secretaries RENAME TO accounts_user_units",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="unit",
                    name="secretaries",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The users who file this unit's reports.",
                        related_name="units",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="secretaries",
                    ),
                ),
            ],
        ),
    ]
