"""The steering pages: /pilotage/ (France) and /pilotage/<niveau>/<code>/, their exports, the choropleth's GeoJSON,
the printable summary. Thin: the figures are pilotage/chiffres.py, the tables pilotage/presentation.py."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import carte, contexte, exports
from . import presentation as pr


@require_GET
def accueil(request):
    return territoire(request, "france", "fr")


@require_GET
def territoire(request, niveau, code):
    return render(request, "pilotage/page.html", contexte.page(request, niveau, code))


@require_GET
def synthese(request, niveau, code):
    return render(request, "pilotage/synthese.html", contexte.page(request, niveau, code, comparer=False))


@require_GET
def export_csv(request, niveau, code, tableau):
    t, c = contexte.territoire_et_chiffres(request, niveau, code)
    tableaux = {x.ident: x for x in pr.tableaux(c, comparer=tableau == "comparaison")}
    if tableau == "communes":  # every commune (the page shows the most populated ones)
        tableaux["communes"] = contexte.toutes_les_communes(t, c)
    if tableau not in tableaux:
        raise Http404("Tableau inconnu")
    reponse = HttpResponse(exports.csv_tableau(tableaux[tableau]), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="pilotage-{niveau}-{code}-{tableau}.csv"'
    return reponse


@require_GET
def export_xlsx(request, niveau, code):
    t, c = contexte.territoire_et_chiffres(request, niveau, code)
    tableaux = [x for x in pr.tableaux(c) if x.ident != "communes"] + [contexte.toutes_les_communes(t, c)]
    reponse = HttpResponse(exports.xlsx_tableaux(tableaux),
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    reponse["Content-Disposition"] = f'attachment; filename="pilotage-{niveau}-{code}.xlsx"'
    return reponse


@require_GET
def carte_geojson(request, niveau, code):
    t, f = contexte.territoire_et_filtre(request, niveau, code)
    return JsonResponse(carte.geojson(t, f, lambda n, c: pr.url_territoire(n, c, f.params)))
