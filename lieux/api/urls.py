from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from . import viewsets
from .base import ApiPubliqueMixin, Introuvable
from .fermetures import FermeturesView
from .recherches import RechercheAdressesView, RechercheCommunesView, RechercheLieuxView


class SchemaView(ApiPubliqueMixin, SpectacularAPIView):
    """The OpenAPI schema, open to other origins like the rest of the API."""


routeur = SimpleRouter()
routeur.register("lieux", viewsets.LieuViewSet, basename="lieu")

app_name = "api"
urlpatterns = [
    path("v1/", include(routeur.urls)),
    path("v1/fermetures/", FermeturesView.as_view(), name="fermetures"),
    path("v1/carte/agregats/", viewsets.AgregatsView.as_view(), name="agregats"),
    re_path(r"^v1/territoires/(?P<niveau>region|departement|commune)/(?P<code>[0-9ABab]{2,5})/$",
            viewsets.TerritoireView.as_view(), name="territoire"),
    path("v1/recherche/communes/", RechercheCommunesView.as_view(), name="recherche-communes"),
    path("v1/recherche/adresses/", RechercheAdressesView.as_view(), name="recherche-adresses"),
    path("v1/recherche/lieux/", RechercheLieuxView.as_view(), name="recherche-lieux"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="lieux:api:schema"), name="docs"),
    re_path(r"^", Introuvable.as_view(), name="introuvable"),  # last: every other /api/ address
]
