"""URLs of the embeds and of /integrer/ (included at the root by mediation/urls.py).

The working pages are declared once and mounted twice: under /embed/p/<jeton>/ (signed options) and under
/embed/c/<slug>/ (a saved configuration). `reverse("embed:carte", kwargs={"jeton": …})` or `{"slug": …}` picks
the right one.
"""

from django.urls import include, path, re_path

from embed.views import api, carte, entree, fiche, integrer, lieu, orientation, pilotage

app_name = "embed"

pages = [
    path("carte/", carte.carte, name="carte"),
    path("panneau/", carte.panneau, name="panneau"),
    path("orientation/", orientation.orientation, name="orientation"),
    path("orientation/fiche/", fiche.fiche, name="fiche"),
    path("lieux/<int:uid>/", lieu.fiche, name="lieu"),
    path("agregats/", api.Agregats.as_view(), name="agregats"),
    re_path(r"^territoires/(?P<niveau>region|departement|commune)/(?P<code>[0-9ABab]{2,5})/$",
            api.Territoire.as_view(), name="territoire"),
    path("communes/", api.Communes.as_view(), name="communes"),
    path("adresses/", api.Adresses.as_view(), name="adresses"),
]

urlpatterns = [
    path("embed/carte/", entree.carte, name="entree-carte"),
    path("embed/orientation/", entree.orientation, name="entree-orientation"),
    path("embed/c/<slug:slug>/", entree.configuration, name="entree-configuration"),
    path("embed/pilotage/", pilotage.entree, name="entree-pilotage"),
    re_path(r"^embed/pilotage/(?P<niveau>france|region|departement|epci|commune)/(?P<code>fr|[0-9ABab]{2,9})/$",
            pilotage.tableau_de_bord, name="pilotage"),
    path("embed/c/<slug:slug>/", include(pages)),
    path("embed/p/<str:jeton>/", include(pages)),
    path("integrer/", integrer.integrer, name="integrer"),
    path("integrer/territoires/", integrer.territoires, name="integrer-territoires"),
]
