"""The lieu as the API shows it: the standard's 32 column names (lists as JSON arrays), plus `uid`, the page URL,
the territory codes and, for `near` searches, the distance."""

from django.urls import reverse
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from lieux import standard
from lieux.models import Lieu

EN_PLUS = ("uid", "url", "region", "departement", "commune_officielle", "epci", "distance_km")


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

    def get_url(self, lieu) -> str:
        chemin = reverse("lieux:lieu", args=[lieu.uid])
        requete = self.context.get("request")
        return requete.build_absolute_uri(chemin) if requete else chemin

    def get_distance_km(self, lieu) -> float | None:
        distance = getattr(lieu, "distance", None)
        return round(distance.km, 3) if distance is not None else None


class LieuSerializer(ChampsLieuMixin, serializers.ModelSerializer):
    """The declared fields document the API (OpenAPI); `to_representation` builds the same dict directly, ten
    times faster than field-by-field serialization (it matters for pages of 100 lieux)."""

    class Meta:
        model = Lieu
        fields = (*EN_PLUS[:2], *standard.COLONNES, *EN_PLUS[2:])

    def to_representation(self, lieu):
        donnees = {"uid": lieu.uid, "url": self.get_url(lieu)}
        for colonne in standard.COLONNES:
            valeur = getattr(lieu, colonne)
            donnees[colonne] = valeur.isoformat() if colonne == "date_maj" and valeur else valeur
        donnees |= {"region": lieu.region_id, "departement": lieu.departement_id,
                    "commune_officielle": lieu.commune_officielle_id, "epci": lieu.epci_id,
                    "distance_km": self.get_distance_km(lieu)}
        return donnees


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
