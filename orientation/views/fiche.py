"""The fiche d'orientation: a printable page for the person — the chosen lieux, address, hours, how to get there,
how to reach them — with « Imprimer » and « Copier le lien ». No personal data in the URL: names are written by
hand on the printed sheet."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lieux import standard
from orientation import recherche
from orientation.etat import Orientation
from orientation.presentation import MAX_CHOISIS, disponibilites, fiche_lieu, url


def fiche(request):
    orientation = Orientation.lire(request.GET)
    uids = [int(u) for u in request.GET.getlist("lieu") if u.isdigit()][:MAX_CHOISIS]
    lieux = recherche.choisis(uids, orientation)
    if not lieux:
        raise Http404("Aucun des lieux demandés n'est référencé.")
    maintenant = timezone.now()
    return render(request, "orientation/fiche.html", {
        "orientation": orientation,
        "lieux": [fiche_lieu(lieu, orientation, maintenant) for lieu in lieux],
        "besoins": orientation.services,
        "disponibilites": disponibilites(orientation),
        "date": timezone.localdate(),
        "url_resultats": url("resultats", orientation),
        "lien_absolu": request.build_absolute_uri(),
        "libelles": {c.nom: c.libelle for c in standard.CHAMPS},
    })
