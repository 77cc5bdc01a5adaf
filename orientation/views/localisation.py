"""Étape 2 — Localisation: address, commune or postcode (or « Me géolocaliser »), and a radius of 5 to 100 km.

The point travels as `latitude`/`longitude` with its label `adresse`; the form also sends `adresse_point`, the
label the point belongs to, so a newly typed text is looked up (lieux/recherche.py offline, the BAN when online)
instead of silently keeping the old point. `/orientation/position/` names a geolocated point (JavaScript only).
"""

from django.http import HttpResponseRedirect, JsonResponse

from orientation.etat import RAYON_DEFAUT_KM, RAYONS_KM, Orientation
from orientation.localisation import libelle_position, lire_choix, resoudre
from orientation.views.commun import caches, rediriger, rendre_etape, url

EDITES = {"adresse", "latitude", "longitude", "distance"}


def _rayon(get, orientation, erreurs) -> None:
    texte = get.get("distance", "")
    if not texte:
        return
    try:
        km = int(texte) / 1000
    except ValueError:
        km = None
    if km not in RAYONS_KM:
        erreurs.append({"id": "distance", "message": "Choisissez une distance entre 5 et 100 km dans la liste."})
        km = RAYON_DEFAUT_KM
    orientation.filtres.rayon_km = km if orientation.point is not None else None


def _poser(orientation, point, libelle) -> None:
    orientation.filtres.point = point
    orientation.adresse = libelle
    if not orientation.filtres.rayon_km:
        orientation.filtres.rayon_km = RAYON_DEFAUT_KM


def localisation(request):
    get = request.GET
    orientation = Orientation.lire(get)
    aller = get.get("aller")
    erreurs, choix = [], []
    texte = " ".join(get.get("adresse", "").split())
    if "adresse_point" in get and texte != get.get("adresse_point", ""):
        orientation.filtres.point = None  # the text changed since the point was set: look it up again
    if get.get("choix"):
        choisi = lire_choix(get["choix"])
        if choisi is not None:
            _poser(orientation, choisi.point, choisi.libelle)
    elif texte and orientation.point is None and aller and not request.htmx:
        resolution = resoudre(texte)
        if resolution.point is not None:
            _poser(orientation, resolution.point, resolution.libelle)
        else:
            choix = resolution.choix
            erreurs.append({"id": "choix-0" if choix else "adresse", "message": resolution.erreur})
    if orientation.point is None:
        orientation.adresse = texte
    _rayon(get, orientation, erreurs)
    if aller == "precedent":
        return rediriger("besoin", orientation)
    if aller == "chercher" and not erreurs:  # back to the step, at the place found (orientation.js focuses it)
        return HttpResponseRedirect(url("localisation", orientation) + "#point-choisi")
    if aller == "suivant":
        if orientation.point is None and not erreurs:
            erreurs.append({"id": "adresse", "message": "Indiquez où se trouve la personne : une adresse, une "
                                                          "commune ou un code postal, ou utilisez « Me géolocaliser »."})
        if not erreurs:
            return rediriger("accessibilite", orientation)
    return rendre_etape(request, "localisation", orientation, {
        "texte": texte,
        "choix": choix,
        "rayons": [(km, km * 1000) for km in RAYONS_KM],
        "rayon_choisi": int((orientation.rayon_km or RAYON_DEFAUT_KM) * 1000),
        "caches": caches(orientation, EDITES),
    }, erreurs if aller else [])


def position(request):
    """{libelle} of a geolocated point: « Près d'Angers (49000) » (offline), for « Me géolocaliser »."""
    try:
        lat, lon = float(request.GET["latitude"]), float(request.GET["longitude"])
    except (KeyError, ValueError):
        return JsonResponse({"erreur": "latitude et longitude attendues"}, status=400)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return JsonResponse({"erreur": "coordonnées hors limites"}, status=400)
    return JsonResponse({"libelle": libelle_position(lat, lon), "latitude": round(lat, 6),
                         "longitude": round(lon, 6)})

