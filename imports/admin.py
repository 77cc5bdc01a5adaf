"""Admin of the imports: sources, runs, the « Importer un fichier » path (upload → analysis → preview → apply) and
« Synchroniser DORA » (a small form, then the same follow-up page: the DORA run is an import of the source « dora »).

Works without JavaScript: the follow-up page refreshes itself (<noscript> meta refresh) while a job runs; with
JavaScript a progress bar polls `progression.json` instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from lieux.admin_perimetres import PerimetreAdminMixin, objet_du_perimetre
from lieux.perimetres import est_national

from . import admin_conflits, perimetres
from .admin_a_corriger import ACorrigerAdmin
from .application import archivage
from .assistant.vues import AssistantAdmin
from .dora.application import derniere_synchronisation, nouveau_run
from .dora.client import ClientDataInclusion
from .dora.tasks import synchroniser_dora
from .forms import ImportForm, SynchronisationForm
from .models import ImportRun, LigneImport, Source
from .rapport import lignes_du_rapport, rapport_csv
from .reprise import RelanceImpossible, relancer
from .tasks import analyser_import, lancer_application

LIGNES_PAR_PAGE = 100


@admin.register(Source)
class SourceAdmin(ACorrigerAdmin, AssistantAdmin, PerimetreAdminMixin, admin.ModelAdmin):
    """Its change page links to the mapping wizard, the profile's JSON export/import (imports/assistant/) and the
    « à corriger » file back to the producer (imports/admin_a_corriger.py).
    A coordinator sees the sources of their territory, changes those wholly in it (imports/perimetres.py)."""

    list_display = ("nom", "url", "cree_le", "profil_modifie_le")
    search_fields = ("nom", "description")
    exclude = ("profil",)  # changed through the wizard or a JSON file, never as raw JSON text
    readonly_fields = ("resume_du_profil", "profil_modifie_le")
    change_form_template = "admin/imports/source/change_form.html"
    change_list_template = "admin/imports/source/change_list.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, without its warning

    def q_perimetre(self, request):
        return perimetres.q_sources_visibles(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or perimetres.source_modifiable(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or perimetres.source_modifiable(request.user, obj))

    @admin.display(description="profil de correspondance")
    def resume_du_profil(self, source):
        from django.utils.html import format_html_join

        from .assistant.choix import resume

        return format_html_join("", "<div>{}</div>", ((ligne,) for ligne in resume(source.profil_de_correspondance())))

    def render_change_form(self, request, context, *args, **kwargs):
        context["peut_utiliser_assistant"] = self.peut_utiliser_assistant(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "peut_utiliser_assistant": self.peut_utiliser_assistant(request)}
        return super().changelist_view(request, extra_context)


@admin.register(ImportRun)
class ImportRunAdmin(PerimetreAdminMixin, admin.ModelAdmin):
    list_display = ("id", "source", "nom_fichier", "statut", "cree_le", "lignes_lues", "crees", "modifies",
                    "inchanges", "rejetes", "archives")
    list_filter = ("statut", ("source", admin.RelatedOnlyFieldListFilter))  # the sources of the visible runs
    search_fields = ("nom_fichier", "source__nom")
    date_hierarchy = "cree_le"
    change_list_template = "admin/imports/importrun/change_list.html"

    def q_perimetre(self, request):
        return perimetres.q_imports_visibles(request.user)

    def changelist_view(self, request, extra_context=None):
        contexte = {"peut_synchroniser_dora": est_national(request.user)}
        return super().changelist_view(request, contexte | (extra_context or {}))

    def has_change_permission(self, request, obj=None):
        return False  # a run is followed, not edited

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("importer/", vue(self.importer), name="imports_importrun_importer"),
            path("synchroniser-dora/", vue(self.synchroniser_dora), name="imports_importrun_synchroniser_dora"),
            path("<int:pk>/suivi/", vue(self.suivi), name="imports_importrun_suivi"),
            path("<int:pk>/progression.json", vue(self.progression), name="imports_importrun_progression"),
            path("<int:pk>/appliquer/", vue(require_POST(self.appliquer)), name="imports_importrun_appliquer"),
            path("<int:pk>/relancer/", vue(require_POST(self.relancer)), name="imports_importrun_relancer"),
            path("<int:pk>/rapport.csv", vue(self.rapport), name="imports_importrun_rapport"),
            path("<int:pk>/conflits/<int:conflit_pk>/prendre/", vue(require_POST(self.prendre_valeur_du_fichier)),
                 name="imports_importrun_prendre_valeur"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:imports_importrun_importer"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[object_id]))

    def _run(self, request, pk, permission="view") -> ImportRun:
        """`permission="add"`: acting on a run (apply, retry) writes the lieux of its source: it needs the right to
        import and the right to change sources, and the run must be the account's (imports/perimetres.py).
        A run of another territory: 403."""
        if permission == "view":
            autorise = self.has_view_permission(request)
        else:
            autorise = self.has_add_permission(request) and request.user.has_perm("imports.change_source")
        if not autorise:
            raise PermissionDenied
        run = objet_du_perimetre(self.get_queryset(request).select_related("source", "utilisateur"), ImportRun, pk=pk)
        if permission != "view" and not perimetres.peut_agir_sur(request.user, run):
            raise PermissionDenied
        return run

    def importer(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None, utilisateur=request.user)
        if request.method == "POST" and form.is_valid():
            fichier = form.cleaned_data["fichier"]
            run = ImportRun.objects.create(
                source=form.source_choisie(), utilisateur=request.user, partiel=form.cleaned_data["partiel"],
                essai=True, nom_fichier=fichier.name[:500], taille=fichier.size, fichier=fichier,
            )
            resultat = analyser_import.enqueue(run.pk)
            ImportRun.objects.filter(pk=run.pk).update(tache=resultat.id)
            return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))
        contexte = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                    "title": "Importer un fichier de lieux"}
        return TemplateResponse(request, "admin/imports/importrun/importer.html", contexte)

    def suivi(self, request, pk):
        run = self._run(request, pk)
        statut = request.GET.get("statut", "")
        lignes = lignes_du_rapport(run, statuts=[statut] if statut else None, avec_messages_seulement=not statut)
        page = Paginator(lignes, LIGNES_PAR_PAGE).get_page(request.GET.get("page"))
        contexte = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "run": run, "page": page,
            "title": f"Import n° {run.pk} — {run.source}", "statuts": LigneImport.Statut.choices,
            "statut_choisi": statut, "peut_appliquer": run.applicable and self._peut_agir(request, run),
            "peut_relancer": run.statut == ImportRun.Statut.ECHOUE and self._peut_agir(request, run),
            **archivage(run), **admin_conflits.contexte(request, run),
        }
        return TemplateResponse(request, "admin/imports/importrun/suivi.html", contexte)

    def _peut_agir(self, request, run) -> bool:
        return (self.has_add_permission(request) and request.user.has_perm("imports.change_source")
                and perimetres.peut_agir_sur(request.user, run))

    def progression(self, request, pk):
        run = self._run(request, pk)
        return JsonResponse({
            "statut": run.statut, "libelle": run.get_statut_display(), "etape": run.etape,
            "progression": round(run.progression, 3), "en_cours": run.en_cours, **run.compteurs(),
        })

    def appliquer(self, request, pk):
        run = self._run(request, pk, permission="add")
        if raison := lancer_application(run, request.POST.get("confirmer_archivage") == "oui"):
            messages.error(request, raison)
            return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))
        run.refresh_from_db()
        if run.statut == ImportRun.Statut.APPLIQUE:
            messages.success(request, "Import appliqué : les lieux sont à jour.")
        elif run.statut == ImportRun.Statut.ANALYSE and run.erreur:
            messages.error(request, run.erreur)
        return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))

    def relancer(self, request, pk):
        """A failed run (worker gone, connection lost…) is analysed again from its stored file."""
        run = self._run(request, pk, permission="add")
        try:
            relancer(run)
            messages.success(request, "Import relancé : l'analyse reprend depuis le fichier.")
        except RelanceImpossible as erreur:
            messages.error(request, str(erreur))
        return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))

    def prendre_valeur_du_fichier(self, request, pk, conflit_pk):
        return admin_conflits.vue_prendre(request, self._run(request, pk), conflit_pk)

    def rapport(self, request, pk):
        run = self._run(request, pk)
        reponse = StreamingHttpResponse(rapport_csv(run), content_type="text/csv; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="rapport-import-{run.pk}.csv"'
        return reponse

    def synchroniser_dora(self, request):
        if not (self.has_add_permission(request) and request.user.has_perm("imports.change_source")
                and est_national(request.user)):
            raise PermissionDenied  # a sync writes the lieux of the DORA source, all over France
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
        return TemplateResponse(request, "admin/imports/importrun/synchroniser_dora.html", contexte)


from . import taches_admin  # noqa: E402,F401  « Tâches de fond » in French (imports/taches_admin.py)
