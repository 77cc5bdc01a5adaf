"""Shared set-up of the benchmarks: a dedicated database `<name>_bench` on the same server, migrated."""

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
