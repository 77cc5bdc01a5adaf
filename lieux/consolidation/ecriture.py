"""Writing lieux from values held as JSON (a record's `Provenance.valeurs`, an import's staged row, a derived lieu):
one typed-record expression, shared by the import's application and the consolidation.
"""

from __future__ import annotations

import json

from django.db import connection

from lieux import standard
from lieux.models import Lieu
from lieux.projections.analyses import preparer_requete

# the columns of lieux_lieu a source record describes: the standard's fields (latitude/longitude as `localisation`)
# and the attachment to our geography
COLONNES_ENREGISTREMENT = tuple(
    f.column for f in Lieu._meta.concrete_fields
    if f.name in standard.COLONNES or f.name in (
        "localisation", "precision_localisation", "commune_officielle", "departement", "region", "epci"
    )
)
COLONNES_DERIVEES = tuple(c for c in COLONNES_ENREGISTREMENT if c != "id")


def enregistrement_type(json_sql: str, colonnes=COLONNES_ENREGISTREMENT, alias: str = "r") -> str:
    """`jsonb_to_record(<json_sql>) as r(col type, …)`: each column read with its own type (faster than
    `jsonb_populate_record` over the table's whole row type)."""
    types = {f.column: f.db_type(connection) for f in Lieu._meta.concrete_fields}
    return f"jsonb_to_record({json_sql}) as {alias}(" + ", ".join(f"{c} {types[c]}" for c in colonnes) + ")"


def _json(valeur) -> str:
    return json.dumps(valeur, ensure_ascii=False, default=str)


def ecrire_valeurs(valeurs_par_lieu: dict[int, tuple[dict, dict]]) -> int:
    """Update lieux with derived (values, lineage); a column missing from the values keeps what the lieu has."""
    if not valeurs_par_lieu:
        return 0
    uids = list(valeurs_par_lieu)
    valeurs = [_json(valeurs_par_lieu[u][0]) for u in uids]
    lignees = [_json(valeurs_par_lieu[u][1]) for u in uids]
    # PostgreSQL keeps the projections; their trigger joins the analyses of the hours written (lieux/projections/)
    preparer_requete("select d.v->>'horaires', d.v->>'code_postal' from unnest(%s::jsonb[]) as d(v)", [valeurs])
    affectations = ", ".join(f"{c} = case when d.valeurs ? '{c}' then r.{c} else l.{c} end" for c in COLONNES_DERIVEES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""update lieux_lieu l set {affectations}, lignee = d.lignee, statut = 'actif', fusionne_dans_id = null,
                       modifie_le = clock_timestamp()
                from unnest(%s::bigint[], %s::jsonb[], %s::jsonb[]) as d(uid, valeurs, lignee)
                cross join lateral {enregistrement_type("d.valeurs", COLONNES_DERIVEES)}
                where l.uid = d.uid""", [uids, valeurs, lignees])
        return cursor.rowcount


def creer_lieu(ident: str, valeurs: dict, lignee: dict) -> int:
    """Insert a new lieu from its values and lineage (a group split off another lieu: rare); its primary key."""
    v = _json({**valeurs, "id": ident})
    preparer_requete("select %s::jsonb->>'horaires', %s::jsonb->>'code_postal'", [v, v])
    colonnes = ", ".join(COLONNES_ENREGISTREMENT)
    lues = ", ".join(f"r.{c}" for c in COLONNES_ENREGISTREMENT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""insert into lieux_lieu ({colonnes}, lignee, statut, cree_le, modifie_le)
                select {lues}, %s::jsonb, 'actif', clock_timestamp(), clock_timestamp()
                from {enregistrement_type("%s::jsonb")}
                returning uid""", [_json(lignee), v])
        return cursor.fetchone()[0]
