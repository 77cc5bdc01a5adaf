"""/embed/…/carte/ and /embed/…/panneau/: the map of lieux/views/page_carte.py in the embed's light layout.

Same templates, same panel context, same carte.js: the filters are a `FiltresIntegration`, so every count and list is
inside the perimeter; the breadcrumb starts at the perimeter instead of France; links to lieux open inside the embed
or in a new tab; the map's API calls go to the embed's own endpoints (views/api.py), under the same locked prefix.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render

from lieux import agregation
from embed.integration import integration_requise
from embed.perimetre import FiltresIntegration
from embed.recherche import adresses_dans, communes_dans, hors_perimetre
from lieux import panneau as panneau_site
from lieux.presentation import parametres_territoire


def fil_ariane(elements: list[dict], integration, base: list[tuple[str, str]]) -> list[dict]:
    """The map's breadcrumb (France › région › … › selection) cut to start at the perimeter."""
    perimetre = integration.perimetre
    if perimetre.vide:
        return elements
    racine = {"niveau": None, "code": None, "nom": perimetre.nom(), "lien": "?" + urlencode(base)}
    dedans = [i for i, e in enumerate(elements) if (e["niveau"], e["code"]) in perimetre.territoires]
    if dedans:
        garde = elements[dedans[0]:]
        return garde if perimetre.seul() else [racine] + garde
    dernier = elements[-1] if len(elements) > 1 else None
    return [racine] + ([dernier] if dernier else [])


def contexte_panneau(request, integration, filtres: FiltresIntegration, vue) -> dict:
    contexte = panneau_site.contexte_panneau(request, filtres, vue)
    perimetre = integration.perimetre
    base = filtres.params()
    if contexte["territoire"] is None and not perimetre.vide:
        # several territories and none selected: the perimeter's own territories are the first level
        niveau = perimetre.niveau_racine()
        enfants = agregation.agreger(filtres.selection(bbox=False), niveau, cle=filtres.cle())
        for groupe in enfants["groupes"]:
            groupe["lien"] = "?" + urlencode(base + [(niveau, groupe["code"])])
        contexte |= {"enfants": enfants, "niveau_enfants": niveau, "total": enfants["total"],
                     "territoire": SimpleNamespace(nom=perimetre.nom(), code="")}
    contexte["fil_ariane"] = fil_ariane(contexte["fil_ariane"], integration, base)
    for carte_lieu in contexte["lieux"]:
        carte_lieu["lien"], carte_lieu["cible"] = integration.lien_lieu(carte_lieu["uid"])
    contexte["integration"] = integration
    return contexte


def _recherche_sans_js(request, integration, filtres):
    """The search form submitted without JavaScript: communes of the perimeter, else addresses inside it; nothing
    there but a commune outside: the reason, said as the orientation says it (the page keeps its territory)."""
    texte = request.GET.get("q", "").strip()
    communes = communes_dans(integration.perimetre, texte)
    base = filtres.params()
    if len(communes) == 1:
        return HttpResponseRedirect(integration.url("carte") + "?" + urlencode(base + [("commune", communes[0]["code"])])), None
    resultats = [{"libelle": f"{c['libelle']} — {c['departement']}",
                  "lien": "?" + urlencode(base + [("commune", c["code"])])} for c in communes]
    if not communes:
        resultats += [{"libelle": a["libelle"], "lien": "?" + urlencode(base + [
            ("latitude", a["lat"]), ("longitude", a["lon"]), ("adresse", a["libelle"])])}
            for a in adresses_dans(integration.perimetre, texte)]
    if not resultats and (dehors := hors_perimetre(integration.perimetre, texte)):
        return None, {"texte": texte, "resultats": [], "hors_perimetre": dehors}
    return None, {"texte": texte, "resultats": resultats}


def config_carte(integration, contexte: dict) -> dict:
    territoire = contexte["territoire"]
    niveau = contexte["niveau"]
    perimetre = integration.perimetre
    drom = agregation.territoires("region")
    outre_mer = perimetre.regions_touchees(panneau_site.DROM)
    return {
        "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
        "api": {"agregats": integration.url("agregats"), "panneau": integration.url("panneau"),
                "communes": integration.url("communes"), "adresses": integration.url("adresses"),
                "territoire": integration.url("territoire", niveau="region", code="00").removesuffix("region/00/"),
                "fiche": integration.lien_lieu(0)[0].removesuffix("0/")},
        "zooms": agregation.ZOOM_MIN,
        "centre": list(panneau_site.CENTRE_FRANCE),
        "emprise": _emprise_leaflet(perimetre.emprise()) if not perimetre.vide else None,
        "territoire": ({"niveau": niveau, "code": territoire.code, "nom": territoire.nom,
                        "bbox": agregation.emprise_de(niveau, territoire.code)} if niveau else None),
        "drom": [{"code": c, "nom": drom[c]["nom"], "bbox": drom[c].get("bbox")} for c in panneau_site.DROM
                 if c in drom and c in outre_mer],
        "initial": None,
    }


def _emprise_leaflet(bbox):
    return [[bbox[1], bbox[0]], [bbox[3], bbox[2]]] if bbox else None


@integration_requise
def carte(request, integration):
    filtres = FiltresIntegration(request.GET, integration.perimetre)
    resultats_recherche = None
    if request.GET.get("q", "").strip():
        redirection, resultats_recherche = _recherche_sans_js(request, integration, filtres)
        if redirection:
            return redirection
    contexte = contexte_panneau(request, integration, filtres, panneau_site.Vue.lire(request.GET))
    caches_filtres = parametres_territoire(filtres)
    if filtres.point is not None:
        caches_filtres += [p for p in filtres.params() if p[0] in ("latitude", "longitude", "distance")]
        if request.GET.get("adresse"):
            caches_filtres.append(("adresse", request.GET["adresse"][:200]))
    hors_territoire = (resultats_recherche or {}).get("hors_perimetre", "")
    contexte |= {
        "recherche": None if hors_territoire else resultats_recherche,
        "hors_territoire": hors_territoire,
        "territoire_inconnu": filtres.territoire_inconnu,
        "formulaire": panneau_site.formulaire_filtres(filtres),
        "caches_filtres": caches_filtres,
        # the selected territory goes with a search: a search that finds nothing keeps the map's outline
        "caches_recherche": parametres_territoire(filtres) + [
            (n, v) for n, v in filtres.params() if n not in ("latitude", "longitude", "distance")],
        "lien_reinitialiser": "?" + urlencode(parametres_territoire(filtres)),
        "action_formulaires": integration.url("carte"),
        "config_carte": config_carte(integration, contexte),
        "url_orientation": integration.url("orientation"),
    }
    return render(request, "embed/carte.html", contexte)


@integration_requise
def panneau(request, integration):
    filtres = FiltresIntegration(request.GET, integration.perimetre)
    contexte = contexte_panneau(request, integration, filtres, panneau_site.Vue.lire(request.GET))
    return render(request, "lieux/_panneau.html", contexte)
