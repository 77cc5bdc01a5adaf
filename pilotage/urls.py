from django.urls import path, re_path

from . import views

app_name = "pilotage"
T = r"(?P<niveau>france|region|departement|epci|commune)/(?P<code>fr|[0-9ABab]{2,9})"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    re_path(rf"^{T}/$", views.territoire, name="territoire"),
    re_path(rf"^{T}/synthese/$", views.synthese, name="synthese"),
    re_path(rf"^{T}/(?P<tableau>[a-z-]+)\.csv$", views.export_csv, name="csv"),
    re_path(rf"^{T}/tableaux\.xlsx$", views.export_xlsx, name="xlsx"),
    re_path(rf"^{T}/carte\.geojson$", views.carte_geojson, name="geojson"),
]
