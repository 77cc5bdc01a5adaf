"""The figures of a territory, for the map's filters: plain functions over the lieux and the precomputed distances.

    f = filtre_de(request.GET)               # the filters, and the precomputed key answering them (or None)
    c = chiffres(territoire, f)              # a Chiffres value: everything the page, the exports and the embed show

Distances come from pilotage_distancecommune when the filters are one of the « filtres précalculés »
(pilotage/calcul.py FILTRES); any other combination is computed live (the same KNN) for the communes of a
département, an EPCI or a commune, and not at all for France or a région (the page says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Min, Q

from lieux import standard
from lieux.filtres import FiltresLieux
from lieux.models import Lieu
from lieux.projections.ouvertures import q_ouverts_pendant

from . import calcul
from .agregats import CLASSES_SCORE, SAMEDI, SANS_RDV, SOIR, TABLE_SOURCES, il_y_a_un_an
from .territoires import COLONNE, Territoire

SEUILS_KM = (5, 10, 20)
CLASSES_KM = ((0, 2), (2, 5), (5, 10), (10, 20), (20, None))
NIVEAUX_EN_DIRECT = {"departement", "epci", "commune"}
LIBELLES_OUVERTURES = ("ouverts le samedi", "ouverts en soirée (après 18 h)", "sans rendez-vous (se présenter)")
LIBELLES_SCORES = [f"de {a} à {min(b, 100)}" for a, b in CLASSES_SCORE]
LIBELLES_CLASSES = ["moins de 2 km"] + [f"de {a} à {b} km" if b else f"plus de {a} km" for a, b in CLASSES_KM[1:]]
# population farther than each threshold (or with no matching lieu at all), over communes `c` joined to distances `d`
AU_DELA = ", ".join(f"sum(c.population) FILTER (WHERE d.d IS NULL OR d.d > {s * 1000})" for s in SEUILS_KM)


@dataclass(frozen=True)
class Filtre:
    filtres: FiltresLieux
    cle: str | None  # the precomputed key, None: live only

    @property
    def params(self) -> list[tuple[str, str]]:
        return self.filtres.params()

    @property
    def libelle(self) -> str:
        return calcul.PAR_CLE[self.cle].libelle if self.cle else "Combinaison de filtres calculée à la demande"


def cle_precalculee(params: list[tuple[str, str]]) -> str | None:
    if not params:
        return "tous"
    if len(params) != 1:
        return None
    nom, valeur = params[0]
    if nom == "services":
        return calcul.CLE_SERVICE.get(valeur)
    return {("frais_a_charge", "Gratuit"): "gratuit", ("creneau", "sa"): "samedi",
            ("modalites_acces", SANS_RDV): "sans-rdv"}.get((nom, valeur))


def filtre_de(donnees) -> Filtre:
    filtres = FiltresLieux(donnees)
    return Filtre(filtres, cle_precalculee(filtres.params()))


@dataclass
class Ligne:
    """One territory (or commune) of a table: its population by distance to the nearest matching lieu."""

    code: str
    nom: str
    population: int
    lieux: int
    au_dela: dict[int, int]  # seuil km → population farther than that (or with no matching lieu at all)
    distance_m: float | None = None  # communes only

    def part(self, seuil: int) -> float | None:
        return 100 * self.au_dela[seuil] / self.population if self.population else None

    @property
    def pour_10000(self) -> float | None:
        return 10000 * self.lieux / self.population if self.population else None


@dataclass
class Chiffres:
    territoire: Territoire
    filtre: Filtre
    en_direct: bool
    distances_disponibles: bool
    nb_lieux: int = 0
    population: int = 0
    total: Ligne | None = None
    classes: list[tuple[str, int]] = field(default_factory=list)  # (label, population)
    communes_loin: list[Ligne] = field(default_factory=list)
    communes: list[Ligne] = field(default_factory=list)
    ouvertures: list[tuple[str, int]] = field(default_factory=list)
    services: list[tuple[str, int]] = field(default_factory=list)
    a_jour: int = 0
    sources_anciennes: list[dict] = field(default_factory=list)
    scores: list[tuple[str, int]] | None = None
    calcule_le: dt.datetime | None = None

    @property
    def pour_10000(self) -> float | None:
        return 10000 * self.nb_lieux / self.population if self.population else None

    @property
    def part_a_jour(self) -> float | None:
        return 100 * self.a_jour / self.nb_lieux if self.nb_lieux else None


# --- distances ------------------------------------------------------------------------------------------------------


def source_distances(t: Territoire, f: Filtre) -> tuple[str, list] | None:
    """SQL giving (code, d, nb) for the communes of `t`: the precomputed rows, or the live KNN; None if neither."""
    if f.cle:
        return (f"SELECT commune_id, distance_m, nb_lieux FROM {calcul.TABLE} WHERE filtre = %s", [f.cle])
    if t.niveau not in NIVEAUX_EN_DIRECT:
        return None
    lieux = f.filtres.filtrer(Lieu.objects.actifs().localises(), territoire=False, bbox=False)
    condition, params_c = t.condition_communes("c")
    sql, params = calcul.knn_en_direct(lieux, condition, params_c)
    with connection.cursor() as cur:  # once: the page's queries then read these rows
        cur.execute(sql, params)
        rangs = cur.fetchall()
    return ("SELECT * FROM unnest(%s::varchar[], %s::float8[], %s::int[])",
            [[r[0] for r in rangs], [r[1] for r in rangs], [r[2] for r in rangs]])


def lignes(t: Territoire, source: tuple[str, list], grouper: str | None) -> list[Ligne]:
    """Population beyond each threshold, grouped by `grouper` (a lieux_commune column; None: one total row)."""
    sql_source, params_source = source
    condition, params_c = t.condition_communes("c")
    if grouper == "code":
        cle, nom, jointure, distance = "c.code", "c.nom", "", "min(d.d)"
    elif grouper:
        table = {"region_id": "lieux_region", "departement_id": "lieux_departement", "epci_id": "lieux_epci"}[grouper]
        cle, nom, jointure, distance = f"c.{grouper}", "g.nom", f"JOIN {table} g ON g.code = c.{grouper}", "NULL"
    else:
        cle, nom, jointure, distance = "''", "''", "", "NULL"
    sql = f"""
        SELECT {cle}, {nom}, coalesce(sum(c.population), 0), coalesce(sum(d.nb), 0), {AU_DELA}, {distance}
        FROM lieux_commune c JOIN ({sql_source}) d(code, d, nb) ON d.code = c.code {jointure}
        WHERE {condition}
        GROUP BY 1, 2 ORDER BY 2"""
    with connection.cursor() as cur:
        cur.execute(sql, [*params_source, *params_c])
        return [Ligne(r[0], r[1], int(r[2]), int(r[3]), {s: int(v or 0) for s, v in zip(SEUILS_KM, r[4:7], strict=True)},
                      r[7]) for r in cur.fetchall()]


def total_et_classes(t: Territoire, source: tuple[str, list]) -> tuple[Ligne, list[tuple[str, int]]]:
    """The territory's total row and its population by class of distance, in one pass over its communes."""
    sql_source, params_source = source
    condition, params_c = t.condition_communes("c")
    classes = ", ".join(f"sum(c.population) FILTER (WHERE d.d >= {a * 1000}{f' AND d.d < {b * 1000}' if b else ''})"
                        for a, b in CLASSES_KM)
    sql = f"""SELECT coalesce(sum(c.population), 0), coalesce(sum(d.nb), 0), {AU_DELA}, {classes},
                     sum(c.population) FILTER (WHERE d.d IS NULL)
              FROM lieux_commune c JOIN ({sql_source}) d(code, d, nb) ON d.code = c.code WHERE {condition}"""
    with connection.cursor() as cur:
        cur.execute(sql, [*params_source, *params_c])
        r = [int(v or 0) for v in cur.fetchone()]
    n = len(SEUILS_KM)
    total = Ligne("", t.nom, r[0], r[1], dict(zip(SEUILS_KM, r[2:2 + n], strict=True)))
    resultat = list(zip(LIBELLES_CLASSES, r[2 + n:2 + n + len(CLASSES_KM)], strict=True))
    if r[-1]:
        resultat.append(("aucun lieu correspondant", r[-1]))
    return total, resultat


