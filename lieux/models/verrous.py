"""A field of a lieu changed by a person (a coordinator in the admin, an accepted contribution, an invited manager):
locked against the imports until the sources themselves change that field's value again (lieux/verrous.py).

`valeur_saisie` is the person's value, `valeur_des_sources` what the derivation from the lieu's source records gave
for that field when the person changed it; both as the records hold them (`Provenance.valeurs`: JSON, a date as
« AAAA-MM-JJ », a point as EWKT). `champ` is a column of lieux_lieu (`localisation` for latitude/longitude).
"""

from django.conf import settings
from django.db import models

from .lieu import Lieu


class VerrouChamp(models.Model):
    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="verrous")
    champ = models.CharField("champ", max_length=60)
    valeur_saisie = models.JSONField("valeur saisie", null=True, blank=True)
    valeur_des_sources = models.JSONField(
        "valeur des sources au moment de la saisie", null=True, blank=True,
        help_text="Tant que les sources donnent cette valeur, la valeur saisie est gardée ; quand elles en changent, "
                  "le verrou est levé.")
    pose_le = models.DateTimeField("saisi le")
    pose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="saisi par")
    origine = models.CharField("origine", max_length=200, blank=True,
                               help_text="D'où vient la saisie : administration, contribution n° …, invitation…")

    class Meta:
        verbose_name = "champ protégé contre les imports"
        verbose_name_plural = "champs protégés contre les imports"
        constraints = [models.UniqueConstraint(fields=["lieu", "champ"], name="verrou_lieu_champ_unique")]

    def __str__(self):
        return f"{self.champ} de {self.lieu_id}"
