from django.urls import include, path

from lieux.views import lieu, page_carte, site, territoires

app_name = "lieux"
urlpatterns = [
    path("carte/", page_carte.carte, name="carte"),
    path("carte/panneau/", page_carte.panneau, name="carte-panneau"),
    path("lieux/<int:uid>/", lieu.fiche, name="lieu"),
    path("lieux/<int:uid>/signaler/", lieu.signaler, name="lieu-signaler"),
    path("territoires/<str:niveau>/<str:code>/", territoires.territoire, name="territoire"),
    path("plan-du-site/", site.plan, name="plan"),
    path("recherche/", site.recherche, name="recherche"),
    path("accessibilite/", site.declaration, name="accessibilite"),
    path("donnees-personnelles/", site.donnees_personnelles, name="donnees-personnelles"),
    path("mentions-legales/", site.mentions_legales, name="mentions-legales"),
    path("api/", include("lieux.api.urls")),
]
