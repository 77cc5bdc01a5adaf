"""Orientation: per-step live counts and the results query at each demo size (p50 / p95), availability refresh.

Workload: 200 orientations drawn with a fixed seed, as social workers make them — the person stands where demo lieux
are (so, like them, where people live), radius 30 km most of the time, one or two services, sometimes a prise en
charge or a public, « ouvert maintenant » or a weekly slot. Each orientation is timed as the four step pages count
it (step 1: services, national; step 2: + the point; step 3: + accessibility; step 4: + availability), then the
first page of results (KNN, 20 lieux).

Sizes: the bench database keeps the demo lieux of earlier modules (bench_1 leaves 100 000); this module adds demo
lieux to reach each size, in increasing order (or removes the newest when there are more), and at the end removes
the lieux it added, so that the base is left as it was found.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.http import QueryDict

from bench.base_bench import chrono, percentile
from lieux import demo, standard
from lieux.models import PROVENANCE_DEMO, UIDS_DEMO_SQL, Lieu
from lieux.projections.maintien_ouvertures import recalculer
from orientation import recherche
from orientation.etat import Orientation

NOMBRE = 200
GRAINE = 6
CIBLES_MS = {100_000: 50, 1_000_000: 150}
INSTANT = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)  # a Tuesday morning


def _orientations(rng: random.Random) -> list[dict]:
    with connection.cursor() as cursor:
        # the same places from one run to the next (the same lieux): ordered by a hash of their name and point, not
        # by random(), so that two runs (two versions of the code) measure the same orientations
        cursor.execute(
            "select st_y(localisation::geometry), st_x(localisation::geometry) from lieux_lieu"
            " where localisation is not null and statut = 'actif'"
            " order by md5(nom || st_astext(localisation::geometry)) limit %s", [NOMBRE])
        points = cursor.fetchall()
    tirages = []
    for lat, lon in points:
        t = {"services": rng.sample(standard.SERVICES, rng.choice((1, 1, 2))),
             "latitude": f"{lat + rng.uniform(-0.02, 0.02):.5f}", "longitude": f"{lon + rng.uniform(-0.02, 0.02):.5f}",
             "distance": str(30_000 if rng.random() < 0.6 else rng.randrange(5, 101, 5) * 1000)}
        if rng.random() < 0.3:
            t["prise_en_charge_specifique"] = [rng.choice(standard.PRISE_EN_CHARGE_SPECIFIQUE)]
        if rng.random() < 0.2:
            t["publics_specifiquement_adresses"] = [rng.choice(standard.PUBLICS_SPECIFIQUEMENT_ADRESSES)]
        tirage = rng.random()
        if tirage < 0.3:
            t["ouvert_actuellement"] = "true"
        elif tirage < 0.6:
            jour = rng.choice(("lu", "ma", "me", "je", "ve", "sa", "tous"))
            t["creneau"] = [jour if rng.random() < 0.4 else f"{jour}-14:00-16:00"]
        tirages.append(t)
    return tirages


def _etapes(t: dict) -> list[QueryDict]:
    """The query string each of the 4 steps counts with."""
    cles = [("services",), ("latitude", "longitude", "distance"),
            ("prise_en_charge_specifique", "publics_specifiquement_adresses"), ("ouvert_actuellement", "creneau")]
    etapes, donnees = [], QueryDict(mutable=True)
    for groupe in cles:
        for cle in groupe:
            if cle in t:
                donnees.setlist(cle, t[cle] if isinstance(t[cle], list) else [t[cle]])
        etapes.append(donnees.copy())
    return etapes


def _mesurer(tirages) -> tuple[list[list[float]], list[float], list[int]]:
    par_etape: list[list[float]] = [[], [], [], []]
    resultats, comptes = [], []
    for t in tirages:
        etapes = _etapes(t)
        for i, donnees in enumerate(etapes):
            orientation = Orientation.lire(donnees)
            n, duree = chrono(recherche.compter, orientation, INSTANT)
            par_etape[i].append(duree)
        comptes.append(n)
        (_, _), duree = chrono(recherche.page_de_resultats, Orientation.lire(etapes[-1]), 1, INSTANT)
        resultats.append(duree)
    return par_etape, resultats, comptes


def _supprimer(condition: str, params) -> int:
    """Delete the demo lieux selected by `condition` in SQL, every table referencing lieux_lieu first (the ORM's
    cascade would load a million lieux into memory)."""
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute(
            """select c.conrelid::regclass::text, a.attname from pg_constraint c
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
               where c.contype = 'f' and c.confrelid = 'lieux_lieu'::regclass""")
        references = cursor.fetchall()
        cursor.execute("drop table if exists bench6_uids")
        cursor.execute(f"create temporary table bench6_uids on commit drop as select uid from lieux_lieu "
                       f"where uid in ({UIDS_DEMO_SQL}) and {condition}", params)
        for table, colonne in references:
            cursor.execute(f'delete from {table} where "{colonne}" in (select uid from bench6_uids)')
        cursor.execute("delete from lieux_lieu where uid in (select uid from bench6_uids)")
        supprimes = cursor.rowcount
        cursor.execute("drop table bench6_uids")
        return supprimes


def _atteindre(taille: int) -> str | None:
    """Bring the demo lieux to exactly `taille`: add some (returns their id prefix) or remove the newest."""
    actuels = Lieu.objects.demo().count()
    if actuels > taille:
        print(f"  … retrait de {actuels - taille:,} lieux de démonstration".replace(",", " "), flush=True)
        _supprimer(f"uid in (select lieu_id from lieux_provenance where source = '{PROVENANCE_DEMO}'"
                   " order by lieu_id desc limit %s)",
                   [actuels - taille])
    elif actuels < taille:
        print(f"  … ajout de {taille - actuels:,} lieux de démonstration".replace(",", " "), flush=True)
        demo.generer(taille - actuels, seed=GRAINE + taille)
    else:
        return None
    with connection.cursor() as cursor:
        cursor.execute("vacuum analyze lieux_lieu")
    return f"demo-{GRAINE + taille}-%" if actuels < taille else None


def run(args):
    lignes = []
    ajouts = []
    rng = random.Random(GRAINE)
    for taille in sorted(args.sizes):
        prefixe = _atteindre(taille)
        if prefixe:
            ajouts.append(prefixe)
        nom = f"{taille:,}".replace(",", " ")
        debut = time.perf_counter()
        ecrits = recalculer()
        duree = time.perf_counter() - debut
        lignes_recalcul = [(f"orientation {nom} : recalcul des ouvertures (tous les lieux)",
                            f"{duree:.1f} s", f"{ecrits / duree:,.0f} lieux/s".replace(",", " "))]
        with connection.cursor() as cursor:
            cursor.execute("vacuum analyze lieux_ouverture")  # as autovacuum would after a full refresh
        tirages = _orientations(rng)
        _mesurer(tirages[:20])  # warm the caches
        par_etape, resultats, comptes = _mesurer(tirages)
        cible = CIBLES_MS.get(taille)
        suffixe = f"cible p95 < {cible} ms" if cible else ""
        for i, durees in enumerate(par_etape, start=1):
            lignes.append((f"orientation {nom} : compte étape {i} p50 / p95",
                           f"{percentile(durees, 50) * 1000:.1f} / {percentile(durees, 95) * 1000:.1f} ms", suffixe))
        lignes.append((f"orientation {nom} : résultats (20 plus proches) p50 / p95",
                       f"{percentile(resultats, 50) * 1000:.1f} / {percentile(resultats, 95) * 1000:.1f} ms", suffixe))
        lignes.append((f"orientation {nom} : lieux trouvés à l'étape 4 (médiane)", f"{percentile(comptes, 50)}",
                       f"comptes plafonnés à {recherche.PLAFOND + 1}"))
        lignes += lignes_recalcul
    for prefixe in ajouts:  # leave the base as the earlier modules left it
        _supprimer("id like %s", [prefixe])
    return lignes
