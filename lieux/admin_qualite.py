"""The quality score in the coordinators' space (docs/qualite.md): the score column and its ranges filter on the lieux
list, the « À vérifier » queue (most reached lieux first) with its « Marquer comme vérifié » action, and the quality
per import source. Views are thin: the rules are in lieux/qualite.py and lieux/a_verifier.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from lieux import a_verifier, qualite
from lieux.admin_perimetres import objet_du_perimetre
from lieux.models import Lieu


class ScoreQualiteFilter(admin.SimpleListFilter):
    title = "score de qualité"
    parameter_name = "score_qualite"

    def lookups(self, request, model_admin):
        return [(f"{bas}-{haut}", libelle) for bas, haut, libelle in qualite.TRANCHES]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            bas, haut = (int(x) for x in self.value().split("-"))
        except ValueError:
            return queryset
        return queryset.filter(qualite__score__gte=bas, qualite__score__lte=haut)


@admin.display(description="score de qualité", ordering="qualite__score")
def score_qualite(lieu):
    qualite_du_lieu = getattr(lieu, "qualite", None)
    return None if qualite_du_lieu is None else qualite_du_lieu.score


def vue_a_verifier(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    lieux = list(a_verifier.file(request.user)[:200])
    elements = [{"lieu": lieu, "raisons": a_verifier.raisons(lieu), "impact": lieu.impact,
                 "score": lieu.score_qualite, "url": reverse("admin:lieux_lieu_change", args=[lieu.pk]),
                 "url_verifie": reverse("admin:lieux_lieu_verifie", args=[lieu.pk])} for lieu in lieux]
    contexte = {**model_admin.admin_site.each_context(request), "title": "À vérifier", "elements": elements,
                "seuil": qualite.SEUIL_BAS, "peut_modifier": model_admin.has_change_permission(request),
                "url_sources": reverse("admin:lieux_lieu_qualite_sources")}
    return TemplateResponse(request, "admin/lieux/a_verifier.html", contexte)


def vue_verifie(model_admin, request, uid):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    lieu = objet_du_perimetre(model_admin.get_queryset(request), Lieu, pk=uid)
    a_verifier.marquer_verifie(lieu, request.user)
    messages.success(request, f"« {lieu.nom} » est marqué comme vérifié.")
    return redirect("admin:lieux_lieu_a_verifier")


def vue_sources(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    contexte = {**model_admin.admin_site.each_context(request), "title": "Qualité des données par source",
                "sources": a_verifier.par_source(request.user), "tranches": [t[2] for t in qualite.TRANCHES],
                "ponderations": [{"code": c, "poids": p, "pourquoi": pourquoi}
                                 for c, (p, pourquoi) in qualite.PONDERATIONS.items()]}
    return TemplateResponse(request, "admin/lieux/qualite_sources.html", contexte)
