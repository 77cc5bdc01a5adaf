"""Map benchmark (issue 5): the map's endpoints under concurrent load, beside the raw SQL time of the same queries;
home to first bubbles in Chromium; the former national approach (every lieu in one JSON, filtered in the browser).
SQL-level measures (kept counts against the live count, triggers' cost for writers) are in bench/mesures_carte.py.

For each size of args.sizes the bench database gets that many demo lieux (lieux.demo.generer, placed by population),
a gunicorn serves it (cache of the aggregations off: every answer is computed by PostGIS), and wrk (or a Python
load generator when wrk is missing) sends a pool of realistic requests: national and per-territory aggregations
with and without filters, grid clusters of random map boxes at zooms 13–15, nearest lieux around random points.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.base_bench import percentile, wrk
from bench.mesures_carte import cout_declencheurs, national_tenu_et_direct, plan_national

RACINE = Path(__file__).resolve().parent.parent
CONCURRENCE = 4  # simultaneous connections
DUREE = 10  # seconds of load per endpoint
TRAVAILLEURS = 4  # gunicorn workers (sync) on 2 cores: one per connection, no queueing in gunicorn
AIDE = "Aide aux démarches administratives"
FILTRES = ["", f"services={AIDE}", "frais_a_charge=Gratuit", "prise_rdv=true",
           "publics_specifiquement_adresses=Seniors&services=Accès internet et matériel informatique"]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", " ")


# --- data --------------------------------------------------------------------------------------------------------


def preparer_donnees(taille: int):
    from django.core.management import call_command
    from django.db import connection

    from lieux import demo
    from lieux.models import Lieu

    call_command("load_geography", verbosity=0)
    actuel = Lieu.objects.demo().count()
    if actuel > taille:
        demo.supprimer_demo()
        actuel = 0
    if actuel < taille:
        print(f"  génération de {_fmt(taille - actuel)} lieux de démonstration…", file=sys.stderr, flush=True)
        demo.generer(taille - actuel, seed=1000 + actuel)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lieux_lieu")
        cursor.execute("VACUUM ANALYZE lieux_comptecarte")  # the kept counts, updated by every insert


def chemins(taille: int, n: int = 400) -> dict[str, list[str]]:
    """Request pools, drawn from the data: map boxes and points where lieux are (denser places more often)."""
    from urllib.parse import quote

    from django.db import connection

    from lieux.agregation import taille_cellule

    rng = random.Random(taille)
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Y(localisation::geometry), ST_X(localisation::geometry), region_id, departement_id"
                       " FROM lieux_lieu TABLESAMPLE SYSTEM (1) WHERE statut = 'actif' LIMIT %s", [n * 3])
        points = cursor.fetchall()
    rng.shuffle(points)
    q = lambda f: "&" + "&".join(k + "=" + quote(v) for k, v in (p.split("=") for p in f.split("&"))) if f else ""  # noqa: E731
    pools = {"agregation_nationale": [], "agregation": [], "grille": [], "proximite": []}
    for i in range(n):
        lat, lon, region, dep = points[i % len(points)]
        filtre = q(FILTRES[i % len(FILTRES)])
        pools["agregation_nationale"].append("/api/v1/carte/agregats/?zoom=6" + filtre)
        choix = i % 3
        if choix == 0:
            pools["agregation"].append(f"/api/v1/carte/agregats/?region={region}&zoom=8{filtre}")
        elif choix == 1:
            pools["agregation"].append(f"/api/v1/carte/agregats/?departement={dep}&zoom=9{filtre}")
        else:
            d = 0.6
            pools["agregation"].append(
                f"/api/v1/carte/agregats/?zoom=10&bbox={lon - d:.4f},{lat - d / 2:.4f},{lon + d:.4f},{lat + d / 2:.4f}{filtre}")
        zoom = 13 + i % 3
        dx, dy = taille_cellule(zoom) * 1280 / 64 / 2 * 1.3, taille_cellule(zoom) * 900 / 64 / 2 * 1.3 * 0.7
        pools["grille"].append(f"/api/v1/carte/agregats/?zoom={zoom}&bbox={lon - dx:.4f},{lat - dy:.4f},"
                               f"{lon + dx:.4f},{lat + dy:.4f}{filtre}")
        pools["proximite"].append(f"/api/v1/lieux/?near={lat:.5f},{lon:.5f}&radius=5&page_size=20{filtre}")
    return pools


# --- server ------------------------------------------------------------------------------------------------------


def url_base(nom: str) -> str:
    """The bench database on the same server, user and password as the configured one (DATABASE_URL or devdb)."""
    from urllib.parse import quote

    from django.db import connection

    r = connection.settings_dict
    identite = quote(r["USER"] or "") + (":" + quote(r["PASSWORD"]) if r.get("PASSWORD") else "")
    return f"postgis://{identite}@{r['HOST'] or '127.0.0.1'}:{r['PORT'] or 5432}/{nom}"


@contextlib.contextmanager
def gunicorn(base_de_donnees: str, cache_secondes: int = 0):
    port = _port_libre()
    env = os.environ | {
        "DATABASE_URL": url_base(base_de_donnees), "DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "mediation.settings.base", "API_DEBIT": "0", "API_DEBIT_CARTE": "0",
        "CARTE_CACHE_SECONDES": str(cache_secondes), "LOG_LEVEL": "WARNING", "CONN_MAX_AGE": "600",
        "TRAVAILLEUR_REQUIS": "False", "PAGES_CACHE_SECONDES": str(cache_secondes),
    }
    journal = open(Path(tempfile.gettempdir()) / "bench_5_gunicorn.log", "ab")
    processus = subprocess.Popen(
        [str(RACINE / ".venv/bin/gunicorn"), "mediation.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(TRAVAILLEURS),
         "--timeout", "120"],
        cwd=RACINE, env=env, stdout=journal, stderr=journal)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/sante/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(TRAVAILLEURS * 3):  # warm every worker (imports, connections, territory memo)
            urllib.request.urlopen(base + "/api/v1/carte/agregats/?zoom=6", timeout=60).read()
        yield base
    finally:
        processus.terminate()
        processus.wait(timeout=30)
        journal.close()


# --- load ----------------------------------------------------------------------------------------------------------

def charger(base: str, pool: list[str]) -> dict:
    """p50/p95 (ms) and rate under CONCURRENCE simultaneous connections during DUREE seconds."""
    if shutil.which("wrk"):
        return wrk(base, pool, CONCURRENCE, DUREE)
    return charger_python(base, pool)


def charger_python(base: str, pool: list[str]) -> dict:
    """Fallback without wrk: CONCURRENCE threads with keep-alive connections (bounded in time)."""
    import http.client

    durees, erreurs, fin = [], [0], time.monotonic() + DUREE
    hote, port = base.removeprefix("http://").split(":")

    def boucle(k):
        connexion = http.client.HTTPConnection(hote, int(port), timeout=10)
        i = k * 97
        while time.monotonic() < fin:
            i += 1
            debut = time.perf_counter()
            connexion.request("GET", pool[i % len(pool)])
            reponse = connexion.getresponse()
            reponse.read()
            durees.append((time.perf_counter() - debut) * 1000)
            erreurs[0] += reponse.status >= 400
        connexion.close()

    fils = [threading.Thread(target=boucle, args=(k,)) for k in range(CONCURRENCE)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return {"n": len(durees), "erreurs": erreurs[0], "p50": percentile(durees, 50), "p95": percentile(durees, 95),
            "outil": "python"}


def temps_sql(pool: list[str], echantillon: int = 60) -> float:
    """p95 (ms) of the database time of the same requests, run in process (sum of their queries' times)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.API_DEBITS, settings.CARTE_CACHE_SECONDES = {"api": "0", "carte": "0"}, 0
    cache.clear()
    client, temps = Client(), []
    for chemin in pool[:echantillon]:
        reset_queries()
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(chemin).status_code == 200, chemin
        temps.append(sum(float(r["time"]) for r in requetes.captured_queries) * 1000)
    return percentile(temps, 95)


# --- browser -------------------------------------------------------------------------------------------------------


def chromium(fonction):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                       args=["--no-sandbox", "--disable-gpu", "--js-flags=--max-old-space-size=8192"])
        try:
            return fonction(navigateur)
        finally:
            navigateur.close()


