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

from lieux import affichages
from lieux.pagination import Page, numero_de_page
from orientation import recherche
from orientation.etat import Orientation
from orientation.presentation import MAX_CHOISIS, carte_resultat, url
from orientation.views.commun import contexte_panneau


def lien_vers_le_lieu(uid: int, orientation: Orientation, retour: str) -> str:
    """The lieu page, told where to come back (« Retour aux résultats ») and from where to measure the distance."""
    parametres = [("retour", retour)]
    if orientation.point is not None:
        parametres.append(("de", f"{orientation.point.y:.6f},{orientation.point.x:.6f}"))
    return reverse("lieux:lieu", args=[uid]) + "?" + urlencode(parametres)


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
    numero = numero_de_page(request.GET, recherche.PAGE_MAX)
    page = Page(numero, recherche.PAR_PAGE, *recherche.page_de_resultats(orientation, numero))
    maintenant = timezone.now()
    cartes = [carte_resultat(lieu, page.premier_rang + i, orientation, maintenant)
              for i, lieu in enumerate(page.elements)]
    retour = url("resultats", orientation) if page.numero == 1 else f"{reverse('orientation:resultats')}?" + (
        urlencode(orientation.params() + [("page", page.numero)]))  # this page of results, in its canonical form
    for carte, lieu in zip(cartes, page.elements, strict=True):
        carte["lien"] = lien_vers_le_lieu(lieu.uid, orientation, retour)
    affichages.compter(lieu.uid for lieu in page.elements)  # lieux people reach first in « À vérifier »
    base = orientation.params()
    chemin = reverse("orientation:resultats")
    contexte = {
        "orientation": orientation,
        "erreurs": erreurs,
        "avertissements": orientation.erreurs,
        "lieux": cartes,
        "page": page.numero,
        **page.liens(base, chemin),
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
