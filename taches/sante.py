"""What /sante/ says of the background workers: how many are alive, their last beat, the oldest waiting task."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from taches.models import Travailleur


def travailleur_requis() -> bool:
    """A worker is needed when tasks go through the database queue (not in tests, where they run at once)."""
    return getattr(settings, "TRAVAILLEUR_REQUIS", True)


def etat_travailleurs() -> dict:
    maintenant = timezone.now()
    vivants = Travailleur.objects.vivants(maintenant).count()
    dernier = Travailleur.objects.order_by("-battu_le").values_list("battu_le", flat=True).first()
    attente = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "travailleurs_actifs": vivants,
        "dernier_battement": dernier.isoformat() if dernier else None,
        "taches_en_attente": DBTaskResult.objects.ready().count(),
        "attente_la_plus_longue_s": round((maintenant - attente).total_seconds()) if attente else 0,
    }
