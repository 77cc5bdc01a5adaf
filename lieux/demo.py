"""Synthetic demo lieux: realistic, placed in communes in proportion to population, source `demo`.

Attributes are drawn in Python (seeded), points inside the commune polygons by PostGIS (`ST_GeneratePoints`), and
rows are written with COPY into a temporary table then one INSERT … SELECT: no row-by-row saves, so a million lieux
take a minute, not an hour.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection, transaction

from lieux import standard
from lieux.models import SOURCE_DEMO

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
INDICATIFS_DROM = {"971": "+590590", "972": "+596596", "973": "+594594", "974": "+262262", "976": "+262269"}
PREFIXE_METRO = {"75": "1", "77": "1", "78": "1", "91": "1", "92": "1", "93": "1", "94": "1", "95": "1"}

COLONNES_TEMP = [
    "rang", "code_commune", "id", "pivot", "nom", "adresse", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "typologie", "itinerance", "date_maj", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "modalites_acces", "modalites_accompagnement", "prise_rdv",
]


@dataclass
class CommuneTirage:
    code: str
    nom: str
    code_postal: str
    departement: str
    population: int


def _prefixe_telephone(departement: str) -> str:
    if departement in INDICATIFS_DROM:
        return INDICATIFS_DROM[departement]
    if departement in PREFIXE_METRO:
        return "+33" + PREFIXE_METRO[departement]
    premier = departement[:1]
    zone = {"0": "4", "1": "5", "2": "3", "3": "5", "4": "5", "5": "2", "6": "3", "7": "4", "8": "3", "9": "3"}
    return "+33" + zone.get(premier, "2")


def _siret(rng: random.Random) -> str:
    """A random SIRET whose Luhn key is valid (as real ones are)."""
    chiffres = [rng.randrange(10) for _ in range(13)]
    for derniere in range(10):
        candidat = chiffres + [derniere]
        total = 0
        for i, c in enumerate(reversed(candidat)):
            c = c * 2 if i % 2 else c
            total += c - 9 if c > 9 else c
        if total % 10 == 0:
            return "".join(map(str, candidat))
    raise AssertionError("unreachable")


def _sous_ensemble(rng, valeurs, k_max, poids_vide=0.0):
    if poids_vide and rng.random() < poids_vide:
        return []
    return rng.sample(valeurs, rng.randint(1, min(k_max, len(valeurs))))


def ligne_demo(rng: random.Random, rang: int, commune: CommuneTirage, prefixe_id: str, aujourd_hui: dt.date):
    type_nom, typologie, _ = rng.choices(TYPES_DE_LIEUX, weights=[t[2] for t in TYPES_DE_LIEUX])[0]
    nom = f"{type_nom} de {commune.nom}" if rng.random() < 0.8 else f"{type_nom} {rng.choice(VOIES).split(' ', 1)[1].title()}"
    services = _sous_ensemble(rng, list(standard.SERVICES), 5)
    prefixe = _prefixe_telephone(commune.departement)
    telephone = prefixe + "".join(str(rng.randrange(10)) for _ in range(12 - len(prefixe))) if rng.random() < 0.85 else ""
    slug = "".join(ch for ch in commune.nom.lower() if ch.isalnum())[:20] or "commune"
    acces = _sous_ensemble(rng, list(standard.MODALITES_ACCES[:4]), 2)
    prise_rdv = f"https://rdv.{slug}.example.fr/" if "Prendre un RDV en ligne" in acces else ""
    return (
        rang,
        commune.code,
        f"{prefixe_id}-{rang}",
        _siret(rng) if rng.random() < 0.7 else standard.PIVOT_INCONNU,
        nom[:500],
        f"{rng.randint(1, 120)} {rng.choice(VOIES)}",
        telephone,
        [f"contact@{slug}.example.fr"] if rng.random() < 0.6 else [],
        [f"https://www.{slug}.example.fr/"] if rng.random() < 0.4 else [],
        rng.choice(HORAIRES),
        f"{type_nom} : accompagnement au numérique pour les habitants de {commune.nom}."[:280],
        typologie,
        ["Itinérant"] if type_nom == "Bus numérique" else ["Fixe"],
        aujourd_hui - dt.timedelta(days=rng.randint(0, 900)),
        services,
        _sous_ensemble(rng, list(standard.PUBLICS_SPECIFIQUEMENT_ADRESSES), 2, poids_vide=0.6),
        _sous_ensemble(rng, list(standard.PRISE_EN_CHARGE_SPECIFIQUE), 2, poids_vide=0.7),
        [rng.choices(standard.FRAIS_A_CHARGE, weights=[7, 2, 1])[0]],
        _sous_ensemble(rng, list(standard.DISPOSITIF_PROGRAMMES_NATIONAUX), 2, poids_vide=0.5),
        _sous_ensemble(rng, list(standard.FORMATIONS_LABELS), 1, poids_vide=0.85),
        acces,
        _sous_ensemble(rng, list(standard.MODALITES_ACCOMPAGNEMENT), 3),
        prise_rdv,
    )


def communes_ponderees() -> list[CommuneTirage]:
    """Current communes that have a polygon (lieux are placed inside it), with their population as weight."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select code, nom, coalesce(codes_postaux[1], ''), departement_id, greatest(population, 1)
               from lieux_commune
               where type = 'commune-actuelle' and geom is not null and departement_id is not null
               order by code"""
        )
        return [CommuneTirage(*row) for row in cursor.fetchall()]


def generer(count: int, seed: int = 42, progress=None) -> int:
    """Insert `count` demo lieux; returns the number written."""
    communes = communes_ponderees()
    if not communes:
        raise RuntimeError("Aucune commune avec contour : lancez d'abord « manage.py load_geography ».")
    rng = random.Random(seed)
    tirage = rng.choices(communes, weights=[c.population for c in communes], k=count)
    aujourd_hui = dt.date.today()
    prefixe_id = f"demo-{seed}-{rng.randrange(16**6):06x}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "create temporary table demo_tmp (rang int, code_commune varchar(5), id text, pivot text, nom text,"
            " adresse text, telephone text, courriels text[], site_web text[], horaires text,"
            " presentation_resume text, typologie text[], itinerance text[], date_maj date, services text[],"
            " publics_specifiquement_adresses text[], prise_en_charge_specifique text[], frais_a_charge text[],"
            " dispositif_programmes_nationaux text[], formations_labels text[], modalites_acces text[],"
            " modalites_accompagnement text[], prise_rdv text) on commit drop"
        )
        with cursor.cursor.copy(f"copy demo_tmp ({', '.join(COLONNES_TEMP)}) from stdin") as copy:
            for rang, commune in enumerate(tirage):
                copy.write_row(ligne_demo(rng, rang, commune, prefixe_id, aujourd_hui))
                if progress and rang % 50_000 == 0:
                    progress(rang, count)
        # one random point inside its commune for each lieu, drawn by PostGIS
        cursor.execute(
            """create temporary table demo_points on commit drop as
               select c.code, row_number() over (partition by c.code) - 1 as k, (d).geom as geom
               from (select code_commune, count(*) as n from demo_tmp group by code_commune) t
               join lieux_commune c on c.code = t.code_commune
               cross join lateral st_dump(st_generatepoints(c.geom, t.n::int, %s)) d""",
            [seed],
        )
        cursor.execute(
            """create temporary table demo_rangs on commit drop as
               select rang, code_commune, row_number() over (partition by code_commune order by rang) - 1 as k
               from demo_tmp"""
        )
        colonnes_copiees = [c for c in COLONNES_TEMP if c not in ("rang", "code_commune")]
        cursor.execute(
            f"""insert into lieux_lieu ({', '.join(colonnes_copiees)}, commune, code_postal, code_insee,
                    complement_adresse, presentation_detail, source, structure_parente, autres_formations_labels,
                    fiche_acces_libre, localisation, statut, precision_localisation, commune_officielle_id,
                    departement_id, region_id, epci_id, cree_le, modifie_le)
                select {', '.join('t.' + c for c in colonnes_copiees)}, c.nom, c.codes_postaux[1], c.code,
                    '', '', %s, '', '{{}}', '', p.geom::geography, 'actif', 'source', c.code,
                    c.departement_id, c.region_id, c.epci_id, now(), now()
                from demo_tmp t
                join demo_rangs r on r.rang = t.rang
                join demo_points p on p.code = t.code_commune and p.k = r.k
                join lieux_commune c on c.code = t.code_commune""",
            [SOURCE_DEMO],
        )
        ecrits = cursor.rowcount
        cursor.execute(
            """insert into lieux_provenance (lieu_id, source, id_source, donnees_brutes, empreinte, recue_le)
               select uid, source, id, jsonb_build_object('generateur', 'generate_demo_lieux', 'graine', %s),
                      '', now()
               from lieux_lieu where source = %s and id like %s""",
            [seed, SOURCE_DEMO, prefixe_id + "-%"],
        )
    if progress:
        progress(count, count)
    return ecrits


def supprimer_demo() -> int:
    """Remove demo lieux only (never real data)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "delete from lieux_provenance where lieu_id in (select uid from lieux_lieu where source = %s)",
            [SOURCE_DEMO],
        )
        cursor.execute("delete from lieux_lieu where source = %s", [SOURCE_DEMO])
        return cursor.rowcount
