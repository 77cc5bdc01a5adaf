"""Retention of personal data (docs/donnees-personnelles.md), applied by `manage.py purger_donnees_personnelles`,
itself run by the nightly `purger_imports` (setting PURGES_ASSOCIEES).

After `CONTRIBUTIONS_CONSERVATION_JOURS` days (180 by default):
- a contribution still waiting for moderation, received that long ago, is deleted (nobody will act on it);
- a moderated contribution keeps what it changed (values, fields accepted, dates, moderator, reason of a refusal)
  but loses who sent it: the contributor's name, e-mail and message, and the keyed hash of their address.
After `SIGNALEMENTS_CONSERVATION_JOURS` days (180 by default), an error report (« Signaler une erreur ») keeps its
rubrics, message and status but loses the e-mail left to be contacted back and the keyed hash of the address.
Lieux' own public contacts (the standard's `courriels`, `telephone`) are published data: never touched here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lieux.models import Signalement

from .models import Contribution


@dataclass(frozen=True)
class Bilan:
    contributions_supprimees: int
    contributions_anonymisees: int
    signalements_anonymises: int

    def __str__(self):
        return (f"{self.contributions_supprimees} contribution(s) en attente supprimée(s), "
                f"{self.contributions_anonymisees} contribution(s) modérée(s) sans plus de coordonnées, "
                f"{self.signalements_anonymises} signalement(s) sans plus de courriel.")


def jours_contributions() -> int:
    return int(getattr(settings, "CONTRIBUTIONS_CONSERVATION_JOURS", 180))


def jours_signalements() -> int:
    return int(getattr(settings, "SIGNALEMENTS_CONSERVATION_JOURS", 180))


def purger(maintenant: dt.datetime | None = None, jours: int | None = None,
           jours_signalements_: int | None = None) -> Bilan:
    jours = jours_contributions() if jours is None else jours
    jours_signalements_ = jours_signalements() if jours_signalements_ is None else jours_signalements_
    if jours < 1 or jours_signalements_ < 1:
        raise ValueError("La durée de conservation des données personnelles doit être d'au moins un jour.")
    maintenant = maintenant or timezone.now()
    limite = maintenant - dt.timedelta(days=jours)
    limite_signalements = maintenant - dt.timedelta(days=jours_signalements_)
    with transaction.atomic():
        supprimees, _ = Contribution.objects.en_attente().filter(cree_le__lt=limite).delete()
        anonymisees = (
            Contribution.objects.exclude(statut=Contribution.Statut.EN_ATTENTE)
            .filter(Q(traite_le__lt=limite) | Q(traite_le__isnull=True, cree_le__lt=limite))
            .exclude(nom_contributeur="", courriel_contributeur="", message="", empreinte_client="")
            .update(nom_contributeur="", courriel_contributeur="", message="", empreinte_client="")
        )
        signalements = (
            Signalement.objects.filter(cree_le__lt=limite_signalements)
            .exclude(courriel="", empreinte_client="")
            .update(courriel="", empreinte_client="")
        )
    return Bilan(supprimees, anonymisees, signalements)
