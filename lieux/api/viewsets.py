"""Views of the public API. Thin: read the shared filters (lieux/filtres.py), call a queryset or aggregation
function, serialize. OpenAPI parameters are derived from the same declaration of the filters."""

import json

from django.contrib.gis.geos import GEOSGeometry
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lieux import agregation, filtres
from lieux.models import Lieu
from lieux.pagination import decouper
from lieux.parametres import NIVEAU, PAGE, PAGE_MAX, TAILLE, TAILLE_PAGE, TAILLE_PAGE_MAX, ZOOM
from lieux.plans import plan_knn

from .base import ApiPubliqueMixin, DebitCarte
from .fermetures import LieuDetailSerializer
from .qualite import FiltresQualiteBackend
from .serializers import AgregatsSerializer, LieuGeoSerializer, LieuSerializer, lignes_api



class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class FiltresLieuxBackend(BaseFilterBackend):
    """Applies lieux.filtres.FiltresLieux; documents its parameters in the OpenAPI schema."""

    def filter_queryset(self, request, queryset, view):
        return view.filtres().filtrer(queryset)

    def get_schema_operation_parameters(self, view):
        return [parametre_openapi(p) for p in filtres.PARAMETRES]


def parametre_openapi(p: filtres.Parametre) -> dict:
    schema = {"type": "string"}
    if p.valeurs:
        schema["enum"] = list(p.valeurs)
    if p.multiple:
        schema = {"type": "array", "items": schema}
    return {"name": p.nom, "in": "query", "required": False, "description": p.aide, "schema": schema,
            **({"style": "form", "explode": True} if p.multiple else {})}


def parametres_filtres() -> list[OpenApiParameter]:
    return [OpenApiParameter(p.nom, str, many=p.multiple, enum=list(p.valeurs) if p.valeurs else None,
                             description=p.aide, explode=True if p.multiple else None) for p in filtres.PARAMETRES]


