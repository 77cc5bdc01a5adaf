"""Maintained counts of the map: the active, located lieux per territory and mask, kept exact by PostgreSQL.

`lieux_comptecarte` holds, for each `niveau` (région or département) and each `portee` (a set of bits of
`masque_carte`, lieux/projections/masque.py), the number `n` of active, located lieux per (region, departement,
masque & portee).
Statement-level triggers with transition tables on lieux_lieu (INSERT, UPDATE, DELETE, TRUNCATE) add each
statement's net change in one grouped upsert, in the writer's transaction: imports, admin edits, archive and
restore, demo generation (COPY included), deletions and territory changes keep it exact with no code to call.

Why portées rather than the whole mask: the demo's masks are nearly all distinct (4,096 combinations drawn per
generation), so counts keyed on the whole mask are hardly fewer than the lieux at département level (84,000 rows
for 100,000 lieux). Projected on the bits of one filter family (services, publics, frais…) a mask has at most a few
hundred values: the national count filtered on one family reads a few thousand rows, with no filter 18. Filters on
several families use the whole masks: the national rows (`niveau` france, one per mask, ~8,000) pick the masks
that meet them, then the index gives those masks' rows per région. At département level several families are
counted live, as is anything else (« ouvert maintenant », source, point, communes…): see lieux/agregation.py.

    compter(critere, "region")                            # {code région: n}, or None when it cannot answer
    compter(critere, "departement", region="52")          # the départements of a région

Cost for writers: one grouped upsert per statement, ~0.2 ms for a one-row save; measured on 1,000,000 lieux, an
INSERT … SELECT of 10,000 lieux takes ~2.0 s instead of ~1.1 s, of 200,000 lieux ~35 s instead of ~34 s (the
upserts are bounded by the number of distinct keys, ~180,000). Each statement locks its rows in key order (no
deadlock between two statements), but the rows stay locked until the writer commits: a long transaction writing
lieux of a région (an import being applied) makes other writers of that région wait for it, and two long
multi-statement transactions crossing régions in opposite orders can deadlock (PostgreSQL then cancels one).
`recalculer()` rebuilds everything (a migration, or a repair).
"""

from __future__ import annotations

from django.db import connection, models, transaction

from lieux.projections import declencheurs, masque

ACTIF_LOCALISE = "statut = 'actif' AND localisation IS NOT NULL"
FONCTION = "lieux_comptecarte_maj"
PORTEES_DEPARTEMENT = masque.PORTEES[:-1]  # several families at département level are counted live


class CompteCarte(models.Model):
    class Niveau(models.TextChoices):
        FRANCE = "france", "France (masques entiers)"
        REGION = "region", "région"
        DEPARTEMENT = "departement", "département"

    niveau = models.CharField(max_length=11, choices=Niveau.choices)
    portee = models.BigIntegerField("portée", help_text="Bits de masque_carte gardés (0 : le nombre de lieux).")
    region = models.CharField("code de la région", max_length=9, null=True)
    departement = models.CharField("code du département", max_length=9, null=True,
                                   help_text="Vide au niveau région.")
    masque = models.BigIntegerField("masque_carte & portée")
    n = models.IntegerField("nombre de lieux actifs et localisés")

    class Meta:
        verbose_name = "compte de la carte"
        verbose_name_plural = "comptes de la carte"
        constraints = [models.UniqueConstraint(fields=["niveau", "portee", "region", "departement", "masque"],
                                               nulls_distinct=False, name="comptecarte_cle")]
        # the régions' counts of the whole masks that the national rows selected (see `compter`)
        # covering: a count reads the index alone (index-only scan), never the table's rows
        indexes = [models.Index(fields=["niveau", "portee", "masque"], include=["region", "departement", "n"],
                                name="comptecarte_masque")]

    def __str__(self):
        return f"{self.niveau} {self.region}/{self.departement} {self.masque:#x}/{self.portee:#x} : {self.n}"


# --- reading ------------------------------------------------------------------------------------------------------


def compter(critere, par: str, *, region: str | None = None, departements=None) -> dict[str, int] | None:
    """Counts per `par` (region or departement) of the lieux meeting `critere` (lieux.critere_comptes.CritereComptes),
    bounded to the children of `region` or to `departements`; None when these counts cannot answer."""
    if par not in ("region", "departement"):
        return None
    portee = masque.portee(critere.masques)
    par_departement = par == "departement" or critere.departements is not None or departements is not None
    if par_departement and portee == masque.TOUS:
        return None
    conditions = ["niveau = %s", "portee = %s"]
    params: list = ["departement" if par_departement else "region", portee]
    masques = " AND ".join(["masque & %s <> 0"] * len(critere.masques)) or "true"
    if portee == masque.TOUS:
        # whole masks per région are many (~110,000 rows at a million lieux): the national rows (one per mask) pick
        # the masks meeting the filters, then the index gives their régions' rows
        # (an array, not IN (subquery): the planner would guess thousands of masks and scan them all)
        conditions.append(f"masque = ANY(ARRAY(SELECT masque FROM lieux_comptecarte WHERE niveau = 'france'"
                          f" AND portee = %s AND {masques}))")
        params += [portee, *critere.masques]
    else:
        conditions.append(masques)
        params += critere.masques
    for colonne, codes in (("region", critere.regions), ("departement", critere.departements),
                           ("region", [region] if region else None), ("departement", departements)):
        if codes is not None:
            conditions.append(f"{colonne} = ANY(%s)")
            params.append(list(codes))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {par}, sum(n) FROM lieux_comptecarte WHERE {' AND '.join(conditions)} GROUP BY 1",
                       params)
        return {code: int(n) for code, n in cursor.fetchall() if code is not None and n}


