"""The background workers' heartbeats: who is alive, since when, doing what (read by /sante/ and the reaper)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone



def battement() -> dt.timedelta:
    """A worker beats this often (TACHES_BATTEMENT_S, 10 s)."""
    return dt.timedelta(seconds=getattr(settings, "TACHES_BATTEMENT_S", 10))


def absent_apres() -> dt.timedelta:
    """Without a beat for this long a worker is gone (TACHES_ABSENT_APRES_S, 60 s)."""
    return dt.timedelta(seconds=getattr(settings, "TACHES_ABSENT_APRES_S", 60))


class TravailleurQuerySet(models.QuerySet):
    def vivants(self, maintenant=None):
        return self.filter(battu_le__gte=(maintenant or timezone.now()) - absent_apres(), arrete_le__isnull=True)

    def disparus(self, maintenant=None):
        """Workers that stopped beating without saying goodbye (killed, machine lost, database cut for long)."""
        return self.filter(battu_le__lt=(maintenant or timezone.now()) - absent_apres(), arrete_le__isnull=True)


class Travailleur(models.Model):
    identifiant = models.CharField("identifiant", max_length=64, primary_key=True)
    hote = models.CharField("machine", max_length=200)
    pid = models.PositiveIntegerField("processus")
    demarre_le = models.DateTimeField("démarré le", default=timezone.now)
    battu_le = models.DateTimeField("dernier battement", default=timezone.now, db_index=True)
    arrete_le = models.DateTimeField("arrêté le", null=True, blank=True)
    reconnexions = models.PositiveIntegerField("reconnexions à la base", default=0)
    taches_executees = models.PositiveIntegerField("tâches exécutées", default=0)

    objects = TravailleurQuerySet.as_manager()

    class Meta:
        verbose_name = "travailleur"
        verbose_name_plural = "travailleurs"
        ordering = ["-battu_le"]

    def __str__(self):
        return f"{self.hote} (pid {self.pid})"
