from django.db import migrations


def sync(apps, schema_editor):
    from ponte.skills.services import frameworks_sync

    frameworks_sync(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ("skills", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
