"""Synthetic demo lieux: realistic, placed in communes in proportion to population, from the import source
« demonstration » (lieux.models.PROVENANCE_DEMO).

Attributes are drawn in Python (seeded, from a pool of plausible combinations), points inside the commune polygons by
PostGIS (`ST_GeneratePoints`, one query for all), and rows are written by one COPY straight into lieux_lieu: no
row-by-row saves. Each gets one Provenance row of the source « demonstration », written by one INSERT … SELECT: that
record, not the standard `source` column (a producer's free text), tells demo lieux from real ones.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import random
import time
from dataclasses import dataclass

from django.db import connection, models, transaction
from stdnum import luhn

from lieux import horaires as h
from lieux import projections, standard
from lieux.francais import de
from lieux.models import PROVENANCE_DEMO, SOURCE_DEMO, UIDS_DEMO_SQL
from lieux.projections import analyses
from lieux.projections.chargement_massif import index_suspendus

TYPES_DE_LIEUX = [
    ("Médiathèque", ["BIB"], 18),
    ("Espace public numérique", ["EPN"], 16),
    ("France Services", ["MSAP"], 12),
    ("Centre social", ["CS"], 10),
    ("CCAS", ["CCAS"], 8),
    ("Tiers-lieu numérique", ["TIERS_LIEUX"], 7),
    ("Mairie", ["MUNI"], 9),
    ("Association Connect'", ["ASSO"], 8),
    ("Maison de quartier", ["MQ"], 5),
    ("Point numérique CAF", ["CAF"], 3),
    ("Bus numérique", ["ASSO"], 2),
    ("Fablab", ["TIERS_LIEUX", "ASSO"], 2),
]
VOIES = [
    "rue de la République", "place de la Mairie", "rue Victor Hugo", "avenue Jean Jaurès", "rue Pasteur",
    "rue de l'Église", "grande rue", "rue du Général de Gaulle", "place du Marché", "rue des Écoles",
    "boulevard Gambetta", "rue Jules Ferry", "avenue de la Gare", "rue Jean Moulin", "chemin des Vignes",
]
HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:30",
    "Mo-Fr 09:00-17:00",
    "Tu-Sa 10:00-12:30,14:00-18:00",
    "Mo,We,Fr 14:00-18:00",
    "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00",
    "We 10:00-12:00,14:00-18:00; Sa 10:00-17:00",
    "Mo-Fr 09:00-12:00; PH off",
    "Tu,Th 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
    "Mo-Sa 09:00-19:00; PH off",
    "",
]
# country code, start of the 9-digit national number (landlines)
INDICATIFS_DROM = {"971": ("+590", "5908"), "972": ("+596", "5966"), "973": ("+594", "5943"), "974": ("+262", "2622"),
                   "976": ("+262", "2696")}
PREFIXE_METRO = {"75": "14", "77": "16", "78": "13", "91": "16", "92": "14", "93": "14", "94": "14", "95": "13"}

# columns written by COPY straight into lieux_lieu (uid drawn from its sequence beforehand, masque_carte generated)
COLONNES = [
    "uid", "id", "pivot", "nom", "adresse", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "typologie", "itinerance", "date_maj", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "modalites_acces", "modalites_accompagnement", "prise_rdv", "localisation",
    # the commune's part, the same for all its lieux (CommuneTirage.copy)
    "commune", "code_postal", "code_insee", "commune_officielle_id", "departement_id", "region_id", "epci_id",
    # constants
    "complement_adresse", "presentation_detail", "source", "structure_parente", "autres_formations_labels",
    "fiche_acces_libre", "statut", "precision_localisation", "cree_le", "modifie_le",
]


@dataclass
class CommuneTirage:
    code: str
    nom: str
    code_postal: str
    departement: str
    population: int
    region: str = ""
    epci: str | None = None
    point: str = ""  # hex EWKB, the last-resort position

    @functools.cached_property
    def copy(self) -> str:
        """The commune's columns of a COPY row (see COLONNES)."""
        return _ligne_copy([self.nom, self.code_postal, self.code, self.code, self.departement, self.region,
                            self.epci if self.epci else None])


