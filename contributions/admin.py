"""The coordinators' space for contributions: the moderation page of each contribution (its change page), the
« À modérer » queue (contributions and error reports together) and the invitations to edit a lieu.

Everything is scoped to the account's territories in the querysets (`Contribution.objects.du_perimetre`): a
contribution of another territory is « introuvable » (404) by URL, for reading as for posting.
"""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.urls import path

from . import admin_vues
from .models import Contribution, Invitation


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("cree_le", "type", "nom_du_lieu", "commune_officielle", "statut", "traite_le")
    list_filter = ("statut", "type")
    search_fields = ("lieu__nom", "valeurs__nom", "nom_contributeur")
    list_select_related = ("lieu", "commune_officielle")

    def get_queryset(self, request):
        return super().get_queryset(request).du_perimetre(request.user)

    def get_ordering(self, request):
        en_attente_d_abord = Case(When(statut=Contribution.Statut.EN_ATTENTE, then=Value(0)), default=Value(1),
                                  output_field=IntegerField())
        return (en_attente_d_abord.asc(), "cree_le")  # pending first, oldest first

    def has_add_permission(self, request):
        return False  # contributions come from the public forms

    @admin.display(description="lieu")
    def nom_du_lieu(self, obj):
        return obj.valeurs.get("nom") or (obj.lieu.nom if obj.lieu_id else "")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_vues.moderer(self, request, object_id)

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            path("a-moderer/", vue(lambda request: admin_vues.a_moderer(self, request)),
                 name="contributions_a_moderer"),
            path("inviter/<int:uid>/", vue(lambda request, uid: admin_vues.inviter(self, request, uid)),
                 name="contributions_inviter"),
            *super().get_urls(),
        ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("cree_le", "lieu", "courriel", "cree_par", "utilisee_le", "revoquee")
    list_filter = ("revoquee",)
    readonly_fields = ("lieu", "courriel", "cree_par", "cree_le", "utilisee_le")
    fields = ("lieu", "courriel", "cree_par", "cree_le", "utilisee_le", "revoquee")
    list_select_related = ("lieu", "cree_par")

    def get_queryset(self, request):
        from lieux.perimetres import q_perimetre

        return super().get_queryset(request).filter(q_perimetre(request.user, "lieu__commune_officielle"))

    def has_add_permission(self, request):
        return False  # from a lieu: « Inviter la personne qui gère ce lieu »
