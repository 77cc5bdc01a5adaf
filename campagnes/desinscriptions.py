"""Unsubscribing an address from every campaign: its hash kept (`Desinscription`), the messages still waiting to
be sent to it in running campaigns cancelled (their envois dated « désinscrit »). The lieu stays on the map."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Desinscription, Envoi, empreinte_courriel, normaliser_courriel


def est_desinscrite(courriel: str) -> bool:
    return Desinscription.objects.filter(empreinte=empreinte_courriel(courriel)).exists()


@transaction.atomic
def desinscrire(courriel: str) -> None:
    Desinscription.objects.get_or_create(empreinte=empreinte_courriel(courriel))
    Envoi.objects.filter(courriel=normaliser_courriel(courriel), desinscrit_le__isnull=True).update(
        desinscrit_le=timezone.now())
