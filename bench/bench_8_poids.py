"""First-visit weight (issue: static weight): what a visitor with an empty cache downloads for the home page, the map
and an embedded map, measured in Chromium against gunicorn on production settings, static files collected to a
temporary directory with WhiteNoise's CompressedManifestStaticFilesStorage (as `collectstatic` does in production).

Every response of our server while the page loads counts as it travels: static files compressed by WhiteNoise (the
browser asks for gzip and br; brotli only when the package is installed), the HTML and data calls gzipped here as a
reverse proxy would (Django sends them raw); headers excluded; tiles excluded (other hosts are blocked: offline).
Target: under 400 KB per page. One new browser context per page, so nothing comes from the cache.
"""

from __future__ import annotations

import gzip
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.base_bench import gunicorn

RACINE = Path(__file__).resolve().parent.parent
CIBLE_KO = 400
PAGES = [("accueil", "/", "main"), ("carte", "/carte/", "body[data-carte-prete='1']"),
         ("carte intégrée", "/embed/carte/?departement=49", "body[data-carte-prete='1']"),
         ("orientation intégrée", "/embed/orientation/?departement=49", "#compte-orientation")]
TYPES = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "fetch": "données", "xhr": "données",
         "font": "polices", "image": "images", "manifest": "manifeste", "other": "autres (favicon…)"}


def environnement(base_de_donnees: str, statiques: str) -> dict:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "mediation.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "False", "STATIC_ROOT": statiques,
        "DATABASE_URL": f"postgis://postgres@127.0.0.1:54329/{base_de_donnees}", "API_DEBIT": "0",
        "API_DEBIT_CARTE": "0", "LOG_LEVEL": "WARNING",
    }


def collecter(env: dict) -> tuple[int, bool]:
    """collectstatic with the production storage into env["STATIC_ROOT"]: (files, brotli copies made)."""
    subprocess.run([str(RACINE / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=RACINE, env=env, check=True)
    racine = Path(env["STATIC_ROOT"])
    return sum(1 for _ in racine.rglob("*.css")) + sum(1 for _ in racine.rglob("*.js")), any(racine.rglob("*.br"))


def serveur(env: dict):
    return gunicorn(env, "bench_8", processus=2)


def poids_premiere_visite(navigateur, base: str, chemin: str, attendre: str) -> tuple[dict[str, int], int]:
    """(compressed bytes by kind, how many static files came compressed) of a cold visit of `chemin`."""
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900},
                                      extra_http_headers={"Accept-Encoding": "gzip, deflate, br"})
    page = contexte.new_page()
    page.route(re.compile(rf"^(?!{re.escape(base)}/)"), lambda route: route.abort())  # tiles and other hosts
    finies = []
    page.on("requestfinished", lambda requete: finies.append(requete))
    page.goto(base + chemin, wait_until="load")
    page.wait_for_selector(attendre, timeout=60000)
    page.wait_for_load_state("networkidle")
    octets: dict[str, int] = {}
    compresses = 0
    for requete in finies:
        reponse = requete.response()
        if reponse is None or reponse.status >= 300:
            continue
        if reponse.headers.get("content-encoding"):
            taille = requete.sizes()["responseBodySize"]
            compresses += "/static/" in requete.url
        else:
            corps = reponse.body()
            compressible = re.search(r"text/|json|javascript|svg", reponse.headers.get("content-type", ""))
            taille = min(len(corps), len(gzip.compress(corps, 6))) if compressible else len(corps)
        genre = TYPES.get(requete.resource_type, requete.resource_type)
        octets[genre] = octets.get(genre, 0) + taille
    contexte.close()
    return octets, compresses


def _ko(octets: int) -> str:
    return f"{octets / 1024:.0f} Ko"


def run(args):
    from django.conf import settings

    from bench.bench_5_carte import chromium
    from bench.bench_7_embed import preparer_donnees

    total, anjou = preparer_donnees(min(args.sizes))
    lignes = []
    with tempfile.TemporaryDirectory(prefix="statiques-") as statiques:
        env = environnement(settings.DATABASES["default"]["NAME"], statiques)
        fichiers, brotli = collecter(env)
        with serveur(env) as base:
            def mesurer(navigateur):
                return [(nom, *poids_premiere_visite(navigateur, base, chemin, attendre))
                        for nom, chemin, attendre in PAGES]

            mesures = chromium(mesurer)
    compression = "gzip et brotli" if brotli else "gzip (brotli : paquet absent)"
    for nom, octets, compresses in mesures:
        somme = sum(octets.values())
        ok = "✓" if somme < CIBLE_KO * 1024 else "✗"
        detail = ", ".join(f"{k} {_ko(v)}" for k, v in sorted(octets.items()))
        lignes.append((f"première visite : {nom} (compressé, tuiles exclues)", _ko(somme),
                       f"{ok} cible < {CIBLE_KO} Ko ; {detail} ; {compresses} fichiers statiques servis compressés"))
    lignes.append(("statiques de production (collectstatic, CompressedManifestStaticFilesStorage)",
                   f"{fichiers} CSS/JS", f"{compression} ; {total:,} lieux dont {anjou:,} en Maine-et-Loire"
                   .replace(",", " ")))
    print(f"  statiques collectés ({compression})", file=sys.stderr)
    return lignes
