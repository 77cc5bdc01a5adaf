"""python manage.py export_groupes FICHIER.csv [--source NOM]

One row per active source record: `lieu` (the consolidated lieu's id in the national export), `source` (the import
source's name), `id_source` (the record's id in its file), `statut`: `seul` (its lieu has no other record),
`fusionne` (its lieu groups several records), `a_verifier` (a pair of it waits in the review queue)."""

import csv
import sys

from django.core.management.base import BaseCommand
from django.db import connection

from lieux.consolidation.identifiant import identifiant
from lieux.models import PROVENANCE_DEMO

REQUETE = f"""
    select l.id, l.uid, exists(select 1 from lieux_lieu o where o.id = l.id and o.uid < l.uid),
           p.source, p.id_source,
           (select count(*) from lieux_provenance q where q.lieu_id = p.lieu_id and q.actif) > 1,
           exists(select 1 from lieux_pairerapprochement r
                  join lieux_provenance ra on ra.id = r.a_id join lieux_provenance rb on rb.id = r.b_id
                  where r.decision = 'douteux' and (r.a_id = p.id or r.b_id = p.id) and ra.actif and rb.actif
                    and not exists (select 1 from lieux_decisionrapprochement d
                                    where (d.source_a, d.id_a, d.source_b, d.id_b)
                                          in ((ra.source, ra.id_source, rb.source, rb.id_source),
                                              (rb.source, rb.id_source, ra.source, ra.id_source))))
    from lieux_provenance p join lieux_lieu l on l.uid = p.lieu_id
    where p.actif and p.source <> '{PROVENANCE_DEMO}' and (%(source)s = '' or p.source = %(source)s)
    order by p.source, p.id_source
"""


class Command(BaseCommand):
    help = "Exporte les groupes du rapprochement : une ligne par enregistrement source actif (lieu, source, id, statut)."

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="fichier CSV à écrire (« - » pour la sortie standard)")
        parser.add_argument("--source", default="", help="seulement les enregistrements de cette source d'import")

    def handle(self, *args, chemin, source, verbosity, **options):
        sortie = sys.stdout if chemin == "-" else open(chemin, "w", encoding="utf-8", newline="")  # noqa: SIM115
        lignes = 0
        try:
            ecrivain = csv.writer(sortie, lineterminator="\n")
            ecrivain.writerow(["lieu", "source", "id_source", "statut"])
            with connection.cursor() as cursor:
                cursor.execute(REQUETE, {"source": source})
                for ident, uid, pris, nom_source, id_source, plusieurs, a_verifier in cursor:
                    statut = "a_verifier" if a_verifier else "fusionne" if plusieurs else "seul"
                    ecrivain.writerow([identifiant(ident, uid, pris), nom_source, id_source, statut])
                    lignes += 1
        finally:
            if sortie is not sys.stdout:
                sortie.close()
        if verbosity >= 1 and chemin != "-":
            self.stderr.write(f"{lignes} enregistrements écrits dans {chemin}.")
