"""The coordinators' space for campaigns: the list, the start form with its preview (« Lancer une campagne »), the
dashboard of each campaign (its change page) and the CSV export of its envois.

Scoped in the querysets: an account sees the campaigns it started and those reaching lieux of its territories, and
in a dashboard only the envois of its territories (lieux/perimetres.py); another campaign is « introuvable » (404).
"""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import path

from lieux.perimetres import est_national, q_perimetre

from . import admin_vues
from .models import Campagne, Envoi


@admin.register(Campagne)
class CampagneAdmin(admin.ModelAdmin):
    list_display = ("nom", "lancee_le", "territoire", "nombre_envois", "statut", "fin_le")
    list_filter = ("statut",)
    search_fields = ("nom",)

    def get_queryset(self, request):
        campagnes = super().get_queryset(request).annotate(n_envois=Count("envois"))
        if est_national(request.user):
            return campagnes
        dans_le_territoire = Envoi.objects.filter(campagne=OuterRef("pk")).filter(
            q_perimetre(request.user, "lieu__commune_officielle"))
        return campagnes.filter(Q(cree_par=request.user) | Q(Exists(dans_le_territoire)))

    @admin.display(description="lieux écrits", ordering="n_envois")
    def nombre_envois(self, obj):
        return obj.n_envois

    def has_delete_permission(self, request, obj=None):
        return False  # a campaign's answers are the lieux' history

    def add_view(self, request, form_url="", extra_context=None):
        return admin_vues.lancer(self, request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_vues.tableau_de_bord(self, request, object_id)

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("<path:object_id>/export.csv",
                 vue(lambda request, object_id: admin_vues.export(self, request, object_id)),
                 name="campagnes_campagne_export"),
            *super().get_urls(),
        ]
