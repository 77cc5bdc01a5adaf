"""The oracle of the projections: each one recomputed from scratch and compared with what is kept.

`ecarts()` returns {projection: a few differing keys} — {} when every kept projection equals its recomputation.
The tests of every writer path assert it after each write (tests/test_projections_ecrivains.py); an operator can
run it too (`manage.py shell -c "from lieux import projections; print(projections.ecarts())"`). It reads whole
tables (seconds at a million lieux): a check, not something a request does.
"""

from __future__ import annotations

from django.db import connection

from lieux import horaires as h

from . import comptes, masque
from .analyses import fuseau_sql, jointure
from .maintien_ouvertures import projection, source_lieux

LIMITE = 20  # differing keys reported per projection


def _lignes(sql: str, params=()) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _colonnes_generees(uids) -> dict:
    from lieux.models import Lieu

    source, params = source_lieux(uids)
    resultat = {}
    expressions = {"masque_carte": masque.expression_sql()}
    expressions |= {nom: Lieu._meta.get_field(nom).expression.sql for nom in ("grille_x", "grille_y", "grille_bande")}
    for nom, expression in expressions.items():
        # the generation expressions name bare columns: evaluated on the row of l
        lignes = _lignes(f"SELECT l.uid FROM {source} WHERE l.{nom} IS DISTINCT FROM "
                         f"(SELECT {expression} FROM lieux_lieu WHERE uid = l.uid) LIMIT {LIMITE}", params)
        if lignes:
            resultat[nom] = [uid for (uid,) in lignes]
    return resultat


def _comptes() -> list:
    return _lignes(
        f"""WITH attendu AS ({comptes.sql_comptage()})
            SELECT coalesce(a.niveau, c.niveau), coalesce(a.portee, c.portee), coalesce(a.r, c.region),
                   coalesce(a.d, c.departement), coalesce(a.m, c.masque), a.n AS attendu, c.n AS tenu
            FROM attendu a FULL JOIN lieux_comptecarte c
              ON (c.niveau, c.portee, c.masque) = (a.niveau, a.portee, a.m)
             AND c.region IS NOT DISTINCT FROM a.r AND c.departement IS NOT DISTINCT FROM a.d
            WHERE a.n IS DISTINCT FROM c.n LIMIT {LIMITE}""")


def _ouvertures(uids) -> list:
    source, params = source_lieux(uids)
    colonnes = ("horaires", "etat", "creneaux", "regle_feries", "variable", "fuseau", "actif", "valeurs")
    differe = " OR ".join(f"a.{c} IS DISTINCT FROM o.{c}" for c in colonnes)
    return _lignes(
        f"""WITH attendu AS ({projection(source)})
            SELECT a.lieu_id, o.lieu_id IS NULL AS absente FROM attendu a
            LEFT JOIN lieux_ouverture o ON o.lieu_id = a.lieu_id
            WHERE o.lieu_id IS NULL OR {differe}
               OR a.localisation::bytea IS DISTINCT FROM o.localisation::bytea
               OR o.etat = 'a_analyser'
            LIMIT {LIMITE}""", params)


def _analyses(uids) -> list:
    """The analyses in use, compared with a fresh reading of their text (lieux/horaires.py)."""
    source, params = source_lieux(uids)
    lignes = _lignes(
        f"""SELECT DISTINCT a.horaires, a.fuseau, a.etat, a.creneaux, a.regle_feries, a.variable
            FROM {source} JOIN lieux_analysehoraires a ON {jointure("l.horaires", fuseau_sql("l.code_postal"))}""",
        params)
    ecarts = []
    for texte, zone, etat, creneaux, feries, variable in lignes:
        frais = h.analyser(texte)
        attendu = (frais.etat, frais.cles(zone), frais.feries is not None, frais.variable)
        if attendu != (etat, [(r.lower, r.upper) for r in creneaux], feries, variable):
            ecarts.append((texte, zone))
    return ecarts[:LIMITE]


def ecarts(lieu_uids=None) -> dict:
    """Differences of every projection (lieux `lieu_uids` only, None: all; the counts are always whole)."""
    resultat = _colonnes_generees(lieu_uids)
    for nom, differences in (("comptes", _comptes()), ("ouvertures", _ouvertures(lieu_uids)),
                             ("analyses", _analyses(lieu_uids))):
        if differences:
            resultat[nom] = differences
    return resultat
