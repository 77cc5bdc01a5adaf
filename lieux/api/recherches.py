"""The search boxes' endpoints: `?q=` → `{"resultats": […]}` — communes (offline), addresses (BAN), lieux by name.

One shape for the three: `RechercheParTexte` answers with its `chercher` function; each subclass says which search,
how long proxies may keep the answer, and how the OpenAPI schema names it.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from lieux import ban, recherche
from lieux.parametres import RECHERCHE

from .base import ApiPubliqueMixin, DebitCarte


def _schema(resume: str, nom: str):
    return extend_schema_view(get=extend_schema(
        summary=resume, parameters=[OpenApiParameter(RECHERCHE.nom, str, required=True, description=RECHERCHE.aide)],
        responses=inline_serializer(nom, {"resultats": serializers.ListField(child=serializers.DictField())})))


class RechercheParTexte(ApiPubliqueMixin, APIView):
    throttle_classes = [DebitCarte]
    renderer_classes = [JSONRenderer]

    @staticmethod
    def chercher(texte: str) -> list[dict]:
        raise NotImplementedError

    def get(self, request, **kwargs):
        return Response({"resultats": self.chercher(request.query_params.get(RECHERCHE.nom, ""))})


@_schema("Chercher une commune", "Communes")
class RechercheCommunesView(RechercheParTexte):
    """Communes par nom (sans accents, tolérant aux fautes) ou par code postal / code INSEE. Hors ligne."""

    duree_cache_http = 3600
    chercher = staticmethod(recherche.chercher_communes)


@_schema("Chercher une adresse (BAN)", "Adresses")
class RechercheAdressesView(RechercheParTexte):
    """Adresses de la Base Adresse Nationale (autocomplétion) ; liste vide si le service ne répond pas."""

    chercher = staticmethod(ban.autocompleter)


@_schema("Chercher un lieu par son nom", "LieuxTrouves")
class RechercheLieuxView(RechercheParTexte):
    """Lieux actifs dont le nom contient chacun des mots cherchés (sans tenir compte des accents ni de la casse)."""

    duree_cache_http = 600
    chercher = staticmethod(recherche.chercher_lieux)
