"""The lieu de médiation numérique: the 32 columns of the standard v1.0.2 plus our own bookkeeping.

Field names are the standard's column names (`lieux.standard.COLONNES`); `latitude`/`longitude` are read from the
`localisation` point. The territory links are named `commune_officielle`, `departement`, `region`, `epci` because the
standard already uses `commune` for the commune's name. Every lieu keeps its `Provenance` records.
"""

import math

from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.measure import D
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db.models import BooleanField, Exists, F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject

from lieux import standard
from lieux.projections import analyses, masque

from .territoires import EPCI, Commune, Departement, Region

# Demo lieux (lieux/demo.py) are keyed on their import source, as every imported lieu is: a Provenance of the source
# « demonstration », a name no real source may take (imports.models.Source). Their standard `source` column only
# says who produced them, like any file's: a real file whose `source` column says « demo » stays real data.
PROVENANCE_DEMO = "demonstration"
SOURCE_DEMO = "Démonstration (lieux fictifs)"
UIDS_DEMO_SQL = f"select lieu_id from lieux_provenance where source = '{PROVENANCE_DEMO}'"
GRILLE_PAR_DEGRE = 65536  # steps of Lieu.grille_x / grille_y per degree (~1.7 m of latitude)
GRILLE_BANDES_PAR_DEGRE = 16  # Lieu.grille_bande: bands of latitude per degree (~7 km)


def _liste(nom_champ, max_length=200):
    champ = standard.CHAMPS_PAR_NOM[nom_champ]
    base = models.CharField(max_length=max_length, choices=standard.choices(nom_champ) or None)
    return ArrayField(base, default=list, blank=True, verbose_name=champ.libelle, help_text=champ.aide)


def _texte(nom_champ, max_length=None, **kwargs):
    champ = standard.CHAMPS_PAR_NOM[nom_champ]
    kwargs.setdefault("blank", not champ.requis)
    kwargs.setdefault("help_text", champ.aide)
    if max_length:
        return models.CharField(champ.libelle, max_length=max_length, **kwargs)
    return models.TextField(champ.libelle, **kwargs)


# the fields whose texts the projections' trigger needs analysed before a write (lieux/projections/analyses.py)
CHAMPS_ANALYSES = {"horaires", "code_postal"}


