"""/embed/…/orientation/fiche/: the fiche d'orientation of the full path (orientation/views/fiche.py) inside the
embed — the picked lieux, address, hours, how to get there and to reach them, printable — kept to the perimeter:
a lieu outside it is left out, as on every other page of the embed.

The embedded results (templates/embed/_orientation_resultats.html) tick lieux into it, or open one lieu's fiche.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from embed.integration import integration_requise
from lieux.models import Lieu
from orientation import recherche
from orientation.etat import Orientation
from orientation.presentation import MAX_CHOISIS, disponibilites, fiche_lieu


def uids_demandes(get) -> list[int]:
    return [int(u) for u in get.getlist("lieu") if u.isdigit()][:MAX_CHOISIS]


def url_fiche(integration, orientation: Orientation, uids) -> str:
    return integration.url("fiche") + "?" + urlencode(orientation.params() + [("lieu", u) for u in uids])


@integration_requise
def fiche(request, integration):
    orientation = Orientation.lire(request.GET)
    demandes = uids_demandes(request.GET)
    permis = set(integration.perimetre.restreindre(Lieu.objects.actifs()).filter(uid__in=demandes)
                 .values_list("uid", flat=True))
    lieux = recherche.choisis([u for u in demandes if u in permis], orientation)
    retour = integration.url("orientation") + ("?" + urlencode(orientation.params()) if orientation.params() else "")
    if not lieux:
        message = ("Cochez au moins un lieu dans les résultats pour préparer la fiche d'orientation." if not demandes
                   else "Aucun des lieux demandés n'est référencé sur cette carte.")
        return render(request, "embed/erreur.html", {
            "integration": integration, "messages_erreur": [message], "titre_erreur": "Pas de fiche d'orientation",
            "url_retour": retour, "libelle_retour": "Retour aux résultats"}, status=404 if demandes else 400)
    maintenant = timezone.now()
    return render(request, "embed/fiche.html", {
        "integration": integration,
        "orientation": orientation,
        "lieux": [fiche_lieu(lieu, orientation, maintenant) for lieu in lieux],
        "besoins": orientation.services,
        "disponibilites": disponibilites(orientation),
        "date": timezone.localdate(),
        "url_resultats": retour,
        "lien_absolu": request.build_absolute_uri(url_fiche(integration, orientation, [l.uid for l in lieux])),
        "hauteur_auto": True,
    })
