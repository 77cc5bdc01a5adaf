"""The lieu as the API shows it: the standard's 32 column names (lists as JSON arrays), plus `uid`, the page URL,
the territory codes and, for `near` searches, the distance."""

from types import SimpleNamespace

from django.contrib.gis.db.models import PointField
from django.db.models import F, FloatField, Func
from django.db.models.functions import Cast
from django.urls import reverse
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from lieux import standard
from lieux.models import Lieu

EN_PLUS = ("uid", "url", "region", "departement", "commune_officielle", "epci", "distance_km", "score_qualite")


class ChampsLieuMixin(serializers.Serializer):
    uid = serializers.IntegerField(read_only=True, help_text="Identifiant de la fiche dans cette cartographie.")
    url = serializers.SerializerMethodField(help_text="Adresse de la fiche publique du lieu.")
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    region = serializers.CharField(source="region_id", read_only=True, allow_null=True, help_text="Code INSEE.")
    departement = serializers.CharField(source="departement_id", read_only=True, allow_null=True)
    commune_officielle = serializers.CharField(source="commune_officielle_id", read_only=True, allow_null=True,
                                               help_text="Code INSEE de la commune (COG) où se trouve le lieu.")
    epci = serializers.CharField(source="epci_id", read_only=True, allow_null=True, help_text="SIREN de l'EPCI.")
    distance_km = serializers.SerializerMethodField(help_text="Distance au point `near`, en km (sinon absent).")
    score_qualite = serializers.SerializerMethodField(
        help_text="Score de qualité des données, de 0 à 100 : complétude utile à l'orientation (horaires, services, "
                  "contact, position précise, accessibilité), fraîcheur, valeurs écartées à l'import (docs/qualite.md).")

    def get_score_qualite(self, lieu) -> int | None:
        return _score(lieu)

    def get_url(self, lieu) -> str:
        chemin = reverse("lieux:lieu", args=[lieu.uid])
        requete = self.context.get("request")
        return requete.build_absolute_uri(chemin) if requete else chemin

    def get_distance_km(self, lieu) -> float | None:
        distance = getattr(lieu, "distance", None)
        return round(distance.km, 3) if distance is not None else None


class LieuSerializer(ChampsLieuMixin, serializers.ModelSerializer):
    """The declared fields document the API (OpenAPI); `to_representation` builds the same dict directly, ten
    times faster than field-by-field serialization (it matters for pages of 100 lieux). Lists hand it the plain
    rows of `lignes_api()` (no model instance, no GEOS point: ~3 ms less for a page of 20); a detail, a Lieu."""

    class Meta:
        model = Lieu
        fields = (*EN_PLUS[:2], *standard.COLONNES, *EN_PLUS[2:])

    def to_representation(self, lieu):
        ligne = lieu if isinstance(lieu, dict) else ligne_du_lieu(lieu)
        donnees = {"uid": ligne["uid"], "url": self._url(ligne["uid"])}
        for colonne in standard.COLONNES:
            valeur = ligne[colonne]
            donnees[colonne] = valeur.isoformat() if colonne == "date_maj" and valeur else valeur
        distance = ligne.get("distance")
        donnees |= {"region": ligne["region_id"], "departement": ligne["departement_id"],
                    "commune_officielle": ligne["commune_officielle_id"], "epci": ligne["epci_id"],
                    "distance_km": round(distance.km, 3) if distance is not None else None,
                    "score_qualite": ligne.get("score_qualite")}
        return donnees

    def _url(self, uid) -> str:
        """get_url() without a reverse() and an absolute URI built per lieu."""
        if not hasattr(self, "_modele_url"):
            self._modele_url = self.get_url(SimpleNamespace(uid=_UID_MODELE))
        return self._modele_url.replace(str(_UID_MODELE), str(uid))


_UID_MODELE = 987654321987
CHAMPS_LIGNE = (*[c for c in standard.COLONNES if c not in ("latitude", "longitude")],
                "uid", "region_id", "departement_id", "commune_officielle_id", "epci_id")


def lignes_api(queryset):
    """The rows LieuSerializer needs, as dicts: coordinates read by PostGIS as two numbers."""
    point = Cast("localisation", PointField(srid=4326))
    queryset = queryset.annotate(latitude_api=Func(point, function="ST_Y", output_field=FloatField()),
                                 longitude_api=Func(point, function="ST_X", output_field=FloatField()))
    distance = ("distance",) if "distance" in queryset.query.annotations else ()
    return queryset.values(*CHAMPS_LIGNE, *distance, latitude=F("latitude_api"), longitude=F("longitude_api"),
                           score_qualite=F("qualite__score"))


def ligne_du_lieu(lieu) -> dict:
    ligne = {nom: getattr(lieu, nom) for nom in (*CHAMPS_LIGNE, "latitude", "longitude")}
    ligne["distance"] = getattr(lieu, "distance", None)
    ligne["score_qualite"] = _score(lieu)
    return ligne


def _score(lieu) -> int | None:
    """The lieu's quality score (lieux_qualite), None when not computed."""
    from lieux.models import QualiteLieu

    try:
        return lieu.qualite.score
    except QualiteLieu.DoesNotExist:
        return None


class LieuGeoSerializer(ChampsLieuMixin, GeoFeatureModelSerializer):
    """GeoJSON Feature: the point as geometry, the same fields (but latitude/longitude) as properties."""

    class Meta:
        model = Lieu
        geo_field = "localisation"
        id_field = "uid"
        fields = (*EN_PLUS[:2], *[c for c in standard.COLONNES if c not in ("latitude", "longitude")],
                  *EN_PLUS[2:], "localisation")


class GroupeSerializer(serializers.Serializer):
    """One bubble: a territory with its count, or a grid cell (a lone lieu carries uid and nom)."""

    n = serializers.IntegerField(help_text="Nombre de lieux.")
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    code = serializers.CharField(required=False, help_text="Code INSEE du territoire (niveaux territoriaux).")
    nom = serializers.CharField(required=False)
    bbox = serializers.ListField(child=serializers.FloatField(), required=False, help_text="ouest, sud, est, nord")
    uid = serializers.IntegerField(required=False, help_text="Lieu seul dans sa cellule (niveau grille).")


class AgregatsSerializer(serializers.Serializer):
    niveau = serializers.ChoiceField(choices=["region", "departement", "commune", "grille"])
    total = serializers.IntegerField(help_text="Somme des groupes.")
    groupes = GroupeSerializer(many=True)
    taille = serializers.FloatField(required=False, help_text="Côté d'une cellule en degrés (niveau grille).")