class LieuQuerySet(models.QuerySet):
    # --- writes: PostgreSQL keeps the projections; only the hours' analyses are prepared here (lieux/projections/)

    def update(self, **valeurs):
        analyses.preparer_mise_a_jour(self, valeurs)
        return super().update(**valeurs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        analyses.preparer_lieux(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if CHAMPS_ANALYSES & set(fields):
            analyses.preparer_lieux(objs)
        return super().bulk_update(objs, fields, *args, **kwargs)

    # --- reads

    def avec_ligne_recue(self):
        """Each lieu with the raw record of its latest provenance (`ligne_recue`), in the same query: the sheet shows
        the source's own hours text from it (lieux.fiche.horaires_communiques); and `sources_actives`, its active
        records as [{pk, source}] (lieux.fiche.sources_du_lieu)."""
        recente = Provenance.objects.filter(lieu=OuterRef("pk")).order_by("-recue_le").values("donnees_brutes")[:1]
        # and its active records' (pk, import source): the sheet names the sources of a lieu they describe together
        actives = (Provenance.objects.filter(lieu=OuterRef("pk"), actif=True).order_by("source", "pk")
                   .values_list(JSONObject(pk="pk", source="source")))
        # and its quality score (lieux_qualite, one join): the sheet's « Proposez une mise à jour » (lieux/fiche.py)
        return self.select_related("qualite").annotate(ligne_recue=Subquery(recente, output_field=models.JSONField()),
                                                       sources_actives=ArraySubquery(actives))

    def actifs(self):
        return self.filter(statut=Lieu.Statut.ACTIF)

    def archives(self):
        return self.filter(statut=Lieu.Statut.ARCHIVE)

    def demo(self):
        return self.filter(_de_demonstration())

    def reels(self):
        return self.exclude(_de_demonstration())

    def localises(self):
        return self.filter(localisation__isnull=False)

    def dans_region(self, code):
        return self.filter(region_id=code)

    def dans_departement(self, code):
        return self.filter(departement_id=code)

    def dans_commune(self, code):
        """The commune and, for Paris, Lyon and Marseille, its arrondissements (a semi-join: the FK index is used)."""
        return self.dans_territoires("commune", [code])

    def a_moins_de(self, point, km):
        """Lieux within `km` of `point` (index-assisted ST_DWithin on geography)."""
        return self.filter(localisation__dwithin=(point, D(km=km)))

    def proposant(self, *services):
        return self.filter(services__overlap=list(services))

    # --- map, lists and API (lieux/filtres.py builds on these) ---

    def ayant_un_de(self, champ, valeurs):
        """Lieux whose multi-valued standard field `champ` holds at least one of `valeurs`: a bit test on
        `masque_carte` for enumerated fields (index-only map counts, see lieux/projections/masque.py), array overlap otherwise."""
        if champ in masque.CHAMPS_MASQUE:
            return self._ayant_bits(champ, masque.bits_de(champ, valeurs))
        if champ not in {c.nom for c in standard.CHAMPS_MULTIPLES}:
            raise ValueError(f"{champ} n'est pas un champ à valeurs multiples du standard")
        return self.filter(**{f"{champ}__overlap": list(valeurs)})

    def _ayant_bits(self, nom, bits):
        alias = f"_masque_{nom}"
        return self.alias(**{alias: F("masque_carte").bitand(bits)}).filter(**{f"{alias}__gt": 0})

    def avec_rdv_en_ligne(self):
        """A `prise_rdv` link or the access mode « Prendre un RDV en ligne »."""
        return self._ayant_bits("rdv", masque.RDV_EN_LIGNE)

    def avec_fiche_acces_libre(self):
        return self._ayant_bits("acces_libre", masque.ACCES_LIBRE)

    def dans_territoire(self, niveau, code):
        """`niveau` is region, departement, commune or epci (codes INSEE / SIREN)."""
        methodes = {"region": self.dans_region, "departement": self.dans_departement, "commune": self.dans_commune,
                    "epci": lambda c: self.filter(epci_id=c)}
        return methodes[niveau](code)

    def dans_territoires(self, niveau, codes):
        if niveau == "commune":
            communes = Commune.objects.filter(Q(code__in=codes) | Q(commune_parente_id__in=codes)).values("code")
            return self.filter(commune_officielle_id__in=communes)
        return self.filter(**{f"{niveau}_id__in": list(codes)})

    def dans_bbox(self, ouest, sud, est, nord):
        """Lieux inside a WGS84 box: the GiST index answers `&&`, the geometry cast makes the edges straight.

        A geography envelope wider than 180° is read the other way round the globe (`-100,-60,100,60` found nothing)
        and one touching a pole fails (« antipodal »): wide boxes are cut in slices of at most 90°, OR'ed, and the
        latitudes kept off the poles."""
        sud, nord = max(sud, -89.99), min(nord, 89.99)
        tranches = max(1, math.ceil((est - ouest) / 90.0))
        pas = (est - ouest) / tranches
        morceaux, parametres = [], []
        for i in range(tranches):
            o, e = ouest + i * pas, ouest + (i + 1) * pas
            morceaux.append('("lieux_lieu"."localisation" && ST_MakeEnvelope(%s, %s, %s, %s, 4326)::geography'
                            ' AND "lieux_lieu"."localisation"::geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326))')
            parametres += [o, sud, e, nord] * 2
        return self.filter(RawSQL("(" + " OR ".join(morceaux) + ")", parametres, output_field=BooleanField()))

    def par_distance(self, point):
        """Nearest first (PostGIS KNN `<->` on the GiST index); `distance` (metres) annotated for display only.
        No second sort key: it would stop PostgreSQL from walking the index in distance order."""
        return self.annotate(distance=Distance("localisation", point)).order_by(GeometryDistance("localisation", point))


class Lieu(models.Model):
    class Statut(models.TextChoices):
        ACTIF = "actif", "actif"
        ARCHIVE = "archive", "archivé"
        # its records now describe another lieu (`fusionne_dans`): kept, so that its address still leads somewhere
        FUSIONNE = "fusionne", "fusionné"

    class Precision(models.TextChoices):
        SOURCE = "source", "coordonnées de la source"
        ADRESSE = "adresse", "géocodé à l'adresse"
        COMMUNE = "commune", "placé approximativement au centre de la commune"

    uid = models.BigAutoField(primary_key=True)

    # --- the 32 columns of the standard, in order (latitude/longitude: see `localisation`) ---
    id = _texte("id", 255, blank=False)
    pivot = _texte("pivot", 14, default=standard.PIVOT_INCONNU)
    nom = _texte("nom", 500)
    commune = _texte("commune", 200)
    code_postal = _texte("code_postal", 5)
    code_insee = _texte("code_insee", 5)
    adresse = _texte("adresse", 500)
    complement_adresse = _texte("complement_adresse", 500)
    localisation = models.PointField(
        "localisation", geography=True, srid=4326, null=True, blank=True,
        help_text="Latitude et longitude (WGS84) du standard.",
    )
    typologie = _liste("typologie", 30)
    telephone = _texte("telephone", 20)
    courriels = _liste("courriels", 254)
    site_web = _liste("site_web", 500)
    horaires = _texte("horaires")
    presentation_resume = _texte("presentation_resume", 280)
    presentation_detail = _texte("presentation_detail")
    source = _texte("source", 200)
    itinerance = _liste("itinerance")
    structure_parente = _texte("structure_parente", 500)
    date_maj = models.DateField("date de mise à jour")
    services = _liste("services")
    publics_specifiquement_adresses = _liste("publics_specifiquement_adresses")
    prise_en_charge_specifique = _liste("prise_en_charge_specifique")
    frais_a_charge = _liste("frais_a_charge")
    dispositif_programmes_nationaux = _liste("dispositif_programmes_nationaux")
    formations_labels = _liste("formations_labels")
    autres_formations_labels = _liste("autres_formations_labels", 500)
    modalites_acces = _liste("modalites_acces")
    modalites_accompagnement = _liste("modalites_accompagnement")
    fiche_acces_libre = _texte("fiche_acces_libre", 500)
    prise_rdv = _texte("prise_rdv", 500)

    # --- our own bookkeeping ---
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.ACTIF)
    precision_localisation = models.CharField(
        "précision de la localisation", max_length=10, choices=Precision.choices, default=Precision.SOURCE
    )
    commune_officielle = models.ForeignKey(
        Commune, verbose_name="commune (COG)", on_delete=models.SET_NULL, null=True, blank=True, related_name="lieux",
        db_index=False,
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.SET_NULL, null=True, blank=True, related_name="lieux", db_index=False
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="lieux", db_index=False
    )
    epci = models.ForeignKey(
        EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="lieux", db_index=False
    )
    # every enumerated value as a bit, computed by PostgreSQL: the map counts read it from the lieu_carte_* indexes
    masque_carte = models.GeneratedField(
        expression=RawSQL(masque.expression_sql(), []), output_field=models.BigIntegerField(), db_persist=True,
        verbose_name="masque de la carte",
    )
    # the point on an integer grid of 1/65536 degree (~1.7 m), computed by PostgreSQL: the map's grid clusters
    # count index-only scans of lieu_carte_grille (lieux/agregation.py)
    grille_x = models.GeneratedField(
        expression=RawSQL(f'floor((ST_X("localisation"::geometry) + 180) * {GRILLE_PAR_DEGRE})::integer', []),
        output_field=models.IntegerField(), db_persist=True, verbose_name="abscisse sur la grille de la carte",
    )
    grille_y = models.GeneratedField(
        expression=RawSQL(f'floor((ST_Y("localisation"::geometry) + 90) * {GRILLE_PAR_DEGRE})::integer', []),
        output_field=models.IntegerField(), db_persist=True, verbose_name="ordonnée sur la grille de la carte",
    )
    # band of 1/16 degree of latitude: first key of lieu_carte_grille, a box reads only its bands' x ranges
    grille_bande = models.GeneratedField(
        expression=RawSQL(f'floor((ST_Y("localisation"::geometry) + 90) * {GRILLE_BANDES_PAR_DEGRE})::smallint', []),
        output_field=models.SmallIntegerField(), db_persist=True, verbose_name="bande de latitude de la carte",
    )
    # consolidation (lieux/consolidation/): the lieu its records joined, and which record gave each field
    fusionne_dans = models.ForeignKey(
        "self", verbose_name="fusionné dans", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )
    lignee = models.JSONField(
        "lignée des champs", default=dict, db_default=models.Value({}, models.JSONField()), blank=True, editable=False,
        help_text="Pour un lieu décrit par plusieurs sources : champ → identifiants des provenances qui l'ont donné.",
    )
    # « à vérifier »: a lieu whose data may be wrong (no answer to an update campaign, a low quality score…). It stays
    # on the map (never hidden silently); coordinators see it in their « à vérifier » queue until it is checked.
    a_verifier_depuis = models.DateTimeField("à vérifier depuis", null=True, blank=True, db_index=True)
    motif_a_verifier = models.CharField("pourquoi le vérifier", max_length=300, blank=True, default="", db_default="")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = LieuQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        ordering = ["nom"]
        indexes = [
            GinIndex(fields=["services"], name="lieu_services_gin"),
            models.Index(fields=["source", "id"], name="lieu_source_id"),
            models.Index(fields=["id", "uid"], name="lieu_id_uid"),  # the national export's ids (imports/export.py)
            # plain btree indexes (Django's automatic ones on varchar keys come with a useless `_like` twin)
            models.Index(fields=["code_insee"], name="lieu_code_insee"),
            models.Index(fields=["commune_officielle"], name="lieu_commune"),
            models.Index(fields=["departement"], name="lieu_departement"),
            models.Index(fields=["region"], name="lieu_region"),
            models.Index(fields=["epci"], name="lieu_epci"),
            models.Index(fields=["statut"], name="lieu_statut"),
            # the map's counts: index-only scans over (territory, masque_carte) of the active, located lieux
            *(models.Index(fields=champs, include=["masque_carte"], name=f"lieu_carte_{nom}",
                           condition=Q(statut="actif", localisation__isnull=False))
              for nom, champs in (("region", ["region", "departement"]),
                                  ("departement", ["departement", "commune_officielle"]),
                                  ("commune", ["commune_officielle"]))),
            # the grid clusters of a map box, index-only: position, then what the filters and the answer need
            models.Index(fields=["grille_bande", "grille_x", "grille_y"], include=["uid", "masque_carte", "region", "departement"],
                         name="lieu_carte_grille", condition=Q(statut="actif", localisation__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(code_postal__regex=standard.CODE_POSTAL_PATTERN), name="lieu_code_postal"),
            models.CheckConstraint(
                condition=Q(code_insee="") | Q(code_insee__regex=standard.CODE_INSEE_PATTERN), name="lieu_code_insee"
            ),
            models.CheckConstraint(condition=Q(pivot__regex=standard.PIVOT_PATTERN), name="lieu_pivot"),
            models.CheckConstraint(
                condition=Q(telephone="") | Q(telephone__regex=standard.TELEPHONE_PATTERN), name="lieu_telephone"
            ),
            models.CheckConstraint(condition=~Q(nom=""), name="lieu_nom_non_vide"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{c.nom}__contained_by": list(c.valeurs)}), name=f"lieu_{c.nom}_valeurs"
                )
                for c in standard.CHAMPS_ENUMERES
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune})"

    def save(self, *args, **kwargs):
        champs = kwargs.get("update_fields")
        if champs is None or CHAMPS_ANALYSES & set(champs):
            analyses.preparer_lieux([self])  # the projections' trigger joins this analysis (lieux/projections/)
        super().save(*args, **kwargs)

    @property
    def latitude(self):
        return self.localisation.y if self.localisation else None

    @property
    def longitude(self):
        return self.localisation.x if self.localisation else None


class Provenance(models.Model):
    """One source record: which source, its id there, the raw row as received, its own values, when. A lieu groups
    one or more of them (lieux/consolidation/): the record stays as it came, the lieu's values are derived."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="provenances")
    source = models.CharField("source", max_length=100, help_text="Nom court de la source (ex. hub-du-sud, dora).")
    id_source = models.CharField("identifiant dans la source", max_length=255)
    donnees_brutes = models.JSONField("ligne reçue", default=dict)
    valeurs = models.JSONField(
        "valeurs de l'enregistrement", default=dict, db_default=models.Value({}, models.JSONField()), blank=True,
        help_text="Les colonnes du lieu telles que cette source les donne (après normalisation).",
    )
    date_maj = models.DateField("date de mise à jour dans la source", null=True, blank=True)
    rapprochee_le = models.DateTimeField("comparée aux autres sources le", null=True, blank=True)
    actif = models.BooleanField("actif", default=True, db_default=True, help_text="Faux quand la source ne décrit plus ce lieu.")
    empreinte = models.CharField("empreinte du contenu", max_length=64, blank=True)
    recue_le = models.DateTimeField("reçue le")

    class Meta:
        verbose_name = "provenance"
        verbose_name_plural = "provenances"
        constraints = [models.UniqueConstraint(fields=["source", "id_source"], name="provenance_source_id_unique")]

    def __str__(self):
        return f"{self.source} : {self.id_source}"


def _de_demonstration() -> Exists:
    """The lieu has a record of the demo import source (its other records, if any, do not make it real)."""
    return Exists(Provenance.objects.filter(lieu_id=OuterRef("pk"), source=PROVENANCE_DEMO))
