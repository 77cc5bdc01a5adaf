from django.urls import path

from orientation.views import accessibilite, besoin, demarrage, disponibilite, fiche, localisation, resultats

app_name = "orientation"
urlpatterns = [
    path("", demarrage.demarrage, name="demarrage"),
    path("besoin/", besoin.besoin, name="besoin"),
    path("localisation/", localisation.localisation, name="localisation"),
    path("accessibilite/", accessibilite.accessibilite, name="accessibilite"),
    path("disponibilite/", disponibilite.disponibilite, name="disponibilite"),
    path("resultats/", resultats.resultats, name="resultats"),
    path("fiche/", fiche.fiche, name="fiche"),
    path("position/", localisation.position, name="position"),
]
