"""Temporary closures and exceptional hours of a lieu, declared by its coordinator (admin) or by the lieu itself
(invitation link): dates, a type, a short message for the public. Rules in lieux/fermetures.py, queries at request
time in lieux/fermetures_requetes.py (docs/fermetures.md). Not part of the standard: never exported in it."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.contrib.postgres.fields import DateRangeField
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from psycopg.types.range import Range as DateRange
from django.utils import timezone

from lieux.models.lieu import Lieu

MESSAGE_MAX = 200


CLE_GENERATION = "fermetures-generation"


def generation() -> int:
    """Bumped at every save or delete of a declaration: the keys of lieux/fermetures_affichage.py's cache."""
    return cache.get_or_set(CLE_GENERATION, 0, None)


def nouvelle_generation() -> None:
    cache.set(CLE_GENERATION, time.time_ns(), None)


class PlageDates(Func):
    """daterange(debut, fin, '[]'): the closure's days, both ends included (for the GiST index and `&&`)."""

    function = "daterange"
    template = "%(function)s(%(expressions)s, '[]')"
    output_field = DateRangeField()


class FermetureQuerySet(models.QuerySet):
    def couvrant(self, premier, dernier=None):
        """Closures covering at least one day of [premier, dernier] (dates, both included)."""
        plage = DateRange(premier, dernier or premier, "[]")
        return self.alias(plage=PlageDates(F("debut"), F("fin"))).filter(plage__overlap=plage)

    def en_cours_ou_a_venir(self, jour):
        return self.filter(fin__gte=jour).order_by("debut", "fin")


class FermetureTemporaire(models.Model):
    class Type(models.TextChoices):
        FERMETURE = "fermeture", "fermeture"
        HORAIRES_EXCEPTIONNELS = "horaires_exceptionnels", "horaires exceptionnels"

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="fermetures")
    debut = models.DateField("premier jour")
    fin = models.DateField("dernier jour", help_text="Inclus : le lieu rouvre le lendemain.")
    type = models.CharField("type", max_length=25, choices=Type.choices, default=Type.FERMETURE)
    horaires = models.TextField(
        "horaires de ces jours-là", blank=True,
        help_text="Pour des horaires exceptionnels, au format OpenStreetMap, par exemple « 10:00-12:00 » "
                  "ou « Mo-Fr 14:00-17:00 ».",
    )
    message = models.CharField("message au public", max_length=MESSAGE_MAX, blank=True,
                               help_text="Court, en texte simple : par exemple « congés », « travaux ».")
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name="déclarée par (compte)")
    courriel_declarant = models.EmailField("déclarée par (adresse invitée)", blank=True)
    cree_le = models.DateTimeField("déclarée le", default=timezone.now)

    objects = FermetureQuerySet.as_manager()

    class Meta:
        verbose_name = "fermeture temporaire ou horaires exceptionnels"
        verbose_name_plural = "fermetures temporaires et horaires exceptionnels"
        ordering = ["debut", "fin"]
        indexes = [
            models.Index(fields=["lieu", "debut", "fin"], name="fermeture_lieu_dates"),
            GistIndex(PlageDates(F("debut"), F("fin")), name="fermeture_plage_gist"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gte=F("debut")), name="fermeture_fin_apres_debut"),
        ]

    def __str__(self):
        return f"{self.get_type_display().capitalize()} du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        nouvelle_generation()

    def delete(self, *args, **kwargs):
        resultat = super().delete(*args, **kwargs)
        nouvelle_generation()
        return resultat

    @property
    def est_fermeture(self) -> bool:
        return self.type == self.Type.FERMETURE

    def clean(self):
        from lieux.fermetures import erreurs_declaration

        erreurs = erreurs_declaration(self.debut, self.fin, self.type, self.horaires, self.message)
        if erreurs:
            raise ValidationError(erreurs)
