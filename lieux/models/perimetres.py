"""Coordinator accounts scoped to territories: a coordinator sees and changes only what lies in their territories.

A `Coordinateur` row ties one staff account to régions, départements, EPCI and communes (any mix); `national` gives
the whole country. A superuser is national. A staff account without this row sees no territory's data at all:
the scope is enforced by the querysets of lieux/perimetres.py, not by hiding links.
"""

from django.conf import settings
from django.db import models

from .territoires import EPCI, Commune, Departement, Region


class Coordinateur(models.Model):
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinateur", verbose_name="compte",
    )
    national = models.BooleanField(
        "administrateur national", default=False, help_text="Voit et modifie les données de toute la France.",
    )
    regions = models.ManyToManyField(Region, blank=True, verbose_name="régions", related_name="+")
    departements = models.ManyToManyField(Departement, blank=True, verbose_name="départements", related_name="+")
    epcis = models.ManyToManyField(EPCI, blank=True, verbose_name="EPCI", related_name="+")
    communes = models.ManyToManyField(Commune, blank=True, verbose_name="communes", related_name="+")

    class Meta:
        verbose_name = "coordinateur"
        verbose_name_plural = "coordinateurs"

    def __str__(self):
        return self.utilisateur.get_full_name() or self.utilisateur.get_username()
