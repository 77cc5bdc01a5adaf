"""Embed benchmark (issue 7): what an embedded map costs a collectivité's visitors, measured in Chromium on localhost
against gunicorn (DEBUG off, whitenoise serving the collected static files) on the bench database.

- weight of the embed itself: the HTML, CSS and JS of /embed/carte/?departement=49 as they travel compressed (static
  files: gzip from whitenoise, as Chromium receives them over http; the HTML page, which Django sends raw, gzipped
  here as a reverse proxy would); tiles excluded (blocked: offline). Data calls (bubbles, panel) and fonts are shown
  apart, then everything together;
- first render: from navigation start (the snippet's entry URL, its redirect included) to the first bubbles drawn
  (`data-carte-premieres-bulles-ms`, set by carte.js) and the first contentful paint; median of 5 cold visits (a new
  browser context each time, so nothing is cached), after one warm-up;
- the same weight for the orientation embed, and the server time of the embed's pages and calls.

Data: the bench database as the earlier modules leave it (demo lieux placed by population); at least the smallest
of args.sizes active lieux (generated when missing).
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import time
import urllib.request

from bench.bench_5_carte import chromium, gunicorn

ESSAIS = 5
CIBLE_POIDS_KO = 300
CIBLE_RENDU_MS = 1500
CADRE = {"width": 800, "height": 600}  # a usual iframe
TYPES = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "fetch": "données", "xhr": "données",
         "font": "polices", "image": "images"}


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def preparer_donnees(minimum: int) -> tuple[int, int]:
    from django.core.management import call_command
    from django.db import connection

    from lieux import demo
    from lieux.models import Lieu

    call_command("load_geography", verbosity=0)
    actifs = Lieu.objects.actifs().count()
    if actifs < minimum:
        print(f"  génération de {_fmt(minimum - actifs)} lieux de démonstration…", file=sys.stderr, flush=True)
        demo.generer(minimum - actifs, seed=7000 + actifs)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE lieux_lieu")
    return Lieu.objects.actifs().count(), Lieu.objects.actifs().filter(departement_id="49").count()


def poids(navigateur, base: str, chemin: str, attendre: str) -> dict[str, int]:
    """Compressed bytes by kind of every response of our server while the page loads (others are aborted)."""
    contexte = navigateur.new_context(viewport=CADRE)
    page = contexte.new_page()
    page.route(re.compile(rf"^(?!{re.escape(base)}/)"), lambda route: route.abort())
    finies = []
    page.on("requestfinished", lambda requete: finies.append(requete))
    page.goto(base + chemin, wait_until="load")
    page.wait_for_selector(attendre, timeout=60000)
    page.wait_for_load_state("networkidle")
    octets: dict[str, int] = {}
    for requete in finies:
        reponse = requete.response()
        if reponse is None or reponse.status >= 300:
            continue
        if reponse.headers.get("content-encoding"):
            taille = requete.sizes()["responseBodySize"]
        else:
            corps = reponse.body()
            taille = min(len(corps), len(gzip.compress(corps, 6)))
        genre = TYPES.get(requete.resource_type, requete.resource_type)
        octets[genre] = octets.get(genre, 0) + taille
    contexte.close()
    return octets


def premier_rendu(navigateur, base: str, chemin: str) -> tuple[float, float]:
    """Median (first bubbles, first contentful paint) in ms over ESSAIS cold visits, after a warm-up."""
    bulles, peintures = [], []
    for i in range(ESSAIS + 1):
        contexte = navigateur.new_context(viewport=CADRE)
        page = contexte.new_page()
        page.route(re.compile(rf"^(?!{re.escape(base)}/)"), lambda route: route.abort())
        page.goto(base + chemin, wait_until="commit")
        page.wait_for_selector("body[data-carte-premieres-bulles-ms]", timeout=60000)
        if i:
            bulles.append(float(page.get_attribute("body", "data-carte-premieres-bulles-ms")))
            peintures.append(page.evaluate(
                "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"))
        contexte.close()
    return statistics.median(bulles), statistics.median(peintures)


def temps_serveur(url: str, n: int = 20) -> float:
    """Median ms of n sequential GETs (after one)."""
    urllib.request.urlopen(url, timeout=60).read()
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        urllib.request.urlopen(url, timeout=60).read()
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees)


def _ko(octets: int) -> str:
    return f"{octets / 1024:.0f} Ko"


def run(args):
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG=False: whitenoise serves staticfiles/ (+ .gz)
    total, anjou = preparer_donnees(min(args.sizes))
    t = f"{_fmt(total)} lieux, dont {_fmt(anjou)} en Maine-et-Loire"
    carte, orientation = "/embed/carte/?departement=49", "/embed/orientation/?departement=49"
    lignes = []
    with gunicorn(settings.DATABASES["default"]["NAME"], cache_secondes=60) as base:
        travail = urllib.request.urlopen(base + carte, timeout=60).geturl()  # the working URL after the redirect
        prefixe = travail.split("/carte/")[0]

        def mesurer(navigateur):
            return (poids(navigateur, base, carte, "body[data-carte-prete='1']"),
                    poids(navigateur, base, orientation, "#compte-orientation"),
                    premier_rendu(navigateur, base, carte))

        octets_carte, octets_orientation, (bulles, peinture) = chromium(mesurer)
        serveur = {nom: temps_serveur(url) for nom, url in (
            ("page carte", travail), ("panneau", prefixe + "/panneau/?departement=49"),
            ("bulles (communes)", prefixe + "/agregats/?departement=49&zoom=9"),
            ("page orientation", prefixe + "/orientation/?services=Aide+aux+d%C3%A9marches+administratives"))}

    propre = sum(octets_carte.get(k, 0) for k in ("HTML", "CSS", "JS"))
    detail = ", ".join(f"{k} {_ko(v)}" for k, v in sorted(octets_carte.items()))
    ok = "✓" if propre < CIBLE_POIDS_KO * 1024 else "✗"
    lignes.append((f"poids de la carte intégrée (HTML+CSS+JS compressés) — {t}", _ko(propre),
                   f"{ok} cible < {CIBLE_POIDS_KO} Ko, tuiles exclues ; détail : {detail}"))
    lignes.append(("poids de la carte intégrée, tout compris hors tuiles", _ko(sum(octets_carte.values())),
                   "données (bulles, panneau) et polices Marianne en plus"))
    propre_o = sum(octets_orientation.get(k, 0) for k in ("HTML", "CSS", "JS"))
    ok = "✓" if propre_o < CIBLE_POIDS_KO * 1024 else "✗"
    tout = _ko(sum(octets_orientation.values()))
    lignes.append(("poids du parcours intégré (HTML+CSS+JS compressés)", _ko(propre_o),
                   f"{ok} cible < {CIBLE_POIDS_KO} Ko ; tout compris {tout}"))
    ok = "✓" if bulles < CIBLE_RENDU_MS else "✗"
    lignes.append((f"carte intégrée → premières bulles (Chromium) — {t}", f"{bulles:.0f} ms",
                   f"{ok} cible < {_fmt(CIBLE_RENDU_MS)} ms ; médiane de {ESSAIS} visites à froid, redirection"
                   f" comprise ; premier affichage (FCP) {peinture:.0f} ms"))
    lignes.append(("temps serveur de l'intégration (médianes)",
                   " / ".join(f"{v:.0f}" for v in serveur.values()) + " ms",
                   " / ".join(serveur) + " ; gunicorn, cache des agrégations 60 s"))
    return lignes