def _prefixe_telephone(departement: str) -> tuple[str, str]:
    if departement in INDICATIFS_DROM:
        return INDICATIFS_DROM[departement]
    if departement in PREFIXE_METRO:
        return "+33", PREFIXE_METRO[departement]
    zone = {"0": "42", "1": "55", "2": "38", "3": "55", "4": "55", "5": "23", "6": "38", "7": "42", "8": "38", "9": "38"}
    return "+33", zone.get(departement[:1], "23")


def _siret(rng: random.Random) -> str:
    """A random SIRET whose SIREN and SIRET Luhn keys are both valid (as real ones are)."""
    siren = "".join(str(rng.randrange(10)) for _ in range(8))
    siren += luhn.calc_check_digit(siren)
    debut = siren + "".join(str(rng.randrange(10)) for _ in range(4))
    return debut + luhn.calc_check_digit(debut)


def _sous_ensemble(rng, valeurs, k_max, poids_vide=0.0):
    if poids_vide and rng.random() < poids_vide:
        return []
    return rng.sample(valeurs, rng.randint(1, min(k_max, len(valeurs))))


def _tableau(valeurs) -> str:
    """A PostgreSQL array literal for COPY text format (our values hold no tab, newline, backslash or quote)."""
    return "{" + ",".join(f'"{v}"' for v in valeurs) + "}"


def profils(rng: random.Random, nombre: int = 4096) -> list[tuple]:
    """A pool of plausible attribute combinations; each demo lieu takes one (drawing them per row is too slow)."""
    pool = []
    for _ in range(nombre):
        type_nom, typologie, _ = rng.choices(TYPES_DE_LIEUX, weights=[t[2] for t in TYPES_DE_LIEUX])[0]
        acces = _sous_ensemble(rng, list(standard.MODALITES_ACCES[:4]), 2)
        pool.append((
            type_nom,
            typologie,
            rng.choice(HORAIRES),
            ["Itinérant"] if type_nom == "Bus numérique" else ["Fixe"],
            _sous_ensemble(rng, list(standard.SERVICES), 5),
            _sous_ensemble(rng, list(standard.PUBLICS_SPECIFIQUEMENT_ADRESSES), 2, poids_vide=0.6),
            _sous_ensemble(rng, list(standard.PRISE_EN_CHARGE_SPECIFIQUE), 2, poids_vide=0.7),
            [rng.choices(standard.FRAIS_A_CHARGE, weights=[7, 2, 1])[0]],
            _sous_ensemble(rng, list(standard.DISPOSITIF_PROGRAMMES_NATIONAUX), 2, poids_vide=0.5),
            _sous_ensemble(rng, list(standard.FORMATIONS_LABELS), 1, poids_vide=0.85),
            acces,
            _sous_ensemble(rng, list(standard.MODALITES_ACCOMPAGNEMENT), 3),
            rng.random() < 0.85,  # has a phone
            rng.random() < 0.6,  # has an e-mail
            rng.random() < 0.4,  # has a web site
            rng.random() < 0.8,  # named after its commune
        ))
    return [tuple(_tableau(v) if isinstance(v, list) else v for v in p) for p in pool]


def ligne_demo(rng: random.Random, rang: int, commune: CommuneTirage, prefixe_id: str, aujourd_hui: dt.date,
               profil: tuple, siret: str, uid: int, point: str):
    (type_nom, typologie, horaires, itinerance, services, publics, prise_en_charge, frais, dispositifs, labels,
     acces, accompagnement, a_telephone, a_courriel, a_site, nom_commune) = profil
    voie = VOIES[rang % len(VOIES)]
    nom = f"{type_nom} {de(commune.nom)}" if nom_commune else f"{type_nom} {voie.split(' ', 1)[1].title()}"
    telephone = ""
    if a_telephone:
        pays, debut = _prefixe_telephone(commune.departement)
        chiffres = 9 - len(debut)
        telephone = f"{pays}{debut}{rng.getrandbits(40) % 10**chiffres:0{chiffres}d}"
    slug = "".join(ch for ch in commune.nom.lower() if ch.isalnum())[:20] or "commune"
    return (
        uid,
        f"{prefixe_id}-{rang}",
        siret,
        nom[:500],
        f"{rang % 120 + 1} {voie}",
        telephone,
        f'{{"contact@{slug}.example.fr"}}' if a_courriel else "{}",
        f'{{"https://www.{slug}.example.fr/"}}' if a_site else "{}",
        horaires,
        f"{type_nom} : accompagnement au numérique pour les habitants {de(commune.nom)}."[:280],
        typologie,
        itinerance,
        (aujourd_hui - dt.timedelta(days=rang * 7919 % 900)).isoformat(),
        services,
        publics,
        prise_en_charge,
        frais,
        dispositifs,
        labels,
        acces,
        accompagnement,
        f"https://rdv.{slug}.example.fr/" if "Prendre un RDV en ligne" in acces else "",
        point or commune.point,
    )


