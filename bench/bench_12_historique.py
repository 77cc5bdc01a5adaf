"""The cost of the history (lieux/models/historique.py): an import's writing with and without the triggers of
django-pghistory, and the size of the event table per 10,000 lieux.

For each size (10,000 by default; `--sizes` as for the demo), three imports of the same source: the first creates
the lieux, the second changes one field of every row (one event per lieu), the third is the same file again (no
event). Each is measured with the history's triggers on, then again with them disabled (ALTER TABLE … DISABLE
TRIGGER, on the bench database only). Synthetic rows from bench_3_imports.genere (real communes, no geocoding).
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

SOURCE = "bench-historique"
DECLENCHEURS = ("creation_insert", "modification_update")


def _declencheurs(actifs: bool):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select tgname from pg_trigger where tgrelid = 'lieux_lieu'::regclass and tgname ~ %s",
                       ["^pgtrigger_(" + "|".join(DECLENCHEURS) + ")_"])
        for (nom,) in cursor.fetchall():
            cursor.execute(f'alter table lieux_lieu {"enable" if actifs else "disable"} trigger "{nom}"')


def _nettoie():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("create temporary table bench_uids as select lieu_id as uid from lieux_provenance "
                       "where source = %s", [SOURCE])
        cursor.execute("delete from lieux_lieuevenement where pgh_obj_id in (select uid from bench_uids)")
        # rows pointing at the source's records (consolidation pairs), then at its lieux
        cursor.execute(
            """select cl.relname, a.attname from pg_constraint c
               join pg_class cl on cl.oid = c.conrelid
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               where c.contype = 'f' and c.confrelid = 'lieux_provenance'::regclass""")
        for table, colonne in cursor.fetchall():
            cursor.execute(f'delete from "{table}" where "{colonne}" in '
                           f'(select id from lieux_provenance where lieu_id in (select uid from bench_uids))')
        cursor.execute(
            """select cl.relname, a.attname from pg_constraint c
               join pg_class cl on cl.oid = c.conrelid
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               where c.contype = 'f' and c.confrelid = 'lieux_lieu'::regclass""")
        for table, colonne in cursor.fetchall():
            cursor.execute(f'delete from "{table}" where "{colonne}" in (select uid from bench_uids)')
        cursor.execute("delete from lieux_lieu where uid in (select uid from bench_uids)")
        cursor.execute("drop table bench_uids")
        cursor.execute("delete from imports_ligneimport where run_id in (select r.id from imports_importrun r "
                       "join imports_source s on s.id = r.source_id where s.nom = %s)", [SOURCE])
        cursor.execute("delete from imports_importrun where source_id in "
                       "(select id from imports_source where nom = %s)", [SOURCE])
        for table in ("lieux_lieu", "lieux_provenance", "lieux_ouverture", "lieux_lieuevenement"):
            cursor.execute(f"vacuum analyze {table}")


def _modifie(chemin: Path, cible: Path) -> Path:
    """The same rows, each with another short presentation (one changed field per lieu)."""
    with open(chemin, encoding="utf-8", newline="") as f, open(cible, "w", encoding="utf-8", newline="") as g:
        lecteur = csv.DictReader(f)
        ecrivain = csv.DictWriter(g, fieldnames=lecteur.fieldnames, quoting=csv.QUOTE_NONNUMERIC)
        ecrivain.writeheader()
        for ligne in lecteur:
            ligne["presentation_resume"] = (ligne["presentation_resume"] + " Ateliers le mercredi.")[:280]
            ecrivain.writerow(ligne)
    return cible


def _import(chemin: Path) -> tuple[float, dict]:
    """Analyse then apply; returns the writing's duration (the transaction, where the triggers run)."""
    from imports.analyse import analyser
    from imports.application import appliquer
    from imports.execution import cree_run

    run = cree_run(SOURCE, str(chemin))
    analyser(run, run.fichier.path)
    debut = time.perf_counter()
    appliquer(run)
    duree = time.perf_counter() - debut
    run.refresh_from_db()
    return duree, run.compteurs()


def _evenements() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select count(*), pg_total_relation_size('lieux_lieuevenement') from lieux_lieuevenement")
        return cursor.fetchone()


