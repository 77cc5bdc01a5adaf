from django.db.models import Count, Q
from django.shortcuts import render

from lieux.models import Lieu, Region


def accueil(request):
    regions = Region.objects.annotate(
        nb_lieux=Count("lieux", filter=Q(lieux__statut=Lieu.Statut.ACTIF))
    ).order_by("nom")
    return render(
        request,
        "accueil.html",
        {
            "regions": regions,
            "total": sum(r.nb_lieux for r in regions),
            # the map and the orientation path arrive with their own issues; until then the tiles lead to the API-free pages
            "url_carte": "/carte/",
            "url_orientation": "/orientation/",
        },
    )
