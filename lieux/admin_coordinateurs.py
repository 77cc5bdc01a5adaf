"""« Coordinateurs » in the coordinators' space: a superuser creates a staff account and its territories in one form
(territories chosen by autocomplete: the régions', départements', EPCI's and communes' admins have a search), or
changes the territories of an existing coordinator. Only superusers see, add, change or delete coordinators: a
coordinator can neither widen their own territory nor make themselves national (docs/perimetres.md).

A new account joins the group « Coordinateurs de territoire », which holds the permissions of the coordinators'
space (created here the first time, completed with the permissions that exist when it is used).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q

from lieux.models import Coordinateur

GROUPE = "Coordinateurs de territoire"
# « app.codename »: what a coordinator does in their territory (the rows are narrowed by lieux/perimetres.py)
DROITS = (
    "lieux.view_lieu", "lieux.add_lieu", "lieux.change_lieu", "lieux.view_provenance",
    "lieux.view_signalement", "lieux.change_signalement",
    "lieux.view_pairerapprochement", "lieux.change_pairerapprochement",
    "lieux.view_decisionrapprochement", "lieux.delete_decisionrapprochement", "lieux.view_prioritesource",
    "lieux.view_fermeturetemporaire", "lieux.add_fermeturetemporaire", "lieux.change_fermeturetemporaire",
    "lieux.delete_fermeturetemporaire",
    "lieux.view_region", "lieux.view_departement", "lieux.view_epci", "lieux.view_commune",
    "imports.view_source", "imports.add_source", "imports.change_source",
    "imports.view_importrun", "imports.add_importrun",
    "contributions.view_contribution", "contributions.change_contribution",
    "campagnes.view_campagne", "campagnes.add_campagne", "campagnes.change_campagne",
)
TERRITOIRES = ("regions", "departements", "epcis", "communes")


def groupe_des_coordinateurs() -> Group:
    groupe, _ = Group.objects.get_or_create(name=GROUPE)
    condition = Q(pk__in=[])
    for droit in DROITS:
        app, code = droit.split(".")
        condition |= Q(content_type__app_label=app, codename=code)
    groupe.permissions.add(*Permission.objects.filter(condition))
    return groupe


class _TerritoiresForm(forms.ModelForm):
    def clean(self):
        donnees = super().clean()
        if not donnees.get("national") and not any(donnees.get(niveau) for niveau in TERRITOIRES):
            raise forms.ValidationError("Choisissez au moins un territoire (région, département, EPCI ou commune), "
                                        "ou cochez « administrateur national ».")
        return donnees


class NouveauCoordinateurForm(_TerritoiresForm):
    """The account and its territories in one form."""

    identifiant = forms.CharField(label="Identifiant de connexion", max_length=150,
                                  help_text="Par exemple : prenom.nom ou l'adresse électronique.")
    prenom = forms.CharField(label="Prénom", max_length=150, required=False)
    nom = forms.CharField(label="Nom", max_length=150, required=False)
    courriel = forms.EmailField(label="Adresse électronique")
    mot_de_passe = forms.CharField(label="Mot de passe", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), help_text=password_validation.password_validators_help_text_html())
    confirmation = forms.CharField(label="Confirmation du mot de passe", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    class Meta:
        model = Coordinateur
        fields = ("national", *TERRITOIRES)

    def clean_identifiant(self):
        identifiant = self.cleaned_data["identifiant"].strip()
        if User.objects.filter(username__iexact=identifiant).exists():
            raise forms.ValidationError("Un compte porte déjà cet identifiant.")
        return identifiant

    def clean(self):
        donnees = super().clean()
        mot_de_passe, confirmation = donnees.get("mot_de_passe"), donnees.get("confirmation")
        if mot_de_passe and confirmation and mot_de_passe != confirmation:
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        elif mot_de_passe:
            compte = User(username=donnees.get("identifiant", ""), email=donnees.get("courriel", ""),
                          first_name=donnees.get("prenom", ""), last_name=donnees.get("nom", ""))
            try:
                password_validation.validate_password(mot_de_passe, compte)
            except forms.ValidationError as erreur:
                self.add_error("mot_de_passe", erreur)
        return donnees

    def creer_compte(self) -> User:
        d = self.cleaned_data
        compte = User.objects.create_user(d["identifiant"], d["courriel"], d["mot_de_passe"], is_staff=True,
                                          first_name=d["prenom"], last_name=d["nom"])
        compte.groups.add(groupe_des_coordinateurs())
        return compte


class CoordinateurForm(_TerritoiresForm):
    class Meta:
        model = Coordinateur
        fields = ("national", *TERRITOIRES)


@admin.register(Coordinateur)
class CoordinateurAdmin(admin.ModelAdmin):
    list_display = ("__str__", "identifiant", "national", "resume_territoires")
    list_filter = ("national",)
    search_fields = ("utilisateur__username", "utilisateur__first_name", "utilisateur__last_name",
                     "utilisateur__email")
    autocomplete_fields = TERRITOIRES
    readonly_fields = ("utilisateur",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("utilisateur").prefetch_related(*TERRITOIRES)

    # superusers only, whatever the permissions held (a coordinator never changes their own territory)
    def _superutilisateur(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superutilisateur(request)

    def has_view_permission(self, request, obj=None):
        return self._superutilisateur(request)

    def has_add_permission(self, request):
        return self._superutilisateur(request)

    def has_change_permission(self, request, obj=None):
        return self._superutilisateur(request)

    def has_delete_permission(self, request, obj=None):
        return self._superutilisateur(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = CoordinateurForm if obj is not None else NouveauCoordinateurForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        territoires = ("Territoires", {
            "fields": ("national", *TERRITOIRES),
            "description": "Le coordinateur voit et modifie les lieux, imports, sources, signalements et "
                           "contributions de ces territoires (réunis). Un administrateur national voit toute "
                           "la France.",
        })
        if obj is not None:
            return (("Compte", {"fields": ("utilisateur",)}), territoires)
        compte = ("Compte", {"fields": ("identifiant", "prenom", "nom", "courriel", "mot_de_passe", "confirmation"),
                             "description": "Le compte est créé avec l'accès à l'espace des coordinateurs et les "
                                            f"droits du groupe « {GROUPE} »."})
        return (compte, territoires)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.utilisateur = form.creer_compte()
        super().save_model(request, obj, form, change)

    @admin.display(description="identifiant", ordering="utilisateur__username")
    def identifiant(self, coordinateur):
        return coordinateur.utilisateur.get_username()

    @admin.display(description="territoires")
    def resume_territoires(self, coordinateur):
        if coordinateur.national:
            return "toute la France"
        return ", ".join(str(t) for niveau in TERRITOIRES for t in getattr(coordinateur, niveau).all()) or "aucun"
