"""Pages that collectivités' traffic repeats, under 64 simultaneous connections: orientation results, the embedded
map, lieu sheets, the map's aggregation endpoint. Served as `make run` serves them (gunicorn, 2 processes × 4 threads,
page cache on: mediation/cache_pages.py); wrk sends a pool of realistic URLs for 10 s each. Target: 0 errors and
p99 < 300 ms (cached repeats count: that is what embeds and shared links are)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from bench.base_bench import gunicorn, wrk
from bench.bench_5_carte import preparer_donnees, url_base

RACINE = Path(__file__).resolve().parent.parent
CONNEXIONS = 64
DUREE = 10
TAILLE = 18_000
CIBLE_P99_MS = 300

@contextlib.contextmanager
def serveur(base_de_donnees: str):
    env = os.environ | {
        "DATABASE_URL": url_base(base_de_donnees), "DEBUG": "False", "DJANGO_SETTINGS_MODULE": "mediation.settings.base",
        "API_DEBIT": "0", "API_DEBIT_CARTE": "0", "LOG_LEVEL": "WARNING", "PAGES_CACHE_SECONDES": "60",
        "CONN_MAX_AGE": "600",
    }
    subprocess.run([str(RACINE / ".venv/bin/python"), "manage.py", "collectstatic", "--no-input", "-v0"], cwd=RACINE,
                   env=env, check=True)
    with gunicorn(env, "bench_9", processus=2, fils=4) as base:  # as make run serves (WEB_CONCURRENCY × WEB_THREADS)
        yield base


def pools(base: str) -> dict[str, list[str]]:
    from lieux.models import Commune, Lieu

    communes = list(Commune.objects.filter(type="commune-actuelle", population__gt=20000)
                    .order_by("-population").values_list("point", flat=True)[:20])
    aide = "Aide%20aux%20d%C3%A9marches%20administratives"
    resultats = [f"/orientation/resultats/?services={aide}&latitude={p.y:.4f}&longitude={p.x:.4f}&distance=10000"
                 for p in communes]
    uids = list(Lieu.objects.actifs().order_by("uid").values_list("uid", flat=True)[:100])
    with urllib.request.urlopen(base + "/embed/carte/?departement=49", timeout=60) as reponse:
        embed = reponse.geturl().replace(base, "")  # /embed/p/<jeton>/carte/
    deps = ["49", "44", "75", "13", "69", "33", "59", "35"]
    return {
        "résultats d'orientation": resultats,
        "carte intégrée (collectivité)": [embed, embed.replace("carte/", "panneau/")],
        "fiches de lieux": [f"/lieux/{u}/" for u in uids],
        "agrégats de la carte": ["/api/v1/carte/agregats/?zoom=6"]
        + [f"/api/v1/carte/agregats/?departement={d}&zoom=9" for d in deps],
    }


def charger(base: str, pool: list[str]) -> dict:
    return wrk(base, pool, CONNEXIONS, DUREE)


def run(args):
    from django.conf import settings

    if not shutil.which("wrk"):
        return [("charge à 64 connexions", "—", "wrk absent (make setup l'installe)")]
    preparer_donnees(TAILLE)
    lignes = []
    with serveur(settings.DATABASES["default"]["NAME"]) as base:
        ensembles = pools(base)
        # steady state: every URL already asked a few times (each of the 3 processes keeps its own cache) before any
        # measure; the first visits are measured apart, by the uncached line below
        for pool in ensembles.values():
            for chemin in pool * 4:
                urllib.request.urlopen(base + chemin, timeout=60).read()
        for nom, pool in ensembles.items():
            mesure = charger(base, pool)
            atteinte = mesure["erreurs"] == 0 and mesure["p99"] < CIBLE_P99_MS
            print(f"  {nom}: {mesure}", file=sys.stderr, flush=True)
            lignes.append((f"{nom} : {CONNEXIONS} connexions", f"{mesure['debit']:.0f} pages/s",
                           f"p50 {mesure['p50']:.0f} ms, p99 {mesure['p99']:.0f} ms, {mesure['erreurs']} erreur(s) "
                           f"— cible 0 erreur et p99 < {CIBLE_P99_MS} ms : {'atteinte' if atteinte else 'MANQUÉE'}"))
        # what a cache cannot absorb: lieu sheets never asked before (first visits, computed every time)
        nouvelles = [f"/lieux/{u}/?premiere={i}" for i, u in enumerate(_uids_suivants(), 1)]
        mesure = charger(base, nouvelles)
        lignes.append((f"fiches jamais demandées : {CONNEXIONS} connexions", f"{mesure['debit']:.0f} pages/s",
                       f"p50 {mesure['p50']:.0f} ms, p99 {mesure['p99']:.0f} ms, {mesure['erreurs']} erreur(s) "
                       "— sans cache : la capacité de calcul brute"))
    return lignes


def _uids_suivants():
    from lieux.models import Lieu

    return list(Lieu.objects.actifs().order_by("uid").values_list("uid", flat=True)[100:20_100])
