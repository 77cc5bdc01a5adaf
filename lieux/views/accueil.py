from django.db.models import Count, Q
from django.shortcuts import render

from lieux.francais import par_nom
from lieux.models import Lieu, Region


def accueil(request):
    regions = Region.objects.annotate(
        nb_lieux=Count("lieux", filter=Q(lieux__statut=Lieu.Statut.ACTIF))
    ).order_by(par_nom())
    return render(request, "accueil.html", {"regions": regions, "total": sum(r.nb_lieux for r in regions)})
