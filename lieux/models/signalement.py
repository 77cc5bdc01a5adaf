"""« Signaler une erreur »: a visitor's report on a lieu's sheet, kept for the moderators (listed in the admin).

No e-mail is needed to make or read a report. Abuse is limited by `peut_signaler()`: a few reports per hour from
one address, identified by a keyed hash (`empreinte_client`) so that no IP address is stored.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.utils import timezone

from .lieu import Lieu

MAX_PAR_HEURE = 5  # reports from one address, all lieux together
MAX_PAR_LIEU_ET_JOUR = 2  # reports from one address on one lieu
LONGUEUR_MAX_MESSAGE = 800


class Signalement(models.Model):
    class Rubrique(models.TextChoices):
        HORAIRES = "horaires", "Horaires"
        SERVICES = "services", "Services proposés"
        ADRESSE = "adresse", "Adresse ou position sur la carte"
        CONTACTS = "contacts", "Contacts (téléphone, courriel, site)"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement et modalités d'accès"
        LABELS = "labels", "Labels et dispositifs"
        PUBLIC = "public", "Publics accueillis"
        FERME = "ferme", "Le lieu n'existe plus"
        AUTRE = "autre", "Autre"

    class Statut(models.TextChoices):
        NOUVEAU = "nouveau", "à traiter"
        TRAITE = "traite", "traité"
        REJETE = "rejete", "rejeté"

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="signalements")
    rubriques = ArrayField(models.CharField(max_length=20, choices=Rubrique.choices), verbose_name="rubriques")
    message = models.TextField("message", max_length=LONGUEUR_MAX_MESSAGE, blank=True)
    courriel = models.EmailField("courriel pour être recontacté", blank=True)
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.NOUVEAU, db_index=True)
    note_moderation = models.TextField("note de modération", blank=True)
    empreinte_client = models.CharField("empreinte de l'adresse", max_length=64, db_index=True, editable=False)
    cree_le = models.DateTimeField("reçu le", default=timezone.now, db_index=True)
    traite_le = models.DateTimeField("traité le", null=True, blank=True)

    class Meta:
        verbose_name = "signalement d'erreur"
        verbose_name_plural = "signalements d'erreur"
        ordering = ["-cree_le"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(rubriques=[]), name="signalement_rubriques_non_vides"),
        ]

    def __str__(self):
        return f"Signalement sur « {self.lieu.nom} » du {timezone.localtime(self.cree_le):%d/%m/%Y %H:%M}"

    def libelles_rubriques(self) -> list[str]:
        libelles = dict(self.Rubrique.choices)
        return [libelles.get(r, r) for r in self.rubriques]


def empreinte_client(adresse_ip: str) -> str:
    """A keyed hash of the visitor's address: enough to count their reports, useless to identify them."""
    return hmac.new(settings.SECRET_KEY.encode(), (adresse_ip or "?").encode(), hashlib.sha256).hexdigest()


def enregistrer_si_permis(empreinte: str, lieu: Lieu, **champs) -> Signalement | None:
    """Check the limits and save the report as one step: an advisory lock per address serialises its concurrent
    posts (30 at once used to pass a limit of 2). None when the limit is reached."""
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ["signalement:" + empreinte])
        if not peut_signaler(empreinte, lieu):
            return None
        return Signalement.objects.create(lieu=lieu, empreinte_client=empreinte, **champs)


def peut_signaler(empreinte: str, lieu: Lieu, maintenant=None) -> bool:
    """False when this address already sent MAX_PAR_HEURE reports this hour or MAX_PAR_LIEU_ET_JOUR on this lieu."""
    maintenant = maintenant or timezone.now()
    recents = Signalement.objects.filter(empreinte_client=empreinte)
    if recents.filter(cree_le__gte=maintenant - dt.timedelta(hours=1)).count() >= MAX_PAR_HEURE:
        return False
    return recents.filter(lieu=lieu, cree_le__gte=maintenant - dt.timedelta(days=1)).count() < MAX_PAR_LIEU_ET_JOUR
