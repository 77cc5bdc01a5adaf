"""« Où se trouve la personne ? »: a typed address, commune or postcode → a point, without JavaScript.

Communes and postcodes are found offline (lieux/recherche.py, trigram index); street addresses come from the BAN
when it answers (lieux/ban.py), never required: when it does not, an address falls back to the commune it names (its
postcode, or its commune name at the end: « 12 rue de la Roë 49000 Angers » → Angers). A postcode or a number of a
municipal arrondissement of Paris, Lyon or Marseille gives that arrondissement, not the city's centre. An ambiguous
text gives a short list to choose from; each choice carries its point in its value (`lat;lon;libellé`), so the next
request needs no lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point

from lieux import ban, recherche
from lieux.francais import de
from lieux.models import Commune

MOTS_AVANT_LA_COMMUNE = 2  # « rue Toussaint » is not « Toussaint (76) »: a street needs words before the commune
MOTS_D_UNE_COMMUNE = 8  # the longest commune names (« Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson »)


@dataclass
class Resolution:
    point: Point | None = None
    libelle: str = ""
    choix: list[dict] = field(default_factory=list)  # {valeur, libelle}
    erreur: str = ""


def _choix(libelle: str, lat: float, lon: float) -> dict:
    return {"valeur": f"{lat:.6f};{lon:.6f};{libelle}", "libelle": libelle}


def lire_choix(valeur: str) -> Resolution | None:
    """A chosen suggestion (`lat;lon;libellé`) back to a point; None when it is not one of ours."""
    morceaux = (valeur or "").split(";", 2)
    if len(morceaux) != 3:
        return None
    try:
        lat, lon = float(morceaux[0]), float(morceaux[1])
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not morceaux[2].strip():
        return None
    return Resolution(Point(lon, lat, srid=4326), " ".join(morceaux[2].split())[:200])


def _libelle_commune(c: dict) -> str:
    return f"{c['nom']} ({c['codes_postaux'][0]})" if c.get("codes_postaux") else c["nom"]


def _exacte(c: dict, texte: str) -> bool:
    """The text names this commune exactly: its name, its INSEE code, one of its postcodes, a postcode and the start
    of its name (« 13001 Marseille »), or its arrondissement number (« Marseille 1 »)."""
    cherche = recherche.normalise_recherche(texte)
    nom = recherche.normalise_recherche(c["nom"])
    compact = texte.replace(" ", "")
    code_et_nom = recherche.code_postal_et_nom(texte)
    return (nom == cherche or compact == c["code"] or bool(re.fullmatch(r"\d{5}", compact)
                                                          and compact in c["codes_postaux"])
            or (code_et_nom is not None and code_et_nom[0] in c["codes_postaux"] and nom.startswith(code_et_nom[1]))
            or (bool(recherche.nom_d_arrondissement(cherche)) and nom == recherche.nom_d_arrondissement(cherche)))


def _plus_precises(communes: list[dict]) -> list[dict]:
    """Leave out a city when one of its arrondissements is there too (13001: Marseille 1er, not all Marseille)."""
    parentes = {c["commune_parente"] for c in communes if c.get("commune_parente")}
    return [c for c in communes if c["code"] not in parentes]


def communes_nommees(texte: str) -> list[dict]:
    """The communes an address names, offline: by its postcode (the one whose name is in the text first), else by the
    commune name ending it (« … rue de la Roë Angers »), with enough words before it to be a street."""
    code = re.search(r"(?<!\d)\d{5}(?!\d)", texte)
    if code:
        communes = _plus_precises(recherche.chercher_communes(code.group()))
        cherche = f" {recherche.normalise_recherche(texte)} "
        nommees = [c for c in communes if f" {recherche.normalise_recherche(c['nom'])} " in cherche]
        return nommees or communes
    mots = recherche.normalise_recherche(texte.replace(",", " ")).split()
    for debut in range(max(MOTS_AVANT_LA_COMMUNE, len(mots) - MOTS_D_UNE_COMMUNE), len(mots)):
        nom = " ".join(mots[debut:])
        communes = [c for c in recherche.chercher_communes(nom) if recherche.normalise_recherche(c["nom"]) == nom]
        if communes:
            return communes
    return []


def _commune(c: dict) -> Resolution:
    return Resolution(Point(c["lon"], c["lat"], srid=4326), _libelle_commune(c))


def resoudre(texte: str) -> Resolution:
    texte = " ".join((texte or "").split())[:200]
    if len(texte) < 2:
        return Resolution(erreur="Indiquez une adresse, une commune ou un code postal (2 caractères au moins).")
    communes = recherche.chercher_communes(texte)
    exactes = _plus_precises([c for c in communes if _exacte(c, texte)])
    if len(exactes) == 1 or (len(communes) == 1 and not re.search(r"\d", texte)):
        return _commune((exactes or communes)[0])
    adresses = [] if exactes else ban.rechercher(texte)
    ban_muette = adresses is None
    adresses = adresses or []
    if len(adresses) == 1:
        a = adresses[0]
        return Resolution(Point(a["lon"], a["lat"], srid=4326), a["libelle"])
    if not adresses and not exactes:  # the BAN is down or does not know it: the commune the address names
        nommees = communes_nommees(texte)
        if len(nommees) == 1:
            return _commune(nommees[0])
        communes = nommees or communes
    candidats = exactes or communes
    choix = [_choix(f"{_libelle_commune(c)} — {c['departement']}" if c.get("departement") else _libelle_commune(c),
                    c["lat"], c["lon"]) for c in candidats]
    choix += [_choix(a["libelle"], a["lat"], a["lon"]) for a in adresses]
    if choix:
        return Resolution(choix=choix[:10], erreur=f"Plusieurs lieux correspondent à « {texte} » : choisissez-en un.")
    if ban_muette:
        return Resolution(erreur=f"La recherche d'adresses ne répond pas pour le moment et aucune commune ne "
                                 f"correspond à « {texte} » : indiquez la commune ou le code postal de la personne.")
    return Resolution(erreur=f"Aucune commune ni adresse ne correspond à « {texte} ». Vérifiez l'orthographe ou "
                             "indiquez un code postal.")


def libelle_position(lat: float, lon: float) -> str:
    """« Près d'Angers (49000) », « Près du Havre (76600) » for a geolocated point (offline: the commune whose
    polygon contains it)."""
    point = Point(lon, lat, srid=4326)
    commune = Commune.objects.contenant(point).filter(type=Commune.Type.ACTUELLE).only(
        "nom", "codes_postaux").first()
    if commune is None:
        return "Ma position"
    return f"Près {de(commune.nom)}" + (f" ({commune.codes_postaux[0]})" if commune.codes_postaux else "")
