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


def _nettoie():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("with p as (delete from lieux_provenance where source = %s returning lieu_id) "
                       "delete from lieux_lieu where uid in (select lieu_id from p)", [SOURCE])
        cursor.execute("delete from imports_ligneimport where run_id in (select r.id from imports_importrun r "
                       "join imports_source s on s.id = r.source_id where s.nom = %s)", [SOURCE])
        cursor.execute("delete from imports_importrun where source_id in (select id from imports_source where nom = %s)",
                       [SOURCE])


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

    from imports.colonnes import correspond
    from imports.execution import cree_run, execute
    from imports.lecteurs import ouvrir
    from imports.validation import normalise_ligne

    debut = time.perf_counter()
    if mode == "lecture":  # reader → mapping → normalisation → validation, streamed, nothing kept
        lecture = ouvrir(chemin)
        correspondance = correspond(lecture.colonnes)
        rejetees = lues = 0
        for numero, brut in lecture.lignes():
            rejetees += normalise_ligne(correspondance.applique(brut), numero).rejetee
            lues += 1
        compteurs = {"lignes_lues": lues, "rejetes": rejetees}
    else:  # the whole import: analysis (staged rows) then the transaction writing the lieux
        run = cree_run(SOURCE, chemin)
        execute(run)
        run.refresh_from_db()
        compteurs = {**run.compteurs(), "statut": run.statut}
    duree = time.perf_counter() - debut
    return {"duree": duree, "rss_max_mo": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **compteurs}


def run(args):
    from django.core.management import call_command

    call_command("load_geography", verbosity=0)
    _nettoie()
    lignes = []
    taille = 100_000
    with tempfile.TemporaryDirectory() as dossier:
        chemin = genere(Path(dossier) / "lieux-100k.csv", taille)
        premier = enfant("import", chemin)
        debit = premier["lignes_lues"] / premier["duree"]
        lignes.append((f"import {taille:,} lignes v1 (analyse + écriture)".replace(",", " "), f"{premier['duree']:.1f} s",
                       f"{premier['crees']:,} créés, {premier['rejetes']} rejetés".replace(",", " ")))
        lignes.append(("débit d'import", f"{debit:,.0f} lignes/s".replace(",", " "), "cible ≥ 5 000 lignes/s"))
        lignes.append(("mémoire max (import 100 000)", f"{premier['rss_max_mo']:.0f} Mo", "cible < 500 Mo"))
        second = enfant("import", chemin)
        lignes.append(("même fichier une 2e fois", f"{second['duree']:.1f} s",
                       f"{second['inchanges']:,} inchangés, {second['modifies']} modifiés".replace(",", " ")))
        _nettoie()
        grand = 1_000_000
        chemin_grand = genere(Path(dossier) / "lieux-1m.csv", grand)
        taille_mo = chemin_grand.stat().st_size / 1024 / 1024
        lecture = enfant("lecture", chemin_grand)
        lignes.append((f"lecture + validation en flux de {grand:,} lignes ({taille_mo:.0f} Mo)".replace(",", " "),
                       f"{lecture['duree']:.0f} s", f"{lecture['lignes_lues'] / lecture['duree']:,.0f} lignes/s".replace(",", " ")))
        lignes.append(("mémoire max (flux 1 000 000)", f"{lecture['rss_max_mo']:.0f} Mo",
                       "bornée : indépendante de la taille du fichier"))
    return lignes


if __name__ == "__main__" and sys.argv[1:2] == ["--enfant"]:
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    from bench import base_bench

    base_bench.preparer()
    print(json.dumps(_mesure_enfant(sys.argv[2], sys.argv[3])))
