"""Small helpers shared by the map, lieu and territory pages, the orientation and the embeds: breadcrumb, list
cards, safe links, phone numbers, link parameters. Not a view module: any page app may import it."""

from __future__ import annotations

from urllib.parse import urlencode

import phonenumbers
from django.urls import reverse

from lieux import fermetures_affichage
from lieux.filtres import FiltresLieux
from lieux.visite import distance_lisible


def url_sure(texte: str) -> str:
    """The address if it is an http(s) link, else "" (a `javascript:` link in the data must never become a link)."""
    texte = (texte or "").strip()
    return texte if texte.lower().startswith(("https://", "http://")) else ""


def telephone_affiche(numero: str) -> str:
    """+33241000000 → « 02 41 00 00 00 » (national form), unchanged when unreadable."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(numero, "FR"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return numero


def parametres_territoire(filtres: FiltresLieux) -> list[tuple[str, str]]:
    return [filtres.territoire] if filtres.territoire and filtres.territoire_selectionne() else []


def chaine_territoires(territoire) -> list[tuple[str, object]]:
    """[(niveau, objet)] from the région down to `territoire` (a Region, Departement or Commune)."""
    if territoire is None:
        return []
    niveau = type(territoire).__name__.lower()
    if niveau == "region":
        return [("region", territoire)]
    if niveau == "departement":
        return [("region", territoire.region), ("departement", territoire)]
    chaine = []
    if territoire.region_id:
        chaine.append(("region", territoire.region))
    if territoire.departement_id:
        chaine.append(("departement", territoire.departement))
    return chaine + [("commune", territoire)]


def fil_ariane(territoire, base: list[tuple[str, str]], chemin: str = "") -> list[dict]:
    """France › Région › Département › Commune, each a link to the map of that territory with the same filters."""
    elements = [{"niveau": None, "code": None, "nom": "France", "lien": chemin + "?" + urlencode(base)}]
    for niveau, t in chaine_territoires(territoire):
        elements.append({"niveau": niveau, "code": t.code, "nom": t.nom,
                         "lien": chemin + "?" + urlencode(base + [(niveau, t.code)])})
    return elements


def carte_lieu(lieu, maintenant) -> dict:
    """What a list shows of a lieu: name, address, distance, open/closed now, a few services."""
    distance = getattr(lieu, "distance", None)
    return {
        "uid": lieu.uid,
        "nom": lieu.nom,
        "lien": reverse("lieux:lieu", args=[lieu.uid]),
        "adresse": lieu.adresse,
        "code_postal": lieu.code_postal,
        "commune": lieu.commune,
        "distance": _distance(distance.m) if distance is not None else "",
        "etat": fermetures_affichage.etat(lieu.uid, lieu.horaires, lieu.code_postal, maintenant),
        "services": lieu.services[:3],
        "autres_services": max(0, len(lieu.services) - 3),
        "rdv": bool(lieu.prise_rdv) or "Prendre un RDV en ligne" in lieu.modalites_acces,
        "itinerant": "Itinérant" in lieu.itinerance,
        "sans_public": "Ce lieu n'accueille pas de public" in lieu.modalites_acces,
        "frais": lieu.frais_a_charge,
    }


def _distance(metres: float) -> str:
    return distance_lisible(metres)
