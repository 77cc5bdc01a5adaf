"""Load the French geography (fixtures/geographie/, built by scripts/build_geography.py) into the 4 tables.

Fast and idempotent: each file is COPYed into a temporary table, then upserted (INSERT ... ON CONFLICT (code)
DO UPDATE) in one transaction, so rows referenced by lieux keep their primary key. Territories that
disappeared from the fixtures are deleted through the ORM (on_delete rules apply; protected ones are kept
with a warning).
The sha256 of the fixtures is stored as the comment of the commune table: a second run with the same files and
the expected row counts does nothing, unless --force.
"""

import hashlib
import json
import lzma
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError

from lieux.models.territoires import EPCI, Commune, Departement, Region

MARQUE = "load_geography sha256="

# (model, file, temp-table columns, INSERT columns -> SELECT expressions)
TABLES = [
    (
        Region,
        "regions.csv.xz",
        "code text, nom text, population integer, point geometry, geom geometry",
        {
            "nom": "nom",
            "population": "population",
            "point": "ST_SetSRID(point, 4326)",
            "geom": "ST_SetSRID(geom, 4326)",
        },
    ),
    (
        Departement,
        "departements.csv.xz",
        "code text, nom text, region text, population integer, point geometry, geom geometry",
        {
            "nom": "nom",
            "region_id": "region",
            "population": "population",
            "point": "ST_SetSRID(point, 4326)",
            "geom": "ST_SetSRID(geom, 4326)",
        },
    ),
    (
        EPCI,
        "epci.csv.xz",
        "code text, nom text, type text, population integer, point geometry, geom geometry",
        {
            "nom": "nom",
            "type": "coalesce(type, '')",
            "population": "population",
            "point": "ST_SetSRID(point, 4326)",
            "geom": "ST_SetSRID(geom, 4326)",
        },
    ),
    (
        Commune,
        "communes.csv.xz",
        (
            "code text, nom text, type text, departement text, region text, epci text, commune_parente text, "
            "population integer, codes_postaux text, nom_recherche text, alias text, point geometry, "
            "geom geometry"
        ),
        {
            "nom": "nom",
            "type": "type",
            "departement_id": "departement",
            "region_id": "region",
            "epci_id": "epci",
            "commune_parente_id": "commune_parente",
            "population": "population",
            "codes_postaux": "coalesce(string_to_array(codes_postaux, '|'), '{}')",
            "nom_recherche": "coalesce(nom_recherche, '')",
            "alias": "coalesce(string_to_array(alias, '|'), '{}')",
            "point": "ST_SetSRID(point, 4326)",
            "geom": "ST_SetSRID(geom, 4326)",
        },
    ),
]


def dossier_par_defaut() -> Path:
    base = Path(getattr(settings, "BASE_DIR", Path(__file__).resolve().parents[3]))
    return base / "fixtures" / "geographie"


class Command(BaseCommand):
    help = "Charge régions, départements, EPCI et communes depuis fixtures/geographie/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="recharger même si les fichiers sont déjà chargés"
        )
        parser.add_argument(
            "--dossier", type=Path, default=None, help="dossier des fichiers (fixtures/geographie)"
        )

    def handle(self, *args, force=False, dossier=None, verbosity=1, **options):
        t0 = time.monotonic()
        dossier = dossier or dossier_par_defaut()
        try:
            manifeste = json.loads((dossier / "manifest.json").read_text())
        except FileNotFoundError as exc:
            raise CommandError(
                f"{dossier}/manifest.json introuvable : lancez scripts/build_geography.py"
            ) from exc
        h = hashlib.sha256()
        contenus = {}
        for _model, fichier, _cols, _sel in TABLES:
            brut = (dossier / fichier).read_bytes()
            attendu = manifeste["fichiers"][fichier]["sha256"]
            if hashlib.sha256(brut).hexdigest() != attendu:
                raise CommandError(f"{fichier} ne correspond pas à manifest.json (fichier modifié ?)")
            h.update(attendu.encode())
            contenus[fichier] = brut
        somme = h.hexdigest()

        table_communes = Commune._meta.db_table
        if not force and self._deja_charge(table_communes, somme, manifeste):
            if verbosity:
                self.stdout.write(
                    f"Géographie déjà chargée ({somme[:12]}), rien à faire (--force pour recharger)."
                )
            return

        comptes = {}
        with transaction.atomic(), connection.cursor() as cur:
            for model, fichier, colonnes, selection in TABLES:
                table = model._meta.db_table
                tmp = f"tmp_geo_{model._meta.model_name}"
                cur.execute(f"CREATE TEMP TABLE {tmp} ({colonnes}) ON COMMIT DROP")
                with cur.copy(f"COPY {tmp} FROM STDIN (FORMAT csv, HEADER true)") as copy:
                    copy.write(lzma.decompress(contenus[fichier]))
                cibles = ", ".join(selection)
                valeurs = ", ".join(selection.values())
                maj = ", ".join(f"{c} = EXCLUDED.{c}" for c in selection)
                cur.execute(
                    f"INSERT INTO {table} (code, {cibles}) SELECT code, {valeurs} FROM {tmp} "
                    f"ON CONFLICT (code) DO UPDATE SET {maj}"
                )
                comptes[model] = (cur.rowcount, tmp)
            # territories no longer in the fixtures (children first), through the ORM for on_delete rules
            supprimes, gardes = 0, []
            for model, _fichier, _cols, _sel in reversed(TABLES):
                table, tmp = model._meta.db_table, comptes[model][1]
                cur.execute(f"SELECT code FROM {table} WHERE code NOT IN (SELECT code FROM {tmp})")
                for territoire in model.objects.filter(code__in=[code for (code,) in cur.fetchall()]):
                    try:
                        with transaction.atomic():
                            territoire.delete()
                        supprimes += 1
                    except ProtectedError:
                        gardes.append(str(territoire))
            cur.execute(f"COMMENT ON TABLE {table_communes} IS %s", [MARQUE + somme])
            for model, *_ in TABLES:
                cur.execute(f"ANALYZE {model._meta.db_table}")

        if verbosity:
            resume = ", ".join(f"{model._meta.verbose_name_plural} {n}" for model, (n, _t) in comptes.items())
            duree = time.monotonic() - t0
            self.stdout.write(
                self.style.SUCCESS(
                    f"Géographie chargée en {duree:.1f} s : {resume} ; {supprimes} périmés supprimés."
                )
            )
            for nom in gardes:
                self.stderr.write(f"Conservé (encore référencé) : {nom}")

    def _deja_charge(self, table: str, somme: str, manifeste: dict) -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT obj_description(%s::regclass, 'pg_class')", [table])
            (commentaire,) = cur.fetchone()
        if commentaire != MARQUE + somme:
            return False
        return all(
            model.objects.count() == manifeste["fichiers"][fichier]["lignes"]
            for model, fichier, _c, _s in TABLES
        )
