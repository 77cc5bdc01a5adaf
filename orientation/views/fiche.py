"""The fiche d'orientation: a printable page for the person — the chosen lieux, address, hours, how to get there,
how to reach them — with « Imprimer » and « Copier le lien ». No personal data in the URL: names are written by
hand on the printed sheet."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lieux import affichage_horaires, standard
from lieux.views.lieu import telephone_affiche
from lieux.views.presentation import carte_lieu, url_sure
from orientation import recherche
from orientation.etat import Orientation
from orientation.views.commun import url
from orientation.views.resultats import MAX_CHOISIS, horaires_connus

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
        "etat": affichage_horaires.etat(lieu.horaires, maintenant, zone),
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


def fiche(request):
    orientation = Orientation.lire(request.GET)
    uids = [int(u) for u in request.GET.getlist("lieu") if u.isdigit()][:MAX_CHOISIS]
    lieux = recherche.choisis(uids, orientation)
    if not lieux:
        raise Http404("Aucun des lieux demandés n'est référencé.")
    maintenant = timezone.now()
    return render(request, "orientation/fiche.html", {
        "orientation": orientation,
        "lieux": [fiche_lieu(lieu, orientation, maintenant) for lieu in lieux],
        "besoins": orientation.services,
        "disponibilites": disponibilites(orientation),
        "date": timezone.localdate(),
        "url_resultats": url("resultats", orientation),
        "lien_absolu": request.build_absolute_uri(),
        "libelles": {c.nom: c.libelle for c in standard.CHAMPS},
    })
