"""The API calls of an embedded map, under its locked prefix: the public API's views with the perimeter forced.

    /embed/…/agregats/                    bubbles (lieux.api.viewsets.AgregatsView), counts inside the perimeter
    /embed/…/territoires/<niveau>/<code>/ outline of a territory that meets the perimeter (404 otherwise)
    /embed/…/communes/?q=                 communes of the perimeter
    /embed/…/adresses/?q=                 BAN addresses inside the perimeter

Left out of the OpenAPI schema: they are the embed's plumbing, the public API is /api/v1/.
"""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from lieux.api.base import verifier_territoire
from lieux.api.recherches import RechercheAdressesView, RechercheCommunesView
from lieux.api.viewsets import AgregatsView, TerritoireView
from embed.integration import IntegrationInvalide, resoudre
from embed.perimetre import FiltresIntegration
from embed.recherche import adresses_dans, communes_dans, hors_perimetre


class IntegrationApiMixin:
    schema = None  # not in the public OpenAPI document

    def initial(self, request, *args, **kwargs):
        try:
            self.integration = resoudre(dict(self.kwargs))
        except IntegrationInvalide as exc:
            raise NotFound(str(exc))
        super().initial(request, *args, **kwargs)

    def filtres(self) -> FiltresIntegration:
        if not hasattr(self, "_filtres"):
            self._filtres = FiltresIntegration(self.request.query_params, self.integration.perimetre)
            if self._filtres.erreurs:
                raise ValidationError({"erreurs": self._filtres.erreurs})
            verifier_territoire(self._filtres)
        return self._filtres


class Agregats(IntegrationApiMixin, AgregatsView):
    def get(self, request, **kwargs):
        return super().get(request)


class Territoire(IntegrationApiMixin, TerritoireView):
    def get(self, request, niveau, code, **kwargs):
        if not self.integration.perimetre.touche(niveau, code.upper()):
            raise NotFound(f"Territoire en dehors de la carte : {niveau} « {code} ».")
        return super().get(request, niveau, code)


class Communes(IntegrationApiMixin, RechercheCommunesView):
    def get(self, request, **kwargs):
        texte = request.query_params.get("q", "")
        resultats = communes_dans(self.integration.perimetre, texte)
        dehors = "" if resultats else hors_perimetre(self.integration.perimetre, texte)
        return Response({"resultats": resultats, **({"message": dehors + "."} if dehors else {})})


class Adresses(IntegrationApiMixin, RechercheAdressesView):
    def get(self, request, **kwargs):
        return Response({"resultats": adresses_dans(self.integration.perimetre, request.query_params.get("q", ""))})
