from django.db import migrations


class Migration(migrations.Migration):
    """Staged rows (raw row + values, ≈ 2-3 kB) stay in the table page instead of being compressed into TOAST:
    COPYing them is about twice as fast, and they only live until the import is applied."""

    dependencies = [("imports", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "alter table imports_ligneimport set (toast_tuple_target = 8160)",
            "alter table imports_ligneimport reset (toast_tuple_target)",
        ),
    ]
