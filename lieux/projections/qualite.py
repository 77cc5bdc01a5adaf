"""The quality score of every lieu (lieux_qualite), kept by PostgreSQL like the other projections.

The score's rules are declared in lieux/qualite.py (the weights' table, plain functions, and their SQL twin); here
they are installed: statement-level triggers with transition tables on lieux_lieu (the lieu's own fields) and on
lieux_provenance (the raw rows: values dropped at import) rewrite the rows of the lieux a statement touched, in one
`INSERT … SELECT … ON CONFLICT` per statement. Freshness depends on today: `recalculer()` (the nightly
`manage.py calculer_scores_qualite`) rewrites, set-based, only the rows whose score or reasons changed since.
See docs/qualite.md.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from lieux import qualite

from .analyses import fuseau_sql, jointure

FONCTION = "lieux_qualite_maj"
TABLE = "lieux_qualite"


def projection(source: str, aujourd_hui: str = "current_date") -> str:
    """The rows of lieux_qualite for the lieux `l` of `source` (a FROM clause). The lieux are gathered first (a
    materialised CTE), then their analyses and their records joined set-based (see `qualite.sql_ecartes`)."""
    fuseau = fuseau_sql("l.code_postal")
    return f"""WITH l AS MATERIALIZED (SELECT l.* FROM {source}),
         e AS ({qualite.sql_ecartes("l")})
    SELECT l.uid AS lieu_id, {qualite.sql_score(aujourd_hui)} AS score,
           {qualite.sql_pertes(aujourd_hui)} AS pertes, {aujourd_hui} AS calcule_le
    FROM l
    LEFT JOIN lieux_analysehoraires a ON {jointure("l.horaires", fuseau)}
    LEFT JOIN e ON e.lieu_id = l.uid"""


def _ecrire(source: str, aujourd_hui: str = "current_date") -> str:
    return f"""INSERT INTO {TABLE} (lieu_id, score, pertes, calcule_le)
    {projection(source, aujourd_hui)}
    ON CONFLICT (lieu_id) DO UPDATE SET score = excluded.score, pertes = excluded.pertes,
        calcule_le = excluded.calcule_le
    WHERE {TABLE}.score IS DISTINCT FROM excluded.score OR {TABLE}.pertes IS DISTINCT FROM excluded.pertes"""


# what the score reads from a lieu: an UPDATE changing none of these (a presentation, a name) recomputes nothing
_SUIVIS = ("horaires", "code_postal", "services", "telephone", "courriels", "site_web", "precision_localisation",
           "date_maj", "fiche_acces_libre", "modalites_acces", "prise_en_charge_specifique",
           "publics_specifiquement_adresses", "prise_rdv")
# and from a record: its raw row, its values, whether it is active, its lieu (not `rapprochee_le`, `recue_le`…)
_SUIVIS_PROVENANCE = ("donnees_brutes", "valeurs", "actif", "lieu_id")


def sql_fonction() -> str:
    change = " OR ".join([f"l.{c} IS DISTINCT FROM o.{c}" for c in _SUIVIS]
                         + ["(l.localisation IS NULL) IS DISTINCT FROM (o.localisation IS NULL)"])
    # a record moves its lieu's score only through a field dropped at import (before or after the statement): an
    # import's new records without any (most of them) cost nothing more than their lieu's own insert
    avant, apres = qualite.sql_un_champ_ecarte("o"), qualite.sql_un_champ_ecarte("n")
    inseres = f"(SELECT n.lieu_id FROM nouveaux n WHERE {apres}) AS u"
    supprimes = f"(SELECT o.lieu_id FROM anciens o WHERE {avant}) AS u"
    des_provenances = "(SELECT DISTINCT lieu_id FROM {t}) AS t JOIN lieux_lieu l ON l.uid = t.lieu_id"
    return f"""CREATE OR REPLACE FUNCTION {FONCTION}() RETURNS trigger LANGUAGE plpgsql AS $corps$
BEGIN
    IF TG_TABLE_NAME = 'lieux_lieu' THEN
        IF TG_OP = 'INSERT' THEN
            {_ecrire("nouveaux l")};
        ELSIF TG_OP = 'UPDATE' THEN
            {_ecrire(f"nouveaux l JOIN anciens o ON o.uid = l.uid AND ({change})")};
        ELSE
            DELETE FROM {TABLE} WHERE lieu_id IN (SELECT uid FROM anciens);
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        {_ecrire(des_provenances.format(t=inseres))};
    ELSE
        {_ecrire(des_provenances.format(t=supprimes))};
    END IF;
    RETURN NULL;
