"""Territorial steering benchmark (issue 17): the pages from the precomputed figures, and the recomputation.

For each size of args.sizes (demo lieux placed by population, generated when missing):
- `calculer_pilotage` for all of France (~34 870 communes × 13 precomputed filters, one LATERAL KNN statement each);
- server time (in-process Django client, DEBUG off) of /pilotage/ and /pilotage/departement/21/, median and p95 of
  REQUETES requests: served from the figures kept until the next computation (the cache of pilotage/contexte.py),
  and « sans cache »: every request recomputes its figures from the precomputed distances (a cleared cache);
- a département page with a combination of filters that is not precomputed (live KNN for its communes);
- then IMPORT more lieux are added (an import of 5 000 lieux) and the recomputation that follows an import is timed
  (pilotage/increments.py: only the communes the new lieux can change), next to the full one it replaces.
"""

from __future__ import annotations

import statistics
import sys
import time

from bench.base_bench import percentile
from bench.bench_7_embed import preparer_donnees

REQUETES = 30
IMPORT = 5000
REGIONAL = 500
CIBLE_MS = 200
PAGES = {"France": "/pilotage/", "Côte-d'Or": "/pilotage/departement/21/"}
EN_DIRECT = "/pilotage/departement/21/?services=Aide+aux+d%C3%A9marches+administratives&frais_a_charge=Gratuit"


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _temps(client, url: str, vider: bool) -> list[float]:
    from django.core.cache import cache

    client.get(url, HTTP_HOST="localhost")
    mesures = []
    for _ in range(REQUETES):
        if vider:
            cache.clear()
        debut = time.perf_counter()
        reponse = client.get(url, HTTP_HOST="localhost")
        mesures.append((time.perf_counter() - debut) * 1000)
        assert reponse.status_code == 200, (url, reponse.status_code)
    return mesures


def _note(lignes, ligne):
    """Each measure also goes to stderr as soon as it is taken (a long run interrupted keeps what it measured)."""
    lignes.append(ligne)
    print("  " + " | ".join(ligne), file=sys.stderr, flush=True)


def run(args):
    from django.conf import settings
    from django.test import Client

    from django.db.models import Max

    from lieux import demo
    from lieux.models import Lieu
    from pilotage import calcul, increments

    settings.ALLOWED_HOSTS = ["localhost"]
    lignes = []
    client = Client()
    for taille in args.sizes:
        actifs, _ = preparer_donnees(taille)
        print(f"  calcul pour {_fmt(actifs)} lieux…", file=sys.stderr, flush=True)
        debut = time.perf_counter()
        durees = calcul.calculer(motif="bench")
        total = time.perf_counter() - debut
        _note(lignes, (f"pilotage : calcul France, 13 filtres ({_fmt(actifs)} lieux)", f"{total:.1f} s",
                       f"le plus long : {max(durees, key=durees.get)} {max(durees.values()):.1f} s"))
        for nom, url in PAGES.items():
            for vider, libelle in ((False, "figures gardées"), (True, "sans cache")):
                mesures = _temps(client, url, vider)
                _note(lignes, (f"pilotage : page {nom}, {libelle} ({_fmt(actifs)} lieux)",
                               f"p50 {statistics.median(mesures):.0f} ms, p95 {percentile(mesures, 95):.0f} ms",
                               f"cible p95 < {CIBLE_MS} ms" if not vider else "tout recalculé depuis la table"))
        mesures = _temps(client, EN_DIRECT, True)
        _note(lignes, (f"pilotage : Côte-d'Or, filtres non précalculés ({_fmt(actifs)} lieux)",
                       f"p50 {statistics.median(mesures):.0f} ms, p95 {percentile(mesures, 95):.0f} ms",
                       "KNN en direct pour ses communes"))
        print(f"  import de {_fmt(IMPORT)} lieux puis recalcul…", file=sys.stderr, flush=True)
        dernier = Lieu.objects.aggregate(m=Max("uid"))["m"] or 0
        demo.generer(IMPORT, seed=13_000 + actifs)
        ecrits = list(Lieu.objects.filter(uid__gt=dernier).values_list("uid", flat=True))
        debut = time.perf_counter()
        fait = increments.incrementer(ecrits, [], motif="bench : après un import")
        _note(lignes, (f"pilotage : recalcul après un import de {_fmt(len(ecrits))} lieux",
                       f"{time.perf_counter() - debut:.1f} s",
                       f"{fait.get_mode_display()} : {_fmt(fait.communes)} communes, {_fmt(fait.distances_recalculees)}"
                       f" distances sur {_fmt(34_871 * len(calcul.FILTRES))} ; calcul complet {total:.0f} s"))
        _note(lignes, _import_regional(increments, Lieu, actifs))
    return lignes


def _import_regional(increments, Lieu, actifs: int) -> tuple[str, str, str]:
    """A hub's re-import in one département: REGIONAL of its lieux moved ~100 m (as a corrected file would), then
    the recomputation that follows; rolled back afterwards."""
    from django.db import connection, transaction

    with transaction.atomic():
        uids = list(Lieu.objects.actifs().filter(departement_id="21").values_list("uid", flat=True)[:REGIONAL])
        with connection.cursor() as cur:
            cur.execute("UPDATE lieux_lieu SET localisation = ST_Project(localisation, 100, radians(45)) "
                        "WHERE uid = ANY(%s)", [uids])
        debut = time.perf_counter()
        fait = increments.incrementer(uids, [], motif="bench : import régional")
        duree = time.perf_counter() - debut
        transaction.set_rollback(True)
    return (f"pilotage : recalcul après un import de {_fmt(len(uids))} lieux en Côte-d'Or ({_fmt(actifs)} lieux)",
            f"{duree:.1f} s", f"{_fmt(fait.communes)} communes, {_fmt(fait.distances_recalculees)} distances recalculées")
