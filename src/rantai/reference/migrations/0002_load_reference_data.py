from django.db import migrations

from rantai.reference import loaders


def load(apps, schema_editor):
    loaders.load_all({name: apps.get_model("reference", name) for name in
                      ("Region", "Kbli", "Process", "Material")})


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=True)]
