"""Imports: a standard v1 CSV of 100 000 synthetic rows validated and upserted (rows/s, peak memory), the same file
again (nothing to write), and a 1 000 000-row file streamed in bounded memory.

Each measure runs in a child process (`python bench/bench_3_imports.py --enfant …`) so that its peak memory
(`ru_maxrss`) is its own. Synthetic lieux are placed at their commune's representative point (inside the polygon),
so no geocoding is involved; the BAN is switched off anyway. Everything written is removed afterwards.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SOURCE = "bench-imports"
SERVICES = (
    "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique", "Accès internet et matériel informatique",
    "Loisirs et créations numériques", "Compréhension du monde numérique",
)
HORAIRES = ("Mo-Fr 09:00-12:00,14:00-17:30", "Tu-Sa 10:00-12:30,14:00-18:00", "Mo,We,Fr 14:00-18:00", "")
TYPES = (("Médiathèque", "BIB"), ("Espace public numérique", "EPN"), ("France Services", "RFS"),
         ("Centre social", "CS"), ("Tiers-lieu", "TIERS_LIEUX|ASSO"))


def _communes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""select code, nom, codes_postaux[1], st_y(point), st_x(point) from lieux_commune
                          where type = 'commune-actuelle' and geom is not null and point is not null
                            and departement_id is not null and codes_postaux[1] is not null
                            and departement_id not like '97%%'""")
        return cursor.fetchall()


def genere(chemin: Path, nombre: int, seed: int = 3) -> Path:
    """A standard v1 CSV of `nombre` plausible lieux in real communes (written row by row)."""
    from lieux import standard

    rng = random.Random(seed)
    communes = _communes()
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        ecrivain.writerow(standard.COLONNES)
        for i in range(nombre):
            code, nom_commune, cp, lat, lon = communes[rng.randrange(len(communes))]
            type_nom, typologie = TYPES[i % len(TYPES)]
            slug = f"lieu{i}"
            ligne = {
                "id": f"bench-{i}", "pivot": "00000000000000", "nom": f"{type_nom} de {nom_commune}",
                "commune": nom_commune, "code_postal": cp, "code_insee": code,
                "adresse": f"{1 + i % 120} rue de la République", "latitude": f"{lat:.5f}", "longitude": f"{lon:.5f}",
                "typologie": typologie, "telephone": f"+3324{rng.randrange(10**7):07d}",
                "courriels": f"contact@{slug}.example.fr", "site_web": f"https://www.{slug}.example.fr/",
                "horaires": HORAIRES[i % len(HORAIRES)],
                "presentation_resume": f"{type_nom} : accompagnement au numérique à {nom_commune}.",
                "source": "bench", "itinerance": "Fixe", "date_maj": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "services": "|".join(rng.sample(SERVICES, 1 + i % 3)), "frais_a_charge": "Gratuit",
                "modalites_acces": "Se présenter|Téléphoner", "modalites_accompagnement": "Accompagnement individuel",
                "dispositif_programmes_nationaux": "Conseillers numériques" if i % 3 == 0 else "",
            }
            ecrivain.writerow([ligne.get(c, "") for c in standard.COLONNES])
    return chemin


# the standard columns under names a hub would give them (imports/correspondance/ must find them unaided)
NOMS_D_UN_HUB = {
    "id": "Identifiant", "nom": "Nom de la structure", "commune": "Ville", "code_postal": "CP",
    "code_insee": "Code commune", "adresse": "Adresse postale", "latitude": "Latitude", "longitude": "Longitude",
    "typologie": "Type de structure", "telephone": "Téléphone", "courriels": "Mail", "site_web": "Site internet",
    "horaires": "Horaires d'ouverture", "presentation_resume": "Présentation", "date_maj": "Date de mise à jour",
    "services": "Services proposés", "frais_a_charge": "Tarifs",
}


def renomme(chemin: Path, cible: Path) -> Path:
    """The same rows with a hub's column names: what the auto-mapped path reads."""
    with open(chemin, encoding="utf-8", newline="") as f, open(cible, "w", encoding="utf-8", newline="") as g:
        entete = f.readline()
        colonnes = next(csv.reader([entete]))
        csv.writer(g, quoting=csv.QUOTE_NONNUMERIC).writerow([NOMS_D_UN_HUB.get(c, c) for c in colonnes])
        for ligne in f:
            g.write(ligne)
    return cible


