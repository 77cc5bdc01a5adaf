"""From a filled form to a pending contribution: the place completed (point, commune), the update reduced to the
fields that differ from the lieu, the contribution written under the rate limit.
"""

from __future__ import annotations

from contributions import anti_spam, localisation
from contributions.models import Contribution
from lieux.models import Commune

CHAMPS_ADRESSE = ("adresse", "code_postal", "commune")


def _vide(valeur) -> bool:
    return valeur is None or valeur == "" or valeur == []


def pareil(nom: str, a, b) -> bool:
    """Two values of a field are the same for a person: empty ones alike, lists in any order, points to 1e-6°."""
    if _vide(a) and _vide(b):
        return True
    if _vide(a) or _vide(b):
        return False
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    if nom in ("latitude", "longitude"):
        try:
            return abs(float(a) - float(b)) < 1e-6
        except (TypeError, ValueError):
            return False
    return str(a).strip() == str(b).strip()


def difference(valeurs: dict, avant: dict) -> dict:
    """The proposed values that differ from the lieu's (`avant`); latitude and longitude travel together."""
    changees = {nom: v for nom, v in valeurs.items() if nom not in ("latitude", "longitude")
                and not pareil(nom, v, avant.get(nom))}
    if valeurs.get("latitude") is not None and not (
            pareil("latitude", valeurs["latitude"], avant.get("latitude"))
            and pareil("longitude", valeurs.get("longitude"), avant.get("longitude"))):
        changees["latitude"], changees["longitude"] = valeurs["latitude"], valeurs["longitude"]
    return changees


def placer(valeurs: dict, avant: dict | None = None, commune_avant: Commune | None = None
           ) -> tuple[dict, Commune | None]:
    """`valeurs` with their point and INSEE code completed when the address is new or changed, and the commune of
    the Code officiel géographique that routes the contribution (the lieu's own when its place did not change).

    A point typed or chosen in the suggestions is kept; otherwise the BAN geocodes the address (nothing when it
    does not answer: a coordinator places the lieu)."""
    valeurs = dict(valeurs)
    avant = avant or {}
    adresse_changee = not avant or any(not pareil(c, valeurs.get(c), avant.get(c)) for c in CHAMPS_ADRESSE)
    point_change = valeurs.get("latitude") is not None and (
        not avant or not pareil("latitude", valeurs["latitude"], avant.get("latitude"))
        or not pareil("longitude", valeurs["longitude"], avant.get("longitude")))
    if not adresse_changee and not point_change:
        # the lieu's own commune; found from its address when it has none (the values stay as they are)
        return valeurs, commune_avant or localisation.commune_officielle(
            valeurs.get("code_insee", ""), valeurs.get("commune", ""), valeurs.get("code_postal", ""),
            valeurs.get("latitude"), valeurs.get("longitude"))
    if avant and adresse_changee and pareil("code_insee", valeurs.get("code_insee"), avant.get("code_insee")):
        valeurs["code_insee"] = ""  # the lieu's old code, not one chosen with the new address
    if adresse_changee and not point_change:
        position = localisation.geocoder(valeurs.get("adresse", ""), valeurs.get("code_postal", ""),
                                         valeurs.get("commune", ""))
        if position is not None:
            valeurs["latitude"], valeurs["longitude"] = position.latitude, position.longitude
            valeurs["code_insee"] = valeurs.get("code_insee") or position.code_insee
    commune = localisation.commune_officielle(
        valeurs.get("code_insee", ""), valeurs.get("commune", ""), valeurs.get("code_postal", ""),
        valeurs.get("latitude"), valeurs.get("longitude"))
    if commune is not None and not valeurs.get("code_insee"):
        valeurs["code_insee"] = commune.code
    return valeurs, commune


def enregistrer(empreinte: str, **champs) -> Contribution | None:
    """The contribution written, or None when this address sent too many this hour (anti_spam)."""
    return anti_spam.enregistrer_si_permis(
        empreinte, lambda: Contribution.objects.create(empreinte_client=empreinte, **champs))
