"""The steering figures of one territory in a partner's iframe: /embed/pilotage/<niveau>/<code>/ (and the entry of
the /integrer/ snippet, /embed/pilotage/?departement=21&services=…, which checks the options and redirects there).

Locked to its territory: the page shows that territory only (no breadcrumb, no comparison, no link to another
territory's page); its filter form stays inside the frame; downloads open in a new tab on this site."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from embed.options import lire_options, messages
from pilotage.contexte import page


@require_GET
def entree(request):
    options, erreurs = lire_options(request.GET)
    territoires = options.perimetre.territoires
    if not erreurs and len(territoires) > 1:
        erreurs = {"territoires": ["Le tableau de bord porte sur un seul territoire : choisissez-en un."]}
    if erreurs:
        return render(request, "embed/erreur.html", {
            "messages_erreur": messages(erreurs),
            "url_integrer": reverse("embed:integrer") + "?" + urlencode(
                [("type", "pilotage")] + [(k, v) for k, vs in request.GET.lists() for v in vs]),
        }, status=400)
    niveau, code = territoires[0] if territoires else ("france", "fr")
    requete = urlencode(list(options.initial.filtres))
    return HttpResponseRedirect(reverse("embed:pilotage", args=[niveau, code]) + ("?" + requete if requete else ""))


@require_GET
def tableau_de_bord(request, niveau, code):
    contexte = page(request, niveau, code, comparer=False, embed=True)
    return render(request, "embed/pilotage.html", contexte)
