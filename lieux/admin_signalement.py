"""Admin of the « Signaler une erreur » reports (imported by LieuxConfig.ready(): lieux/admin.py is the lieux').
A coordinator sees and handles the reports on the lieux of their territory (lieux/admin_perimetres.py)."""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from lieux.admin_perimetres import PerimetreAdminMixin
from lieux.models import Departement, Region, Signalement


class _FiltreTerritoire(admin.SimpleListFilter):
    """Reports on lieux of a territory: the lieu's own link, or its commune's (found from its code INSEE)."""

    modele = None

    def lookups(self, request, model_admin):
        niveau = self.parameter_name  # from the reports (few), not from the territories (many)
        paires = model_admin.get_queryset(request).values_list(f"lieu__{niveau}_id",
                                                               f"lieu__commune_officielle__{niveau}_id")
        codes = {code for paire in paires.distinct() for code in paire if code}
        return [(t.code, f"{t.nom} ({t.code})") for t in self.modele.objects.filter(code__in=codes).order_by("nom")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        niveau = self.parameter_name
        return queryset.filter(Q(**{f"lieu__{niveau}_id": self.value()})
                               | Q(**{f"lieu__commune_officielle__{niveau}_id": self.value()}))


class FiltreDepartement(_FiltreTerritoire):
    title = "département"
    parameter_name = "departement"
    modele = Departement


class FiltreRegion(_FiltreTerritoire):
    title = "région"
    parameter_name = "region"
    modele = Region


class FiltreRubrique(admin.SimpleListFilter):
    title = "rubrique"
    parameter_name = "rubrique"

    def lookups(self, request, model_admin):
        return Signalement.Rubrique.choices

    def queryset(self, request, queryset):
        return queryset.filter(rubriques__contains=[self.value()]) if self.value() else queryset


@admin.register(Signalement)
class SignalementAdmin(PerimetreAdminMixin, admin.ModelAdmin):
    list_display = ("cree_le", "lien_lieu", "departement", "rubriques_affichees", "extrait", "statut")
    list_filter = ("statut", FiltreRegion, FiltreDepartement, FiltreRubrique, "cree_le")
    search_fields = ("lieu__nom", "lieu__commune", "message")
    date_hierarchy = "cree_le"
    list_select_related = ("lieu__departement",)
    readonly_fields = ("lieu", "rubriques_affichees", "message", "courriel", "cree_le", "traite_le", "fiche_publique",
                       "territoire")
    fields = ("lieu", "fiche_publique", "territoire", "rubriques_affichees", "message", "courriel", "cree_le",
              "statut", "note_moderation", "traite_le")
    actions = ("marquer_traites", "marquer_rejetes")
    chemins_perimetre = ("lieu__commune_officielle",)

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

    @admin.display(description="département", ordering="lieu__departement_id")
    def departement(self, obj):
        d = obj.lieu.departement
        return f"{d.nom} ({d.code})" if d else ""

    @admin.display(description="territoire")
    def territoire(self, obj):
        lieu = obj.lieu
        return " › ".join(f"{t.nom} ({t.code})" for t in (lieu.region, lieu.departement) if t) or lieu.commune

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

    @admin.action(description="Marquer comme traités", permissions=["change"])
    def marquer_traites(self, request, queryset):
        self._marquer(request, queryset, Signalement.Statut.TRAITE)

    @admin.action(description="Marquer comme rejetés", permissions=["change"])
    def marquer_rejetes(self, request, queryset):
        self._marquer(request, queryset, Signalement.Statut.REJETE)
