"""Backups of the database with PostgreSQL's own tools (pg_dump custom format, pg_restore): `make sauvegarde`,
`make restauration FICHIER=…`. A restore goes into a fresh database, never over the one in use: the coordinator
checks it (counts printed), then points DATABASE_URL at it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

TABLES_COMPTEES = ("lieux_lieu", "lieux_provenance", "imports_importrun", "lieux_signalement", "auth_user")


class SauvegardeImpossible(Exception):
    pass


def _env_pg(reglages=None) -> dict:
    r = reglages or connection.settings_dict
    env = {**os.environ, "PGHOST": r["HOST"] or "127.0.0.1", "PGPORT": str(r["PORT"] or 5432),
           "PGUSER": r["USER"] or "postgres"}
    if r.get("PASSWORD"):
        env["PGPASSWORD"] = r["PASSWORD"]
    return env


def _lancer(commande: list[str], env: dict):
    resultat = subprocess.run(commande, env=env, capture_output=True, text=True)
    if resultat.returncode != 0:
        raise SauvegardeImpossible(f"{commande[0]} a échoué : {resultat.stderr.strip()[:500]}")
    return resultat


def sauvegarder(fichier: Path | None = None) -> Path:
    """Dump the whole database (schema, data, extensions) in pg_dump's custom format, compressed."""
    base = connection.settings_dict["NAME"]
    if fichier is None:
        dossier = Path(getattr(settings, "SAUVEGARDES_DOSSIER", settings.BASE_DIR / "sauvegardes-base"))
        dossier.mkdir(parents=True, exist_ok=True)
        fichier = dossier / f"{base}-{dt.datetime.now():%Y%m%d-%H%M%S}.dump"
    fichier = Path(fichier)
    temporaire = fichier.with_suffix(fichier.suffix + ".partiel")
    _lancer(["pg_dump", "--format=custom", "--compress=6", "--no-owner", "--file", str(temporaire), base],
            _env_pg())
    temporaire.replace(fichier)  # a half-written dump never carries the final name
    return fichier


def restaurer(fichier: Path, base: str) -> dict[str, int]:
    """Restore `fichier` into the new database `base` (refused if it exists); returns its row counts."""
    fichier = Path(fichier)
    if not fichier.is_file():
        raise SauvegardeImpossible(f"Fichier de sauvegarde introuvable : {fichier}")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", base):
        raise SauvegardeImpossible(f"Nom de base invalide : « {base} » (minuscules, chiffres et _).")
    with connection.cursor() as curseur:
        curseur.execute("select 1 from pg_database where datname = %s", [base])
        if curseur.fetchone():
            raise SauvegardeImpossible(f"La base « {base} » existe déjà : choisissez un autre nom (BASE=…).")
    env = _env_pg()
    _lancer(["createdb", "--template=template0", base], env)
    _lancer(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", base, str(fichier)], env)
    return compter(base)


def compter(base: str | None = None) -> dict[str, int]:
    r = connection.settings_dict
    parametres = {"host": r["HOST"] or "127.0.0.1", "port": r["PORT"] or 5432, "user": r["USER"],
                  "password": r.get("PASSWORD") or None, "dbname": base or r["NAME"]}
    with psycopg.connect(**{k: v for k, v in parametres.items() if v is not None}) as cnx:
        return {t: cnx.execute(f'select count(*) from "{t}"').fetchone()[0] for t in TABLES_COMPTEES}
