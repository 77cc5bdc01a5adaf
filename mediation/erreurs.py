"""Errors a person may meet when something breaks, in French, as HTML for pages and JSON for the API.

- `handler500`: the self-contained templates/500.html, or `{"erreur": …}` under /api/;
- `BaseIndisponibleMiddleware`: a database that does not answer (restart, maintenance) gives 503 with Retry-After
  and templates/503.html (no query, no static file), never Django's English « Server Error (500) » nor a traceback.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

MESSAGE_500 = "Erreur inattendue : l'équipe technique en est informée. Réessayez dans quelques minutes."
MESSAGE_503 = "Service momentanément indisponible : la base de données ne répond pas. Réessayez dans une minute."


def _api(request) -> bool:
    return request.path.startswith("/api/")


def handler500(request):
    if _api(request):
        return JsonResponse({"erreur": MESSAGE_500}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def reponse_503(request):
    if _api(request):
        reponse = JsonResponse({"erreur": MESSAGE_503}, status=503)
    else:
        reponse = HttpResponse(loader.get_template("503.html").render(), status=503)
    reponse["Retry-After"] = "60"
    return reponse


class BaseIndisponibleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as erreur:  # raised before a view could answer (session, auth…)
            logger.error("base de données indisponible : %s", erreur)
            return reponse_503(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("base de données indisponible : %s", exception)
            return reponse_503(request)
        return None
