from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    # /imports/export.csv?territoire=dep:49 — also export.json and export.geojson
    path("export.<str:format_>", views.export, name="export"),
]
