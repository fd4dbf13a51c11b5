"""Peer review rounds with phases and dates, round options, self-assessment, flags,
hidden comments and review grades. Rounds opened before this get a week of reviewing
and a week of feedback from when they opened; "open" becomes the review phase."""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

WEEK = datetime.timedelta(days=7)


def give_old_rounds_phases(apps, schema_editor):
    ReviewRound = apps.get_model("courses", "ReviewRound")
    for round_ in ReviewRound.objects.all():
        round_.reviews_due_at = round_.opened_at + WEEK
        round_.closes_at = max(round_.closed_at or round_.opened_at + 2 * WEEK, round_.reviews_due_at + WEEK)
        if round_.status == "open":
            round_.status = "review"
        round_.save(update_fields=["reviews_due_at", "closes_at", "status"])


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0003_team_workspaces'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewGrade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('points', models.PositiveSmallIntegerField(help_text='Out of 100.')),
                ('reason', models.CharField(max_length=300)),
                ('set_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['round', 'reviewer'],
            },
        ),
        migrations.AddField(
            model_name='review',
            name='flag_reason',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='review',
            name='flagged_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='review',
            name='flagged_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='review',
            name='is_late',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='review',
            name='is_self',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='anonymous',
            field=models.BooleanField(default=True, help_text='The reviewed team does not learn who reviewed them.'),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='closes_at',
            preserve_default=False,
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='The feedback phase ends; everything is final.'),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='graded',
            field=models.BooleanField(default=False, help_text='Reviewers get a grade from helpfulness and agreement with other reviewers.'),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='reminded_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='reviews_due_at',
            preserve_default=False,
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='The review phase ends; later reviews are late.'),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='same_team_reviewers',
            field=models.BooleanField(default=True, help_text='Two reviewers of one submission may come from the same team.'),
        ),
        migrations.AddField(
            model_name='reviewround',
            name='self_assessment',
            field=models.BooleanField(default=False, help_text="Each student also assesses their own team's work."),
        ),
        migrations.AddField(
            model_name='score',
            name='hidden_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='score',
            name='hidden_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='reviewround',
            name='status',
            field=models.CharField(choices=[('review', 'Review: reviewers write their reviews'), ('feedback', 'Feedback: teams read and rate their reviews'), ('closed', 'Closed: feedback is final')], default='review', max_length=8),
        ),
        migrations.RunPython(give_old_rounds_phases, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='reviewround',
            constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('reviews_due_at'))), name='review_round_phases_in_order'),
        ),
        migrations.AddField(
            model_name='reviewgrade',
            name='reviewer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_grades', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='reviewgrade',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grades', to='courses.reviewround'),
        ),
        migrations.AddField(
            model_name='reviewgrade',
            name='set_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='reviewgrade',
            constraint=models.UniqueConstraint(fields=('round', 'reviewer'), name='one_review_grade'),
        ),
        migrations.AddConstraint(
            model_name='reviewgrade',
            constraint=models.CheckConstraint(condition=models.Q(('points__lte', 100)), name='review_grade_range'),
        ),
    ]
