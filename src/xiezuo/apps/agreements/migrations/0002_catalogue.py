"""The indicator catalogue (`agreements/catalogue.py`), installed with the app."""

from django.db import migrations

from xiezuo.apps.agreements.catalogue import CATALOGUE, install


def add_catalogue(apps, schema_editor):
    install(apps.get_model("agreements", "Indicator"))


def remove_catalogue(apps, schema_editor):
    apps.get_model("agreements", "Indicator").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
