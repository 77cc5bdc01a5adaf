"""An update campaign: a coordinator asks every lieu of their territory (or of a filter of it) that publishes an
e-mail address whether its information is still right (docs/campagnes.md).

`Campagne` holds the scope (its creator's territories, narrowed by `filtre`), the delays and the state; one `Envoi`
per lieu reached holds the address written to, the personal link's nonce and every date of the exchange (sent,
opened, answered, reminded, bounced, unsubscribed). `Desinscription` keeps only a hash of an address that asked never
to be written to again by a campaign.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from lieux.models import Lieu

SEL_EMPREINTE = "campagnes:"


def normaliser_courriel(courriel: str) -> str:
    return (courriel or "").strip().lower()


def empreinte_courriel(courriel: str) -> str:
    """The hash kept for an unsubscribed address (the same expression in SQL: campagnes/lancement.py)."""
    return hashlib.sha256((SEL_EMPREINTE + normaliser_courriel(courriel)).encode()).hexdigest()


class Campagne(models.Model):
    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "en cours"
        TERMINEE = "terminee", "terminée"

    nom = models.CharField("nom", max_length=200)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="lancée par",
    )
    territoire = models.CharField(
        "territoire", max_length=500, blank=True,
        help_text="Le territoire de la personne qui l'a lancée, tel que le courriel le nomme.")
    filtre = models.JSONField("filtre", default=dict, blank=True,
                              help_text="Départements, EPCI, communes, source, typologie choisis au lancement.")
    delai_relance_jours = models.PositiveSmallIntegerField("relance après (jours)", default=14)
    duree_jours = models.PositiveSmallIntegerField("liens valables (jours)", default=60)
    confiance = models.BooleanField(
        "appliquer les mises à jour sans modération", default=False,
        help_text="Les adresses publiques des lieux sont de confiance : une mise à jour faite depuis le lien "
                  "personnel est publiée tout de suite (comme une invitation).",
    )
    lancee_le = models.DateTimeField("lancée le", default=timezone.now)
    fin_le = models.DateTimeField("fin le")
    relancee_le = models.DateTimeField("relance envoyée le", null=True, blank=True)
    close_le = models.DateTimeField("close le", null=True, blank=True)
    statut = models.CharField("statut", max_length=10, choices=Statut.choices, default=Statut.EN_COURS)

    class Meta:
        verbose_name = "campagne de mise à jour"
        verbose_name_plural = "campagnes de mise à jour"
        ordering = ["-lancee_le"]

    def __str__(self):
        return f"{self.nom} (n° {self.pk}, {timezone.localtime(self.lancee_le):%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.fin_le is None:
            self.fin_le = self.lancee_le + dt.timedelta(days=self.duree_jours)
        super().save(*args, **kwargs)

    @property
    def expiree(self) -> bool:
        return timezone.now() >= self.fin_le


class EnvoiQuerySet(models.QuerySet):
    def avec_etat(self):
        """Each envoi in exactly one state (the dashboard's columns add up to the number of envois)."""
        return self.annotate(etat=Case(
            When(reponse=Envoi.Reponse.CONFIRME, then=Value(Etat.CONFIRME)),
            When(reponse=Envoi.Reponse.MIS_A_JOUR, then=Value(Etat.MIS_A_JOUR)),
            When(reponse=Envoi.Reponse.FERME, then=Value(Etat.FERME)),
            When(desinscrit_le__isnull=False, then=Value(Etat.DESINSCRIT)),
            When(rebond_le__isnull=False, then=Value(Etat.REBOND)),
            When(ouvert_le__isnull=False, then=Value(Etat.OUVERT)),
            When(envoye_le__isnull=False, then=Value(Etat.SANS_REPONSE)),
            default=Value(Etat.A_ENVOYER), output_field=models.CharField(),
        ))

    def a_envoyer(self):
        """Not sent yet, or a reminder asked for and not sent yet; never a bounced or unsubscribed address."""
        return self.filter(Q(envoye_le__isnull=True) | Q(a_relancer=True, relance_le__isnull=True),
                           rebond_le__isnull=True, desinscrit_le__isnull=True)


class Etat(models.TextChoices):
    A_ENVOYER = "a_envoyer", "pas encore envoyé"
    SANS_REPONSE = "sans_reponse", "envoyé, sans réponse"
    OUVERT = "ouvert", "ouvert, sans réponse"
    CONFIRME = "confirme", "rien n'a changé"
    MIS_A_JOUR = "mis_a_jour", "mis à jour"
    FERME = "ferme", "n'existe plus"
    REBOND = "rebond", "adresse en erreur"
    DESINSCRIT = "desinscrit", "désinscrit"


class Envoi(models.Model):
    class Reponse(models.TextChoices):
        CONFIRME = "confirme", "Rien n'a changé"
        MIS_A_JOUR = "mis_a_jour", "Je mets à jour"
        FERME = "ferme", "Ce lieu n'existe plus ou n'accueille plus de public"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="envois")
    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="envois_de_campagne")
    courriel = models.EmailField("courriel", max_length=254)
    nonce = models.CharField("nonce du lien", max_length=32)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    ouvert_le = models.DateTimeField("page ouverte le", null=True, blank=True)
    repondu_le = models.DateTimeField("répondu le", null=True, blank=True)
    reponse = models.CharField("réponse", max_length=12, choices=Reponse.choices, blank=True, default="")
    a_relancer = models.BooleanField("relance demandée", default=False)
    relance_le = models.DateTimeField("relancé le", null=True, blank=True)
    rebond_le = models.DateTimeField("erreur d'envoi le", null=True, blank=True)
    erreur = models.CharField("erreur d'envoi", max_length=300, blank=True, default="")
    desinscrit_le = models.DateTimeField("désinscrit le", null=True, blank=True)
    invitation = models.ForeignKey("contributions.Invitation", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    objects = EnvoiQuerySet.as_manager()

    class Meta:
        verbose_name = "envoi de campagne"
        verbose_name_plural = "envois de campagne"
        constraints = [models.UniqueConstraint(fields=["campagne", "lieu"], name="envoi_campagne_lieu_unique")]
        indexes = [models.Index(fields=["campagne", "envoye_le"], name="envoi_campagne_envoye")]

    def __str__(self):
        return f"Envoi n° {self.pk} à « {self.lieu} »"


class Desinscription(models.Model):
    """An address that asked never to receive a campaign again: only its hash is kept."""

    empreinte = models.CharField("empreinte de l'adresse", max_length=64, unique=True)
    cree_le = models.DateTimeField("désinscrite le", default=timezone.now)

    class Meta:
        verbose_name = "désinscription"
        verbose_name_plural = "désinscriptions"

    def __str__(self):
        return f"Adresse désinscrite le {timezone.localtime(self.cree_le):%d/%m/%Y}"
