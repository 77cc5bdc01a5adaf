"""The history of the people's decisions on pairs (deleting one regroups its lieux again) and the per-field source
priorities: the rest of the coordinators' side of « one lieu per place » (lieux/admin_consolidation.py has the review
queue and the lieu's lineage). A coordinator sees the decisions about records of their territory; the priorities,
which change lieux all over France, are changed by national accounts only (docs/perimetres.md)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from lieux.admin_perimetres import PerimetreAdminMixin
from lieux.consolidation.execution import consolider
from lieux.models import DecisionRapprochement, PrioriteSource, Provenance
from lieux.perimetres import est_national, q_perimetre


def _lieux_de(decisions) -> list[int]:
    cles = Q(pk__in=[])
    for d in decisions:
        cles |= Q(source=d.source_a, id_source=d.id_a) | Q(source=d.source_b, id_source=d.id_b)
    return list(Provenance.objects.filter(cles).values_list("lieu_id", flat=True).distinct())


def _enregistrement_du_perimetre(user, cote: str) -> Q:
    """The decision's record `cote` (« a » or « b ») describes a lieu of the account's territory."""
    return Q(Exists(Provenance.objects.filter(source=OuterRef(f"source_{cote}"), id_source=OuterRef(f"id_{cote}"))
                    .filter(q_perimetre(user, "lieu__commune_officielle"))))


@admin.register(DecisionRapprochement)
class DecisionRapprochementAdmin(PerimetreAdminMixin, admin.ModelAdmin):
    """The history of people's decisions. Read-only; deleting one regroups the lieux of its two records again.
    A coordinator sees the decisions about a record of their territory, deletes those whose two records are in it."""

    def q_perimetre(self, request) -> Q:
        if est_national(request.user):
            return Q()
        return _enregistrement_du_perimetre(request.user, "a") | _enregistrement_du_perimetre(request.user, "b")

    def _supprimables(self, request, queryset):
        if est_national(request.user):
            return queryset
        return queryset.filter(_enregistrement_du_perimetre(request.user, "a"),
                               _enregistrement_du_perimetre(request.user, "b"))

    list_display = ("enregistrements", "decision", "auteur", "decidee_le", "motif")
    list_filter = ("decision",)
    search_fields = ("id_a", "id_b", "source_a", "source_b", "motif")
    search_help_text = "Source ou identifiant d'un des deux enregistrements, motif."
    ordering = ("-decidee_le",)
    list_select_related = ("auteur",)
    readonly_fields = ("source_a", "id_a", "source_b", "id_b", "decision", "auteur", "motif", "decidee_le")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self._supprimables(request, DecisionRapprochement.objects.filter(pk=obj.pk)).exists()

    @admin.display(description="enregistrements")
    def enregistrements(self, d):
        return f"{d.source_a} : {d.id_a} / {d.source_b} : {d.id_b}"

    def delete_model(self, request, obj):
        self.delete_queryset(request, DecisionRapprochement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        queryset = self._supprimables(request, queryset)
        with transaction.atomic():
            lieux = _lieux_de(list(queryset))
            queryset.delete()
            if lieux:
                consolider(lieux=lieux)


class PrioriteSourceForm(forms.ModelForm):
    class Meta:
        model = PrioriteSource
        fields = ("champ", "source", "rang")
        help_texts = {"rang": "Le rang 1 passe en premier. Pour ce champ, la valeur non vide de la source de meilleur "
                              "rang est retenue ; les sources sans rang viennent ensuite, de la plus fraîche (date "
                              "de mise à jour) à la plus ancienne."}


@admin.register(PrioriteSource)
class PrioriteSourceAdmin(admin.ModelAdmin):
    form = PrioriteSourceForm
    list_display = ("champ", "source", "rang")
    list_editable = ("rang",)
    list_filter = ("champ", "source")
    ordering = ("champ", "rang", "source")

    # a priority applies to the lieux of its source all over France: changed by national accounts only
    def has_add_permission(self, request):
        return super().has_add_permission(request) and est_national(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and est_national(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and est_national(request.user)

    def changelist_view(self, request, extra_context=None):
        aide = ("Pour chaque champ d'un lieu décrit par plusieurs sources, la valeur vient de la source de rang 1, "
                "puis des suivantes ; sans priorité, de l'enregistrement le plus frais (date de mise à jour). Les "
                "lieux sont recalculés au prochain import de leurs sources, ou pour tous par la commande "
                "« consolider --tout ».")
        return super().changelist_view(request, (extra_context or {}) | {"aide_priorites": aide})
