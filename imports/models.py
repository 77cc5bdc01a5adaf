"""Sources of lieux, import runs and their per-row report.

An `ImportRun` is one file (or URL) of one `Source`: first analysed (every row normalised, validated and compared with
what the source already gave us; nothing written to the lieux), then applied in one transaction. The analysis is the
dry run an admin previews; `LigneImport` rows are both the report and the staging area the application reads.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from lieux.models import PROVENANCE_DEMO


MESSAGE_NOM_RESERVE = (f"Le nom de source « {PROVENANCE_DEMO} » est réservé aux lieux de démonstration : "
                       "choisissez un autre nom court.")


def nom_reserve(nom: str) -> bool:
    return (nom or "").strip().lower() == PROVENANCE_DEMO


class Source(models.Model):
    """Who sends us lieux (a hub, a collectivité, a national file): `nom` is the key of `lieux.Provenance.source`."""

    nom = models.CharField(
        "nom court", max_length=100, unique=True,
        help_text="Identifiant stable de la source (ex. hub-du-sud) : les lieux sont suivis par (source, id).",
    )
    description = models.TextField("description", blank=True)
    url = models.URLField("adresse du fichier", max_length=1000, blank=True,
                          help_text="Fichier publié par la source, si elle en publie un (ex. data.gouv.fr).")
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    # imports/correspondance/profil.py: how this source's files map to the standard, reused on its next upload
    profil = models.JSONField(
        "profil de correspondance", null=True, blank=True,
        help_text="Colonnes et valeurs du fichier de la source rapportées au standard (format : docs/correspondance.md).",
    )
    profil_modifie_le = models.DateTimeField("profil modifié le", null=True, blank=True)

    class Meta:
        verbose_name = "source"
        verbose_name_plural = "sources"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def clean(self):
        super().clean()
        if nom_reserve(self.nom):
            raise ValidationError({"nom": MESSAGE_NOM_RESERVE})

    def save(self, *args, **kwargs):
        if nom_reserve(self.nom):  # every path, not only the admin's form: the demo lieux are keyed on this name
            raise ValueError(MESSAGE_NOM_RESERVE)
        super().save(*args, **kwargs)

    def profil_de_correspondance(self):
        """The saved profile (imports.correspondance.profil.Profil), or None when the source has none."""
        from imports.correspondance.profil import Profil

        return Profil.depuis_dict(self.profil) if self.profil else None

    def derniere_application(self):
        return self.imports.filter(statut=ImportRun.Statut.APPLIQUE).order_by("-applique_le").first()


class ImportRunQuerySet(models.QuerySet):
    def de_la_source(self, source):
        return self.filter(source=source)

    def en_cours(self):
        return self.filter(statut__in=ImportRun.STATUTS_EN_COURS)

    def appliques(self):
        return self.filter(statut=ImportRun.Statut.APPLIQUE)


class ImportRun(models.Model):
    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente"
        ANALYSE_EN_COURS = "analyse_en_cours", "analyse en cours"
        ANALYSE = "analyse", "analysé, prêt à appliquer"
        APPLICATION_EN_COURS = "application_en_cours", "application en cours"
        APPLIQUE = "applique", "appliqué"
        REFUSE = "refuse", "fichier refusé"
        ECHOUE = "echoue", "échec"

    STATUTS_EN_COURS = (Statut.EN_ATTENTE, Statut.ANALYSE_EN_COURS, Statut.APPLICATION_EN_COURS)
    STATUTS_FINIS = (Statut.ANALYSE, Statut.APPLIQUE, Statut.REFUSE, Statut.ECHOUE)

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="imports")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="importé par",
    )
    fichier = models.FileField("fichier", upload_to="imports/%Y/%m/", max_length=500, blank=True)
    nom_fichier = models.CharField("nom du fichier", max_length=500, blank=True)
    url = models.URLField("adresse téléchargée", max_length=1000, blank=True)
    taille = models.BigIntegerField("taille (octets)", default=0)
    partiel = models.BooleanField(
        "import partiel", default=False,
        help_text="Le fichier ne contient qu'une partie des lieux de la source : les absents ne sont pas archivés.",
    )
    essai = models.BooleanField("essai à blanc", default=True, help_text="Analyse seule, rien n'est écrit.")
    correspondances = models.JSONField("correspondance de colonnes", default=dict, blank=True)
    # the mapping profile this file was read with (imports/correspondance/profil.py, Profil.en_dict()), and where it
    # came from: the report says which mapping was used
    profil = models.JSONField("profil de correspondance utilisé", null=True, blank=True)
    origine_profil = models.CharField(
        "origine du profil", max_length=20, blank=True,
        choices=[("auto", "suggestion automatique"), ("fichier", "fichier de profil"),
                 ("source", "profil enregistré de la source"), ("assistant", "assistant de correspondance")],
    )

    statut = models.CharField(max_length=30, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True)
    etape = models.CharField("étape", max_length=200, blank=True)
    progression = models.FloatField(default=0.0)
    tache = models.CharField("tâche de fond", max_length=64, blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    analyse_le = models.DateTimeField("analysé le", null=True, blank=True)
    applique_le = models.DateTimeField("appliqué le", null=True, blank=True)
    detail_purge_le = models.DateTimeField(
        "détail purgé le", null=True, blank=True,
        help_text="Date à laquelle le détail ligne à ligne a été supprimé (imports/purge.py) ; compteurs conservés.",
    )
    # the source's last applied run when this one was analysed: applying is refused if another came in between
    base = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    format = models.CharField(max_length=20, blank=True)
    encodage = models.CharField(max_length=50, blank=True)
    separateur = models.CharField("séparateur", max_length=20, blank=True)
    version_standard = models.CharField("version du standard", max_length=10, blank=True)
    remarques = models.JSONField("remarques sur le fichier", default=list, blank=True)
    colonnes_manquantes = models.JSONField(default=list, blank=True)
    colonnes_ignorees = models.JSONField("colonnes non reconnues", default=list, blank=True)
    erreur = models.TextField("erreur", blank=True)

    lignes_lues = models.PositiveIntegerField(default=0)
    crees = models.PositiveIntegerField("créés", default=0)
    modifies = models.PositiveIntegerField("mis à jour", default=0)
    inchanges = models.PositiveIntegerField("inchangés", default=0)
    rejetes = models.PositiveIntegerField("rejetés", default=0)
    ignores = models.PositiveIntegerField("ignorés (plus anciens)", default=0)
    archives = models.PositiveIntegerField("archivés", default=0)
    consolidation = models.TextField("rapprochement", blank=True, help_text="Bilan du rapprochement avec les autres sources.")
    avec_avertissements = models.PositiveIntegerField("lignes avec avertissements", default=0)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Import n° {self.pk} — {self.source} — {self.nom_fichier or self.url}"

    def get_absolute_url(self):
        return reverse("admin:imports_importrun_suivi", args=[self.pk])

    @property
    def en_cours(self) -> bool:
        return self.statut in self.STATUTS_EN_COURS

    @property
    def acceptes(self) -> int:
        """Rows that are valid: created, updated, unchanged or kept back because older than our data."""
        return self.crees + self.modifies + self.inchanges + self.ignores

    @property
    def applicable(self) -> bool:
        """Analysed, its detail still there, and at least one row read (a file without rows archives nothing)."""
        return self.statut == self.Statut.ANALYSE and self.detail_purge_le is None and self.lignes_lues > 0

    @property
    def libelle_format(self) -> str:
        """« standard 1.x », « standard 0.1 », or « format inconnu : aucune colonne du standard reconnue »."""
        from .colonnes import LIBELLES_VERSION

        return LIBELLES_VERSION.get(self.version_standard, self.version_standard)

    @property
    def colonnes_bloquantes(self) -> list[str]:
        """The missing required columns that stop the import (the others have a documented default)."""
        from .colonnes import BLOQUANTES

        return [c for c in self.colonnes_manquantes if c in BLOQUANTES]

    def compteurs(self) -> dict[str, int]:
        return {
            "lignes_lues": self.lignes_lues, "crees": self.crees, "modifies": self.modifies,
            "inchanges": self.inchanges, "rejetes": self.rejetes, "ignores": self.ignores,
            "archives": self.archives, "avec_avertissements": self.avec_avertissements,
        }


class LigneImport(models.Model):
    """One row of an import: its fate, its messages, and (until applied) the values to write."""

    class Statut(models.TextChoices):
        CREE = "cree", "nouveau"
        MODIFIE = "modifie", "mis à jour"
        INCHANGE = "inchange", "inchangé"
        REJETE = "rejete", "rejeté"
        IGNORE = "ignore", "ignoré (données en base plus récentes)"
        ARCHIVE = "archive", "archivé (absent du fichier)"

    # no index of its own: the three below start with it (one index less to fill for every staged row)
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="lignes", db_index=False)
    numero = models.PositiveIntegerField("ligne", null=True)
    id_source = models.CharField("identifiant", max_length=255, blank=True)
    statut = models.CharField(max_length=10, choices=Statut.choices)
    messages = models.JSONField(default=list)  # [[champ, niveau, texte], …]
    donnees_brutes = models.JSONField(null=True)
    valeurs = models.JSONField(null=True)  # columns of lieux_lieu, read by jsonb_to_record when applied
    empreinte = models.CharField(max_length=64, blank=True)
    lieu_uid = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = "ligne d'import"
        verbose_name_plural = "lignes d'import"
        ordering = ["run", "numero"]
        indexes = [
            models.Index(fields=["run", "id_source"], name="ligneimport_run_id"),
            models.Index(fields=["run", "statut"], name="ligneimport_run_statut"),
            models.Index(fields=["run", "numero"], name="ligneimport_run_numero"),
        ]

    def __str__(self):
        return f"{self.run_id} · {self.numero} · {self.id_source} · {self.statut}"


from .modeles_conflits import ConflitImport  # noqa: E402, F401  (fields a person changed, met by an import)