def _nettoie():
    """Remove what the bench wrote: its lieux (and the rows other apps attached to them), provenances, runs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("create temporary table bench_uids as select lieu_id as uid from lieux_provenance "
                       "where source = %s", [SOURCE])
        # rows pointing at the records themselves (the consolidation's pairs) go first
        cursor.execute(
            """select cl.relname, a.attname from pg_constraint c
               join pg_class cl on cl.oid = c.conrelid
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               where c.contype = 'f' and c.confrelid = 'lieux_provenance'::regclass""")
        for table, colonne in cursor.fetchall():
            cursor.execute(f'delete from "{table}" where "{colonne}" in (select id from lieux_provenance p '
                           'where p.lieu_id in (select uid from bench_uids))')
        cursor.execute(
            """select cl.relname, a.attname from pg_constraint c
               join pg_class cl on cl.oid = c.conrelid
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               where c.contype = 'f' and c.confrelid = 'lieux_lieu'::regclass"""
        )
        for table, colonne in cursor.fetchall():
            cursor.execute(f'delete from "{table}" where "{colonne}" in (select uid from bench_uids)')
        cursor.execute("delete from lieux_lieu where uid in (select uid from bench_uids)")
        cursor.execute("drop table bench_uids")
        cursor.execute("delete from imports_ligneimport where run_id in (select r.id from imports_importrun r "
                       "join imports_source s on s.id = r.source_id where s.nom = %s)", [SOURCE])
        cursor.execute("delete from imports_importrun where source_id in "
                       "(select id from imports_source where nom = %s)", [SOURCE])
        # dead rows off and fresh estimates: every measure starts from the same table (a first import decides to
        # rebuild the indexes from the table's estimated size, lieux/projections/chargement_massif.py)
        for table in ("lieux_lieu", "lieux_provenance", "lieux_ouverture", "imports_ligneimport"):
            cursor.execute(f"vacuum analyze {table}")


def enfant(mode: str, chemin: Path) -> dict:
    """Run one measure in a child process; returns what it printed (JSON)."""
    environnement = {**os.environ, "BAN_API_URL": "http://127.0.0.1:9", "MEDIA_ROOT": str(chemin.parent / "media")}
    resultat = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--enfant", mode, str(chemin)],
        capture_output=True, text=True, cwd=RACINE, env=environnement,
    )
    if resultat.returncode != 0:
        raise RuntimeError(f"mesure {mode} en échec :\n{resultat.stderr[-3000:]}")
    return json.loads(resultat.stdout.strip().splitlines()[-1])


def _mesure_enfant(mode: str, chemin: str) -> dict:
    import resource

    from imports.analyse import analyser
    from imports.application import appliquer
    from imports.colonnes import correspond
    from imports.execution import cree_run
    from imports.lecteurs import ouvrir
    from imports.validation import normalise_ligne

    debut = time.perf_counter()
    cpu_base = _cpu_postgres()
    if mode == "lecture":  # reader → mapping → normalisation → validation, streamed, nothing kept
        lecture = ouvrir(chemin)
        correspondance = correspond(lecture.colonnes)
        rejetees = lues = 0
        for numero, brut in lecture.lignes():
            rejetees += normalise_ligne(correspondance.applique(brut), numero).rejetee
            lues += 1
        mesures = {"lignes_lues": lues, "rejetes": rejetees}
    else:  # the whole import: analysis (staged rows), then the transaction writing the lieux
        profil, suggestion = None, 0.0
        if mode == "import_auto":  # `import_lieux --correspondance auto`: the suggestion, then the import with it
            from imports.correspondance.suggestion import suggerer_fichier

            profil = suggerer_fichier(chemin).profil.en_dict()
            suggestion = time.perf_counter() - debut
        run = cree_run(SOURCE, chemin, profil=profil, origine_profil="auto" if profil else "")
        debut = time.perf_counter()
        analyser(run, run.fichier.path)
        analyse = time.perf_counter() - debut
        appliquer(run)
        run.refresh_from_db()
        mesures = {**run.compteurs(), "statut": run.statut, "analyse": analyse, "suggestion": suggestion,
                   "application": time.perf_counter() - debut - analyse}
    duree = time.perf_counter() - debut
    moi, enfants = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # this process, plus the second process that normalised the rows (counted once it has been waited for)
    rss = moi.ru_maxrss + (enfants.ru_maxrss if mode == "import" else 0)
    cpu_python = moi.ru_utime + moi.ru_stime + enfants.ru_utime + enfants.ru_stime
    cpu_postgres = _cpu_postgres() - cpu_base if cpu_base is not None else None
    return {"duree": duree, "rss_max_mo": rss / 1024, "cpu_python": cpu_python, "cpu_postgres": cpu_postgres,
            **mesures}


def _cpu_postgres() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (local server only), else None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _nombre(valeur: float) -> str:
    return f"{valeur:,.0f}".replace(",", " ")


def run(args):
    from django.core.management import call_command

    call_command("load_geography", verbosity=0)
    _nettoie()
    lignes = []
    taille, grand = 100_000, 1_000_000
    with tempfile.TemporaryDirectory() as dossier:
        chemin = genere(Path(dossier) / "lieux-100k.csv", taille)
        premier = enfant("import", chemin)
        lignes += [
            (f"import de {_nombre(taille)} lignes v1 (nouveaux lieux)", f"{premier['duree']:.1f} s",
             f"{_nombre(premier['crees'])} créés, {premier['rejetes']} rejetés"),
            ("  débit de l'import complet", f"{_nombre(premier['lignes_lues'] / premier['duree'])} lignes/s",
             "cible ≥ 5 000 lignes/s (docs/performances.md)"),
            ("  dont analyse (lecture, validation, communes, rapport)", f"{premier['analyse']:.1f} s",
             f"{_nombre(premier['lignes_lues'] / premier['analyse'])} lignes/s, 2 processus"),
            ("  dont écriture des lieux (une transaction)", f"{premier['application']:.1f} s",
             f"{_nombre(premier['lignes_lues'] / premier['application'])} lignes/s"),
            ("  mémoire max (les 2 processus)", f"{premier['rss_max_mo']:.0f} Mo", "cible < 500 Mo"),
        ]
        if premier["cpu_postgres"] is not None:
            cpu = premier["cpu_python"] + premier["cpu_postgres"]
            lignes.append(("  temps CPU (Python + PostgreSQL)",
                           f"{premier['cpu_python']:.0f} + {premier['cpu_postgres']:.0f} s",
                           f"sur 2 cœurs libres, au mieux {_nombre(premier['lignes_lues'] / (cpu / 2))} lignes/s"))
        second = enfant("import", chemin)
        lignes.append(("même fichier une 2e fois (rien à écrire)", f"{second['duree']:.1f} s",
                       f"{_nombre(second['lignes_lues'] / second['duree'])} lignes/s, "
                       f"{_nombre(second['inchanges'])} inchangés"))
        flux = enfant("lecture", chemin)
        lignes.append((f"validation en flux de {_nombre(taille)} lignes (1 processus)", f"{flux['duree']:.1f} s",
                       f"{_nombre(flux['lignes_lues'] / flux['duree'])} lignes/s, {flux['rss_max_mo']:.0f} Mo max"))
        _nettoie()
        auto = enfant("import_auto", renomme(chemin, Path(dossier) / "lieux-100k-hub.csv"))
        surcout = auto["duree"] / premier["duree"] - 1  # the import itself, the suggestion aside
        lignes += [
            ("même contenu, colonnes d'un hub (correspondance auto)", f"{auto['suggestion'] + auto['duree']:.1f} s",
             f"{_nombre(auto['crees'])} créés, {auto['rejetes']} rejetés"),
            ("  dont suggestion de la correspondance", f"{auto['suggestion']:.1f} s", "cible < 5 s"),
            ("  débit de l'import (suggestion à part)", f"{_nombre(auto['lignes_lues'] / auto['duree'])} lignes/s",
             f"{surcout:+.0%} par rapport au fichier standard (cible ≤ +20 %)"),
        ]
        _nettoie()
        if grand not in getattr(args, "sizes", [grand]):  # `--sizes 100000`: the 1,000,000-row reading left out
            return lignes
        chemin_grand = genere(Path(dossier) / "lieux-1m.csv", grand)
        taille_mo = chemin_grand.stat().st_size / 1024 / 1024
        lecture = enfant("lecture", chemin_grand)
        lignes.append((f"validation en flux de {_nombre(grand)} lignes ({taille_mo:.0f} Mo)",
                       f"{lecture['duree']:.0f} s", f"{_nombre(lecture['lignes_lues'] / lecture['duree'])} lignes/s"))
        lignes.append(("  mémoire max (1 000 000 lignes)", f"{lecture['rss_max_mo']:.0f} Mo",
                       f"bornée : {flux['rss_max_mo']:.0f} Mo pour 100 000"))
    return lignes


if __name__ == "__main__" and sys.argv[1:2] == ["--enfant"]:
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    from bench import base_bench

    base_bench.preparer()
    print(json.dumps(_mesure_enfant(sys.argv[2], sys.argv[3])))
