"""The covenants, their scoring and ranking move to the covenants app (issue 14).

Their tables are renamed, not copied (blocs_covenant → covenants_covenant, and
so on, with the reviewers' link table); their rows, ids and foreign keys stay
as they are. covenants/migrations/0001 takes the models over in the migration
state, 0002 moves their content types (so permissions and admin log entries
follow).
"""

from django.db import migrations

MOVED = ["covenant", "commitment", "criterion", "signature", "scorecard", "score", "scorechange"]


class Migration(migrations.Migration):

    dependencies = [
        ('blocs', '0003_single_line_and_text_validators'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"covenants_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name='commitment',
                    name='covenant',
                ),
                migrations.RemoveField(
                    model_name='commitment',
                    name='indicator',
                ),
                migrations.RemoveConstraint(
                    model_name='covenant',
                    name='covenant_one_per_bloc_campaign_year',
                ),
                migrations.RemoveConstraint(
                    model_name='covenant',
                    name='covenant_year_range',
                ),
                migrations.RemoveConstraint(
                    model_name='covenant',
                    name='covenant_final_only_when_signed',
                ),
                migrations.RemoveConstraint(
                    model_name='criterion',
                    name='criterion_max_positive',
                ),
                migrations.RemoveConstraint(
                    model_name='score',
                    name='score_one_per_criterion',
                ),
                migrations.RemoveConstraint(
                    model_name='score',
                    name='score_points_not_negative',
                ),
                migrations.RemoveField(
                    model_name='scorechange',
                    name='score',
                ),
                migrations.RemoveConstraint(
                    model_name='scorecard',
                    name='scorecard_one_per_unit_and_covenant',
                ),
                migrations.RemoveField(
                    model_name='scorechange',
                    name='changed_by',
                ),
                migrations.RemoveConstraint(
                    model_name='signature',
                    name='signature_once_per_unit',
                ),
                migrations.DeleteModel(
                    name='Commitment',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='bloc',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='drafted_by',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='finalised_by',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='flag_unit',
                ),
                migrations.RemoveField(
                    model_name='covenant',
                    name='reviewers',
                ),
                migrations.RemoveField(
                    model_name='criterion',
                    name='covenant',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='scorecard',
                ),
                migrations.RemoveField(
                    model_name='scorecard',
                    name='covenant',
                ),
                migrations.RemoveField(
                    model_name='scorecard',
                    name='self_submitted_by',
                ),
                migrations.RemoveField(
                    model_name='scorecard',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='ScoreChange',
                ),
                migrations.RemoveField(
                    model_name='signature',
                    name='covenant',
                ),
                migrations.RemoveField(
                    model_name='signature',
                    name='signed_by',
                ),
                migrations.RemoveField(
                    model_name='signature',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='Criterion',
                ),
                migrations.DeleteModel(
                    name='Score',
                ),
                migrations.DeleteModel(
                    name='Scorecard',
                ),
                migrations.DeleteModel(
                    name='Covenant',
                ),
                migrations.DeleteModel(
                    name='Signature',
                ),
            ],
        ),
    ]