class PaginationLieux(BasePagination):
    """`page` / `page_size` (≤ 100) and an exact `count`. The last page tells the count without a query; other pages
    count with one query on the same filters (indexed: territory codes, `dwithin` on the GiST index for `near`), a few
    milliseconds even for the lieux within 5 km of the centre of Paris (bench/bench_5_carte.py)."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            self.page = int(request.query_params.get(PAGE.nom, 1))
            self.taille = int(request.query_params.get(TAILLE.nom, TAILLE_PAGE))
        except ValueError:
            raise ValidationError({"erreurs": [
                f"« {PAGE.nom} » et « {TAILLE.nom} » doivent être des nombres entiers."]})
        if not 1 <= self.page <= PAGE_MAX or not 1 <= self.taille <= TAILLE_PAGE_MAX:
            raise ValidationError({"erreurs": [
                f"1 ≤ {PAGE.nom} ≤ {PAGE_MAX} et 1 ≤ {TAILLE.nom} ≤ {TAILLE_PAGE_MAX}."]})
        self.request = request
        page = decouper(queryset, self.page, self.taille)
        self.suivante = page.suivante
        if not page.suivante and (page.elements or self.page == 1):
            self.compte = page.premier_rang - 1 + len(page.elements)  # the last page tells the count: no 2nd query
        else:
            self.compte = queryset.order_by().count()
        return page.elements

    def _lien(self, page):
        return self.request.build_absolute_uri(
            self.request.path + "?" + _avec(self.request.query_params, page=page)) if page else None

    def get_paginated_response(self, data):
        entete = {
            "count": self.compte,
            "next": self._lien(self.page + 1 if self.suivante else None),
            "previous": self._lien(self.page - 1 if self.page > 1 else None),
        }
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            return Response({"type": "FeatureCollection", **entete, "features": data["features"]})
        return Response({**entete, "results": data})

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "properties": {
            "count": {"type": "integer", "minimum": 0,
                      "description": "Nombre exact de lieux correspondant aux filtres (toutes pages confondues)."},
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "previous": {"type": "string", "nullable": True, "format": "uri"},
            "results": schema}, "required": ["count", "next", "previous", "results"]}

    def get_schema_operation_parameters(self, view):
        return [
            {"name": PAGE.nom, "in": "query", "required": False, "description": PAGE.aide,
             "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}},
            {"name": TAILLE.nom, "in": "query", "required": False, "description": TAILLE.aide,
             "schema": {"type": "integer", "minimum": 1, "maximum": TAILLE_PAGE_MAX, "default": TAILLE_PAGE}},
        ]


def _avec(query_params, **changes) -> str:
    copie = query_params.copy()
    for cle, valeur in changes.items():
        copie[cle] = str(valeur)
    return copie.urlencode()


@extend_schema_view(
    list=extend_schema(summary="Lieux (filtres, emprise, proximité)", parameters=[
        OpenApiParameter("format", str, enum=["json", "geojson"], description="`geojson` : FeatureCollection."),
    ]),
    retrieve=extend_schema(summary="Un lieu, champs nommés comme le standard (et ses fermetures temporaires)",
                           responses=LieuDetailSerializer),
)
class LieuViewSet(ApiPubliqueMixin, viewsets.ReadOnlyModelViewSet):
    """Lieux de médiation numérique actifs. Avec `near=lat,lon` (et `radius` en km), les plus proches d'abord
    (index KNN de PostGIS) et `distance_km` renseignée ; sinon par identifiant."""

    filter_backends = [FiltresLieuxBackend, FiltresQualiteBackend]  # + score_qualite_min, modifie_depuis
    pagination_class = PaginationLieux
    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    lookup_field = "uid"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        lieux = Lieu.objects.actifs()
        if self.action == "list" and self.filtres().point is not None:
            return lieux.par_distance(self.filtres().point)
        return lieux.order_by("uid")

    def get_object(self):
        lieu = self.get_queryset().filter(uid=self.kwargs["uid"]).first()
        if lieu is None:
            raise NotFound(f"Aucun lieu actif n'a l'identifiant « {self.kwargs['uid']} » : il a pu être archivé "
                           "ou fusionné ; cherchez-le dans /api/v1/lieux/.")
        return lieu

    def get_serializer_class(self):
        if getattr(self.request, "accepted_renderer", None) and self.request.accepted_renderer.format == "geojson":
            return LieuGeoSerializer
        return LieuDetailSerializer if self.action == "retrieve" else LieuSerializer

    def filter_queryset(self, queryset):
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        if self.filtres().point is None:
            return self._liste()
        with plan_knn():
            return self._liste()

    def _liste(self):
        lieux = self.filter_queryset(self.get_queryset())
        if self.get_serializer_class() is LieuSerializer:
            lieux = lignes_api(lieux)  # plain rows: no model instance per lieu
        else:
            lieux = lieux.select_related("qualite")  # score_qualite without a query per lieu
        page = self.paginate_queryset(lieux)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


PARAMETRES_CARTE = [
    OpenApiParameter(ZOOM.nom, float, description=ZOOM.aide),
    OpenApiParameter(NIVEAU.nom, str, enum=list(NIVEAU.valeurs), description=NIVEAU.aide),
]


class AgregatsView(ApiPubliqueMixin, APIView):
    """Nombre de lieux par région, département ou commune, ou par cellule d'une grille sur l'emprise `bbox` :
    ce que la carte affiche en bulles. Les comptes suivent les filtres. Réponse mise en cache une minute."""

    throttle_classes = [DebitCarte]
    renderer_classes = [JSONRenderer]
    duree_cache_http = 60

    @extend_schema(summary="Bulles de la carte", responses=AgregatsSerializer,
                   parameters=PARAMETRES_CARTE + parametres_filtres())
    def get(self, request):
        f = self.filtres()
        zoom = _zoom(request.query_params.get(ZOOM.nom))
        niveau = request.query_params.get(NIVEAU.nom) or agregation.niveau_affiche(zoom, f.territoire)
        if niveau not in agregation.NIVEAUX:
            raise ValidationError({"erreurs": [f"Niveau inconnu : « {niveau} »."]})
        bbox = f.bbox
        if bbox is None and f.territoire and niveau == "grille":
            bbox = agregation.emprise_de(*f.territoire)
        besoin_bbox = niveau == "grille" or (niveau == "departement" and (f.territoire or ("",))[0] != "region") or (
            niveau == "commune" and (f.territoire or ("",))[0] != "departement")
        if besoin_bbox and bbox is None:
            raise ValidationError({"erreurs": [f"Le niveau « {niveau} » demande une emprise « bbox »."]})
        if niveau == "grille" and zoom is None:
            zoom = agregation.zoom_pour_emprise(bbox)
        reponse = agregation.agreger(f.selection(bbox=False), niveau, territoire=f.territoire, bbox=bbox, zoom=zoom, cle=f.cle())
        return Response(reponse)


def _zoom(texte):
    if texte in (None, ""):
        return None
    try:
        zoom = float(texte)
    except ValueError:
        raise ValidationError({"erreurs": ["« zoom » doit être un nombre."]})
    if not 0 <= zoom <= 22:
        raise ValidationError({"erreurs": ["« zoom » doit être compris entre 0 et 22."]})
    return round(zoom)


class TerritoireView(ApiPubliqueMixin, APIView):
    """Contour simplifié d'un territoire (GeoJSON Feature) : pour souligner le territoire choisi sur la carte."""

    throttle_classes = [DebitCarte]
    renderer_classes = [GeoJSONRenderer, JSONRenderer]
    duree_cache_http = 86400
    TOLERANCE = {"region": 0.01, "departement": 0.004, "commune": 0.0005}

    @extend_schema(summary="Contour d'un territoire", responses=OpenApiTypes.OBJECT)
    def get(self, request, niveau, code):
        territoire = filtres.trouver_territoire(niveau, code.upper())
        if territoire is None:
            raise NotFound(f"Territoire inconnu : {niveau} « {code} ».")
        geom = territoire.geom or territoire.point
        if territoire.geom is not None:
            geom = territoire.geom.simplify(self.TOLERANCE[niveau], preserve_topology=True)
        return Response({
            "type": "Feature",
            "geometry": _geojson(geom),
            "properties": {"niveau": niveau, "code": territoire.code, "nom": territoire.nom,
                           "bbox": [round(v, 4) for v in (territoire.geom or territoire.point).extent]},
        })


def _geojson(geom: GEOSGeometry) -> dict:
    return json.loads(geom.json) if geom is not None else None