def _champ_copy(valeur) -> str:
    if valeur is None:
        return "\\N"
    return str(valeur).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _ligne_copy(valeurs) -> str:
    """Tab-separated COPY text fields, without the end of line."""
    return "\t".join(map(_champ_copy, valeurs))


def communes_ponderees() -> list[CommuneTirage]:
    """Current communes that have a polygon (lieux are placed inside it), with their population as weight."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select code, nom, coalesce(codes_postaux[1], ''), departement_id, greatest(population, 1),
                      region_id, epci_id, point::geography::text
               from lieux_commune
               where type = 'commune-actuelle' and geom is not null and departement_id is not null
               order by code"""
        )
        return [CommuneTirage(*row) for row in cursor.fetchall()]


def points_dans_communes(comptes: dict[str, int], seed: int) -> dict[str, list[str]]:
    """code → random points (hex EWKB geography) inside that commune, drawn by PostGIS: a few more than asked, since
    ST_GeneratePoints may return fewer on slivers (the caller falls back to the commune's point)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select c.code, (d).geom::geography::text
               from unnest(%s::text[], %s::int[]) as n(code, n)
               join lieux_commune c on c.code = n.code
               cross join lateral st_dump(st_generatepoints(c.geom, n.n + 2, %s)) d
               order by c.code, (d).path[1]""",
            [list(comptes), list(comptes.values()), seed],
        )
        points: dict[str, list[str]] = {}
        for code, point in cursor.fetchall():
            points.setdefault(code, []).append(point)
    return points


def _uids(cursor, count: int) -> list[int]:
    """`count` consecutive fresh primary keys of lieux_lieu, reserved at once (COPY then knows which rows it wrote).

    The lock keeps other writers from drawing from the sequence between the two calls (it is also taken by the
    index suspension of a big load); readers are not blocked."""
    cursor.execute("lock table lieux_lieu in share row exclusive mode")
    cursor.execute(
        "select setval(s, nextval(s) + %s - 1) from (select pg_get_serial_sequence('lieux_lieu', 'uid') as s) q",
        [count],
    )
    dernier = cursor.fetchone()[0]
    return list(range(dernier - count + 1, dernier + 1))


def _copier(cursor, rng, tirage, points, uids, prefixe_id, progress) -> None:
    """The COPY of the demo rows into lieux_lieu (Python draws the next rows while PostgreSQL stores the last ones)."""
    aujourd_hui = dt.date.today()
    maintenant = dt.datetime.now(dt.UTC).isoformat()
    constantes = _ligne_copy(["", "", SOURCE_DEMO, "", "{}", "", "actif", "source", maintenant, maintenant])
    with cursor.cursor.copy(f"copy lieux_lieu ({', '.join(COLONNES)}) from stdin") as copy:
        pool = profils(rng)
        sirets = [_siret(rng) for _ in range(997)] + [standard.PIVOT_INCONNU] * 430
        rangs_en_commune: collections.Counter = collections.Counter()
        lot: list[str] = []
        for rang, commune in enumerate(tirage):
            k = rangs_en_commune[commune.code]
            rangs_en_commune[commune.code] += 1
            places = points.get(commune.code, ())
            profil = pool[rng.getrandbits(12)]
            ligne = ligne_demo(rng, rang, commune, prefixe_id, aujourd_hui, profil, sirets[rang % 1427],
                               uids[rang], places[k] if k < len(places) else "")
            lot.append(f"{_ligne_copy(ligne)}\t{commune.copy}\t{constantes}\n")
            if len(lot) >= 5000:
                copy.write("".join(lot))
                lot.clear()
            if progress and rang % 50_000 == 0:
                progress(rang, len(tirage))
        copy.write("".join(lot))


