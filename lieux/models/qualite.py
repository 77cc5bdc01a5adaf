"""The quality score of each lieu (kept by PostgreSQL: lieux/projections/qualite.py) and how often lieux are shown
(the « À vérifier » queue puts first the lieux people actually reach: lieux/affichages.py)."""

from django.conf import settings
from django.db import models

from .lieu import Lieu


class QualiteLieu(models.Model):
    """One row per lieu: its score (0–100) and the points it lost, each with its reason (lieux/qualite.py)."""

    lieu = models.OneToOneField(Lieu, primary_key=True, on_delete=models.CASCADE, related_name="qualite")
    score = models.SmallIntegerField("score de qualité", db_index=True)
    pertes = models.JSONField("points perdus", default=list)  # [{code, libelle, points}, …]
    calcule_le = models.DateField("calculé le")

    class Meta:
        db_table = "lieux_qualite"
        verbose_name = "qualité d'un lieu"
        verbose_name_plural = "qualité des lieux"

    def __str__(self):
        return f"{self.lieu_id} : {self.score}"

    @property
    def detail(self) -> list[str]:
        return [f"{p['libelle']} : −{p['points']}" for p in self.pertes]


class AffichageLieu(models.Model):
    """How many times a lieu was shown on a day (its sheet, the orientation's results): one row per lieu and day."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False)
    jour = models.DateField("jour")
    nombre = models.PositiveIntegerField("affichages", default=0)

    class Meta:
        verbose_name = "affichages d'un lieu"
        verbose_name_plural = "affichages des lieux"
        constraints = [models.UniqueConstraint(fields=["lieu", "jour"], name="affichagelieu_lieu_jour")]


class VerificationLieu(models.Model):
    """Who marked a lieu « vérifié » in the « À vérifier » queue, and when (the flag itself is cleared on the lieu)."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="verifications")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    le = models.DateTimeField("vérifié le", auto_now_add=True)
    motif = models.CharField("motif levé", max_length=300, blank=True)
    score = models.SmallIntegerField("score à ce moment", null=True)

    class Meta:
        verbose_name = "vérification d'un lieu"
        verbose_name_plural = "vérifications des lieux"
        ordering = ["-le"]
