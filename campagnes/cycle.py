"""A campaign's life after its start: one reminder to the lieux that have not answered after
`delai_relance_jours`, then, when the links expire, the lieux that never answered flagged « à vérifier » (never
hidden: the lieu stays on the map, coordinators see it in their queue). Both are idempotent and take only the
campaigns that are due at `maintenant`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone

from lieux.models import Lieu

from .models import Campagne, Envoi


def _dues(campagne_id=None):
    campagnes = Campagne.objects.filter(statut=Campagne.Statut.EN_COURS)
    return campagnes.filter(pk=campagne_id) if campagne_id else campagnes


def relancer(*, campagne_id: int | None = None, maintenant=None) -> int:
    """Ask for the reminder of every envoi sent, unanswered, not bounced, not unsubscribed, of the campaigns whose
    reminder day has come (once per campaign), then queue their sending. Returns how many reminders were asked."""
    from . import taches

    maintenant = maintenant or timezone.now()
    echeance = ExpressionWrapper(F("lancee_le") + F("delai_relance_jours") * dt.timedelta(days=1),
                                 output_field=DateTimeField())
    total = 0
    for campagne in (_dues(campagne_id).filter(relancee_le__isnull=True, fin_le__gt=maintenant)
                     .annotate(echeance=echeance).filter(echeance__lte=maintenant)):
        with transaction.atomic():
            total += Envoi.objects.filter(
                campagne=campagne, envoye_le__isnull=False, repondu_le__isnull=True, rebond_le__isnull=True,
                desinscrit_le__isnull=True, relance_le__isnull=True,
            ).update(a_relancer=True)
            Campagne.objects.filter(pk=campagne.pk).update(relancee_le=maintenant)
            transaction.on_commit(lambda pk=campagne.pk: taches.envoyer_lot.enqueue(pk), robust=True)
    return total


def motif(campagne: Campagne) -> str:
    return f"Sans réponse à la campagne de mise à jour du {timezone.localtime(campagne.lancee_le):%d/%m/%Y}"


def clore(*, campagne_id: int | None = None, maintenant=None) -> int:
    """End the campaigns whose links expired: their lieux that never answered are flagged « à vérifier » (a lieu
    flagged already keeps its earlier date and reason). Returns how many lieux were flagged."""
    maintenant = maintenant or timezone.now()
    total = 0
    for campagne in _dues(campagne_id).filter(fin_le__lte=maintenant):
        with transaction.atomic():
            sans_reponse = Envoi.objects.filter(campagne=campagne, repondu_le__isnull=True).values("lieu_id")
            total += Lieu.objects.filter(uid__in=sans_reponse, a_verifier_depuis__isnull=True).update(
                a_verifier_depuis=maintenant, motif_a_verifier=motif(campagne)[:300])
            Campagne.objects.filter(pk=campagne.pk).update(statut=Campagne.Statut.TERMINEE, close_le=maintenant)
    return total
