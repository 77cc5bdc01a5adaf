"""Shared set-up of the benchmarks: a dedicated database `<name>_bench` on the same server, migrated."""

import contextlib
import os
import time

import django


def preparer():
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    django.setup()
    reelle = settings.DATABASES["default"]["NAME"]
    bench = os.environ.get("BENCH_BASE") or f"{reelle}_bench"  # BENCH_BASE: another bench database
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", [bench])
        if not cursor.fetchone():
            cursor.execute(f'create database "{bench}"')
    connection.close()
    settings.DATABASES["default"]["NAME"] = bench
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def chrono(fonction, *args, **kwargs):
    debut = time.perf_counter()
    resultat = fonction(*args, **kwargs)
    return resultat, time.perf_counter() - debut


def taille_base():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    k = max(0, min(len(valeurs) - 1, round(p / 100 * (len(valeurs) - 1))))
    return valeurs[k]


@contextlib.contextmanager
def gunicorn(env: dict, journal: str, processus: int = 2, fils: int = 1):
    """gunicorn on a free port with `env` (no task worker needed: /sante/ answers 200), until the block ends."""
    import socket
    import subprocess
    import tempfile
    import urllib.request
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fichier = open(Path(tempfile.gettempdir()) / f"{journal}_gunicorn.log", "ab")  # noqa: SIM115
    serveur = subprocess.Popen(
        [str(racine / ".venv/bin/gunicorn"), "mediation.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(processus),
         "--threads", str(fils), "--timeout", "120"],
        cwd=racine, env=env | {"TRAVAILLEUR_REQUIS": "False"}, stdout=fichier, stderr=fichier)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/sante/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
        fichier.close()
