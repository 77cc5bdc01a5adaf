"""French administrative geography (COG 1 January 2026): régions, départements, EPCI, communes.

Loaded by `manage.py load_geography` from the compact files under fixtures/geographie/ (built by
scripts/build_geography.py). Polygons are simplified with shared borders kept exact; `point` is a representative
point inside the territory. The 94 communes of the COM have no geometry (none is published).
"""

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex


class TerritoireQuerySet(models.QuerySet):
    def avec_geometrie(self):
        return self.filter(geom__isnull=False)

    def contenant(self, point):
        """Territories whose polygon contains `point` (a GEOS Point in SRID 4326)."""
        return self.filter(geom__intersects=point)


class Territoire(models.Model):
    code = models.CharField("code INSEE", max_length=9, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    population = models.PositiveIntegerField("population municipale", default=0)
    point = models.PointField("point représentatif", srid=4326, null=True, blank=True)
    geom = models.MultiPolygonField("contour simplifié", srid=4326, null=True, blank=True)

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class Region(Territoire):
    class Meta(Territoire.Meta):
        verbose_name = "région"
        verbose_name_plural = "régions"


class Departement(Territoire):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta(Territoire.Meta):
        verbose_name = "département"
        verbose_name_plural = "départements"


class EPCI(Territoire):
    type = models.CharField("nature juridique", max_length=10, blank=True)  # CC, CA, CU, METRO, MET69

    class Meta(Territoire.Meta):
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"


class Commune(Territoire):
    class Type(models.TextChoices):
        ACTUELLE = "commune-actuelle", "commune"
        ARRONDISSEMENT = "arrondissement-municipal", "arrondissement municipal"

    type = models.CharField(max_length=30, choices=Type.choices, default=Type.ACTUELLE)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes", null=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", null=True)
    epci = models.ForeignKey(EPCI, on_delete=models.SET_NULL, related_name="communes", null=True, blank=True)
    commune_parente = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="arrondissements",
        help_text="Pour un arrondissement municipal : Paris, Lyon ou Marseille.",
    )
    codes_postaux = ArrayField(models.CharField(max_length=5), default=list, blank=True)
    # lowercase, accents removed, hyphens/apostrophes as spaces: filled by load_geography, used by search
    nom_recherche = models.CharField(max_length=200, db_index=True, blank=True)
    # names of communes déléguées / associées and former names, searchable as aliases of this commune
    alias = ArrayField(models.CharField(max_length=200), default=list, blank=True)

    class Meta(Territoire.Meta):
        verbose_name = "commune"
        verbose_name_plural = "communes"
        indexes = [
            GinIndex(fields=["codes_postaux"], name="commune_codes_postaux_gin"),
            GinIndex(name="commune_nom_trgm", fields=["nom_recherche"], opclasses=["gin_trgm_ops"]),
            # sums over the communes of a territory (steering figures) read this small index, not the rows and
            # their polygons: 25 MB of heap for 35 000 communes against ~2 MB
            models.Index(fields=["code"], include=["type", "population", "region", "departement", "epci"],
                         name="commune_code_couvrant"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code})"
