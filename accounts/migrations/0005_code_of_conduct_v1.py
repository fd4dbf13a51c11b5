from django.db import migrations


def publish_first_version(apps, schema_editor):
    CodeOfConduct = apps.get_model("accounts", "CodeOfConduct")
    CodeOfConduct.objects.get_or_create(version=1, defaults={"changes": "First version."})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_moderation")]

    operations = [migrations.RunPython(publish_first_version, migrations.RunPython.noop)]