def _provenances(cursor, uids: list[int], prefixe_id: str) -> None:
    """The record of the demo import source of each new lieu (what `Lieu.objects.demo()` and the deletion read)."""
    cursor.execute(
        "insert into lieux_provenance (lieu_id, source, id_source, donnees_brutes, empreinte, recue_le)"
        " select u, %s, %s || u, '{}'::jsonb, '', now() from unnest(%s::bigint[]) as u",
        [PROVENANCE_DEMO, f"{prefixe_id}-", uids],
    )


def generer(count: int, seed: int = 42, progress=None, mesures: dict | None = None) -> int:
    """Insert `count` demo lieux; returns the number written.

    The communes are drawn first (weighted by population), PostGIS draws the points inside them in one query, then
    the rows go by COPY straight into lieux_lieu; when the load is at least as big as the table, its secondary
    indexes and foreign keys are rebuilt once at the end instead of row by row (lieux/projections/chargement_massif.py).
    `mesures`, when given, receives the duration of each step in seconds (make bench).
    """
    debut = time.perf_counter()
    communes = communes_ponderees()
    if not communes:
        raise RuntimeError("Aucune commune avec contour : lancez d'abord « manage.py load_geography ».")
    rng = random.Random(seed)
    tirage = rng.choices(communes, weights=[c.population for c in communes], k=count)
    prefixe_id = f"demo-{seed}-{rng.randrange(16**6):06x}"
    mesures = {} if mesures is None else mesures
    uids: list[int] = []
    mesures["ouvertures"] = 0.0  # kept by the triggers during the COPY, unless the load disabled them

    def reconstruire():
        avant = time.perf_counter()
        projections.recalculer(uids)
        mesures["ouvertures"] = time.perf_counter() - avant

    with transaction.atomic():
        # the hours' analyses first: when the triggers stay on (a load smaller than the table) they join them
        analyses.preparer((texte, zone) for texte in HORAIRES for zone in h.ZONES)
        # a load at least as big as the table disables the triggers; the projections are then rebuilt once
        with index_suspendus("lieux_lieu", count, recalculer=reconstruire), \
                connection.cursor() as cursor:
            points = points_dans_communes(collections.Counter(c.code for c in tirage), seed)
            uids += _uids(cursor, count)
            mesures["points"] = time.perf_counter() - debut
            _copier(cursor, rng, tirage, points, uids, prefixe_id, progress)
            _provenances(cursor, uids, prefixe_id)
            mesures["copy"] = time.perf_counter() - debut - mesures["points"]
        mesures["lieux"] = time.perf_counter() - debut  # indexes, foreign keys and projections included
    if progress:
        progress(count, count)
    return count


def supprimer_demo() -> int:
    """Remove demo lieux only (never real data) and their related rows (hours, provenances, reports).

    Set-based: one DELETE per related table then one for the lieux, so the statement triggers of lieux_lieu (map
    counts) run once, not once per batch of a cascade collected in Python (minutes for a million lieux)."""
    from lieux.models import Lieu

    with transaction.atomic(), connection.cursor() as cursor:
        # the demo lieux first (their provenance rows, which say so, go with the related rows)
        cursor.execute("drop table if exists tmp_uids_demo")
        cursor.execute(f"create temporary table tmp_uids_demo on commit drop as {UIDS_DEMO_SQL}")
        demo = "select lieu_id from tmp_uids_demo"
        for relation in Lieu._meta.related_objects:
            # every relation to a lieu cascades; the history's events (pghistory: DO_NOTHING) go with their lieu too
            if relation.on_delete not in (models.CASCADE, models.DO_NOTHING):
                raise RuntimeError(f"{relation} : suppression en cascade attendue")
            cible = relation.related_model._meta
            cursor.execute(f"delete from {cible.db_table} where {relation.field.column} in ({demo})")
        cursor.execute(f"delete from {Lieu._meta.db_table} where uid in ({demo})")
        supprimes = cursor.rowcount
        cursor.execute("drop table tmp_uids_demo")
        return supprimes
