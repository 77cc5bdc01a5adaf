"""Synthetic demo lieux: realistic, placed in communes in proportion to population, source `demo`.

Attributes are drawn in Python (seeded, from a pool of plausible combinations), points inside the commune polygons by
PostGIS (`ST_GeneratePoints`), and rows are written with COPY into a temporary table then one INSERT … SELECT: no
row-by-row saves. Demo lieux carry no Provenance row: their `source` (`demo`) says where they come from.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection, transaction
from stdnum import luhn

from lieux import standard
from lieux.models import SOURCE_DEMO
from lieux.models.ouverture import rafraichir_ouvertures

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
               profil: tuple, siret: str):
    (type_nom, typologie, horaires, itinerance, services, publics, prise_en_charge, frais, dispositifs, labels,
     acces, accompagnement, a_telephone, a_courriel, a_site, nom_commune) = profil
    voie = VOIES[rang % len(VOIES)]
    nom = f"{type_nom} de {commune.nom}" if nom_commune else f"{type_nom} {voie.split(' ', 1)[1].title()}"
    telephone = ""
    if a_telephone:
        pays, debut = _prefixe_telephone(commune.departement)
        chiffres = 9 - len(debut)
        telephone = f"{pays}{debut}{rng.getrandbits(40) % 10**chiffres:0{chiffres}d}"
    slug = "".join(ch for ch in commune.nom.lower() if ch.isalnum())[:20] or "commune"
    return (
        rang,
        commune.code,
        f"{prefixe_id}-{rang}",
        siret,
        nom[:500],
        f"{rang % 120 + 1} {voie}",
        telephone,
        f'{{"contact@{slug}.example.fr"}}' if a_courriel else "{}",
        f'{{"https://www.{slug}.example.fr/"}}' if a_site else "{}",
        horaires,
        f"{type_nom} : accompagnement au numérique pour les habitants de {commune.nom}."[:280],
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
    )


def _ligne_copy(valeurs) -> str:
    return "\t".join(str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ") for v in valeurs) + "\n"


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
        cursor.execute("set local work_mem = '256MB'")
        cursor.execute(
            "create temporary table demo_tmp (rang int, code_commune varchar(5), id text, pivot text, nom text,"
            " adresse text, telephone text, courriels text[], site_web text[], horaires text,"
            " presentation_resume text, typologie text[], itinerance text[], date_maj date, services text[],"
            " publics_specifiquement_adresses text[], prise_en_charge_specifique text[], frais_a_charge text[],"
            " dispositif_programmes_nationaux text[], formations_labels text[], modalites_acces text[],"
            " modalites_accompagnement text[], prise_rdv text) on commit drop"
        )
        with cursor.cursor.copy(f"copy demo_tmp ({', '.join(COLONNES_TEMP)}) from stdin") as copy:
            pool = profils(rng)
            lot: list[str] = []
            sirets = [_siret(rng) for _ in range(997)] + [standard.PIVOT_INCONNU] * 430
            for rang, commune in enumerate(tirage):
                profil = pool[rng.getrandbits(12)]
                lot.append(_ligne_copy(ligne_demo(rng, rang, commune, prefixe_id, aujourd_hui, profil,
                                                  sirets[rang % 1427])))
                if len(lot) >= 5000:
                    copy.write("".join(lot))
                    lot.clear()
                if progress and rang % 50_000 == 0:
                    progress(rang, count)
            copy.write("".join(lot))
        # one random point inside its commune for each lieu, drawn by PostGIS (a few spare points: ST_GeneratePoints
        # may return fewer than asked on slivers; the commune's own point is the last resort)
        colonnes_copiees = [c for c in COLONNES_TEMP if c not in ("rang", "code_commune")]
        cursor.execute(
            f"""with t as (
                    select *, row_number() over (partition by code_commune order by rang) as k from demo_tmp
                ), n as (
                    select code_commune, count(*) as n from demo_tmp group by code_commune
                ), p as (
                    select c.code, (d).path[1] as k, (d).geom as geom
                    from n join lieux_commune c on c.code = n.code_commune
                    cross join lateral st_dump(st_generatepoints(c.geom, n.n::int + 2, %s)) d
                )
                insert into lieux_lieu ({', '.join(colonnes_copiees)}, commune, code_postal, code_insee,
                    complement_adresse, presentation_detail, source, structure_parente, autres_formations_labels,
                    fiche_acces_libre, localisation, statut, precision_localisation, commune_officielle_id,
                    departement_id, region_id, epci_id, cree_le, modifie_le)
                select {', '.join('t.' + c for c in colonnes_copiees)}, c.nom, c.codes_postaux[1], c.code,
                    '', '', %s, '', '{{}}', '', coalesce(p.geom, c.point)::geography, 'actif', 'source', c.code,
                    c.departement_id, c.region_id, c.epci_id, now(), now()
                from t
                join lieux_commune c on c.code = t.code_commune
                left join p on p.code = t.code_commune and p.k = t.k
                returning uid""",
            [seed, SOURCE_DEMO],
        )
        nouveaux = [uid for (uid,) in cursor.fetchall()]
        ecrits = len(nouveaux)
        cursor.execute("drop table demo_tmp")  # `on commit drop` does not fire inside an outer transaction
    rafraichir_ouvertures(nouveaux)  # availability (« ouvert maintenant », slots) of the new lieux: lieux/models/ouverture.py
    if progress:
        progress(count, count)
    return ecrits


def supprimer_demo() -> int:
    """Remove demo lieux only (never real data); related rows (provenances, reports, hours) go with them."""
    from lieux.models import Lieu

    return Lieu.objects.demo().delete()[1].get("lieux.Lieu", 0)
