"""Entry URLs of snippets: /embed/carte/?…, /embed/orientation/?…, /embed/c/<slug>/.

The options are checked (embed/options.py); a wrong one gives a French error page (400) rather than a map of
the whole of France; valid ones redirect to the working page, whose path carries the locked territory.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from embed.integration import IntegrationInvalide, depuis_configuration, depuis_options
from embed.options import lire_options, messages


def _entree(request, page: str):
    options, erreurs = lire_options(request.GET)
    if erreurs:
        return render(request, "embed/erreur.html", {
            "messages_erreur": messages(erreurs),
            "url_integrer": reverse("embed:integrer") + "?" + urlencode(
                [("type", page)] + [(k, v) for k, vs in request.GET.lists() for v in vs]),
        }, status=400)
    return HttpResponseRedirect(depuis_options(options).entree(page))


def carte(request):
    return _entree(request, "carte")


def orientation(request):
    return _entree(request, "orientation")


def configuration(request, slug):
    try:
        integration = depuis_configuration(slug)
    except IntegrationInvalide as exc:
        return render(request, "embed/erreur.html", {"messages_erreur": [str(exc)]}, status=404)
    return HttpResponseRedirect(integration.entree(integration.configuration.type))
