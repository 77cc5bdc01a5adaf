"""One pair of source records compared field by field: the evidence, a score, and a decision a person can
check.

Why points and named thresholds rather than a trained model: we have no labelled national set yet, every merge
must be explainable on the review screen (« même adresse, 12 m, noms : France services ~ MFS »), and a rule
change must show in a test. Each piece of evidence adds or removes points (a hand-set Fellegi-Sunter scale:
agreement on a rare value counts more than on a common one), then three hard rules keep the national
pipeline's known mistakes out:
- a missing point is *unknown*: it adds nothing and never counts as « 0 m »;
- identifiers are weak evidence: a commune or La Poste puts one SIRET on many sites, a conseiller's own phone
  or e-mail follows them to several places; together they cannot reach `MEME` without names and place
  agreeing;
- two names announcing different kinds of place (« France Services de X », « Médiathèque de X ») are never
  `MEME`, even at one address: they are two services in one building, for a person to judge at most. The one
  exception is a France Services desk and the kind of structure that carries such desks (commune,
  intercommunality, département, CCAS, centre social, La Poste) at the very same door (same number, ≤ 100 m):
  the desk in its porteur's premises, one reception point (noms.CATEGORIES_PORTEUSES_FRANCE_SERVICES).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from enum import Enum

from lieux import regles, standard
from lieux.consolidation import adresses, noms


class Decision(str, Enum):
    MEME = "meme"  # merged into one consolidated lieu
    DOUTEUX = "douteux"  # review queue
    DIFFERENTS = "differents"


# --- thresholds (named so that a test or the doc can quote them) ----------------------------------------
SEUIL_MEME = 6.0
SEUIL_DOUTEUX = 3.0
NOM_MIN_MEME = 0.75  # no merge without names that agree at least this much
NOM_FORT, NOM_MOYEN, NOM_FAIBLE = 0.9, 0.75, 0.5
VOIE_EGALE, VOIE_DIFFERENTE = 0.9, 0.6
DISTANCE_TRES_PROCHE, DISTANCE_PROCHE = 50.0, 100.0  # metres: two geocoders put one door tens of metres apart
DISTANCE_LOIN, DISTANCE_TRES_LOIN = 1000.0, 5000.0
DISTANCE_MAX_MEME = 1000.0  # two points further apart than this are never merged without a person
# Rule « même voie, nom fort » (_decider): one street, a number missing on one side or a few apart, the names
# agreeing strongly, the points this close. A small commune's place or avenue is written without its number by
# one source, and a geocoder without a number puts the point mid-street, a hundred metres or two away.
DISTANCE_MAX_VOIE_NOM_FORT = 300.0
# One written address (street and number) in one commune is one door, whatever the points say up to this far: a
# geocoder that missed the number or the street puts the point at the commune's centre, a kilometre or two off.
DISTANCE_MAX_ADRESSE_IDENTIQUE = 5000.0

# --- points ------------------------------------------------------------------------------------------
POINTS_NOM_FORT, POINTS_NOM_MOYEN, POINTS_NOM_FAIBLE = 4.0, 2.0, -3.0
POINTS_CONFLIT_CATEGORIES = -3.0
POINTS_PORTEUR = 2.0  # a France Services desk and the kind of structure that carries it (noms.py)
POINTS_ADRESSE_EGALE, POINTS_VOIE_EGALE_SANS_NUMERO, POINTS_NUMERO_DIFFERENT = 2.0, 1.0, -1.0
POINTS_VOIE_DIFFERENTE = -2.0
POINTS_TRES_PROCHE, POINTS_PROCHE, POINTS_LOIN, POINTS_TRES_LOIN = 2.0, 1.0, -2.0, -5.0
POINTS_IDENTIFIANT = 1.0  # each of SIRET, telephone, e-mail shared
POINTS_TYPOLOGIES_INCOMPATIBLES = -1.0


@dataclass(frozen=True)
class Fiche:
    """A record prepared once for all its comparisons (the name and the address are parsed a single time)."""

    cle: object
    nom: noms.NomAnalyse
    adresse: adresses.Adresse
    point: tuple[float, float] | None  # (latitude, longitude)
    pivot: str | None
    telephones: frozenset[str]
    courriels: frozenset[str]
    typologies: frozenset[str]
    itinerant: bool
    # the commune: its INSEE code, else the words of its name (a rural postcode covers several communes)
    commune: tuple[str, frozenset[str]] = ("", frozenset())
    # itinerant by its name (« Bus France services »), not only by an « itinérance » column that a fixed desk
    # touring its villages also fills
    itinerant_par_nom: bool = False
    # the main labels of its e-mail domains, letters and digits only, generic providers left out
    domaines: frozenset[str] = frozenset()


def _texte(valeur) -> str:
    return "" if valeur is None else str(valeur).strip()


def point_de(e: dict) -> tuple[float, float] | None:
    """(latitude, longitude), or None when missing, unreadable or (0, 0) (a placeholder, not a place)."""
    try:
        lat, lon = float(e.get("latitude")), float(e.get("longitude"))
    except (TypeError, ValueError):
        return None
    if math.isnan(lat) or math.isnan(lon) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def cle_telephone(telephone: str) -> frozenset[str]:
    """The last nine digits of each number (« 04 93 00 00 00 » and « +33493000000 » meet)."""
    morceaux = re.split(r"[|;/,]", telephone or "")
    return frozenset(c[-9:] for m in morceaux if len(c := re.sub(r"\D", "", m)) >= 9)


def cle_courriel(courriel: str) -> frozenset[str]:
    return frozenset(m.strip().lower() for m in re.split(r"[|;,\s]", courriel or "") if "@" in m)


# Mail providers and umbrella domains: a domain of these says nothing of which place writes from it
DOMAINES_GENERIQUES = frozenset(
    """
    gmail googlemail orange wanadoo free laposte hotmail yahoo outlook live msn sfr neuf aol icloud me gmx
    numericable bbox clubinternet protonmail ymail hotmailfr yahoofr gouv fr com org net eu asso info
    """.split()
)


def cles_domaine(courriels: frozenset[str]) -> frozenset[str]:
    """« contact@espaces-mimont.org » → {'espacesmimont'}: the labels of the domain before its extension."""
    labels = set()
    for courriel in courriels:
        for label in courriel.rpartition("@")[2].split(".")[:-1]:
            if (l := re.sub(r"[^a-z0-9]", "", label)) and l not in DOMAINES_GENERIQUES and len(l) >= 5:
                labels.add(l)
    return frozenset(labels)


def cle_commune(e: dict) -> tuple[str, frozenset[str]]:
    """(INSEE code, words of the commune's name without its arrondissement), each empty when unknown."""
    return (regles.normalise_code_insee(_texte(e.get("code_insee"))),
            noms.mots_commune(_texte(e.get("commune"))))


def meme_commune(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool | None:
    """Same INSEE code when both have one, else the same commune name; None when unknown. A postcode is not a
    commune: a rural one covers several, each with its « place de la Mairie »."""
    if a[0] and b[0]:
        return a[0] == b[0]
    if a[1] and b[1]:
        return a[1] == b[1]
    return None


def cle_pivot(pivot: str) -> str | None:
    p = regles.normalise_pivot(_texte(pivot))
    return None if p == standard.PIVOT_INCONNU or not p.strip("0") else p


def preparer(enregistrement: dict, cle: object = None) -> Fiche:
    """`enregistrement`: a plain dict with the standard's field names (nom, adresse, commune, latitude,
    longitude, pivot, telephone, courriel, typologie, itinerance); missing keys are unknown values."""
    e = enregistrement
    courriels = cle_courriel(_texte(e.get("courriel")))
    nom = noms.analyse(_texte(e.get("nom")), _texte(e.get("commune")))
    par_nom = nom.itinerant  # read on the words of the name, whatever the commune
    return Fiche(
        cle=cle if cle is not None else e.get("id"),
        nom=nom,
        adresse=adresses.normalise(_texte(e.get("adresse"))),
        point=point_de(e),
        pivot=cle_pivot(_texte(e.get("pivot"))),
        telephones=cle_telephone(_texte(e.get("telephone"))),
        courriels=courriels,
        typologies=frozenset(
            t.strip().upper() for t in re.split(r"[|;,]", _texte(e.get("typologie"))) if t.strip()),
        itinerant=par_nom or "itin" in _texte(e.get("itinerance")).lower(),
        commune=cle_commune(e),
        itinerant_par_nom=par_nom,
        domaines=cles_domaine(courriels),
    )


def distance_m(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Haversine distance in metres; None when a point is missing (unknown, not zero)."""
    if a is None or b is None:
        return None
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def _partage(a: frozenset | str | None, b: frozenset | str | None) -> bool | None:
    """True when both are known and meet, False when both known and apart, None when one is unknown."""
    if not a or not b:
        return None
    if isinstance(a, str):
        return a == b
    return bool(a & b)


@dataclass(frozen=True)
class Comparaison:
    """The evidence on one pair, its score and the decision; `raisons` in French for the review screen."""

    nom: noms.SimilariteNom
    adresse: adresses.SimilariteAdresse
    distance_m: float | None
    meme_pivot: bool | None
    meme_telephone: bool | None
    meme_courriel: bool | None
    typologies_compatibles: bool | None
    score: float
    decision: Decision
    raisons: tuple[str, ...] = field(default=())
    # the very same door: same street and number, points within 100 m or one written address in one commune
    meme_porte: bool = False


def _points_nom(s: noms.SimilariteNom, raisons: list[str]) -> float:
    points = 0.0
    if s.porteur:
        points += POINTS_PORTEUR
        raisons.append("un guichet France services et une structure qui en porte (mairie, intercommunalité, "
                       "département, CCAS, centre social, La Poste)")
    elif s.score is None:
        raisons.append("noms non comparables (nom de service générique)")
    elif s.score >= NOM_FORT:
        points += POINTS_NOM_FORT
        raisons.append(f"noms concordants ({s.score:.2f})")
    elif s.score >= NOM_MOYEN:
        points += POINTS_NOM_MOYEN
        raisons.append(f"noms proches ({s.score:.2f})")
    elif s.score < NOM_FAIBLE:
        points += POINTS_NOM_FAIBLE
        raisons.append(f"noms différents ({s.score:.2f})")
    else:
        raisons.append(f"noms peu semblables ({s.score:.2f})")
    if s.categories_en_conflit:
        points += POINTS_CONFLIT_CATEGORIES
        raisons.append("les noms annoncent deux types de lieux différents")
    return points


def _points_lieu(adr: adresses.SimilariteAdresse, d: float | None, adresse_identique: bool,
                 raisons: list[str]) -> float:
    points = 0.0
    if adr.voie is None:
        raisons.append("adresse manquante")
    elif adr.voie >= VOIE_EGALE:
        if adr.meme_numero is True:
            points += POINTS_ADRESSE_EGALE
            raisons.append("même adresse")
        elif adr.meme_numero is None:
            points += POINTS_VOIE_EGALE_SANS_NUMERO
            raisons.append("même voie (numéro inconnu)")
        else:
            points += POINTS_NUMERO_DIFFERENT
            raisons.append("même voie, numéros différents")
    elif adr.voie < VOIE_DIFFERENTE:
        points += POINTS_VOIE_DIFFERENTE
        raisons.append("voies différentes")
    if d is None:
        raisons.append("distance inconnue (point manquant)")
    elif adresse_identique and d > DISTANCE_PROCHE:
        # the written address wins over the points: one of them was geocoded to the commune or the street
        raisons.append(f"{d:.0f} m, mais même adresse dans la même commune (écart de géocodage)")
    else:
        if d <= DISTANCE_TRES_PROCHE:
            points += POINTS_TRES_PROCHE
        elif d <= DISTANCE_PROCHE:
            points += POINTS_PROCHE
        elif d > DISTANCE_TRES_LOIN:
            points += POINTS_TRES_LOIN
        elif d > DISTANCE_LOIN:
            points += POINTS_LOIN
        raisons.append(f"{d:.0f} m")
    return points


@dataclass(frozen=True)
class _Lieu:
    """Where the two records are, as the decision reads it."""

    meme_voie: bool
    # one written address (street and number) in one commune, points up to 5 km apart (DISTANCE_MAX_ADRESSE_IDENTIQUE)
    adresse_identique: bool
    # the very same door: same street, same number, points within 100 m (or the same written address)
    meme_porte: bool
    # the same door as far as the addresses can tell: the very same door, or the same street with the number
    # missing on one side and points within 300 m (a geocoder without a number puts the point mid-street)
    porte_probable: bool = False


def _lieu(s_adr: adresses.SimilariteAdresse, d: float | None, commune: bool | None) -> _Lieu:
    meme_voie = s_adr.voie is not None and s_adr.voie >= VOIE_EGALE
    meme_numero = meme_voie and s_adr.meme_numero is True
    identique = meme_numero and commune is True and d is not None and d <= DISTANCE_MAX_ADRESSE_IDENTIQUE
    meme_porte = meme_numero and d is not None and (d <= DISTANCE_PROCHE or identique)
    sans_numero = meme_voie and s_adr.meme_numero is None and d is not None and d <= DISTANCE_MAX_VOIE_NOM_FORT
    return _Lieu(meme_voie, identique, meme_porte, meme_porte or sans_numero)


def comparer(a: Fiche | dict, b: Fiche | dict) -> Comparaison:
    fa = a if isinstance(a, Fiche) else preparer(a)
    fb = b if isinstance(b, Fiche) else preparer(b)
    raisons: list[str] = []
    s_nom = noms.similarite(fa.nom, fb.nom)
    nom_par_courriel = (not s_nom.porteur and not s_nom.categories_en_conflit
                        and (s_nom.score is None or s_nom.score < NOM_FORT) and noms.courriel_nomme(fa, fb))
    if nom_par_courriel:
        s_nom = replace(s_nom, score=NOM_FORT, inclusion=True, hote_possible=False)
    s_adr = adresses.similarite(fa.adresse, fb.adresse)
    d = distance_m(fa.point, fb.point)
    lieu = _lieu(s_adr, d, meme_commune(fa.commune, fb.commune))
    score = _points_nom(s_nom, raisons)
    if nom_par_courriel:
        raisons.append("le courriel de l'un porte le nom de l'autre")
    score += _points_lieu(s_adr, d, lieu.adresse_identique, raisons)
    pivot, tel, mel = _partage(fa.pivot, fb.pivot), _partage(fa.telephones, fb.telephones), _partage(
        fa.courriels, fb.courriels)
    for partage, libelle in ((pivot, "même SIRET"), (tel, "même téléphone"), (mel, "même courriel")):
        if partage:
            score += POINTS_IDENTIFIANT
            raisons.append(libelle)
    typos = _partage(fa.typologies, fb.typologies)
    if typos is False:
        score += POINTS_TYPOLOGIES_INCOMPATIBLES
        raisons.append("typologies incompatibles")
    decision, regle = _decider(score, s_nom, s_adr, d, lieu, bool(tel or mel), typos is False)
    if regle:
        raisons.append(regle)
    # a bus and the building it leaves from: a person decides. A desk marked itinerant only by its « itinérance »
    # column (a fixed desk that also tours its villages), at the very same door as the other, is that building.
    if (fa.itinerant != fb.itinerant and decision is Decision.MEME
            and (fa.itinerant_par_nom or fb.itinerant_par_nom or not lieu.meme_porte)):
        decision = Decision.DOUTEUX
        raisons.append("l'un est itinérant, l'autre fixe")
    return Comparaison(s_nom, s_adr, d, pivot, tel, mel, typos, score, decision, tuple(raisons), lieu.meme_porte)


def _decider(score: float, s_nom: noms.SimilariteNom, s_adr: adresses.SimilariteAdresse,
             d: float | None, lieu: _Lieu, identifiant_partage: bool = False, typologies_incompatibles: bool = False
             ) -> tuple[Decision, str | None]:
    """The decision, and the named rule that made a MEME when it was not the plain threshold (for `raisons`).

    The door rules below merge names that say nothing of each other; when both records give a typology and none
    in common, the producer told two kinds of place apart (a France Services desk and the Point Info Jeunes of its
    building, listed as two entries of one hub's file): those pairs go to a person instead."""
    meme_voie, meme_porte = lieu.meme_voie, lieu.meme_porte
    lieu_concorde = (d is not None and d <= DISTANCE_PROCHE) or (meme_voie and s_adr.meme_numero is not False)
    noms_concordent = (s_nom.score is not None and s_nom.score >= NOM_MIN_MEME
                       and not s_nom.categories_en_conflit)
    peut_fusionner = (
        (noms_concordent and lieu_concorde and (d is None or d <= DISTANCE_MAX_MEME or lieu.adresse_identique))
        # a desk and its porteur: their names say nothing of each other, so only the very same door merges them
        or (s_nom.porteur and meme_porte and not typologies_incompatibles)
    )
    if score >= SEUIL_MEME and peut_fusionner:
        return Decision.MEME, None
    # « même voie, nom fort »: names that agree strongly, one street, the number missing on one side or a few
    # apart, points within 300 m. The number is still unknown (it adds no point), but a strong name on the same
    # street is the same place far more often than two places of one name on one street.
    # Names that only agree on a kind of place (0.75: « Espace Condorcet centre social France services » / « France
    # services Gaillon ») need the points at one spot (50 m) instead.
    if (s_nom.score is not None and not s_nom.categories_en_conflit and meme_voie
            and (s_adr.meme_numero is None or s_adr.numeros_voisins) and d is not None
            and ((s_nom.score >= NOM_FORT and d <= DISTANCE_MAX_VOIE_NOM_FORT)
                 or (s_nom.score >= NOM_MOYEN and d <= DISTANCE_TRES_PROCHE))):
        return Decision.MEME, "règle : même voie et noms concordants, numéro inconnu ou voisin"
    # The door rules: names that say nothing of each other, at one door as far as the addresses can tell
    # (`_Lieu.porte_probable`: the very same door, or the same street with the number missing on one side and points
    # within 300 m, as for the rule above: « Place de l'Hôtel de Ville », « Rue des Écoles »).
    porte = lieu.porte_probable
    # a desk and its porteur: the door is the evidence, not the 50 m band of the points (the very same door when
    # the desk names a porteur of another kind)
    if s_nom.porteur and not typologies_incompatibles and (meme_porte if s_nom.porteur_autre else porte):
        return Decision.MEME, "règle : guichet et structure porteuse à la même porte"
    # « même porte, même contact »: same street and number, points within 100 m, and a shared telephone or
    # e-mail. One reception desk answering on one line: the structure and the service or desk it runs there, whatever
    # their names (a generic service name, an association and the centre social it runs). Identifiers alone never
    # merge (a conseiller's phone follows them); here the door does, the identifier says it is one reception.
    # Only at the very same door: one switchboard on a street without number may serve several services of one
    # building (a Point Info Jeunes, an « espace emploi » and a France services desk).
    if meme_porte and identifiant_partage and not s_nom.categories_en_conflit and not typologies_incompatibles:
        return Decision.MEME, "règle : même porte et même téléphone ou courriel"
    # « guichet et son hôte »: a France Services desk and a name that announces no kind of place (« Le Patio »,
    # « L'Étape », an association) at the very same door: the desk sits in its host's premises, and hosts are
    # often associations or named buildings outside the porteur categories. A host that announces another kind of
    # place (médiathèque, mission locale, tiers-lieu) stays a conflict.
    # Unlike a porteur, such a host is any name: on a street without number it stays for a person.
    if meme_porte and s_nom.hote_possible and not typologies_incompatibles:
        return Decision.MEME, "règle : guichet France services et structure hôte à la même porte"
    if score >= SEUIL_DOUTEUX:
        return Decision.DOUTEUX, None
    return Decision.DIFFERENTS, None
