"""« Où se trouve la personne ? »: a typed address, commune or postcode → a point, without JavaScript.

Communes and postcodes are found offline (lieux/recherche.py, trigram index); street addresses come from the BAN
when it answers (lieux/ban.py), never required. An ambiguous text gives a short list to choose from; each choice
carries its point in its value (`lat;lon;libellé`), so the next request needs no lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.gis.geos import Point

from lieux import ban, recherche
from lieux.francais import de
from lieux.models import Commune


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


def resoudre(texte: str) -> Resolution:
    texte = " ".join((texte or "").split())[:200]
    if len(texte) < 2:
        return Resolution(erreur="Indiquez une adresse, une commune ou un code postal (2 caractères au moins).")
    communes = recherche.chercher_communes(texte)
    cherche = recherche.normalise_recherche(texte)
    compact = texte.replace(" ", "")
    exactes = [c for c in communes if recherche.normalise_recherche(c["nom"]) == cherche
               or compact == c["code"] or (re.fullmatch(r"\d{5}", compact) and compact in c["codes_postaux"])]
    if len(exactes) == 1 or (len(communes) == 1 and not re.search(r"\d", texte)):
        c = (exactes or communes)[0]
        return Resolution(Point(c["lon"], c["lat"], srid=4326), _libelle_commune(c))
    adresses = [] if exactes else ban.autocompleter(texte)
    if len(adresses) == 1:
        a = adresses[0]
        return Resolution(Point(a["lon"], a["lat"], srid=4326), a["libelle"])
    candidats = exactes or communes
    choix = [_choix(f"{_libelle_commune(c)} — {c['departement']}" if c.get("departement") else _libelle_commune(c),
                    c["lat"], c["lon"]) for c in candidats]
    choix += [_choix(a["libelle"], a["lat"], a["lon"]) for a in adresses]
    if choix:
        return Resolution(choix=choix[:10], erreur=f"Plusieurs lieux correspondent à « {texte} » : choisissez-en un.")
    return Resolution(erreur=f"Aucune commune ni adresse ne correspond à « {texte} ». Vérifiez l'orthographe ou "
                             "indiquez un code postal.")


def libelle_position(lat: float, lon: float) -> str:
    """« Près d'Angers (49000) », « Près du Havre (76600) » for a geolocated point (offline: the commune whose polygon contains it)."""
    point = Point(lon, lat, srid=4326)
    commune = Commune.objects.contenant(point).filter(type=Commune.Type.ACTUELLE).only(
        "nom", "codes_postaux").first()
    if commune is None:
        return "Ma position"
    return f"Près {de(commune.nom)}" + (f" ({commune.codes_postaux[0]})" if commune.codes_postaux else "")
