"""Admin of the saved embed configurations (found by the admin's autodiscovery: embed is an app).

The form checks the options with the embed's own validator (embed/options.py), so a configuration that would
not open is never saved. A coordinator who is not a superuser sees and edits only the configurations they own.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from embed.options import lire_options
from embed.models import ConfigurationIntegration

CHAMPS_DES_PARAMETRES = {"region": "regions", "departement": "departements", "epci": "epci", "commune": "communes",
                         "territoire_type": "regions", "territoires": "regions", "filtres": "filtres",
                         "parametres": "filtres", "titre": "titre", "logo": "logo", "couleur": "couleur",
                         "vue": "vue", "zoom": "zoom", "centre": "centre", "liens": "liens"}


def code_a_coller(racine: str, configuration: ConfigurationIntegration) -> str:
    src = racine.rstrip("/") + reverse("embed:entree-configuration", args=[configuration.slug])
    titre = (configuration.titre or configuration.nom).replace('"', "&quot;")
    return f'<iframe src="{src}" title="{titre}" loading="lazy" style="width:100%;height:640px;border:0"></iframe>'


class ConfigurationIntegrationForm(forms.ModelForm):
    racine_site = ""  # set per request by the admin's get_form
    code_a_coller = forms.CharField(
        label="Code à coller", required=False, disabled=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90, "readonly": True}),
        help_text="Il ne change pas quand vous modifiez la configuration.")

    class Meta:
        model = ConfigurationIntegration
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code_a_coller"].initial = code_a_coller(self.racine_site, self.instance)
        else:
            self.fields["code_a_coller"].initial = "Disponible après l'enregistrement."

    def clean(self):
        donnees = super().clean()
        if self.errors:
            return donnees
        champs = {f.name for f in ConfigurationIntegration._meta.get_fields()} - {"proprietaire"}
        essai = ConfigurationIntegration(**{k: v for k, v in donnees.items() if k in champs})
        _, erreurs = lire_options(essai.parametres())
        for parametre, messages in erreurs.items():
            for message in messages:
                self.add_error(CHAMPS_DES_PARAMETRES.get(parametre, None), message)
        return donnees


@admin.register(ConfigurationIntegration)
class ConfigurationIntegrationAdmin(admin.ModelAdmin):
    form = ConfigurationIntegrationForm
    list_display = ("nom", "slug", "type", "territoires", "proprietaire", "modifiee_le", "lien")
    list_filter = ("type",)
    search_fields = ("nom", "slug", "titre")
    prepopulated_fields = {"slug": ("nom",)}
    readonly_fields = ("cree_le", "modifiee_le")
    fieldsets = (
        (None, {"fields": ("nom", "slug", "proprietaire", "type", "code_a_coller")}),
        ("Territoire montré (un ou plusieurs)", {"fields": ("regions", "departements", "epci", "communes")}),
        ("Présentation", {"fields": ("titre", "logo", "couleur", "liens")}),
        ("Ouverture", {"fields": ("filtres", "vue", "zoom", "centre")}),
        ("Suivi", {"fields": ("cree_le", "modifiee_le")}),
    )

    @admin.display(description="territoire")
    def territoires(self, obj):
        return ", ".join(obj.regions + obj.departements + obj.epci + obj.communes) or "France entière"

    @admin.display(description="aperçu")
    def lien(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">/embed/c/{}/</a>',
                           reverse("embed:entree-configuration", args=[obj.slug]), obj.slug)

    def get_form(self, request, obj=None, change=False, **kwargs):
        formulaire = super().get_form(request, obj, change, **kwargs)
        return type(formulaire.__name__, (formulaire,), {"racine_site": request.build_absolute_uri("/")})

    def get_queryset(self, request):
        configurations = super().get_queryset(request).select_related("proprietaire")
        return configurations if request.user.is_superuser else configurations.filter(proprietaire=request.user)

    def get_changeform_initial_data(self, request):
        return {"proprietaire": request.user.pk, **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        champs = super().get_readonly_fields(request, obj)
        return champs if request.user.is_superuser else (*champs, "proprietaire")

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.proprietaire = request.user
        super().save_model(request, obj, form, change)
