"""The site's URLs plus one view that fails, to see the 500 page as a visitor would (tests/test_erreurs_pages.py)."""

from django.urls import path

from mediation.urls import urlpatterns as urlpatterns_du_site


def vue_en_panne(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", vue_en_panne), path("api/v1/panne/", vue_en_panne), *urlpatterns_du_site]
handler500 = "mediation.erreurs.handler500"