# --- the lieux ------------------------------------------------------------------------------------------------------


def lieux_du_territoire(t: Territoire, f: Filtre):
    qs = f.filtres.filtrer(Lieu.objects.actifs().localises(), territoire=False, bbox=False)
    return qs if t.niveau == "france" else qs.dans_territoire(t.niveau, t.code)


def chiffres_lieux(c: Chiffres, lieux) -> None:
    """The lieux figures of a combination that is not precomputed, read from the lieux of the territory."""
    agregats = {"n": Count("uid"), "a_jour": Count("uid", filter=Q(date_maj__gte=il_y_a_un_an())),
                "samedi": Count("uid", filter=q_ouverts_pendant(SAMEDI)),
                "soir": Count("uid", filter=q_ouverts_pendant(SOIR)),
                "sans_rdv": Count("uid", filter=Q(modalites_acces__contains=[SANS_RDV]))}
    for i, service in enumerate(standard.SERVICES):
        agregats[f"s{i}"] = Count("uid", filter=Q(services__contains=[service]))
    for i, (a, b) in enumerate(CLASSES_SCORE):
        agregats[f"q{i}"] = Count("uid", filter=Q(qualite__score__gte=a, qualite__score__lt=b))
    r = lieux.aggregate(**agregats)
    _remplir(c, r["n"], r["a_jour"], [r["samedi"], r["soir"], r["sans_rdv"]],
             [r[f"s{i}"] for i in range(len(standard.SERVICES))], [r[f"q{i}"] for i in range(len(CLASSES_SCORE))])
    c.sources_anciennes = list(lieux.values("source").annotate(lieux=Count("uid"), plus_ancienne=Min("date_maj"))
                               .order_by("plus_ancienne", "source")[:5])