def accueil_premieres_bulles(base: str, essais: int = 5) -> float:
    """Median ms from navigation start to the first bubbles drawn on /carte/ (tiles blocked: offline)."""
    def mesurer(navigateur):
        resultats = []
        for i in range(essais + 1):
            contexte = navigateur.new_context(viewport={"width": 1280, "height": 900})
            page = contexte.new_page()
            page.route("**/*", lambda r: r.abort() if not r.request.url.startswith(base) else r.continue_())
            page.goto(base + "/carte/", wait_until="commit")
            page.wait_for_selector("body[data-carte-premieres-bulles-ms]", timeout=30000)
            if i:  # the first run warms the server
                resultats.append(float(page.get_attribute("body", "data-carte-premieres-bulles-ms")))
            contexte.close()
        return statistics.median(resultats)
    return chromium(mesurer)


ANCIENNE_PAGE = """<!doctype html><meta charset="utf-8"><title>…</title><script>
const t0 = performance.now();
fetch("lieux.json").then(r => r.json()).then(lieux => {
  const t1 = performance.now();
  const centre = [47.47, -0.55], rad = Math.PI / 180;
  const garde = lieux.filter(l => l.latitude && l.services.includes("%s") && l.frais_a_charge.includes("Gratuit"));
  const parDep = {};
  for (const l of garde) { const d = l.code_postal.slice(0, 2); parDep[d] = (parDep[d] || 0) + 1; }
  for (const l of garde) {
    const a = Math.sin((l.latitude - centre[0]) * rad / 2) ** 2 + Math.cos(centre[0] * rad) * Math.cos(l.latitude * rad)
      * Math.sin((l.longitude - centre[1]) * rad / 2) ** 2;
    l.distance = 12742 * Math.asin(Math.sqrt(a));
  }
  garde.sort((a, b) => a.distance - b.distance);
  document.title = JSON.stringify({total: lieux.length, gardes: garde.length, telechargement: t1, fin: performance.now()});
}).catch(e => { document.title = JSON.stringify({erreur: String(e)}); });
</script>""" % AIDE


