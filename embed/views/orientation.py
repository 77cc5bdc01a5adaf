"""/embed/…/orientation/: the orientation path on one page, for an iframe — the four questions (besoin, where the
person is, accueil adapté, disponibilité) as one GET form, the live count and the results below, nearest first.

The state, the rules and the query are the path's own (orientation/etat.py, localisation.py, recherche.py); the
search is kept to the perimeter (`Orientation.lieux_permis`), and so are the address suggestions. With JavaScript
(static/embed/embed.js) a change of a box refreshes the results alone (header `X-Integration-Partiel`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from embed.integration import integration_requise
from embed.views import PARTIEL, varie
from embed.views.fiche import url_fiche
from lieux.models import Lieu
from lieux.pagination import Page, numero_de_page
from orientation import recherche
from orientation.contenu import GROUPES_DE_BESOINS, PRISES_EN_CHARGE
from orientation.creneaux import CODES_JOURS, TOUS
from orientation.etat import RAYON_DEFAUT_KM, RAYONS_KM, Orientation
from orientation.localisation import lire_choix, resoudre
from orientation.presentation import carte_resultat, phrase_compte

JOURS = (("lu", "Lundi"), ("ma", "Mardi"), ("me", "Mercredi"), ("je", "Jeudi"), ("ve", "Vendredi"),
         ("sa", "Samedi"), ("di", "Dimanche"))
EDITES = {"services", "adresse", "latitude", "longitude", "distance", "prise_en_charge_specifique",
          "ouvert_actuellement"}
assert tuple(c for c, _ in JOURS) == CODES_JOURS


def _poser(orientation: Orientation, point, libelle: str) -> None:
    orientation.filtres.point = point
    orientation.adresse = libelle
    if not orientation.filtres.rayon_km:
        orientation.filtres.rayon_km = RAYON_DEFAUT_KM


def localiser(get, orientation: Orientation, perimetre) -> tuple[list[dict], str]:
    """The person's place from the form (the path's rules), kept to the perimeter: (choices to offer, error)."""
    texte = " ".join(get.get("adresse", "").split())
    if "adresse_point" in get and texte != get.get("adresse_point", ""):
        orientation.filtres.point = None  # the text changed since the point was set: look it up again
    choix, erreur = [], ""
    if get.get("choix"):
        choisi = lire_choix(get["choix"])
        if choisi is not None and perimetre.contient_point(choisi.point):
            _poser(orientation, choisi.point, choisi.libelle)
    elif texte and orientation.point is None:
        resolution = resoudre(texte)
        if resolution.point is not None and perimetre.contient_point(resolution.point):
            _poser(orientation, resolution.point, resolution.libelle)
        elif resolution.point is not None:
            erreur = (f"« {resolution.libelle} » est en dehors du territoire de cette carte "
                      f"({perimetre.nom()}) : indiquez une adresse de ce territoire.")
        else:
            choix = [c for c in resolution.choix if perimetre.contient_point(lire_choix(c["valeur"]).point)]
            if len(choix) == 1:  # « Avrillé »: one in Maine-et-Loire, one in Vendée — the embed knows which
                seul = lire_choix(choix.pop()["valeur"])
                _poser(orientation, seul.point, seul.libelle)
            elif choix or not resolution.choix:
                erreur = resolution.erreur
            else:
                erreur = f"Aucune commune ni adresse de ce territoire ({perimetre.nom()}) ne correspond à « {texte} »."
    if orientation.point is None:
        orientation.adresse = texte
    try:
        km = int(get.get("distance", "")) / 1000
    except ValueError:
        km = None
    if km in RAYONS_KM and orientation.point is not None:
        orientation.filtres.rayon_km = km
    return choix, erreur


def contexte_resultats(request, integration, orientation: Orientation) -> dict:
    compte = recherche.compter(orientation)
    numero = numero_de_page(request.GET, recherche.PAGE_MAX)
    page = Page(numero, recherche.PAR_PAGE, *recherche.page_de_resultats(orientation, numero))
    maintenant = timezone.now()
    cartes = [carte_resultat(lieu, page.premier_rang + i, orientation, maintenant)
              for i, lieu in enumerate(page.elements)]
    for carte in cartes:
        carte["lien"], carte["cible"] = integration.lien_lieu(carte["uid"])
        carte["url_fiche"] = url_fiche(integration, orientation, [carte["uid"]])
    base = orientation.params()
    return {
        "compte": compte,
        "phrase_compte": phrase_compte(compte),
        "lieux": cartes,
        "page": page.numero,
        **page.liens(base),
        "url_carte": integration.url("carte") + "?" + urlencode(orientation.params_carte() + [("vue", "liste")]),
        "action_fiche": integration.url("fiche"),
        "caches_fiche": base,
    }


@integration_requise
def orientation(request, integration):
    orientation = Orientation.lire(request.GET)
    choix, erreur = localiser(request.GET, orientation, integration.perimetre)
    if not integration.perimetre.vide:
        orientation.lieux_permis = integration.perimetre.restreindre(Lieu.objects.actifs())
    contexte = {
        "integration": integration,
        "orientation": orientation,
        "erreur_adresse": erreur,
        "avertissements": orientation.erreurs,
        "hauteur_auto": True,
        **contexte_resultats(request, integration, orientation),
    }
    if request.headers.get(PARTIEL):
        return varie(render(request, "embed/_orientation_resultats.html", contexte))
    services = set(orientation.services)
    jours = {c.texte() for c in orientation.creneaux if c.toute_la_journee}
    contexte |= {
        "groupes": [{"titre": g.titre, "besoins": [{"valeur": b.service, "aide": b.description,
                                                     "coche": b.service in services} for b in g.besoins]}
                    for g in GROUPES_DE_BESOINS],
        "prises_en_charge": [{"valeur": v, "aide": a, "coche": v in orientation.prises_en_charge}
                             for v, a in PRISES_EN_CHARGE],
        "jours": [{"valeur": c, "libelle": libelle, "coche": c in jours} for c, libelle in JOURS]
                 + [{"valeur": TOUS, "libelle": "Tous les jours", "coche": TOUS in jours}],
        "maintenant": orientation.maintenant,
        "choix": choix,
        "texte_adresse": orientation.adresse,
        "rayons": [(km, km * 1000) for km in RAYONS_KM],
        "rayon_choisi": int((orientation.rayon_km or RAYON_DEFAUT_KM) * 1000),
        "caches": [(n, v) for n, v in orientation.params() if n not in EDITES
                   and not (n == "creneau" and v in jours)],
        "url_orientation": integration.url("orientation"),
    }
    return varie(render(request, "embed/orientation.html", contexte))

