"""What an import met on the fields a person had changed (lieux/verrous.py): the person's value kept while the file
still says another (a conflict the coordinator can settle with « Prendre la valeur du fichier »), or the lock lifted
because the file changed that field's value. Listed on the import's follow-up page (imports/admin_conflits.py)."""

from django.conf import settings
from django.db import models

from lieux.models import Lieu


class ConflitImport(models.Model):
    class Nature(models.TextChoices):
        CONFLIT = "conflit", "valeur saisie conservée"
        LEVEE = "levee", "verrou levé : le fichier a changé la valeur"

    run = models.ForeignKey("imports.ImportRun", on_delete=models.CASCADE, related_name="conflits",
                            verbose_name="import")
    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="+")
    champ = models.CharField("champ", max_length=60)
    nature = models.CharField("nature", max_length=10, choices=Nature.choices, default=Nature.CONFLIT)
    valeur_conservee = models.JSONField("valeur saisie", null=True, blank=True)
    valeur_du_fichier = models.JSONField("valeur du fichier", null=True, blank=True)
    saisie_le = models.DateTimeField("saisie le", null=True, blank=True)
    resolu = models.BooleanField("résolu", default=False)
    resolu_le = models.DateTimeField("résolu le", null=True, blank=True)
    resolu_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="résolu par")

    class Meta:
        verbose_name = "conflit avec une saisie manuelle"
        verbose_name_plural = "conflits avec des saisies manuelles"
        ordering = ["run", "lieu_id", "champ"]

    def __str__(self):
        return f"{self.champ} du lieu {self.lieu_id} (import {self.run_id})"