END
$corps$;"""


def sql_fonction_ligne() -> str:
    """An UPDATE of records: a row trigger, only for the columns the score reads (`UPDATE OF`) and only when the
    record had or has a dropped field (`WHEN`). A statement trigger with transition tables would store every
    updated record (raw rows included) for the consolidation's bookkeeping updates (`rapprochee_le` of 100,000
    records after a first import), for nothing."""
    return f"""CREATE OR REPLACE FUNCTION {FONCTION}_ligne() RETURNS trigger LANGUAGE plpgsql AS $corps$
BEGIN
    {_ecrire("lieux_lieu l WHERE l.uid IN (OLD.lieu_id, NEW.lieu_id)")};
    RETURN NULL;
END
$corps$;"""


DECLENCHEURS = {
    ("lieux_qualite_insert", "lieux_lieu"): "AFTER INSERT ON lieux_lieu REFERENCING NEW TABLE AS nouveaux",
    ("lieux_qualite_update", "lieux_lieu"):
        "AFTER UPDATE ON lieux_lieu REFERENCING OLD TABLE AS anciens NEW TABLE AS nouveaux",
    ("lieux_qualite_delete", "lieux_lieu"): "AFTER DELETE ON lieux_lieu REFERENCING OLD TABLE AS anciens",
    ("lieux_qualite_insert", "lieux_provenance"):
        "AFTER INSERT ON lieux_provenance REFERENCING NEW TABLE AS nouveaux",
    ("lieux_qualite_delete", "lieux_provenance"):
        "AFTER DELETE ON lieux_provenance REFERENCING OLD TABLE AS anciens",
}
DECLENCHEUR_LIGNE = ("lieux_qualite_update", "lieux_provenance")


def _quand_ligne() -> str:
    change = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _SUIVIS_PROVENANCE)
    return (f"AFTER UPDATE OF {', '.join(_SUIVIS_PROVENANCE)} ON lieux_provenance FOR EACH ROW WHEN (({change}) AND "
            f"({qualite.sql_un_champ_ecarte('OLD')} OR {qualite.sql_un_champ_ecarte('NEW')}))")


def sql_installation() -> str:
    nom, table = DECLENCHEUR_LIGNE
    return sql_fonction() + "\n" + sql_fonction_ligne() + "\n" + "\n".join(
        f"DROP TRIGGER IF EXISTS {nom} ON {table};\n"
        f"CREATE TRIGGER {nom} {quand} FOR EACH STATEMENT EXECUTE FUNCTION {FONCTION}();"
        for (nom, table), quand in DECLENCHEURS.items()) + (
        f"\nDROP TRIGGER IF EXISTS {nom} ON {table};\n"
        f"CREATE TRIGGER {nom} {_quand_ligne()} EXECUTE FUNCTION {FONCTION}_ligne();")


def sql_desinstallation() -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS {nom} ON {table};" for nom, table in (*DECLENCHEURS, DECLENCHEUR_LIGNE)) + \
        f"\nDROP FUNCTION IF EXISTS {FONCTION}();\nDROP FUNCTION IF EXISTS {FONCTION}_ligne();"


def _source(lieu_uids) -> str:
    """The lieux `l` to compute: all, or these (a join on the unnested ids, as in maintien_ouvertures)."""
    return "lieux_lieu l" if lieu_uids is None else \
        "unnest(%(uids)s::bigint[]) AS u(uid) JOIN lieux_lieu l ON l.uid = u.uid"


def _parametres(lieu_uids, aujourd_hui) -> dict:
    return {"jour": aujourd_hui or timezone.localdate(), "uids": sorted({int(u) for u in lieu_uids or ()})}


def recalculer(lieu_uids=None, aujourd_hui=None) -> int:
    """Rewrite the scores of these lieux (all when None) that changed (today's freshness); returns rows written."""
    with connection.cursor() as cursor:
        cursor.execute(_ecrire(_source(lieu_uids), "%(jour)s::date"), _parametres(lieu_uids, aujourd_hui))
        return cursor.rowcount


def ecarts(lieu_uids=None, aujourd_hui=None) -> list[int]:
    """The lieux whose kept score differs from a recomputation from scratch (the tests' oracle); [] when exact."""
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT r.lieu_id FROM ({projection(_source(lieu_uids), "%(jour)s::date")}) r
                           LEFT JOIN {TABLE} k ON k.lieu_id = r.lieu_id
                           WHERE k.lieu_id IS NULL OR k.score <> r.score OR k.pertes <> r.pertes
                           ORDER BY 1""", _parametres(lieu_uids, aujourd_hui))
        return [uid for (uid,) in cursor.fetchall()]