def chiffres_precalcules(c: Chiffres, t: Territoire, cle: str) -> None:
    """The same figures summed from the precomputed rows of the territory's communes (pilotage/agregats.py): a
    national page reads 35 000 small rows, never the lieux."""
    condition, params_c = t.condition_communes("c")
    services = ", ".join(f"sum(d.nb_services[{i + 1}])" for i in range(len(standard.SERVICES)))
    scores = ", ".join(f"sum(d.nb_scores[{i + 1}])" for i in range(len(CLASSES_SCORE)))
    with connection.cursor() as cur:
        cur.execute(f"""SELECT sum(d.nb_lieux), sum(d.nb_a_jour), sum(d.nb_samedi), sum(d.nb_soir), sum(d.nb_sans_rdv),
                               {services}, {scores}
                        FROM {calcul.TABLE} d JOIN lieux_commune c ON c.code = d.commune_id
                        WHERE d.filtre = %s AND {condition}""", [cle, *params_c])
        r = [int(v or 0) for v in cur.fetchone()]
        cur.execute(f"""SELECT s.source, sum(s.nb_lieux), min(s.plus_ancienne)
                        FROM {TABLE_SOURCES} s JOIN lieux_commune c ON c.code = s.commune_id
                        WHERE {condition} GROUP BY 1 ORDER BY 3 NULLS LAST, 1 LIMIT 5""", params_c)
        c.sources_anciennes = [{"source": s, "lieux": int(n), "plus_ancienne": d} for s, n, d in cur.fetchall()]
    n_services = len(standard.SERVICES)
    _remplir(c, r[0], r[1], r[2:5], r[5:5 + n_services], r[5 + n_services:])


def _remplir(c: Chiffres, n: int, a_jour: int, ouvertures: list[int], services: list[int], scores: list[int]):
    c.nb_lieux, c.a_jour = n, a_jour
    c.ouvertures = list(zip(LIBELLES_OUVERTURES, ouvertures, strict=True))
    c.services = sorted(zip(standard.SERVICES, services, strict=True), key=lambda x: -x[1])
    c.scores = list(zip(LIBELLES_SCORES, scores, strict=True))


# --- everything -----------------------------------------------------------------------------------------------------


def chiffres(t: Territoire, f: Filtre, communes: bool = True) -> Chiffres:
    source = source_distances(t, f)
    c = Chiffres(t, f, en_direct=f.cle is None, distances_disponibles=source is not None, population=t.population)
    if f.cle:
        chiffres_precalcules(c, t, f.cle)
    else:
        chiffres_lieux(c, lieux_du_territoire(t, f))
    dernier = calcul.dernier_calcul()
    c.calcule_le = dernier.fini_le if dernier and f.cle else None
    if source is None:
        return c
    c.total, c.classes = total_et_classes(t, source)
    if communes or t.niveau != "france":
        c.communes_loin = communes_loin(t, source)
    if communes and t.niveau in {"departement", "epci", "commune"}:
        c.communes = lignes(t, source, "code")
    return c


def communes_loin(t: Territoire, source, seuil_km: int = 10, limite: int = 50) -> list[Ligne]:
    """Communes without any matching lieu within `seuil_km` (none at all counts), largest population first."""
    sql_source, params_source = source
    condition, params_c = t.condition_communes("c")
    # the far rows first (OFFSET 0 keeps them apart): otherwise the LIMIT leads PostgreSQL to walk every commune in
    # population order, probing each one's distance (150 ms for France instead of 20)
    sql = f"""SELECT c.code, c.nom, c.population, d.nb, d.d FROM lieux_commune c
              JOIN (SELECT * FROM ({sql_source}) s(code, d, nb) WHERE s.d IS NULL OR s.d > %s OFFSET 0) d
                ON d.code = c.code
              WHERE {condition} ORDER BY c.population DESC, c.code LIMIT %s"""
    with connection.cursor() as cur:
        cur.execute(sql, [*params_source, seuil_km * 1000, *params_c, limite])
        return [Ligne(code, nom, pop, nb, {}, d) for code, nom, pop, nb, d in cur.fetchall()]


def par_sous_territoire(t: Territoire, f: Filtre, niveau_enfant: str) -> list[Ligne]:
    source = source_distances(t, f)
    return lignes(t, source, COLONNE[niveau_enfant]) if source else []


def comparaison(territoires: list[Territoire], f: Filtre) -> list[Ligne]:
    """One total row per territory (the page's « Comparer »); the first is the page's own."""
    resultat = []
    for i, t in enumerate(territoires):
        # live distances (a combination that is not precomputed) for the territory itself only
        source = source_distances(t, f) if f.cle or i == 0 else None
        ligne = (lignes(t, source, None) or [None])[0] if source else None
        nb = ligne.lieux if ligne and f.cle else lieux_du_territoire(t, f).count()
        if ligne is None:
            ligne = Ligne(t.code, t.nom, t.population, nb, {})
        ligne.code, ligne.nom, ligne.lieux = t.code, t.titre, nb
        ligne.population = ligne.population or t.population
        resultat.append(ligne)
    return resultat
