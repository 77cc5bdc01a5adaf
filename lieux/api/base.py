"""What every view of the public API shares: read-only, open CORS for GET, throttling, errors in French."""

from django.conf import settings
from django.core.cache import caches
from django.http import Http404
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.throttling import AnonRateThrottle

from lieux.filtres import FiltresLieux

DEBITS_PAR_DEFAUT = {"api": "300/min", "carte": "1200/min"}


class Debit(AnonRateThrottle):
    """Per-address rate, by scope; rates from settings.API_DEBITS (« 0 » disables a scope, e.g. for benchmarks)."""

    scope = "api"

    @property
    def cache(self):
        """Counters shared by every process (the database cache): a per-process count let 3 gunicorn workers pass
        three times the rate. The address is REMOTE_ADDR unless NOMBRE_PROXYS trusted proxies are configured."""
        return caches["partage"]

    def get_rate(self):
        debit = getattr(settings, "API_DEBITS", {}).get(self.scope, DEBITS_PAR_DEFAUT[self.scope])
        return None if debit in ("0", "", None) else debit  # None: DRF lets every request through


class DebitCarte(Debit):
    scope = "carte"


class ApiPubliqueMixin:
    """Read-only, CORS open for GET/HEAD/OPTIONS (the data is public), throttled, cacheable by proxies."""

    throttle_classes = [Debit]
    authentication_classes: list = []
    permission_classes: list = []
    duree_cache_http = 0

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        if self.duree_cache_http and response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={self.duree_cache_http}"
        return response

    def handle_exception(self, exc):
        """Django's 404s (« No Lieu matches the given query. », an unknown `format`) answered in French."""
        if isinstance(exc, Http404):
            exc = NotFound(self.message_introuvable())
        return super().handle_exception(exc)

    def message_introuvable(self) -> str:
        format_ = self.request.query_params.get("format", "") if hasattr(self.request, "query_params") else ""
        formats = sorted({r.format for r in self.get_renderers()})
        if format_ and format_ not in formats:
            return f"Format inconnu : « {format_[:20]} » ; formats possibles : {', '.join(formats)}."
        return "Ressource introuvable."

    def filtres(self) -> FiltresLieux:
        """The shared filters of lieux/filtres.py; an API answers 400 where a page would only warn."""
        if not hasattr(self, "_filtres"):
            self._filtres = FiltresLieux(self.request.query_params)
            if self._filtres.erreurs:
                raise ValidationError({"erreurs": self._filtres.erreurs})
            verifier_territoire(self._filtres)
        return self._filtres


def verifier_territoire(filtres: FiltresLieux):
    """404 with a clear message for an unknown territory code."""
    if filtres.territoire_inconnu:
        niveau, code = filtres.territoire
        raise NotFound(f"Territoire inconnu : {niveau} « {code} ».")


class Introuvable(ApiPubliqueMixin, APIView):
    """Any other address under /api/: a JSON 404 in French (not Django's English HTML page)."""

    schema = None

    def get(self, request, *args, **kwargs):
        return Response({"detail": f"Adresse inconnue de l'API : « {request.path[:200]} ». "
                                   "La documentation est sur /api/docs/."}, status=404)

    post = put = patch = delete = head = get
