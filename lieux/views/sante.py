"""/sante/: JSON health check — database, PostGIS and background workers — 503 when something needed is down,
never a stack trace. A worker is needed when tasks go through the database queue (taches/sante.py)."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from taches.sante import etat_travailleurs, travailleur_requis

logger = logging.getLogger(__name__)


@never_cache
def sante(request):
    etat = {"application": "ok", "base_de_donnees": "ko", "postgis": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version()")
            etat["postgis"] = cursor.fetchone()[0]
        etat["base_de_donnees"] = "ok"
        etat["taches"] = etat_travailleurs()
    except DatabaseError as exc:  # the one failure this view exists to report
        logger.warning("sante: base de données indisponible: %s", exc)
        etat["erreur"] = "Base de données indisponible"
        return JsonResponse(etat, status=503)
    if travailleur_requis() and not etat["taches"]["travailleurs_actifs"]:
        etat["erreur"] = "Aucun travailleur de tâches de fond actif : les imports et synchronisations attendent."
        return JsonResponse(etat, status=503)
    return JsonResponse(etat)
