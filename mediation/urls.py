from django.contrib import admin
from django.urls import include, path

from lieux.views import accueil, sante

urlpatterns = [
    path("", accueil.accueil, name="accueil"),
    path("sante/", sante.sante, name="sante"),
    path("admin/", admin.site.urls),
    path("", include("campagnes.urls")),  # /campagne/<jeton>/: a lieu's answer to an update campaign
    path("", include("contributions.urls")),  # /contribuer/, /lieux/<uid>/modifier/ (before lieux.urls)
    path("", include("lieux.urls")),
    path("orientation/", include("orientation.urls")),
    path("imports/", include("imports.urls")),
    path("pilotage/", include("pilotage.urls")),
    path("", include("embed.urls")),
]

handler500 = "mediation.erreurs.handler500"
