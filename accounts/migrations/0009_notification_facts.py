"""Notifications become facts put into words when read. Rows written before keep their
English text as the `text` param of kind "legacy" (their link as `url`), so nothing is lost."""

import django.db.models.deletion
from django.db import migrations, models


def text_to_params(apps, schema_editor):
    Notification = apps.get_model("accounts", "Notification")
    for notification in Notification.objects.all().only("pk", "kind", "text", "url").iterator():
        params = {"text": notification.text}
        if notification.url:
            params["url"] = notification.url
        if notification.kind == "warning":
            params["tone"] = "warning"
        Notification.objects.filter(pk=notification.pk).update(kind="legacy", params=params)


def params_to_text(apps, schema_editor):
    Notification = apps.get_model("accounts", "Notification")
    for notification in Notification.objects.all().iterator():
        params = notification.params or {}
        Notification.objects.filter(pk=notification.pk).update(
            kind="warning" if params.get("tone") == "warning" else "info",
            text=str(params.get("text", notification.kind))[:300],
            url=str(params.get("url", ""))[:300],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_interactions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # SQLite remakes the table on the rename: an index naming "user" would break it.
        migrations.RemoveIndex(model_name="notification", name="accounts_no_user_id_780bd6_idx"),
        migrations.RenameField("notification", "user", "recipient"),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(help_text="One of accounts.notifications.KINDS.", max_length=32),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="notification",
            name="target_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="scope",
            field=models.CharField(
                blank=True,
                help_text="'app_label.model:pk' the recipient must still be allowed to see for "
                "the text to show (a channel, a group); empty: always shown.",
                max_length=80,
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(text_to_params, params_to_text),
        migrations.RemoveField("notification", "text"),
        migrations.RemoveField("notification", "url"),
    ]
