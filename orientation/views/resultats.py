"""Results: the matching lieux nearest first (KNN), with distance, open status, matched services and the online
booking badge; the same page of results on a map; « Voir sur la carte » keeps the filters; lieux can be picked
for the printable fiche d'orientation (a GET form: works without JavaScript)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lieux.affichage_horaires import Etat, fuseau
from lieux.projections.ouvertures import Ouverture
from lieux.views.lieu import telephone_affiche
from lieux.views.presentation import carte_lieu, url_sure
from orientation import recherche
from orientation.etat import Orientation
from orientation.horaires_demandes import horaires_des_jours, jours_demandes
from orientation.views.commun import contexte_panneau, url

MAX_CHOISIS = 10
SANS_ETAT = Etat(None, "", "")


def _page(get) -> int:
    try:
        return max(1, min(500, int(get.get("page", 1))))
    except ValueError:
        return 1


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


def lien_vers_le_lieu(uid: int, orientation: Orientation, retour: str) -> str:
    """The lieu page, told where to come back (« Retour aux résultats ») and from where to measure the distance."""
    parametres = [("retour", retour)]
    if orientation.point is not None:
        parametres.append(("de", f"{orientation.point.y:.6f},{orientation.point.x:.6f}"))
    return reverse("lieux:lieu", args=[uid]) + "?" + urlencode(parametres)


def repondre_aux_creneaux(carte: dict, lieu, orientation: Orientation, maintenant) -> None:
    """Slots asked: the card shows the lieu's hours on those days, and its status right now only when « ouvert
    maintenant » was asked too (otherwise « Fermé · ouvre demain » does not answer « samedi de 9 h à 12 h »)."""
    if not orientation.creneaux:
        return
    carte["horaires_demandes"] = horaires_des_jours(lieu.horaires, jours_demandes(orientation.creneaux), maintenant,
                                                    fuseau(lieu.code_postal))
    if not orientation.maintenant:
        carte["etat"] = SANS_ETAT


def resultats(request):
    orientation = Orientation.lire(request.GET)
    erreurs = []
    if request.GET.get("fiche"):
        uids = [u for u in request.GET.getlist("lieu") if u.isdigit()][:MAX_CHOISIS]
        if uids:
            return HttpResponseRedirect(url("fiche", orientation) + ("&" if orientation.params() else "?")
                                        + urlencode([("lieu", u) for u in uids]))
        erreurs.append({"id": "liste-resultats", "message": "Cochez au moins un lieu pour préparer la fiche "
                                                            "d'orientation."})
    page = _page(request.GET)
    lieux, suivante = recherche.page_de_resultats(orientation, page)
    maintenant = timezone.now()
    premier = (page - 1) * recherche.PAR_PAGE + 1
    cartes = [carte_resultat(lieu, premier + i, orientation, maintenant) for i, lieu in enumerate(lieux)]
    retour = url("resultats", orientation) if page == 1 else f"{reverse('orientation:resultats')}?" + urlencode(
        orientation.params() + [("page", page)])  # this page of results, in its canonical form
    for carte, lieu in zip(cartes, lieux, strict=True):
        carte["lien"] = lien_vers_le_lieu(lieu.uid, orientation, retour)
    base = orientation.params()
    chemin = reverse("orientation:resultats")
    contexte = {
        "orientation": orientation,
        "erreurs": erreurs,
        "avertissements": orientation.erreurs,
        "lieux": cartes,
        "page": page,
        "page_precedente": f"{chemin}?{urlencode(base + [('page', page - 1)])}" if page > 1 else None,
        "page_suivante": f"{chemin}?{urlencode(base + [('page', page + 1)])}" if suivante else None,
        "caches": base,
        "url_modifier": url("besoin", orientation),
        "donnees_carte": {
            "point": [orientation.point.y, orientation.point.x] if orientation.point is not None else None,
            "rayon_m": (orientation.rayon_km or 0) * 1000,
            "lieux": [{"rang": c["rang"], "nom": c["nom"], "lat": c["lat"], "lon": c["lon"], "url": c["lien"]}
                      for c in cartes],
        },
        "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
        **contexte_panneau(orientation, None),
    }
    return render(request, "orientation/resultats.html", contexte)
