"""The analyses of `horaires` texts per time zone: the one part of the projections that needs Python.

Reading an OSM `opening_hours` text (lieux/horaires.py) cannot be done in SQL, so its result is kept in
`lieux_analysehoraires`, one row per distinct (text, time zone) — a few thousand rows for a million lieux. The
trigger that keeps lieux_ouverture (lieux/projections/maintien_ouvertures.py) joins this table; so every writer must
have the texts it writes analysed BEFORE its statement:

    preparer_lieux([lieu])                          # Lieu.save(), bulk_create(), bulk_update() (lieux/models/lieu.py)
    preparer_mise_a_jour(queryset, {"horaires": …})  # LieuQuerySet.update()
    preparer_requete("select horaires, code_postal from …", params)   # SQL writers (imports, demo), set-based

Each analyses only the pairs not there yet. A text written without it (raw SQL) gives the state « à analyser »
(counted as unknown hours) until `manage.py refresh_ouvertures --perimees` catches it up. Hours that change with the
season (`variable`) are re-analysed by that command when older than a week.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection, models
from django.db.models import F
from django.db.models.functions import MD5

from lieux import horaires as h

from .multirange import Int4MultirangeField, texte_multirange


class AnalyseHoraires(models.Model):
    horaires = models.TextField("horaires analysés")
    fuseau = models.CharField("fuseau horaire", max_length=40)
    etat = models.CharField(max_length=15)
    creneaux = Int4MultirangeField("créneaux d'ouverture", default=list)
    regle_feries = models.BooleanField("règle propre aux jours fériés (PH)", default=False)
    variable = models.BooleanField("horaires variables selon les semaines", default=False)
    analyse_le = models.DateTimeField("analysé le")

    class Meta:
        verbose_name = "analyse d'horaires"
        verbose_name_plural = "analyses d'horaires"
        # md5: a text of any length fits in the index (a btree entry is limited to ~2.7 kB)
        constraints = [models.UniqueConstraint(MD5("horaires"), F("fuseau"), name="analysehoraires_cle")]

    def __str__(self):
        return f"{self.horaires[:40]} ({self.fuseau}) : {self.etat}"


TABLE = "lieux_analysehoraires"


def fuseau_sql(code_postal: str) -> str:
    """The SQL twin of `horaires.fuseau_de` (postcode prefix → time zone)."""
    branches = " ".join(f"WHEN '{prefixe}' THEN '{nom}'" for prefixe, nom in h.FUSEAUX.items())
    return f"(CASE left({code_postal}, 3) {branches} ELSE 'Europe/Paris' END)"


def jointure(horaires: str, fuseau: str, alias: str = "a") -> str:
    """The join condition on an analysis (its md5 first: the unique index answers it)."""
    return f"{alias}.fuseau = {fuseau} AND md5({alias}.horaires) = md5({horaires}) AND {alias}.horaires = {horaires}"


def _ecrire(paires, le: dt.date | None, remplacer: bool) -> int:
    """Analyse each (text, zone) once and write it; returns the rows written."""
    paires = sorted(set(paires))
    if not paires:
        return 0
    analyses = {texte: h.analyser(texte, le) for texte in {t for t, _ in paires}}
    lignes = [(t, z, analyses[t].etat, texte_multirange(analyses[t].cles(z)), analyses[t].feries is not None,
               analyses[t].variable) for t, z in paires]
    conflit = ("DO UPDATE SET etat = excluded.etat, creneaux = excluded.creneaux, regle_feries = excluded.regle_feries,"
               " variable = excluded.variable, analyse_le = excluded.analyse_le") if remplacer else "DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {TABLE} (horaires, fuseau, etat, creneaux, regle_feries, variable, analyse_le)
                SELECT t, z, e, c::int4multirange, f, v, now()
                FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::boolean[], %s::boolean[])
                     AS x(t, z, e, c, f, v)
                ORDER BY 1, 2  -- one lock order for concurrent writers
                ON CONFLICT (md5(horaires), fuseau) {conflit}""",
            [list(colonne) for colonne in zip(*lignes)],
        )
        return cursor.rowcount


def _manquantes(paires) -> list[tuple[str, str]]:
    paires = sorted(set(paires))
    if not paires:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT x.t, x.z FROM unnest(%s::text[], %s::text[]) AS x(t, z)
                WHERE NOT EXISTS (SELECT 1 FROM {TABLE} a WHERE {jointure("x.t", "x.z")})""",
            [[t for t, _ in paires], [z for _, z in paires]],
        )
        return cursor.fetchall()


def preparer(paires, le: dt.date | None = None) -> int:
    """Analyse the (horaires, fuseau) pairs not analysed yet; returns how many were added."""
    return _ecrire(_manquantes(paires), le, remplacer=False)


def preparer_lieux(lieux) -> int:
    """Before saving these Lieu objects (one query when every text is known already)."""
    return preparer((lieu.horaires or "", h.fuseau_de(lieu.code_postal)) for lieu in lieux)


def preparer_mise_a_jour(queryset, valeurs: dict) -> int:
    """Before `queryset.update(**valeurs)`: the texts and zones the updated rows will have. A value given as an
    SQL expression (F(), Concat…) cannot be known beforehand: those rows are caught up by the periodic command."""
    if "horaires" not in valeurs and "code_postal" not in valeurs:
        return 0
    texte, code_postal = valeurs.get("horaires"), valeurs.get("code_postal")
    if "horaires" in valeurs and not isinstance(texte, str):
        return 0
    if "code_postal" in valeurs and not isinstance(code_postal, str):
        zones = h.ZONES
    elif "code_postal" in valeurs:
        zones = (h.fuseau_de(code_postal),)
    else:
        zones = h.ZONES  # one analysis, a row per zone: cheaper than asking which zones the rows are in
    textes = [texte] if "horaires" in valeurs else \
        list(queryset.order_by().values_list("horaires", flat=True).distinct())
    return preparer(itertools.product(textes, zones))


def preparer_requete(sql: str, params=()) -> int:
    """Set-based, for SQL writers: `sql` returns (horaires, code_postal) rows; their new pairs are analysed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT q.t, {fuseau_sql("q.cp")} FROM ({sql}) AS q(t, cp)
                WHERE NOT EXISTS (SELECT 1 FROM {TABLE} a WHERE {jointure("q.t", fuseau_sql("q.cp"))})""",
            params,
        )
        paires = [(t or "", z) for t, z in cursor.fetchall()]
    return _ecrire(paires, None, remplacer=False)


def reanalyser(paires=None, age_variables: dt.timedelta | None = None, le: dt.date | None = None) -> int:
    """Analyse again: these pairs, or (`age_variables`) the variable hours analysed longer ago than that."""
    if paires is None:
        limite = dt.datetime.now(dt.UTC) - (age_variables or dt.timedelta(days=7))
        paires = AnalyseHoraires.objects.filter(variable=True, analyse_le__lt=limite).values_list("horaires", "fuseau")
    return _ecrire(paires, le, remplacer=True)


def purger() -> int:
    """Analyses no lieu uses any more (its hours or postcode changed since): deleted, so the table stays the size of
    the distinct hours in use. A writer that prepared an analysis a moment ago and has not written its lieu yet finds
    it gone: its row is « à analyser » (unknown hours) until the next weekly run, nothing worse."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} a WHERE NOT EXISTS (SELECT 1 FROM lieux_lieu l "
            f"WHERE {jointure('l.horaires', fuseau_sql('l.code_postal'))})"
        )
        return cursor.rowcount
