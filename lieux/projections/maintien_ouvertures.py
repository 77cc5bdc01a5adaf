"""lieux_ouverture kept by PostgreSQL: statement-level triggers with transition tables on lieux_lieu.

After each INSERT or UPDATE statement on lieux_lieu, ONE `INSERT … SELECT … ON CONFLICT` writes the rows of the
lieux it touched (for an UPDATE, only those whose hours, postcode, statut, point or mask values changed), joining
the analyses of their `horaires` (lieux/projections/analyses.py); after a DELETE the rows go too. The same SELECT
rebuilds rows on demand (`recalculer`, used by bulk loads that disable the triggers, by the periodic command and by
the migration that installed all this). A test compares the installed function with this module.

    recalculer([uid, …])   # these lieux (analysing the texts not analysed yet), None: every lieu
    uids_perimes()         # lieux whose row is missing, « à analyser », or variable and more than a week old
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from lieux import horaires as h

from . import declencheurs
from .analyses import fuseau_sql, jointure, preparer_requete, reanalyser
from .multirange import texte_multirange
from .ouvertures import BITS_VALEURS, Ouverture, codes

FONCTION = "lieux_ouverture_maj"
COLONNES = "horaires, etat, creneaux, regle_feries, variable, fuseau, actif, localisation, valeurs, calcule_le"
MISE_A_JOUR = ", ".join(f"{c} = excluded.{c}" for c in COLONNES.split(", "))
INCONNUE = texte_multirange(h.CLE_INCONNUE)


def _valeurs_sql(masque: str) -> str:
    """`valeurs` from the mask's bits, in SQL (the twin of ouvertures.valeurs_de_masque): one plain expression per
    row (a multirange built from the ranges of the bits set), no subquery nor aggregate."""
    morceaux = ", ".join(f"CASE WHEN {masque} & {bit} <> 0 THEN int4range({a}, {b}) END"
                         for bit, (champ, valeur) in BITS_VALEURS.items() for a, b in codes(champ, [valeur]))
    return f"int4multirange(VARIADIC array_remove(ARRAY[{morceaux}], NULL))"


def projection(source: str) -> str:
    """The rows of lieux_ouverture for the lieux `l` of `source` (a FROM clause), analyses joined."""
    fuseau = fuseau_sql("l.code_postal")
    return f"""SELECT l.uid AS lieu_id, l.horaires, coalesce(a.etat, '{Ouverture.Etat.A_ANALYSER}') AS etat,
           coalesce(a.creneaux, '{INCONNUE}'::int4multirange) AS creneaux,
           coalesce(a.regle_feries, false) AS regle_feries, coalesce(a.variable, false) AS variable,
           {fuseau} AS fuseau, l.statut = 'actif' AND l.localisation IS NOT NULL AS actif, l.localisation,
           {_valeurs_sql("coalesce(l.masque_carte, 0)")} AS valeurs, now() AS calcule_le
    FROM {source}
    LEFT JOIN lieux_analysehoraires a ON {jointure("l.horaires", fuseau)}"""


def _ecrire(source: str) -> str:
    return f"""INSERT INTO lieux_ouverture (lieu_id, {COLONNES})
    {projection(source)}
    ON CONFLICT (lieu_id) DO UPDATE SET {MISE_A_JOUR}"""


# what the rows copy from a lieu: an UPDATE changing none of these leaves lieux_ouverture alone
_SUIVIS = ("{t}.horaires", "{t}.code_postal", "{t}.statut", "{t}.localisation::bytea",
           f"coalesce({{t}}.masque_carte, 0) & {sum(BITS_VALEURS)}")


def sql_fonction() -> str:
    """The trigger function (its body is compared with this module by a test: a change needs a migration)."""
    change = " OR ".join(f"{c.format(t='l')} IS DISTINCT FROM {c.format(t='o')}" for c in _SUIVIS)
    return f"""CREATE OR REPLACE FUNCTION {FONCTION}() RETURNS trigger LANGUAGE plpgsql AS $corps$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_ecrire("nouveaux l")};
    ELSIF TG_OP = 'UPDATE' THEN
        {_ecrire(f"nouveaux l JOIN anciens o ON o.uid = l.uid AND ({change})")};
    ELSE
        DELETE FROM lieux_ouverture WHERE lieu_id IN (SELECT uid FROM anciens);
    END IF;
    RETURN NULL;
END
$corps$;"""


DECLENCHEURS = {
    "lieux_ouverture_insert": "AFTER INSERT ON lieux_lieu REFERENCING NEW TABLE AS nouveaux",
    "lieux_ouverture_update": "AFTER UPDATE ON lieux_lieu REFERENCING OLD TABLE AS anciens NEW TABLE AS nouveaux",
    "lieux_ouverture_delete": "AFTER DELETE ON lieux_lieu REFERENCING OLD TABLE AS anciens",
}


def sql_installation() -> str:
    return declencheurs.sql_installation(FONCTION, sql_fonction(), DECLENCHEURS)


def sql_desinstallation() -> str:
    return declencheurs.sql_desinstallation(FONCTION, DECLENCHEURS)


def source_lieux(lieu_uids) -> tuple[str, list]:
    """The FROM clause of these lieux `l` (all when None) and its parameters.

    A join on the unnested ids, not `uid = any(%s)`: with stale statistics the planner once guessed a handful of
    rows for 100,000 ids and chose a plan taking 30 s."""
    if lieu_uids is None:
        return "lieux_lieu l", []
    uids = sorted({int(u) for u in lieu_uids})  # once each (ON CONFLICT)
    return "unnest(%s::bigint[]) AS u(uid) JOIN lieux_lieu l ON l.uid = u.uid", [uids]


def recalculer(lieu_uids=None, reanalyser_tout: bool = False) -> int:
    """Rewrite the rows of these lieux (all when None) from the lieux; returns rows written.

    The texts not analysed yet are analysed first (each distinct (text, zone) once, `reanalyser_tout` analyses them
    all again), then the trigger's own SELECT writes every row in one statement."""
    uids = None if lieu_uids is None else sorted({int(u) for u in lieu_uids})
    if uids == []:
        return 0
    source, params = source_lieux(uids)
    with transaction.atomic():
        if reanalyser_tout:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT DISTINCT l.horaires, {fuseau_sql('l.code_postal')} FROM {source}", params)
                reanalyser(cursor.fetchall())
        else:
            preparer_requete(f"SELECT l.horaires, l.code_postal FROM {source}", params)
        with connection.cursor() as cursor:
            cursor.execute(_ecrire(source), params)
            return cursor.rowcount


def uids_perimes(age_max: dt.timedelta = dt.timedelta(days=7)) -> list[int]:
    """Lieux whose row is missing, « à analyser », computed from other hours, or variable and older than `age_max`
    (their analyses are refreshed first: `reanalyser(age_variables=…)`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT l.uid FROM lieux_lieu l LEFT JOIN lieux_ouverture o ON o.lieu_id = l.uid
               WHERE o.lieu_id IS NULL OR o.etat = '{Ouverture.Etat.A_ANALYSER}' OR o.horaires <> l.horaires
                  OR o.actif <> (l.statut = 'actif' AND l.localisation IS NOT NULL)
                  OR (o.variable AND o.calcule_le < now() - %s)""",
            [age_max],
        )
        return [uid for (uid,) in cursor.fetchall()]


def installer() -> None:
    """Install (or replace) the function and triggers, then rebuild every row: what a migration runs."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql_installation())
        recalculer()
