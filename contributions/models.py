"""A contribution: a lieu declared by the public (« Déclarer un lieu ») or an update proposed on a lieu's sheet
(« Proposer une mise à jour »), kept as a pending change until a coordinator of the lieu's territory moderates it.

`valeurs` holds the proposed values by the standard's column names (lieux.standard), plus `latitude`/`longitude`;
`valeurs_avant` the lieu's values when the proposal was made, so the moderator sees a field-by-field diff even if
the lieu changed since. The contributor's name and e-mail are personal data: the purge command clears them after
the retention period (docs/donnees-personnelles.md).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from lieux.models import Commune, Lieu


class ContributionQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=Contribution.Statut.EN_ATTENTE)

    def du_perimetre(self, user):
        """Only the contributions of the account's territories (lieux/perimetres.py)."""
        from lieux.perimetres import q_perimetre

        return self.filter(q_perimetre(user, "commune_officielle"))


class Contribution(models.Model):
    class Type(models.TextChoices):
        DECLARATION = "declaration", "déclaration d'un nouveau lieu"
        MISE_A_JOUR = "mise_a_jour", "proposition de mise à jour"

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente de modération"
        ACCEPTEE = "acceptee", "acceptée"
        ACCEPTEE_EN_PARTIE = "acceptee_en_partie", "acceptée en partie"
        REFUSEE = "refusee", "refusée"

    class Role(models.TextChoices):
        RESPONSABLE = "responsable", "Je travaille dans ce lieu ou je le dirige"
        MEDIATEUR = "mediateur", "Je suis médiateur, médiatrice ou travailleur social"
        USAGER = "usager", "Je fréquente ce lieu"
        AUTRE = "autre", "Autre"

    type = models.CharField("type", max_length=20, choices=Type.choices)
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True,
    )
    lieu = models.ForeignKey(
        Lieu, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions",
        help_text="Le lieu mis à jour ; pour une déclaration, le lieu créé quand elle est acceptée.",
    )
    commune_officielle = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="commune", help_text="Désigne les coordinateurs qui la modèrent.",
    )
    valeurs = models.JSONField("valeurs proposées", default=dict)
    valeurs_avant = models.JSONField("valeurs du lieu au moment de la proposition", default=dict, blank=True)
    champs_acceptes = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name="champs acceptés")
    message = models.TextField("message du contributeur", blank=True, max_length=2000)
    nom_contributeur = models.CharField("nom du contributeur", max_length=200, blank=True)
    courriel_contributeur = models.EmailField("courriel du contributeur", blank=True)
    role_contributeur = models.CharField("le contributeur", max_length=20, choices=Role.choices, blank=True)
    empreinte_client = models.CharField("empreinte de l'adresse", max_length=64, db_index=True, editable=False)
    cree_le = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    traite_le = models.DateTimeField("modérée le", null=True, blank=True)
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="modérée par",
    )
    motif_refus = models.TextField("motif du refus", blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = "contribution"
        verbose_name_plural = "contributions"
        ordering = ["-cree_le"]

    def __str__(self):
        nom = self.valeurs.get("nom") or (self.lieu.nom if self.lieu_id else "?")
        return f"{self.get_type_display().capitalize()} : « {nom} » ({timezone.localtime(self.cree_le):%d/%m/%Y})"


class Invitation(models.Model):
    """A coordinator invited the person who runs a lieu to edit it directly (contributions/invitations.py): the
    e-mailed link carries a signed token naming this row, so that it can be revoked and its use traced."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="invitations")
    courriel = models.EmailField("courriel de la personne invitée")
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="invitée par",
    )
    cree_le = models.DateTimeField("envoyée le", default=timezone.now)
    utilisee_le = models.DateTimeField("lien utilisé pour la dernière fois le", null=True, blank=True)
    revoquee = models.BooleanField("révoquée", default=False)

    class Meta:
        verbose_name = "invitation à modifier un lieu"
        verbose_name_plural = "invitations à modifier un lieu"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Invitation de {self.courriel} sur « {self.lieu.nom} »"
