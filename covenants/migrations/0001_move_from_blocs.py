"""The covenant models, moved from the blocs app with their tables (the state only:
blocs/migrations/0004 renamed the tables; nothing is created or copied here)."""

import covenants.models.scoring
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blocs', '0004_covenants_move_to_covenants_app'),
        ('campaigns', '0007_tally_basis_help'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Covenant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('preamble', models.TextField(blank=True, verbose_name='preamble')),
                        ('place', models.CharField(default='Móng Cái', max_length=100, verbose_name='place of signing')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('signing', 'Open for signature'), ('signed', 'Signed by every member')], default='draft', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('opened_at', models.DateTimeField(blank=True, null=True, verbose_name='opened for signature at')),
                        ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signed by every member at')),
                        ('scoring_stage', models.CharField(choices=[('self', 'Self-scoring'), ('review', 'Cross-review'), ('final', 'Scores final')], default='self', max_length=10, verbose_name='scoring stage')),
                        ('finalised_at', models.DateTimeField(blank=True, null=True, verbose_name='finalised at')),
                        ('bloc', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='covenants', to='blocs.bloc', verbose_name='bloc')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='covenants', to='campaigns.campaign', verbose_name='campaign')),
                        ('drafted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='drafted by')),
                        ('finalised_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='finalised by')),
                        ('flag_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='blocs.unit', verbose_name='unit proposed for the emulation flag')),
                        ('reviewers', models.ManyToManyField(blank=True, related_name='covenants_to_review', to=settings.AUTH_USER_MODEL, verbose_name='reviewers named by the head')),
                    ],
                    options={
                        'verbose_name': 'covenant',
                        'verbose_name_plural': 'covenants',
                        'ordering': ['-year', 'bloc__order'],
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('text', models.TextField(verbose_name='commitment')),
                        ('indicator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaigns.indicator', verbose_name='indicator')),
                        ('covenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='covenants.covenant', verbose_name='covenant')),
                    ],
                    options={
                        'verbose_name': 'commitment',
                        'verbose_name_plural': 'commitments',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('kind', models.CharField(choices=[('criterion', 'Criterion'), ('bonus', 'Bonus'), ('penalty', 'Penalty')], default='criterion', max_length=10, verbose_name='kind')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='how it is scored')),
                        ('max_points', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='maximum points')),
                        ('prefill', models.CharField(blank=True, choices=[('', 'Scored by hand'), ('targets_met', "Share of the unit's targets met, from the tallies"), ('reports_on_time', "Share of the unit's reports filed on time")], default='', max_length=20, verbose_name='pre-fill')),
                        ('covenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='covenants.covenant', verbose_name='covenant')),
                    ],
                    options={
                        'verbose_name': 'criterion',
                        'verbose_name_plural': 'criteria',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Scorecard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('self_submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='self-score sent at')),
                        ('total', models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name='total')),
                        ('rank', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='rank')),
                        ('covenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scorecards', to='covenants.covenant', verbose_name='covenant')),
                        ('self_submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='self-score sent by')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scorecards', to='blocs.unit', verbose_name='unit')),
                    ],
                    options={
                        'verbose_name': 'scorecard',
                        'verbose_name_plural': 'scorecards',
                        'ordering': ['rank', 'unit__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Score',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('self_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='self-score')),
                        ('self_note', models.TextField(blank=True, verbose_name='justification')),
                        ('evidence', models.FileField(blank=True, upload_to=covenants.models.scoring.score_evidence_path, verbose_name='evidence')),
                        ('evidence_name', models.CharField(blank=True, max_length=255, verbose_name='evidence file name')),
                        ('evidence_type', models.CharField(blank=True, max_length=100, verbose_name='evidence content type')),
                        ('review_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='reviewed score')),
                        ('review_note', models.TextField(blank=True, verbose_name='review reason')),
                        ('final_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='final score')),
                        ('final_note', models.TextField(blank=True, verbose_name="council's reason")),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='covenants.criterion', verbose_name='criterion')),
                        ('scorecard', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='covenants.scorecard', verbose_name='scorecard')),
                    ],
                    options={
                        'verbose_name': 'score',
                        'verbose_name_plural': 'scores',
                        'ordering': ['criterion__order', 'criterion__pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ScoreChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stage', models.CharField(choices=[('self', 'Self-score'), ('review', 'Cross-review'), ('final', 'Council')], max_length=10, verbose_name='stage')),
                        ('old_points', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='before')),
                        ('new_points', models.DecimalField(decimal_places=2, max_digits=6, null=True, verbose_name='after')),
                        ('note', models.TextField(blank=True, verbose_name='reason')),
                        ('changed_at', models.DateTimeField(verbose_name='changed at')),
                        ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('score', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='covenants.score', verbose_name='score')),
                    ],
                    options={
                        'verbose_name': 'score change',
                        'verbose_name_plural': 'score changes',
                        'ordering': ['changed_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Signature',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('signer_name', models.CharField(max_length=150, verbose_name='signer')),
                        ('signer_position', models.CharField(blank=True, max_length=150, verbose_name='position')),
                        ('signed_at', models.DateTimeField(verbose_name='signed at')),
                        ('covenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='covenants.covenant', verbose_name='covenant')),
                        ('signed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed by')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='blocs.unit', verbose_name='unit')),
                    ],
                    options={
                        'verbose_name': 'signature',
                        'verbose_name_plural': 'signatures',
                        'ordering': ['signed_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='covenant',
                    constraint=models.UniqueConstraint(fields=('bloc', 'campaign', 'year'), name='covenant_one_per_bloc_campaign_year', violation_error_message='This bloc already has a covenant for that campaign and year.'),
                ),
                migrations.AddConstraint(
                    model_name='covenant',
                    constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2000), ('year__lte', 2100)), name='covenant_year_range', violation_error_message='The year must be between 2000 and 2100.'),
                ),
                migrations.AddConstraint(
                    model_name='covenant',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('scoring_stage', 'final'), _negated=True), ('status', 'signed'), _connector='OR'), name='covenant_final_only_when_signed'),
                ),
                migrations.AddConstraint(
                    model_name='criterion',
                    constraint=models.CheckConstraint(condition=models.Q(('max_points__gt', 0)), name='criterion_max_positive', violation_error_message='The maximum points must be more than zero.'),
                ),
                migrations.AddConstraint(
                    model_name='scorecard',
                    constraint=models.UniqueConstraint(fields=('covenant', 'unit'), name='scorecard_one_per_unit_and_covenant'),
                ),
                migrations.AddConstraint(
                    model_name='score',
                    constraint=models.UniqueConstraint(fields=('scorecard', 'criterion'), name='score_one_per_criterion'),
                ),
                migrations.AddConstraint(
                    model_name='score',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('self_points__isnull', True), ('self_points__gte', 0), _connector='OR'), models.Q(('review_points__isnull', True), ('review_points__gte', 0), _connector='OR'), models.Q(('final_points__isnull', True), ('final_points__gte', 0), _connector='OR')), name='score_points_not_negative', violation_error_message='Points cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='signature',
                    constraint=models.UniqueConstraint(fields=('covenant', 'unit'), name='signature_once_per_unit', violation_error_message='This unit has already signed the covenant.'),
                ),
            ],
        ),
    ]
