"""/carte/: the map page, and /carte/panneau/, the side panel alone (carte.js swaps it in when the map moves or a
filter changes). The panel's context and the filter form are built in lieux/panneau.py, shared with the embed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from lieux import agregation, ban, recherche
from lieux.filtres import FiltresLieux
from lieux.panneau import CENTRE_FRANCE, DROM, Vue, contexte_panneau, formulaire_filtres
from lieux.parametres import POINT
from lieux.presentation import parametres_territoire


def _recherche_sans_js(request, filtres):
    """The search form submitted without JavaScript: a commune or a postcode (offline), else BAN addresses."""
    texte = request.GET.get("q", "").strip()
    communes = recherche.chercher_communes(texte)
    base = filtres.params()
    exacte = [c for c in communes if recherche.normalise_recherche(c["nom"]) == recherche.normalise_recherche(texte)
              or texte.replace(" ", "") in c["codes_postaux"]]
    lieux = [] if exacte else recherche.chercher_lieux(texte)  # a lieu by its name: a link to its page
    if (len(communes) == 1 and not lieux) or (exacte and len(exacte) == 1):
        choix = exacte[0] if exacte else communes[0]
        return HttpResponseRedirect(reverse("lieux:carte") + "?" + urlencode(base + [("commune", choix["code"])])), None
    resultats = [{"libelle": f"{c['libelle']} — {c['departement']}",
                  "lien": "?" + urlencode(base + [("commune", c["code"])])} for c in communes]
    resultats += [{"libelle": f"{l['nom']} — lieu, {l['commune']}", "lien": l["lien"]} for l in lieux]
    if not exacte:  # maybe a street address: the BAN, when it answers
        resultats += [{"libelle": a["libelle"], "lien": "?" + urlencode(base + [
            ("latitude", a["lat"]), ("longitude", a["lon"]), ("adresse", a["libelle"])])}
            for a in ban.autocompleter(texte)]
    return None, {"texte": texte, "resultats": resultats}


def carte(request):
    filtres = FiltresLieux(request.GET)
    resultats_recherche = None
    if request.GET.get("q", "").strip():
        redirection, resultats_recherche = _recherche_sans_js(request, filtres)
        if redirection:
            return redirection
    vue = Vue.lire(request.GET)
    contexte = contexte_panneau(request, filtres, vue)
    territoire = contexte["territoire"]
    drom = agregation.territoires("region")
    contexte |= {
        "recherche": resultats_recherche,
        "territoire_inconnu": filtres.territoire_inconnu,
        "formulaire": formulaire_filtres(filtres),
        "caches_filtres": parametres_territoire(filtres) + _point(filtres, request),
        "caches_recherche": [(n, v) for n, v in filtres.params() if n not in POINT],
        "lien_reinitialiser": "?" + urlencode(parametres_territoire(filtres)),
        "config_carte": {
            "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
            "api": {"agregats": reverse("lieux:api:agregats"), "panneau": reverse("lieux:carte-panneau"),
                    "communes": reverse("lieux:api:recherche-communes"),
                    "adresses": reverse("lieux:api:recherche-adresses"),
                    "lieux": reverse("lieux:api:recherche-lieux"),
                    "territoire": reverse("lieux:api:territoire", args=["region", "00"]).replace("region/00/", ""),
                    "fiche": reverse("lieux:lieu", args=[0]).replace("0/", "")},
            "zooms": agregation.ZOOM_MIN,
            "centre": list(CENTRE_FRANCE),
            "territoire": ({"niveau": contexte["niveau"], "code": territoire.code, "nom": territoire.nom,
                            "bbox": agregation.emprise_de(contexte["niveau"], territoire.code),
                            "parents": [[e["niveau"], e["code"]] for e in contexte["fil_ariane"][1:-1]]}
                           if territoire else None),
            "drom": [{"code": c, "nom": drom[c]["nom"], "bbox": drom[c].get("bbox")} for c in DROM if c in drom],
            # the national counts travel with the page: the first bubbles need no second request
            "initial": contexte["enfants"] if not (territoire or vue.zoom is not None or filtres.point) else None,
        },
    }
    return render(request, "lieux/carte.html", contexte)


def _point(filtres: FiltresLieux, request) -> list[tuple[str, str]]:
    """The searched point (and radius) carried by the filter form."""
    if filtres.point is None:
        return []
    paires = [("latitude", f"{filtres.point.y:.6f}"), ("longitude", f"{filtres.point.x:.6f}")]
    if filtres.rayon_km:
        paires.append(("distance", f"{filtres.rayon_km * 1000:.0f}"))
    if request.GET.get("adresse"):
        paires.append(("adresse", request.GET["adresse"][:200]))
    return paires


def panneau(request):
    filtres = FiltresLieux(request.GET)
    contexte = contexte_panneau(request, filtres, Vue.lire(request.GET))
    return render(request, "lieux/_panneau.html", contexte)
