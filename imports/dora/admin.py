"""« Synchroniser DORA » in the admin: a button on the list of imports, a small form, then the usual follow-up page.

The form (dry run or not, « since » date) prepares a run of the source « dora » and enqueues the background task;
the admin lands on the run's follow-up page (progress, per-row report, « Appliquer l'import » after a dry run).

Hooked by one import line at the end of `imports/admin.py`: the imports' admin is extended (subclass registered in
place of it), not edited. The two templates live next to this module (`gabarits/`), outside the template
directories, so they are loaded here by file name.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..admin import ImportRunAdmin
from ..models import ImportRun, Source
from .application import nouveau_run
from .assemblage import SOURCE
from .client import ClientDataInclusion
from .tasks import synchroniser_dora

GABARITS = Path(__file__).parent / "gabarits"


@cache
def gabarit(nom: str):
    return engines["django"].from_string((GABARITS / nom).read_text(encoding="utf-8"))


def derniere_synchronisation() -> ImportRun | None:
    source = Source.objects.filter(nom=SOURCE).first()
    return source.derniere_application() if source else None


class SynchronisationForm(forms.Form):
    essai = forms.BooleanField(
        label="Essai à blanc", required=False, initial=True,
        help_text="Analyser seulement : vous verrez ce qui serait créé, mis à jour, archivé ou rejeté, puis vous "
                  "appliquerez depuis la page de suivi.",
    )
    depuis = forms.DateField(
        label="Seulement les lieux mis à jour depuis le", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Facultatif (JJ/MM/AAAA). Synchronisation partielle : aucun lieu DORA n'est archivé. Sans date, "
                  "les lieux DORA qui ne sont plus dans data·inclusion sont archivés.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


class ImportRunAdminAvecDora(ImportRunAdmin):
    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("synchroniser-dora/", vue(self.synchroniser_dora), name="imports_importrun_synchroniser_dora"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        reponse = super().changelist_view(request, extra_context)
        if isinstance(reponse, TemplateResponse):
            reponse.template_name = gabarit("change_list.html")  # the imports' list, plus the button
        return reponse

    def synchroniser_dora(self, request):
        if not (self.has_add_permission(request) and request.user.has_perm("imports.change_source")):
            raise PermissionDenied  # a sync writes the lieux of the DORA source
        form = SynchronisationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            depuis = form.cleaned_data["depuis"]
            run = nouveau_run(essai=form.cleaned_data["essai"], depuis=depuis, utilisateur=request.user,
                              origine=ClientDataInclusion().origine)
            resultat = synchroniser_dora.enqueue(run.pk, depuis.isoformat() if depuis else None)
            ImportRun.objects.filter(pk=run.pk).update(tache=resultat.id)
            return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))
        contexte = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "title": "Synchroniser DORA", "url_api": settings.DATA_INCLUSION_API_URL,
            "jeton": bool(settings.DATA_INCLUSION_API_TOKEN), "derniere": derniere_synchronisation(),
        }
        return TemplateResponse(request, gabarit("synchroniser.html"), contexte)


admin.site.unregister(ImportRun)
admin.site.register(ImportRun, ImportRunAdminAvecDora)