def _serie(fichiers) -> list[float]:
    import sys

    from django.db import connection

    durees = []
    for chemin in fichiers:
        # fresh statistics before each import, as a database in service has them: right after 10,000 new lieux the
        # planner still sees a nearly empty table, and the first UPDATE's plans (the projections' triggers) take
        # 30 to 90 s instead of 2, with or without the history (measured)
        with connection.cursor() as cursor:
            cursor.execute("analyze lieux_lieu, lieux_provenance, lieux_ouverture, lieux_lieuevenement")
        duree, compteurs = _import(chemin)
        print(f"  {chemin.name} : {duree:.2f} s {compteurs}", file=sys.stderr, flush=True)
        durees.append(duree)
    return durees


def _mise_a_jour_sql() -> tuple[float, float]:
    """One UPDATE of every lieu of the source (one tracked field), with then without the history's triggers, rolled
    back; the best of three each: the triggers' own cost, without the rest of an import."""
    from django.db import connection, transaction

    sql = ("update lieux_lieu set presentation_resume = left(presentation_resume || '.', 280) "
           "where uid in (select lieu_id from lieux_provenance where source = %s)")
    mesures = {True: [], False: []}
    for _ in range(3):
        for actifs in (True, False):
            with transaction.atomic(), connection.cursor() as cursor:
                if not actifs:
                    _declencheurs(False)
                debut = time.perf_counter()
                cursor.execute(sql, [SOURCE])
                mesures[actifs].append(time.perf_counter() - debut)
                transaction.set_rollback(True)
    return min(mesures[True]), min(mesures[False])


def run(args):
    from django.conf import settings
    from django.core.management import call_command

    from bench.bench_3_imports import genere

    call_command("load_geography", verbosity=0)
    lignes = []
    tailles = [t for t in getattr(args, "sizes", []) if t <= 100_000] or [10_000]
    if getattr(args, "sizes", None) == [100_000, 1_000_000]:  # run.py's default sizes are the demo's: ours is smaller
        tailles = [10_000]
    with tempfile.TemporaryDirectory() as dossier:
        settings.MEDIA_ROOT = str(Path(dossier) / "media")
        settings.BAN_API_URL = "http://127.0.0.1:9"  # synthetic rows carry their coordinates: no geocoding
        for taille in tailles:
            chemin = genere(Path(dossier) / f"lieux-{taille}.csv", taille)
            modifie = _modifie(chemin, Path(dossier) / f"lieux-{taille}-modifies.csv")
            fichiers = (chemin, modifie, modifie)
            series = {True: [], False: []}
            for tour in range(2):  # without then with, twice: the best of two each (a shared machine is noisy)
                for actifs in (False, True):
                    _nettoie()
                    nombre_avant, taille_avant = _evenements()
                    _declencheurs(actifs)
                    try:
                        series[actifs].append(_serie(fichiers))
                    finally:
                        _declencheurs(True)
                    if actifs and tour == 0:
                        nombre_apres, taille_apres = _evenements()
                        sql_avec, sql_sans = _mise_a_jour_sql()
            _nettoie()
            avec = [min(d) for d in zip(*series[True])]
            sans = [min(d) for d in zip(*series[False])]
            evenements = nombre_apres - nombre_avant
            octets = taille_apres - taille_avant
            n = f"{taille:,}".replace(",", " ")
            for nom, a, s in zip(("création", "une modification par lieu", "même fichier (rien à écrire)"), avec, sans):
                lignes.append((f"historique : écriture d'un import de {n} lieux, {nom}", f"{a:.2f} s",
                               f"sans les déclencheurs de l'historique : {s:.2f} s ({a / s - 1:+.0%})"))
            lignes.append((f"historique : un UPDATE SQL de {n} lieux (un champ suivi)", f"{sql_avec:.2f} s",
                           f"sans les déclencheurs de l'historique : {sql_sans:.2f} s ({sql_avec / sql_sans - 1:+.0%})"))
            par_evenement = octets / max(evenements, 1)
            lignes.append((f"historique : {evenements} événements ({n} créations + {n} modifications)",
                           f"{octets / 1024 / 1024:.1f} Mo",
                           f"{par_evenement:.0f} octets par événement, index compris ; "
                           f"{par_evenement * 10_000 / 1024 / 1024:.1f} Mo par 10 000 lieux et par version"))
    return lignes
