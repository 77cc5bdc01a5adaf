"""Update campaigns (campagnes/, docs/campagnes.md): starting a campaign to 20,000 lieux — the envois written in
one INSERT … SELECT and the first sending task queued in the database queue — target under a minute; then the map's
aggregation endpoint (/api/v1/carte/agregats/, the pool of bench_5, page cache off) measured idle and while a real
worker (`manage.py travailleur`) sends the campaign with no throttle at all (the worst case: the default throttle,
120 messages a minute, leaves the worker idle most of the time). Messages go to Django's in-memory mail backend.

The lieux: 20,000 lieux of the bench database that are not demo lieux (a campaign never writes to demo lieux), made
once from generated demo lieux whose demo record is dropped (source « bench-campagnes »), each with an address.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.base_bench import chrono
from bench.bench_5_carte import charger, chemins, gunicorn, url_base

RACINE = Path(__file__).resolve().parent.parent
TAILLE = 20_000
SOURCE = "bench-campagnes"
CIBLE_S = 60
ATTENTE_MAX_S = 300  # the worker's whole campaign, bounded
DEMARRAGE_S = 6  # the worker starts and takes the task before the map is measured


def preparer_lieux() -> None:
    from django.db import connection

    from lieux import demo
    from lieux.models import PROVENANCE_DEMO, Lieu

    manque = TAILLE - Lieu.objects.actifs().filter(source=SOURCE).count()
    if manque > 0:
        avant = Lieu.objects.order_by("-uid").values_list("uid", flat=True).first() or 0
        print(f"  {manque} lieux pour la campagne…", file=sys.stderr, flush=True)
        demo.generer(manque, seed=12_000 + manque)
        with connection.cursor() as curseur:
            curseur.execute("delete from lieux_provenance where source = %s and lieu_id > %s", [PROVENANCE_DEMO, avant])
            curseur.execute("update lieux_lieu set source = %s, courriels = array['lieu-' || uid || '@bench.example'] "
                            "where uid > %s", [SOURCE, avant])
            curseur.execute("VACUUM ANALYZE lieux_lieu")


def nettoyer() -> None:
    """The previous bench campaigns and their queued tasks (a campaign's lieux are not written to twice)."""
    from django_tasks_db.models import DBTaskResult

    from campagnes.models import Campagne

    Campagne.objects.filter(nom__startswith="Bench").delete()
    DBTaskResult.objects.filter(task_path__startswith="campagnes.").delete()


def lancer_campagne():
    from django.contrib.auth.models import User

    from campagnes import lancement
    from campagnes.lancement import Demande, Filtre

    compte, _ = User.objects.get_or_create(username="bench-campagnes", defaults={"is_superuser": True,
                                                                                  "is_staff": True})
    return chrono(lancement.lancer, compte, Demande(nom="Bench 20 000 lieux", filtre=Filtre(source=SOURCE)))


def travailleur(base_de_donnees: str, par_minute: int) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": url_base(base_de_donnees), "DJANGO_SETTINGS_MODULE": "mediation.settings.base",
        "EMAIL_URL": "memorymail://", "CAMPAGNES_ENVOIS_PAR_MINUTE": str(par_minute), "LOG_LEVEL": "WARNING",
    }
    journal = open(Path(tempfile.gettempdir()) / "bench_12_travailleur.log", "ab")  # noqa: SIM115
    return subprocess.Popen([str(RACINE / ".venv/bin/python"), "manage.py", "travailleur", "--interval", "0.5"],
                            cwd=RACINE, env=env, stdout=journal, stderr=journal)


def _arreter(processus) -> None:
    processus.terminate()
    processus.wait(timeout=60)


def _sans_attendre() -> None:
    """The next batch, deferred by the throttled worker, made due now for the unthrottled one."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path="campagnes.taches.envoyer_lot", status="READY").update(
        run_after=timezone.now())


def _envoyes(campagne) -> int:
    return campagne.envois.filter(envoye_le__isnull=False).count()


def run(args):
    from django.conf import settings

    from bench.bench_5_carte import preparer_donnees

    preparer_donnees(18_000)  # the map's demo lieux, as bench_9 has them
    preparer_lieux()
    nettoyer()
    campagne, secondes = lancer_campagne()
    n = campagne.envois.count()
    lignes = [(f"lancer une campagne à {n} lieux (envois écrits, 1re tâche en file)", f"{secondes:.1f} s",
               f"cible < {CIBLE_S} s : {'atteinte' if secondes < CIBLE_S else 'MANQUÉE'}")]

    pool = chemins(TAILLE)["agregation"]
    base_de_donnees = settings.DATABASES["default"]["NAME"]
    with gunicorn(base_de_donnees, cache_secondes=0) as base:
        repos = charger(base, pool)
        processus = travailleur(base_de_donnees, settings.CAMPAGNES_ENVOIS_PAR_MINUTE)  # the default throttle
        try:
            time.sleep(DEMARRAGE_S)  # the worker's own start (imports) is not what a campaign costs
            limite = charger(base, pool)
        finally:
            _arreter(processus)
        envoyes_limite = _envoyes(campagne)
        _sans_attendre()
        debut = time.monotonic()
        processus = travailleur(base_de_donnees, 1_000_000)  # no throttle: the worst case
        try:
            time.sleep(DEMARRAGE_S)
            pendant = charger(base, pool)
            while _envoyes(campagne) < n and time.monotonic() - debut < ATTENTE_MAX_S:
                time.sleep(1)
            envoyes, duree_envoi = _envoyes(campagne), time.monotonic() - debut
        finally:
            _arreter(processus)
    print(f"  repos {repos} ; débit limité {limite} ; sans limite {pendant}", file=sys.stderr, flush=True)

    def mesure(m):
        return f"p50 {m['p50']:.0f} ms, p99 {m['p99']:.0f} ms, {m['erreurs']} erreur(s), {m['outil']}"

    lignes += [
        ("agrégats de la carte au repos : p95", f"{repos['p95']:.0f} ms", mesure(repos)),
        (f"agrégats pendant l'envoi à {settings.CAMPAGNES_ENVOIS_PAR_MINUTE}/min (défaut) : p95",
         f"{limite['p95']:.0f} ms", mesure(limite) + f" — {envoyes_limite} courriels partis"),
        ("agrégats pendant l'envoi sans limite de débit : p95", f"{pendant['p95']:.0f} ms", mesure(pendant)),
        ("courriels rédigés et remis sans limite", f"{envoyes} / {n}",
         f"en {duree_envoi:.0f} s, démarrage du travailleur compris"),
    ]
    nettoyer()
    return lignes
