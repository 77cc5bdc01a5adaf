"""ConfigurationIntegration now belongs to the embed app (embed 0001): lieux forgets it, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('lieux', '0010_comptes_couvrants'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ConfigurationIntegration')],
            database_operations=[],
        ),
    ]
