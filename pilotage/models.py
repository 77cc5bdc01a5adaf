"""Precomputed distances of territorial steering: per commune and « filtre précalculé », the straight-line distance
from the commune's representative point to the nearest matching active lieu, and the number of matching lieux in the
commune. Written only by pilotage/calcul.py (set-based SQL), read by pilotage/chiffres.py."""

from django.db import models


class DistanceCommune(models.Model):
    commune = models.ForeignKey("lieux.Commune", on_delete=models.CASCADE, related_name="+", db_index=False)
    filtre = models.CharField("filtre précalculé", max_length=20)
    distance_m = models.FloatField("distance au lieu le plus proche (m)", null=True,
                                   help_text="Vide : aucun lieu correspondant nulle part.")
    nb_lieux = models.PositiveIntegerField("lieux correspondants dans la commune", default=0)

    class Meta:
        verbose_name = "distance d'une commune"
        verbose_name_plural = "distances des communes"
        constraints = [models.UniqueConstraint(fields=["filtre", "commune"], name="pilotage_distance_unique")]


class Calcul(models.Model):
    """One run of the computation (the page says when the figures were computed)."""

    fini_le = models.DateTimeField("fini le", auto_now_add=True)
    duree_s = models.FloatField("durée (s)")
    communes = models.PositiveIntegerField("communes calculées")
    motif = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "calcul du pilotage"
        verbose_name_plural = "calculs du pilotage"
        ordering = ["-fini_le"]
