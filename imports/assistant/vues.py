"""The wizard's pages and the profile's JSON export/import, as admin views of the sources (`AssistantAdmin`, mixed
into `SourceAdmin`): thin views, the rules are in `choix`, the state in `etat`.

Only staff with the right to change sources (`imports.change_source`) and to import (`imports.add_importrun`) use the
wizard and change a profile; exporting a profile needs only the right to see sources.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from lieux.admin_perimetres import objet_du_perimetre
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..application import archivage
from ..lecteurs import FichierIllisible
from .. import perimetres
from ..models import ImportRun, Source
from ..tasks import analyser_import, lancer_application
from . import choix, etat
from .demarrage import demarre, lance_essai, valeurs_a_montrer
from .formulaires import ColonnesForm, EnvoiForm, ProfilJsonForm, ValeursForm


class AssistantAdmin:
    """Mixed into the sources' ModelAdmin: adds the wizard's URLs and the profile's export/import."""

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("assistant/", vue(self.assistant_envoi), name="imports_source_assistant"),
            path("assistant/<str:cle>/colonnes/", vue(self.assistant_colonnes), name="imports_source_assistant_colonnes"),
            path("assistant/<str:cle>/valeurs/", vue(self.assistant_valeurs), name="imports_source_assistant_valeurs"),
            path("assistant/<str:cle>/essai/", vue(self.assistant_essai), name="imports_source_assistant_essai"),
            path("assistant/<str:cle>/appliquer/", vue(require_POST(self.assistant_appliquer)),
                 name="imports_source_assistant_appliquer"),
            path("<int:pk>/profil.json", vue(self.profil_export), name="imports_source_profil_export"),
            path("<int:pk>/importer-profil/", vue(self.profil_import), name="imports_source_profil_import"),
            *super().get_urls(),
        ]

    # permissions ---------------------------------------------------------------------------------------------------
    def peut_utiliser_assistant(self, request) -> bool:
        return request.user.has_perm("imports.change_source") and request.user.has_perm("imports.add_importrun")

    def _verifie(self, request):
        if not self.peut_utiliser_assistant(request):
            raise PermissionDenied

    def _contexte(self, request, titre: str, **autres) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": titre, **autres}

    def _etat(self, request, cle: str) -> dict:
        self._verifie(request)
        try:
            return etat.lit(request, cle)
        except etat.EtatPerdu:
            raise _Perdu from None

    # the wizard ----------------------------------------------------------------------------------------------------
    def assistant_envoi(self, request):
        self._verifie(request)
        form = EnvoiForm(request.POST or None, request.FILES or None, utilisateur=request.user,
                         initial={"source": request.GET.get("source")})
        if request.method == "POST" and form.is_valid():
            try:
                nouvel_etat = demarre(form, request.user)
            except FichierIllisible as erreur:
                form.add_error("fichier", str(erreur))
            else:
                cle = etat.cree(request, nouvel_etat)
                return HttpResponseRedirect(reverse("admin:imports_source_assistant_colonnes", args=[cle]))
        return TemplateResponse(request, "admin/imports/assistant/envoi.html",
                                self._contexte(request, "Assistant de correspondance : votre fichier", form=form,
                                               etape=1))

    def assistant_colonnes(self, request, cle):
        try:
            donnees = self._etat(request, cle)
        except _Perdu:
            return self._perdu(request)
        profil = etat.profil(donnees)
        colonnes = [c["colonne"] for c in donnees["colonnes"]]
        form = ColonnesForm(request.POST or None, colonnes=colonnes, profil=profil)
        if request.method == "POST" and form.is_valid():
            nouveau = form.profil_choisi()
            donnees["profil"] = nouveau.en_dict()
            donnees["valeurs"] = valeurs_a_montrer(donnees, nouveau)
            etat.ecrit(request, cle, donnees)
            return HttpResponseRedirect(reverse("admin:imports_source_assistant_valeurs", args=[cle]))
        analyses = {c["colonne"]: c for c in donnees["colonnes"]}
        lignes = [(champ, analyses[champ.label]) for champ in form.lignes()]
        return TemplateResponse(request, "admin/imports/assistant/colonnes.html", self._contexte(
            request, "Assistant de correspondance : les colonnes", form=form, lignes=lignes, cle=cle, etat=donnees,
            changements=choix.message_colonnes_changees(*donnees["changements"]), etape=2,
            source=Source.objects.get(pk=donnees["source"])))

    def assistant_valeurs(self, request, cle):
        try:
            donnees = self._etat(request, cle)
        except _Perdu:
            return self._perdu(request)
        form = ValeursForm(request.POST or None, profil=etat.profil(donnees), valeurs=donnees["valeurs"])
        if request.method == "POST" and form.is_valid():
            profil = form.profil_choisi()
            donnees["profil"] = profil.en_dict()
            source = Source.objects.get(pk=donnees["source"])
            run = lance_essai(source, etat.chemin(donnees), donnees, profil, request.user)
            resultat = analyser_import.enqueue(run.pk)
            ImportRun.objects.filter(pk=run.pk).update(tache=resultat.id)
            donnees["run"] = run.pk
            etat.ecrit(request, cle, donnees)
            return HttpResponseRedirect(reverse("admin:imports_source_assistant_essai", args=[cle]))
        return TemplateResponse(request, "admin/imports/assistant/valeurs.html", self._contexte(
            request, "Assistant de correspondance : les valeurs", form=form, cle=cle, etape=3))

    def assistant_essai(self, request, cle):
        try:
            donnees = self._etat(request, cle)
        except _Perdu:
            return self._perdu(request)
        if not donnees.get("run"):
            return HttpResponseRedirect(reverse("admin:imports_source_assistant_valeurs", args=[cle]))
        run = get_object_or_404(ImportRun.objects.select_related("source"), pk=donnees["run"])
        return TemplateResponse(request, "admin/imports/assistant/essai.html", self._contexte(
            request, "Assistant de correspondance : l'essai à blanc", run=run, cle=cle, etape=4,
            **archivage(run)))

    def assistant_appliquer(self, request, cle):
        try:
            donnees = self._etat(request, cle)
        except _Perdu:
            return self._perdu(request)
        run = get_object_or_404(ImportRun.objects.select_related("source"), pk=donnees.get("run") or 0)
        if not perimetres.peut_agir_sur(request.user, run):
            raise PermissionDenied
        if raison := lancer_application(run, request.POST.get("confirmer_archivage") == "oui"):
            messages.error(request, raison)
            return HttpResponseRedirect(reverse("admin:imports_source_assistant_essai", args=[cle]))
        source = run.source
        source.profil, source.profil_modifie_le = donnees["profil"], timezone.now()
        source.save(update_fields=["profil", "profil_modifie_le"])
        etat.oublie(request, cle)
        messages.success(request, f"Profil de correspondance enregistré pour la source « {source} » : le prochain "
                                  "fichier de cette source partira de vos choix. L'import est lancé.")
        return HttpResponseRedirect(reverse("admin:imports_importrun_suivi", args=[run.pk]))

    def _perdu(self, request):
        messages.error(request, "Cet assistant n'existe plus (session expirée, ou import déjà appliqué) : "
                                "envoyez le fichier à nouveau.")
        return HttpResponseRedirect(reverse("admin:imports_source_assistant"))

    # the profile as JSON -------------------------------------------------------------------------------------------
    def profil_export(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        source = objet_du_perimetre(self.get_queryset(request), Source, pk=pk)
        profil = source.profil_de_correspondance()
        if profil is None:
            messages.error(request, f"La source « {source} » n'a pas encore de profil de correspondance.")
            return HttpResponseRedirect(reverse("admin:imports_source_change", args=[source.pk]))
        reponse = HttpResponse(profil.en_json(), content_type="application/json; charset=utf-8")
        reponse["Content-Disposition"] = f'attachment; filename="{source.nom}.profil.json"'
        return reponse

    def profil_import(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = objet_du_perimetre(perimetres.sources_modifiables(request.user), Source, pk=pk)
        form = ProfilJsonForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            source.profil, source.profil_modifie_le = form.profil().en_dict(), timezone.now()
            source.save(update_fields=["profil", "profil_modifie_le"])
            messages.success(request, f"Profil importé : le prochain fichier de la source « {source} » partira de "
                                      "ce profil.")
            return HttpResponseRedirect(reverse("admin:imports_source_change", args=[source.pk]))
        return TemplateResponse(request, "admin/imports/assistant/profil_import.html", self._contexte(
            request, f"Importer un profil pour la source « {source} »", form=form, source=source))


class _Perdu(Exception):
    pass
