"""« Ce lieu existe peut-être déjà » : the active lieux a declaration may describe again, found with the rules that
merge records of several sources (lieux/consolidation: the same blocking keys, the same score).

Candidates are the active lieux of the same commune (or postcode) and those within DISTANCE_M of the declared
point; each is scored against the declaration (score.comparer) and kept when the rules would merge them or send
the pair to a person, or when the names or the addresses clearly agree. A person asked « c'est le mien ? » loses
little with a false alarm, much with a duplicate: the bar is lower than for an automatic merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Q

from lieux.consolidation import score
from lieux.models import Lieu

DISTANCE_M = 300
MAX_CANDIDATS = 5
MAX_EXAMINES = 2000  # a big city's commune: enough for its lieux, a guard against a runaway query


@dataclass(frozen=True)
class Candidat:
    lieu: Lieu
    score: float
    raisons: tuple[str, ...]


def enregistrement(valeurs: dict) -> dict:
    """A declaration's or a lieu's values as the consolidation reads a record."""
    def texte(v):
        return "|".join(v) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))

    return {
        "nom": texte(valeurs.get("nom")), "adresse": texte(valeurs.get("adresse")),
        "commune": texte(valeurs.get("commune")), "code_postal": texte(valeurs.get("code_postal")),
        "code_insee": texte(valeurs.get("code_insee")),
        "latitude": valeurs.get("latitude"), "longitude": valeurs.get("longitude"),
        "pivot": texte(valeurs.get("pivot")), "telephone": texte(valeurs.get("telephone")),
        "courriel": texte(valeurs.get("courriels")), "typologie": texte(valeurs.get("typologie")),
        "itinerance": texte(valeurs.get("itinerance")),
    }


def _du_lieu(lieu: Lieu) -> dict:
    valeurs = {c: getattr(lieu, c) for c in ("nom", "adresse", "commune", "code_postal", "code_insee", "pivot",
                                             "telephone", "courriels", "typologie", "itinerance")}
    if lieu.localisation is not None:
        valeurs["latitude"], valeurs["longitude"] = lieu.localisation.y, lieu.localisation.x
    return enregistrement(valeurs)


def _pertinent(c: score.Comparaison) -> bool:
    if c.decision in (score.Decision.MEME, score.Decision.DOUTEUX):
        return True
    if c.nom.score is not None and c.nom.score >= score.NOM_MOYEN and not c.nom.categories_en_conflit:
        return True
    return (c.adresse.voie is not None and c.adresse.voie >= score.VOIE_EGALE and c.adresse.meme_numero is True
            and c.nom.score is not None and c.nom.score >= score.NOM_FAIBLE)


def candidats(valeurs: dict, commune_code: str | None = None) -> list[Candidat]:
    """The active lieux that `valeurs` (a declaration, by the standard's names) may describe, likeliest first."""
    proches = Q()
    if commune_code:
        proches |= Q(commune_officielle_id=commune_code)
    if valeurs.get("code_postal"):
        proches |= Q(code_postal=valeurs["code_postal"])
    if valeurs.get("latitude") is not None and valeurs.get("longitude") is not None:
        point = Point(float(valeurs["longitude"]), float(valeurs["latitude"]), srid=4326)
        proches |= Q(localisation__dwithin=(point, D(m=DISTANCE_M)))
    if not proches:
        return []
    nouveau = score.preparer(enregistrement(valeurs), cle="declaration")
    trouves = []
    for lieu in Lieu.objects.actifs().filter(proches)[:MAX_EXAMINES]:
        comparaison = score.comparer(nouveau, score.preparer(_du_lieu(lieu), cle=lieu.uid))
        if _pertinent(comparaison):
            trouves.append(Candidat(lieu, comparaison.score, comparaison.raisons))
    trouves.sort(key=lambda c: -c.score)
    return trouves[:MAX_CANDIDATS]