def ancienne_approche(dossier: Path) -> dict:
    """Every active lieu as one JSON (as the national map shipped it), then fetched, parsed and filtered in Chromium."""
    from django.db import connection

    fichier = dossier / "lieux.json"
    colonnes = ("id, pivot, nom, commune, code_postal, code_insee, adresse, complement_adresse, "
                "ST_Y(localisation::geometry) AS latitude, ST_X(localisation::geometry) AS longitude, typologie, "
                "telephone, courriels, site_web, horaires, presentation_resume, presentation_detail, source, "
                "itinerance, structure_parente, date_maj, services, publics_specifiquement_adresses, "
                "prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux, formations_labels, "
                "autres_formations_labels, modalites_acces, modalites_accompagnement, fiche_acces_libre, prise_rdv")
    with open(fichier, "wb") as sortie, connection.cursor() as cursor:
        sortie.write(b"[")
        premier = True
        with cursor.cursor.copy(f"COPY (SELECT row_to_json(t) FROM (SELECT {colonnes} FROM lieux_lieu "
                                "WHERE statut = 'actif') t) TO STDOUT") as copie:
            for ligne in copie.rows():
                sortie.write((b"" if premier else b",\n") + ligne[0].encode())
                premier = False
        sortie.write(b"]")
    brut = fichier.stat().st_size
    with open(fichier, "rb") as f:
        compresse = len(gzip.compress(f.read(), compresslevel=6)) if brut < 400_000_000 else None
    (dossier / "ancienne.html").write_text(ANCIENNE_PAGE)
    gestionnaire = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(dossier), **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()

    def mesurer(navigateur):
        page = navigateur.new_page()
        page.goto(f"http://127.0.0.1:{serveur.server_port}/ancienne.html", wait_until="commit")
        page.wait_for_function("() => document.title.startsWith('{')", timeout=300_000)
        return json.loads(page.title())

    try:
        resultat = chromium(mesurer)
    finally:
        serveur.shutdown()
        serveur.server_close()
    return {"octets": brut, "octets_gzip": compresse, **resultat}


# --- the run -------------------------------------------------------------------------------------------------------


