"""/territoires/<niveau>/<code>/: a server-rendered page per région, département and commune (counts, list, map):
indexable, and complete without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from lieux import agregation
from lieux.filtres import FiltresLieux, trouver_territoire
from lieux.francais import par_nom
from lieux.models import Lieu
from lieux.pagination import decouper, numero_de_page
from lieux.presentation import carte_lieu, chaine_territoires

PAR_PAGE = 25
NIVEAUX = {"region": "région", "departement": "département", "commune": "commune"}


def lien_export(niveau: str, code: str) -> str | None:
    """The import colleague's CSV export of a territory, when that view exists."""
    try:
        chemin = reverse("imports:export-csv")
    except NoReverseMatch:
        chemin = "/imports/export.csv"
        try:
            resolve(chemin)
        except Resolver404:
            return None
    return f"{chemin}?{urlencode({'territoire': f'{niveau}:{code}'})}"


def territoire(request, niveau, code):
    if niveau not in NIVEAUX:
        raise Http404("Niveau de territoire inconnu.")
    objet = trouver_territoire(niveau, code.upper())
    if objet is None:
        raise Http404(f"Aucun {NIVEAUX[niveau]} n'a le code « {code} ».")
    filtres = FiltresLieux(request.GET)
    lieux = filtres.filtrer(Lieu.objects.actifs(), territoire=False).dans_territoire(niveau, objet.code)
    enfant = agregation.ENFANT[niveau]
    enfants = None
    if enfant != "grille":
        # the children of the territory are counted by agreger itself (the kept counts when they can answer)
        enfants = agregation.agreger(filtres.selection(territoire=False), enfant, territoire=(niveau, objet.code),
                                     cle=filtres.cle() + f"&page-territoire={niveau}:{objet.code}")
        for g in enfants["groupes"]:
            g["lien"] = reverse("lieux:territoire", args=[enfant, g["code"]])
    total = lieux.count()
    numero, nb_pages = numero_de_page(request.GET), max(1, -(-total // PAR_PAGE))
    if numero > nb_pages:
        raise Http404("Cette page de la liste n'existe pas.")
    page = decouper(lieux.order_by(par_nom(), "uid"), numero, PAR_PAGE)
    maintenant = timezone.now()
    config = {"territoire": {"niveau": niveau, "code": objet.code, "nom": objet.nom,
                             "bbox": agregation.emprise_de(niveau, objet.code)},
              "api": {"agregats": reverse("lieux:api:agregats"),
                      "territoire": reverse("lieux:api:territoire", args=[niveau, objet.code])},
              "enfant": enfant,
              "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}}
    return render(request, "lieux/territoire.html", {
        "objet": objet,
        "niveau": niveau,
        "niveau_libelle": NIVEAUX[niveau],
        "chaine": chaine_territoires(objet)[:-1],
        "enfants": enfants,
        "niveau_enfants": enfant,
        "total": total,
        "lieux": [carte_lieu(lieu, maintenant) for lieu in page.elements],
        "page": page.numero,
        "nb_pages": nb_pages,
        "premier_rang": page.premier_rang,
        **page.liens([]),
        "lien_carte": reverse("lieux:carte") + "?" + urlencode({niveau: objet.code}),
        "lien_api": reverse("lieux:api:lieu-list") + "?" + urlencode({niveau: objet.code}),
        "lien_export": lien_export(niveau, objet.code),
        "url": request.build_absolute_uri(request.path),
        "config_territoire": config,
    })
