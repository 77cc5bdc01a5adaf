"""/api/v1/recherche/lieux/?q=: lieux by name, for the map's search box (lieux/recherche.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lieux import recherche

from .base import ApiPubliqueMixin, DebitCarte


class RechercheLieuxView(ApiPubliqueMixin, APIView):
    """Lieux actifs dont le nom contient chacun des mots cherchés (sans tenir compte des accents ni de la casse)."""

    throttle_classes = [DebitCarte]
    renderer_classes = [JSONRenderer]
    duree_cache_http = 600

    @extend_schema(summary="Chercher un lieu par son nom", parameters=[OpenApiParameter("q", str, required=True)],
                   responses=inline_serializer("LieuxTrouves", {"resultats": serializers.ListField(
                       child=serializers.DictField())}))
    def get(self, request):
        return Response({"resultats": recherche.chercher_lieux(request.query_params.get("q", ""))})
