"""/orientation/: « Orienter une personne (4 étapes) » or « Aller directement à la carte »; with filters in the
URL, « Reprendre l'orientation » or « Nouvelle orientation »."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse

from lieux.models import Ouverture
from orientation.etat import Orientation
from orientation.views.commun import url

DUREE_CACHE_TOTAL = 600  # seconds


def total_lieux() -> int:
    """Active, located lieux (counted on the narrow search rows, cached: the number changes with imports only)."""
    return cache.get_or_set("orientation:total-lieux", lambda: Ouverture.objects.filter(actif=True).count(),
                            DUREE_CACHE_TOTAL)


def demarrage(request):
    orientation = Orientation.lire(request.GET)
    return render(request, "orientation/demarrage.html", {
        "orientation": orientation,
        "reprendre": not orientation.vide,
        "url_reprendre": url("besoin", orientation),
        "url_nouvelle": reverse("orientation:besoin"),
        "url_carte": reverse("lieux:carte") + ("?" + urlencode(orientation.params_carte())
                                               if orientation.params_carte() else ""),
        "total": total_lieux(),
        "puces": [p.libelle for p in orientation.puces()],
    })