# --- keeping them exact: SQL installed by migrations -------------------------------------------------------------


def _valeurs(portees) -> str:
    return ", ".join(f"({p}::bigint)" for p in portees)


def _grains(delta: str) -> str:
    """`delta` (rows r, d, m, n: région, département, whole mask, signed count) spread over every portée of both
    levels and the national whole masks: rows (niveau, portee, r, d, m, n) to sum."""
    return f"""
    WITH delta AS ({delta}),
    grains AS (
        SELECT 'region'::varchar AS niveau, p.portee, delta.r, NULL::varchar AS d, delta.m & p.portee AS m, delta.n
        FROM delta CROSS JOIN (VALUES {_valeurs(masque.PORTEES)}) AS p(portee)
        UNION ALL
        SELECT 'departement', p.portee, delta.r, delta.d, delta.m & p.portee, delta.n
        FROM delta CROSS JOIN (VALUES {_valeurs(PORTEES_DEPARTEMENT)}) AS p(portee)
        UNION ALL
        SELECT 'france', {masque.TOUS}, NULL, NULL, delta.m, delta.n FROM delta
    )"""


def _ajouter(delta: str) -> str:
    """One statement adding `delta` to the counts; ids of the rows left at zero go to `zeros` (deleted next, by
    primary key)."""
    return f"""{_grains(delta)},
    maj AS (
        INSERT INTO lieux_comptecarte AS c (niveau, portee, region, departement, masque, n)
        SELECT niveau, portee, r, d, m, sum(n) FROM grains
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
        ORDER BY 1, 2, 3, 4, 5  -- one lock order for every writer: no deadlock between two statements
        ON CONFLICT (niveau, portee, region, departement, masque) DO UPDATE SET n = c.n + excluded.n
        RETURNING c.id, c.n
    )
    SELECT array_agg(id) INTO zeros FROM maj WHERE n = 0;"""


def _lignes(table: str, signe: str) -> str:
    return f"SELECT region_id, departement_id, masque_carte, {signe}1 AS n FROM {table} WHERE {ACTIF_LOCALISE}"


def _groupe(lignes: str, filtre: str = "") -> str:
    return f"SELECT region_id AS r, departement_id AS d, masque_carte AS m, sum(n)::int AS n FROM ({lignes}) x " \
           f"GROUP BY 1, 2, 3 {filtre}"


def sql_fonction() -> str:
    """The trigger function (its body is compared with this module by a test: a changed mask needs a migration)."""
    return f"""CREATE OR REPLACE FUNCTION {FONCTION}() RETURNS trigger LANGUAGE plpgsql AS $corps$
DECLARE
    zeros bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM lieux_comptecarte;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        {_ajouter(_groupe(_lignes("nouveaux", "")))}
    ELSIF TG_OP = 'DELETE' THEN
        {_ajouter(_groupe(_lignes("anciens", "-")))}
    ELSE
        {_ajouter(_groupe(_lignes("nouveaux", "") + " UNION ALL " + _lignes("anciens", "-"), "HAVING sum(n) <> 0"))}
    END IF;
    IF zeros IS NOT NULL THEN
        DELETE FROM lieux_comptecarte WHERE id = ANY(zeros) AND n = 0;
    END IF;
    RETURN NULL;
END
$corps$;"""


DECLENCHEURS = {
    "lieux_comptecarte_insert": "AFTER INSERT ON lieux_lieu REFERENCING NEW TABLE AS nouveaux",
    "lieux_comptecarte_update": "AFTER UPDATE ON lieux_lieu REFERENCING OLD TABLE AS anciens NEW TABLE AS nouveaux",
    "lieux_comptecarte_delete": "AFTER DELETE ON lieux_lieu REFERENCING OLD TABLE AS anciens",
    "lieux_comptecarte_truncate": "AFTER TRUNCATE ON lieux_lieu",
}


def sql_installation() -> str:
    return declencheurs.sql_installation(FONCTION, sql_fonction(), DECLENCHEURS)


def sql_desinstallation() -> str:
    return declencheurs.sql_desinstallation(FONCTION, DECLENCHEURS)


def sql_comptage() -> str:
    """Every count computed from lieux_lieu: rows (niveau, portee, r, d, m, n) — `recalculer` and `ecarts`."""
    return _grains(_groupe(_lignes("lieux_lieu", ""))) + """
    SELECT niveau, portee, r, d, m, sum(n) AS n FROM grains GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0"""


def recalculer() -> None:
    """Rebuild every count from lieux_lieu (writers wait meanwhile: SHARE lock; readers do not).

    A plain INSERT into the emptied table: no conflict to look for, no lock order to keep (the lock is held)."""
    comptage = "INSERT INTO lieux_comptecarte (niveau, portee, region, departement, masque, n)\n" + sql_comptage()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE lieux_lieu IN SHARE MODE")
        cursor.execute("DELETE FROM lieux_comptecarte")
        cursor.execute(comptage)
        cursor.execute("ANALYZE lieux_comptecarte")  # a whole new table: the planner's estimates follow at once


def installer() -> None:
    """Install (or replace) the function and triggers, then rebuild the counts: what a migration runs."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql_installation())
        recalculer()
