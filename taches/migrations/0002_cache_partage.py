"""The table of the shared cache (settings.CACHES["partage"]): rate-limit counters seen by every process."""

from django.core.management import call_command
from django.db import migrations


def creer(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def supprimer(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS cache_partage")


class Migration(migrations.Migration):
    dependencies = [("taches", "0001_travailleur")]
    operations = [migrations.RunPython(creer, supprimer)]
