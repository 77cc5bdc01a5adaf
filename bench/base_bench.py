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


# wrk's script: a pool of paths in turn from a random start; one line with the counts and the percentiles (ms)
LUA_WRK = """
local chemins = {}
local i = 0
init = function(args)
  for ligne in io.lines(args[1]) do chemins[#chemins + 1] = ligne end
  i = math.random(#chemins)
end
request = function()
  i = i % #chemins + 1
  return wrk.format("GET", chemins[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULTAT %d %d %d %.3f %.3f %.3f %.3f\\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.duration / 1e6))
end
"""


def wrk(base: str, pool: list[str], connexions: int, duree: int) -> dict:
    """wrk on `pool` for `duree` seconds with `connexions` connections: n, errors, p50/p95/p99 (ms), rate (/s)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as dossier:
        script, fichier = Path(dossier) / "pool.lua", Path(dossier) / "chemins.txt"
        script.write_text(LUA_WRK)
        fichier.write_text("\n".join(pool) + "\n")
        sortie = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connexions), "-d", f"{duree}s", "--timeout", "10s", "-s", str(script), base,
             "--", str(fichier)], capture_output=True, text=True, timeout=duree + 60).stdout
    n, http, reseau, p50, p95, p99, secondes = next(
        l for l in sortie.splitlines() if l.startswith("RESULTAT")).split()[1:]
    return {"n": int(n), "erreurs": int(http) + int(reseau), "p50": float(p50), "p95": float(p95),
            "p99": float(p99), "debit": int(n) / float(secondes), "outil": "wrk"}
