"""Admin of the « Signaler une erreur » reports (imported by LieuxConfig.ready(): lieux/admin.py is the lieux')."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from lieux.models import Signalement


@admin.register(Signalement)
class SignalementAdmin(admin.ModelAdmin):
    list_display = ("cree_le", "lien_lieu", "rubriques_affichees", "extrait", "statut")
    list_filter = ("statut", "cree_le")
    search_fields = ("lieu__nom", "lieu__commune", "message")
    date_hierarchy = "cree_le"
    list_select_related = ("lieu",)
    readonly_fields = ("lieu", "rubriques", "message", "courriel", "cree_le", "traite_le", "fiche_publique")
    fields = ("lieu", "fiche_publique", "rubriques", "message", "courriel", "cree_le", "statut", "note_moderation",
              "traite_le")
    actions = ("marquer_traites", "marquer_rejetes")

    def has_add_permission(self, request):
        return False

    @admin.display(description="lieu", ordering="lieu__nom")
    def lien_lieu(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:lieux_lieu_change", args=[obj.lieu_id]), obj.lieu.nom)

    @admin.display(description="fiche publique")
    def fiche_publique(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("lieux:lieu", args=[obj.lieu_id]), "Voir la fiche du lieu")

    @admin.display(description="rubriques")
    def rubriques_affichees(self, obj):
        return ", ".join(obj.libelles_rubriques())

    @admin.display(description="message")
    def extrait(self, obj):
        return obj.message[:80] + ("…" if len(obj.message) > 80 else "")

    def save_model(self, request, obj, form, change):
        if obj.statut != Signalement.Statut.NOUVEAU and obj.traite_le is None:
            obj.traite_le = timezone.now()
        super().save_model(request, obj, form, change)

    def _marquer(self, request, queryset, statut):
        n = queryset.update(statut=statut, traite_le=timezone.now())
        self.message_user(request, f"{n} signalement(s) marqué(s) « {Signalement.Statut(statut).label} ».",
                          messages.SUCCESS)

    @admin.action(description="Marquer comme traités")
    def marquer_traites(self, request, queryset):
        self._marquer(request, queryset, Signalement.Statut.TRAITE)

    @admin.action(description="Marquer comme rejetés")
    def marquer_rejetes(self, request, queryset):
        self._marquer(request, queryset, Signalement.Statut.REJETE)
