"""Precomputed figures of territorial steering, per commune and « filtre précalculé »: the straight-line distance from
the commune's representative point to the nearest matching active lieu (and which lieu it is, so that an import
recomputes only the communes it can change), and the counts of the matching lieux of the commune that the page sums
over a territory (services, opening coverage, freshness, quality). Written only by pilotage/calcul.py,
pilotage/increments.py and pilotage/agregats.py (set-based SQL), read by pilotage/chiffres.py."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class DistanceCommune(models.Model):
    commune = models.ForeignKey("lieux.Commune", on_delete=models.CASCADE, related_name="+", db_index=False)
    filtre = models.CharField("filtre précalculé", max_length=20)
    distance_m = models.FloatField("distance au lieu le plus proche (m)", null=True,
                                   help_text="Vide : aucun lieu correspondant nulle part.")
    plus_proche = models.BigIntegerField("lieu le plus proche (uid)", null=True,
                                         help_text="Sans clé étrangère : un lieu archivé ou supprimé ne touche pas la "
                                                   "table ; l'import suivant recalcule les communes dont il était le "
                                                   "plus proche.")
    nb_lieux = models.PositiveIntegerField("lieux correspondants dans la commune", default=0)
    nb_a_jour = models.PositiveIntegerField("dont mis à jour depuis moins d'un an (au calcul)", default=0)
    nb_samedi = models.PositiveIntegerField("dont ouverts le samedi", default=0)
    nb_soir = models.PositiveIntegerField("dont ouverts après 18 h", default=0)
    nb_sans_rdv = models.PositiveIntegerField("dont sans rendez-vous", default=0)
    nb_services = ArrayField(models.PositiveIntegerField(), default=list,
                             help_text="Lieux par service, dans l'ordre de lieux.standard.SERVICES.")
    nb_scores = ArrayField(models.PositiveIntegerField(), default=list,
                           help_text="Lieux par classe de score de qualité (pilotage.agregats.CLASSES_SCORE).")

    class Meta:
        verbose_name = "distance d'une commune"
        verbose_name_plural = "distances des communes"
        # the pages read a filter's rows from this index alone (index-only scans: a national page sums 35 000
        # entries instead of visiting the heap; VACUUM after each full computation keeps the visibility map)
        constraints = [models.UniqueConstraint(
            fields=["filtre", "commune"], name="pilotage_distance_unique",
            include=["distance_m", "nb_lieux", "nb_a_jour", "nb_samedi", "nb_soir", "nb_sans_rdv", "nb_services",
                     "nb_scores"])]
        indexes = [models.Index(fields=["plus_proche"], name="pilotage_distance_proche")]


class SourceCommune(models.Model):
    """Active lieux of one source in one commune and their oldest `date_maj` (« sources les plus anciennes »)."""

    commune = models.ForeignKey("lieux.Commune", on_delete=models.CASCADE, related_name="+", db_index=False)
    source = models.CharField("source", max_length=200)
    nb_lieux = models.PositiveIntegerField("lieux actifs")
    plus_ancienne = models.DateField("mise à jour la plus ancienne", null=True)

    class Meta:
        verbose_name = "source d'une commune"
        verbose_name_plural = "sources des communes"
        constraints = [models.UniqueConstraint(fields=["commune", "source"], name="pilotage_source_unique")]


class Calcul(models.Model):
    """One run of the computation (the page says when the figures were computed)."""

    class Mode(models.TextChoices):
        COMPLET = "complet", "toutes les communes"
        INCREMENTAL = "incremental", "communes touchées par un import"

    fini_le = models.DateTimeField("fini le", auto_now_add=True)
    duree_s = models.FloatField("durée (s)")
    communes = models.PositiveIntegerField("communes calculées")
    motif = models.CharField("motif", max_length=200, blank=True)
    mode = models.CharField("mode", max_length=12, choices=Mode.choices, default=Mode.COMPLET)
    distances_recalculees = models.PositiveIntegerField(
        "distances recalculées", default=0, help_text="Lignes commune × filtre dont la distance a été recalculée.")

    class Meta:
        verbose_name = "calcul du pilotage"
        verbose_name_plural = "calculs du pilotage"
        ordering = ["-fini_le"]
