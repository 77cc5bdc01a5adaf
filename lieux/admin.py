"""Admin of the lieux (map widget to move the pin, provenances, archive / reactivate) and territories."""

import json
import re

from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from leaflet.admin import LeafletGeoAdmin

from lieux import standard
from lieux.admin_fermetures import FermetureInline
from lieux import admin_qualite
from lieux.admin_perimetres import LieuDuPerimetreForm, PerimetreAdminMixin
from lieux.forms import LieuForm
from lieux.models import EPCI, Commune, Departement, Lieu, Provenance, Region
from lieux.perimetres import q_perimetre

# The coordinators' space: French titles instead of « Administration de Django » (their tasks first on the home page:
# templates/admin/index.html, imports/templatetags/espace_coordinateurs.py)
admin.site.site_header = "Espace des coordinateurs"
admin.site.site_title = "Espace des coordinateurs · Cartographie de la médiation numérique"
admin.site.index_title = "Accueil de l'espace des coordinateurs"
ORDRE_DES_APPLICATIONS = ("lieux", "imports")  # the coordinators' data first, then the rest (users, tasks…)
_liste_des_applications = admin.site.get_app_list


def _applications_des_coordinateurs_d_abord(request, app_label=None):
    applications = _liste_des_applications(request, app_label)
    rang = {label: i for i, label in enumerate(ORDRE_DES_APPLICATIONS)}
    return sorted(applications, key=lambda a: rang.get(a["app_label"], len(rang)))  # stable: the rest by name


admin.site.get_app_list = _applications_des_coordinateurs_d_abord

# --- lieux --------------------------------------------------------------------------------------------------

FIELDSETS_LIEU = (
    ("Le lieu", {"fields": ("id", "pivot", "nom", "typologie", "structure_parente", "source")}),
    ("Adresse et position", {
        "fields": ("adresse", "complement_adresse", "code_postal", "commune", "code_insee", "localisation",
                   "precision_localisation"),
        "description": "Déplacez l'épingle sur la carte pour corriger la position du lieu.",
    }),
    ("Territoires (code officiel géographique)", {
        "fields": ("commune_officielle", "epci", "departement", "region"),
    }),
    ("Contact et horaires", {
        "fields": ("telephone", "courriels", "site_web", "horaires", "prise_rdv", "fiche_acces_libre"),
    }),
    ("Présentation", {"fields": ("presentation_resume", "presentation_detail")}),
    ("Services et accueil", {
        "fields": ("services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
                   "frais_a_charge", "itinerance", "modalites_acces", "modalites_accompagnement",
                   "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels"),
    }),
    # « à vérifier » is raised by campaigns and lowered from the « À vérifier » queue (lieux/admin_qualite.py)
    ("Suivi", {"fields": ("statut", "date_maj", "cree_le", "modifie_le", "a_verifier_depuis", "motif_a_verifier")}),
    # one lieu per place (lieux/admin_consolidation.py): which record gave each field, the lieu a merged one joined
    ("Sources et lignée des champs", {"fields": ("lignee_des_champs", "fusionne_dans")}),
)


class LieuAdminForm(LieuDuPerimetreForm, LieuForm):
    """LieuForm with the admin's two-pane selector for the 92 typologies; only in the account's territory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typologie = self.fields["typologie"]
        typologie.widget = FilteredSelectMultiple("typologies", is_stacked=False, choices=typologie.choices)


class ServiceFilter(admin.SimpleListFilter):
    """Lieux offering one service of the standard (`services` is an array: `@>` on its GIN index)."""

    title = "service proposé"
    parameter_name = "service"

    def lookups(self, request, model_admin):
        return standard.choices("services")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(services__contains=[self.value()])
        return queryset


class SourceImportFilter(admin.SimpleListFilter):
    """Lieux received from one import source (the short name chosen at import, `Provenance.source`): how a hub finds
    its own lieux. Not the standard's `source` column, which is whatever text the file declared."""

    title = "source d'import"
    parameter_name = "source_import"

    def lookups(self, request, model_admin):
        # the sources the lieux came from, read on Provenance (lieux knows nothing of the imports app above it)
        sources = (Provenance.objects.filter(q_perimetre(request.user, "lieu__commune_officielle"))
                   .order_by("source").values_list("source", flat=True).distinct())
        return [(nom, nom) for nom in sources]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(uid__in=Provenance.objects.filter(source=self.value()).values("lieu_id"))
        return queryset


