from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    # for spreadsheets (before the generic pattern, which would take « xlsx » for a format)
    path("export-excel.csv", views.export_excel_csv, name="export-excel"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    # /imports/export.csv?territoire=dep:49 — also export.json and export.geojson
    path("export.<str:format_>", views.export, name="export"),
]