def run(args):
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG=False: whitenoise serves staticfiles/
    base_de_donnees = settings.DATABASES["default"]["NAME"]
    lignes = []
    cibles = {"agregation_nationale": "agrégation nationale (régions)", "agregation": "agrégation région/dép./bbox",
              "grille": "grille bbox (zooms 13–15)", "proximite": "proximité near=lat,lon"}
    for taille in sorted(args.sizes):
        t = _fmt(taille)
        limite = 50 if taille <= 100_000 else 150
        preparer_donnees(taille)
        pools = chemins(taille)
        charge_machine = os.getloadavg()[0]
        with gunicorn(base_de_donnees) as base:
            for cle, libelle in cibles.items():
                mesure = charger(base, pools[cle])
                sql = temps_sql(pools[cle])
                ok = "✓" if mesure["p95"] < limite else "✗"
                lignes.append((f"{libelle} p95 — {t} lieux",
                               f"{mesure['p95']:.0f} ms (SQL {sql:.0f} ms)",
                               f"{ok} cible < {limite} ms ; {mesure['n'] / DUREE:.0f} req/s, {CONCURRENCE} connexions"
                               f" ({mesure['outil']}), {mesure['erreurs']} erreurs, sans cache"))
            national = urllib.request.urlopen(base + "/api/v1/carte/agregats/?zoom=6", timeout=60).read()
        lignes.append((f"plan de l'agrégation nationale — {t} lieux", plan_national(),
                       "comptes tenus par PostgreSQL (lieux_comptecarte) quand chaque filtre est un bit du masque"))
        tenu, direct, egaux = national_tenu_et_direct(pools["agregation_nationale"])
        lignes.append((f"SQL nationale p95 : comptes tenus / comptage direct — {t} lieux",
                       f"{tenu:.1f} / {direct:.0f} ms", f"{egaux} ; le comptage direct lit l'index lieu_carte_region"))
        for quoi, avec, sans in cout_declencheurs():
            lignes.append((f"écriture avec / sans déclencheurs des comptes : {quoi} — {t} lieux",
                           f"{avec:.1f} / {sans:.1f} ms", "coût des comptes tenus pour les écritures"))
        lignes.append((f"charge utile nationale — {t} lieux", f"{len(national) / 1024:.1f} Ko",
                       f"{'✓' if len(national) < 20_000 else '✗'} cible < 20 Ko "
                       f"({len(gzip.compress(national)) / 1024:.1f} Ko gzip)"))
        with gunicorn(base_de_donnees, cache_secondes=60) as base:
            mesure = charger(base, pools["agregation_nationale"])
            lignes.append((f"agrégation nationale p95, cache 60 s — {t} lieux", f"{mesure['p95']:.0f} ms",
                           f"{'✓' if mesure['p95'] < limite else '✗'} cible < {limite} ms ; {mesure['n'] / DUREE:.0f}"
                           " req/s (réglage par défaut CARTE_CACHE_SECONDES=60)"))
            accueil = urllib.request.urlopen(base + "/carte/", timeout=60).read()
            bulles = accueil_premieres_bulles(base)
            lignes.append((f"accueil → premières bulles (Chromium) — {t} lieux", f"{bulles:.0f} ms",
                           f"{'✓' if bulles < 1500 else '✗'} cible < 1 500 ms ; page {len(gzip.compress(accueil)) / 1024:.0f}"
                           " Ko gzip, comptes nationaux inclus"))
        with tempfile.TemporaryDirectory() as dossier:
            ancien = ancienne_approche(Path(dossier))
        nos_octets = len(national)
        if "erreur" in ancien:
            lignes.append((f"ancienne approche (tout en JSON) — {t} lieux",
                           f"{ancien['octets'] / 1e6:.0f} Mo", f"échec dans Chromium : {ancien['erreur'][:60]}"))
        else:
            gz = f", {ancien['octets_gzip'] / 1e6:.1f} Mo gzip" if ancien["octets_gzip"] else ""
            lignes.append((f"ancienne approche : JSON complet — {t} lieux", f"{ancien['octets'] / 1e6:.1f} Mo",
                           f"{_fmt(ancien['total'])} lieux{gz} ; ratio {_fmt(round(ancien['octets'] / nos_octets))}×"
                           " notre charge nationale"))
            lignes.append((f"ancienne approche : téléchargé+filtré — {t} lieux", f"{ancien['fin']:.0f} ms",
                           f"dont téléchargement+analyse {ancien['telechargement']:.0f} ms ;"
                           f" ratio {ancien['fin'] / bulles:.1f}× nos premières bulles"))
        lignes.append((f"charge de la machine (1 min) — {t} lieux", f"{charge_machine:.1f} → {os.getloadavg()[0]:.1f}",
                       "2 cœurs partagés : au-delà de ~2, d'autres processus faussent les temps"))
    return lignes