class SourceDeclareeFilter(admin.AllValuesFieldListFilter):
    """The standard's `source` column as the file wrote it (« Hub du Sud », « CD49 »…)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "source déclarée dans le fichier"


class ProvenanceInline(admin.StackedInline):
    model = Provenance
    extra = 0
    can_delete = False
    fields = ("source", "id_source", "actif", "date_maj", "recue_le", "empreinte", "ligne_recue")
    readonly_fields = fields
    ordering = ("-recue_le",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="ligne reçue")
    def ligne_recue(self, provenance):
        texte = json.dumps(provenance.donnees_brutes, ensure_ascii=False, indent=2)
        return format_html('<pre style="white-space: pre-wrap; margin: 0">{}</pre>', texte)


@admin.register(Lieu)
class LieuAdmin(PerimetreAdminMixin, LeafletGeoAdmin):
    form = LieuAdminForm
    fieldsets = FIELDSETS_LIEU
    readonly_fields = ("cree_le", "modifie_le", "lignee_des_champs", "fusionne_dans", "a_verifier_depuis",
                       "motif_a_verifier")
    list_display = ("nom", "commune", "code_postal", "resume_services", "sources_import", "source", "statut",
                    "date_maj", admin_qualite.score_qualite)
    list_filter = (
        "statut",
        SourceImportFilter,
        ("source", SourceDeclareeFilter),
        ("region", admin.RelatedOnlyFieldListFilter),
        ("departement", admin.RelatedOnlyFieldListFilter),
        ServiceFilter,
        "precision_localisation",
        admin_qualite.ScoreQualiteFilter,
    )
    search_fields = ("nom", "commune", "^code_postal", "=code_insee", "=id", "=pivot")
    search_help_text = "Nom, commune, code postal (ou son début) ; code INSEE, identifiant, SIRET/RNA exacts."
    autocomplete_fields = ("commune_officielle", "epci", "departement", "region")
    inlines = (ProvenanceInline, FermetureInline)
    actions = ("archiver", "reactiver")
    list_per_page = 50

    def get_queryset(self, request):
        # the import sources of the listed lieux in one query, without their raw rows
        provenances = Prefetch("provenances", queryset=Provenance.objects.only("lieu_id", "source"),
                               to_attr="sources_chargees")
        return super().get_queryset(request).prefetch_related(provenances).select_related("qualite")

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        return type(formulaire.__name__, (formulaire,), {"utilisateur": request.user})

    def get_urls(self):
        separer = self.admin_site.admin_view(
            lambda request, uid, provenance_pk: admin_consolidation.vue_separer(self, request, uid, provenance_pk))
        deverrouiller = self.admin_site.admin_view(
            lambda request, uid, champ: admin_verrous.vue_deverrouiller(self, request, uid, champ))
        vue = self.admin_site.admin_view
        qualite = [  # the « À vérifier » queue and the quality per source (lieux/admin_qualite.py)
            path("a-verifier/", vue(lambda request: admin_qualite.vue_a_verifier(self, request)),
                 name="lieux_lieu_a_verifier"),
            path("a-verifier/<int:uid>/verifie/", vue(lambda request, uid: admin_qualite.vue_verifie(self, request, uid)),
                 name="lieux_lieu_verifie"),
            path("qualite-des-sources/", vue(lambda request: admin_qualite.vue_sources(self, request)),
                 name="lieux_lieu_qualite_sources"),
        ]
        return [*qualite, path("<int:uid>/separer/<int:provenance_pk>/", separer, name="lieux_lieu_separer"),
                path("<int:uid>/deverrouiller/<str:champ>/", deverrouiller, name="lieux_lieu_deverrouiller"),
                *admin_historique.urls(self), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contexte = (admin_consolidation.contexte_lieu(self, request, object_id)
                    | admin_verrous.contexte(self, request, object_id)
                    | admin_historique.contexte_lieu(request, object_id) | (extra_context or {}))
        return super().change_view(request, object_id, form_url, contexte)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # a coordinator's edit goes through modifier_lieu: the fields changed are protected from the next imports
        admin_verrous.enregistrer(obj, form, request.user)

    @admin.display(description="lignée des champs")
    def lignee_des_champs(self, lieu):
        return admin_consolidation.lignee_des_champs(lieu)

    @admin.display(description="source d'import")
    def sources_import(self, lieu):
        sources = sorted({p.source for p in getattr(lieu, "sources_chargees", lieu.provenances.all())})
        return ", ".join(sources) or None

    @admin.display(description="services")
    def resume_services(self, lieu):
        if not lieu.services:
            return None
        premiers = ", ".join(lieu.services[:2])
        reste = len(lieu.services) - 2
        return f"{premiers} (+{reste})" if reste > 0 else premiers

    def _change_statut(self, request, queryset, statut, verbe):
        """One UPDATE: PostgreSQL's triggers keep the projections (lieux/projections/), so an archived lieu leaves the
        map's counts and the orientation's results (lieux_ouverture) in the same statement."""
        uids = list(queryset.exclude(statut=statut).values_list("uid", flat=True))
        nombre = Lieu.objects.filter(uid__in=uids).update(statut=statut, modifie_le=timezone.now())
        self.message_user(request, f"{nombre} lieu(x) {verbe}(s).", messages.SUCCESS)

    @admin.action(description="Archiver", permissions=["change"])
    def archiver(self, request, queryset):
        self._change_statut(request, queryset, Lieu.Statut.ARCHIVE, "archivé")

    @admin.action(description="Réactiver", permissions=["change"])
    def reactiver(self, request, queryset):
        self._change_statut(request, queryset, Lieu.Statut.ACTIF, "réactivé")


# --- territoires: loaded by `load_geography`, read-only here (contours left out: they are large) ------------


class TerritoireAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "population")
    search_fields = ("nom", "^code")
    exclude = ("geom",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(TerritoireAdmin):
    pass


@admin.register(Departement)
class DepartementAdmin(TerritoireAdmin):
    list_display = ("code", "nom", "region", "population")
    list_filter = ("region",)
    list_select_related = ("region",)


@admin.register(EPCI)
class EPCIAdmin(TerritoireAdmin):
    list_display = ("code", "nom", "type", "population")
    list_filter = ("type",)


@admin.register(Commune)
class CommuneAdmin(TerritoireAdmin):
    list_display = ("code", "nom", "type", "codes_postaux", "departement", "epci", "population")
    list_filter = ("type", "region")
    list_select_related = ("departement", "epci")
    search_fields = ("nom", "nom_recherche", "^code")

    def get_search_results(self, request, queryset, search_term):
        """Also by postcode ("49000"), in the changelist and in the autocomplete of the lieu form."""
        resultats, doublons = super().get_search_results(request, queryset, search_term)
        if re.fullmatch(r"\d{5}", search_term.strip()):
            resultats |= queryset.filter(codes_postaux__contains=[search_term.strip()])
        if request.GET.get("model_name") == "lieu" and request.path.endswith("/autocomplete/"):
            resultats = resultats.filter(q_perimetre(request.user, ""))  # a lieu's commune: the account's only
        return resultats, doublons


# the review queue, decisions, priorities; the lieu's lineage and « Séparer » (used by LieuAdmin above)
from lieux import admin_consolidation  # noqa: E402
from lieux import admin_verrous  # noqa: E402
from lieux import admin_decisions  # noqa: E402,F401  (decisions' history, source priorities)
# coordinators and their territories (superusers only), accounts and groups changed by superusers only
from lieux import admin_coordinateurs  # noqa: E402,F401
from lieux import admin_historique  # noqa: E402
