"""« Télécharger le fichier à corriger » on a source's page, and as an action of the sources' list
(imports/a_corriger.py): mixed into `SourceAdmin`.

Who sees a source's page may download its file: the same rule as the sources' list (imports/perimetres.py,
`q_sources_visibles`); a source of another territory answers 403. A coordinator gets the records of their territory
only, and the rejected rows when the whole source is in it (`a_corriger.rejets_visibles`).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse

from lieux.admin_perimetres import objet_du_perimetre

from .a_corriger import PasDeProfil, profil_de
from .a_corriger_fichiers import COLONNES, FORMATS, TYPES_MIME, fichier_a_corriger, nom_de_fichier
from .models import Source


def liens(source) -> list[tuple[str, str]]:
    """[(text, URL)] of the downloads offered for `source`: the standard's columns, and its own when it has a
    profile."""
    url = reverse("admin:imports_source_a_corriger", args=[source.pk])
    texte = "Télécharger le fichier à corriger"
    resultat = [(f"{texte} (CSV, colonnes du standard)", f"{url}?format=csv&colonnes=standard")]
    if profil_de(source) is not None:
        resultat += [(f"{texte} (tableur XLSX, colonnes de la source)", f"{url}?format=xlsx&colonnes=source"),
                     (f"{texte} (CSV, colonnes de la source)", f"{url}?format=csv&colonnes=source")]
    return resultat


class ACorrigerAdmin:
    actions = ["telecharger_a_corriger"]

    @admin.action(description="Télécharger le fichier à corriger de la source choisie")
    def telecharger_a_corriger(self, request, queryset):
        """From the list: one source chosen (among those the account sees) → its file, the standard's columns."""
        if queryset.count() != 1:
            messages.warning(request, "Choisissez une seule source pour télécharger son fichier à corriger.")
            return None
        source = queryset.get()
        return HttpResponseRedirect(reverse("admin:imports_source_a_corriger", args=[source.pk])
                                    + "?format=csv&colonnes=standard")

    def get_urls(self):
        return [path("<int:pk>/a-corriger/", self.admin_site.admin_view(self.fichier_a_corriger),
                     name="imports_source_a_corriger"), *super().get_urls()]

    def fichier_a_corriger(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        source = objet_du_perimetre(self.get_queryset(request), Source, pk=pk)
        format_ = request.GET.get("format", "csv")
        colonnes = request.GET.get("colonnes", "standard")
        if format_ not in FORMATS or colonnes not in COLONNES:
            raise Http404("Format inconnu.")
        try:
            contenu = fichier_a_corriger(source, format_, colonnes, utilisateur=request.user)
        except PasDeProfil:
            raise Http404("Cette source n'a pas de profil de correspondance.") from None
        reponse = HttpResponse(contenu, content_type=TYPES_MIME[format_])
        reponse["Content-Disposition"] = f'attachment; filename="{nom_de_fichier(source.nom, format_, colonnes)}"'
        return reponse

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["liens_a_corriger"] = liens(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
