"""What the orientation shows of a lieu — a result card, a fiche d'orientation entry, the count sentence, the
availability asked — and the URL of a screen carrying the orientation. Not a view module: the orientation's own
views and the embedded orientation (embed/views/) render the same cards from it.
"""

from __future__ import annotations

from django.urls import reverse

from lieux import affichage_horaires, fermetures_affichage
from lieux.affichage_horaires import Etat, fuseau
from lieux.projections.ouvertures import Ouverture
from lieux.presentation import carte_lieu, telephone_affiche, url_sure
from lieux.templatetags.humanize_fr import nombre
from orientation import recherche
from orientation.etat import Orientation
from orientation.horaires_demandes import horaires_des_jours, jours_demandes

MAX_CHOISIS = 10
SANS_ETAT = Etat(None, "", "")


def url(nom: str, orientation: Orientation | None = None, sans: set[str] | None = None) -> str:
    """URL of a screen (`demarrage`, a step code, `resultats`, `fiche`) carrying the orientation."""
    chemin = reverse(f"orientation:{nom}")
    query = orientation.query(sans) if orientation is not None else ""
    return f"{chemin}?{query}" if query else chemin


def phrase_compte(n: int) -> str:
    if n > recherche.PLAFOND:
        return f"Plus de {nombre(recherche.PLAFOND)} lieux correspondent à votre recherche"
    if n == 0:
        return "Aucun lieu ne correspond à votre recherche"
    if n == 1:
        return "1 lieu correspond à votre recherche"
    return f"{nombre(n)} lieux correspondent à votre recherche"


def horaires_connus(lieu) -> tuple[bool, bool]:
    """(hours known, hours vary between weeks) from the precomputed availability."""
    ouverture = getattr(lieu, "ouverture", None)
    if ouverture is None:
        return False, False
    return ouverture.etat == Ouverture.Etat.RENSEIGNES, ouverture.variable


def carte_resultat(lieu, rang: int, orientation: Orientation, maintenant) -> dict:
    carte = carte_lieu(lieu, maintenant)
    connus, variable = horaires_connus(lieu)
    demandes = set(orientation.services)
    carte.update({
        "rang": rang,
        "services_correspondants": [s for s in lieu.services if s in demandes],
        "horaires_connus": connus,
        "horaires_variables": variable,
        "url_rdv": url_sure(lieu.prise_rdv),
        "telephone": telephone_affiche(lieu.telephone) if lieu.telephone else "",
        "url_fiche": url("fiche", orientation) + ("&" if orientation.params() else "?") + f"lieu={lieu.uid}",
        "lat": round(lieu.latitude, 6),
        "lon": round(lieu.longitude, 6),
    })
    repondre_aux_creneaux(carte, lieu, orientation, maintenant)  # the embedded orientation's cards too
    return carte


def repondre_aux_creneaux(carte: dict, lieu, orientation: Orientation, maintenant) -> None:
    """Slots asked: the card shows the lieu's hours on those days, and its status right now only when « ouvert
    maintenant » was asked too (otherwise « Fermé · ouvre demain » does not answer « samedi de 9 h à 12 h »)."""
    if not orientation.creneaux:
        return
    carte["horaires_demandes"] = horaires_des_jours(lieu.horaires, jours_demandes(orientation.creneaux), maintenant,
                                                    fuseau(lieu.code_postal))
    if not orientation.maintenant:
        carte["etat"] = SANS_ETAT


ITINERAIRE_OSM = "https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route={depart}%3B{arrivee}"


def _itineraire(orientation: Orientation, lieu) -> str:
    arrivee = f"{lieu.latitude:.5f}%2C{lieu.longitude:.5f}"
    depart = f"{orientation.point.y:.5f}%2C{orientation.point.x:.5f}" if orientation.point is not None else ""
    return ITINERAIRE_OSM.format(depart=depart, arrivee=arrivee)


def fiche_lieu(lieu, orientation: Orientation, maintenant) -> dict:
    zone = affichage_horaires.fuseau(lieu.code_postal)
    connus, variable = horaires_connus(lieu)
    distance = getattr(lieu, "distance", None)
    return {
        "uid": lieu.uid,
        "nom": lieu.nom,
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "code_postal": lieu.code_postal,
        "commune": lieu.commune,
        "distance": carte_lieu(lieu, maintenant)["distance"] if distance is not None else "",
        "itineraire": _itineraire(orientation, lieu),
        "semaine": affichage_horaires.semaine(lieu.horaires, maintenant, zone) if connus else None,
        "etat": fermetures_affichage.etat(lieu.uid, lieu.horaires, lieu.code_postal, maintenant, zone),
        "horaires_variables": variable,
        "telephone": telephone_affiche(lieu.telephone) if lieu.telephone else "",
        "telephone_lien": lieu.telephone,
        "courriels": lieu.courriels,
        "sites": [s for s in (url_sure(s) for s in lieu.site_web) if s],
        "url_rdv": url_sure(lieu.prise_rdv),
        "modalites_acces": lieu.modalites_acces,
        "services": lieu.services,
        "frais": lieu.frais_a_charge,
        "prise_en_charge": lieu.prise_en_charge_specifique,
    }


def disponibilites(orientation: Orientation) -> list[str]:
    """« Ouvert maintenant », « Samedi de 9 h à 12 h »…: when the person can go, as asked in the path."""
    textes = ["Ouvert maintenant"] if orientation.maintenant else []
    textes += [c.libelle() for c in orientation.creneaux]
    if textes and orientation.horaires_connus:
        textes[-1] += " (horaires renseignés uniquement)"
    return textes
