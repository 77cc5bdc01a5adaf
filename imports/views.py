"""Public download of the lieux in the national standard.

/imports/export.csv?territoire=dep:49 (also export.json, export.geojson; without territoire: all of France).
"""

from django.http import Http404, StreamingHttpResponse
from django.views.decorators.http import require_GET

from .export import FORMATS, TerritoireInconnu, exporte, lieux_exportes, nom_de_fichier


@require_GET
def export(request, format_):
    if format_ not in FORMATS:
        raise Http404("Format inconnu : csv, json ou geojson.")
    territoire = request.GET.get("territoire", "")[:40]
    try:
        lieux = lieux_exportes(territoire)
    except TerritoireInconnu as erreur:
        raise Http404(str(erreur)) from erreur
    reponse = StreamingHttpResponse(exporte(lieux, format_), content_type=FORMATS[format_])
    reponse["Content-Disposition"] = f'attachment; filename="{nom_de_fichier(territoire, format_)}"'
    return reponse
