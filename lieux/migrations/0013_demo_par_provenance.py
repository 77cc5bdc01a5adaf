"""Demo lieux keyed on their import source: each gets a Provenance of the source « demonstration » (lieux/demo.py).

Until now they were told by their standard `source` column (« demo »), which a producer's file may also say. Every
imported lieu has a Provenance, so a lieu with `source = 'demo'` and none was written by the demo generator: it
gets its record, and its `source` column the generator's new wording.
"""

from django.db import migrations

VERS_PROVENANCE = """
insert into lieux_provenance (lieu_id, source, id_source, donnees_brutes, empreinte, recue_le)
select l.uid, 'demonstration', 'demo-' || l.uid, '{}'::jsonb, '', now()
from lieux_lieu l
where l.source = 'demo' and not exists (select 1 from lieux_provenance p where p.lieu_id = l.uid)
"""
NOUVELLE_SOURCE = """
update lieux_lieu set source = 'Démonstration (lieux fictifs)'
where source = 'demo' and uid in (select lieu_id from lieux_provenance where source = 'demonstration')
"""
RETOUR = """
update lieux_lieu set source = 'demo'
where uid in (select lieu_id from lieux_provenance where source = 'demonstration');
delete from lieux_provenance where source = 'demonstration'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("lieux", "0012_projections_par_la_base"),
    ]

    operations = [
        migrations.RunSQL(VERS_PROVENANCE + ";" + NOUVELLE_SOURCE, RETOUR),
    ]
