"""/embed/…/lieux/<uid>/: a lieu's sheet inside the embed (when its links open « dans le cadre »).

The data of the site's sheet (lieux.fiche.contexte_fiche) in a light page; a lieu outside the perimeter is a
404, like one that does not exist. « Signaler une erreur » stays on the site's own page (a POST form needs a CSRF
cookie, and the embed sets none): the sheet links to it in a new tab.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.shortcuts import render
from django.urls import reverse

from embed.integration import integration_requise
from lieux.models import Lieu
from lieux.fiche import contexte_fiche


def _retour(request, integration) -> str:
    """Back to the embed page the visitor came from (same site, same embed), else to the embed's map."""
    precedente = urlsplit(request.META.get("HTTP_REFERER", ""))
    if precedente.netloc == request.get_host() and precedente.path.startswith(integration.prefixe) \
            and "/lieux/" not in precedente.path:
        return precedente.path + (f"?{precedente.query}" if precedente.query else "")
    return integration.url("carte")


@integration_requise
def fiche(request, integration, uid):
    lieux = Lieu.objects.actifs().filter(uid=uid)
    lieu = integration.perimetre.restreindre(lieux).select_related(
        "commune_officielle__departement", "commune_officielle__region", "departement", "region"
    ).avec_ligne_recue().first()
    if lieu is None:
        return render(request, "embed/erreur.html", {"integration": integration, "messages_erreur": [
            "Ce lieu n'est pas référencé sur cette carte."], "url_retour": integration.url("carte")}, status=404)
    contexte = contexte_fiche(request, lieu) | {
        "integration": integration,
        "hauteur_auto": True,
        "url_retour": _retour(request, integration),
        "url_site": request.build_absolute_uri(reverse("lieux:lieu", args=[lieu.uid])),
    }
    return render(request, "embed/lieu.html", contexte)
