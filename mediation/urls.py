from django.contrib import admin
from django.urls import path

from lieux.views import accueil, sante

urlpatterns = [
    path("", accueil.accueil, name="accueil"),
    path("sante/", sante.sante, name="sante"),
    path("admin/", admin.site.urls),
]
