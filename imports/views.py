"""Public download of the lieux in the national standard.

/imports/export.csv?territoire=dep:49 (also export.json, export.geojson; without territoire: all of France), and for
spreadsheets /imports/export-excel.csv (« CSV pour Excel ») and /imports/export.xlsx (imports/export_excel.py).
Every answer says in its headers how many lieux it holds and why some are left out (demo lieux are never exported).
"""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from .export import FORMATS, TerritoireInconnu, bilan, exporte, lieux_exportes, nom_de_fichier
from .export_excel import csv_excel, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _lire(request):
    territoire = request.GET.get("territoire", "")[:40]
    try:
        return territoire, lieux_exportes(territoire), bilan(territoire)
    except TerritoireInconnu as erreur:
        raise Http404(str(erreur)) from erreur


def _entetes(reponse, nom: str, resume: dict):
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["X-Lieux-Exportes"] = str(resume["exportes"])
    reponse["X-Lieux-Demonstration-Exclus"] = str(resume["demo"])
    if resume["message"]:
        reponse["X-Export-Message"] = resume["message"]  # French in Latin-1, as HTTP headers are
    return reponse


@require_GET
def export(request, format_):
    if format_ not in FORMATS:
        raise Http404("Format inconnu : csv, json, geojson ou xlsx.")
    territoire, lieux, resume = _lire(request)
    reponse = StreamingHttpResponse(exporte(lieux, format_), content_type=FORMATS[format_])
    return _entetes(reponse, nom_de_fichier(territoire, format_), resume)


@require_GET
def export_excel_csv(request):
    territoire, lieux, resume = _lire(request)
    reponse = StreamingHttpResponse(csv_excel(lieux), content_type="text/csv; charset=utf-8")
    return _entetes(reponse, nom_de_fichier(territoire, "csv", "excel"), resume)


@require_GET
def export_xlsx(request):
    territoire, lieux, resume = _lire(request)
    return _entetes(HttpResponse(xlsx(lieux), content_type=XLSX), nom_de_fichier(territoire, "xlsx"), resume)
