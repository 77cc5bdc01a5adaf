"""/sante/: JSON health check (database and PostGIS), 503 when the database is down, never a stack trace."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def sante(request):
    etat = {"application": "ok", "base_de_donnees": "ko", "postgis": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version()")
            etat["postgis"] = cursor.fetchone()[0]
        etat["base_de_donnees"] = "ok"
    except DatabaseError as exc:  # the one failure this view exists to report
        logger.warning("sante: base de données indisponible: %s", exc)
        etat["erreur"] = "Base de données indisponible"
        return JsonResponse(etat, status=503)
    return JsonResponse(etat)
