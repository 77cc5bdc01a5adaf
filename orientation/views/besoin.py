"""Étape 1 — Besoin: the 9 services of the standard in 4 groups (several may be chosen: OR)."""

from orientation.contenu import GROUPES_DE_BESOINS
from orientation.etat import Orientation
from orientation.views.commun import caches, rediriger, rendre_etape


def besoin(request):
    orientation = Orientation.lire(request.GET)
    aller = request.GET.get("aller")
    if aller == "suivant":
        return rediriger("localisation", orientation)
    if aller == "precedent":
        return rediriger("demarrage", orientation)
    return rendre_etape(request, "besoin", orientation, {
        "groupes": GROUPES_DE_BESOINS,
        "choisis": set(orientation.services),
        "caches": caches(orientation, {"services"}),
    })
