"""The coordinators' space scoped to territories (docs/perimetres.md): what every ModelAdmin of lieux and imports
mixes in, and the check of a lieu's commune in the admin's form.

- `PerimetreAdminMixin`: the changelist, the change/history/delete pages and the bulk actions all read
  `get_queryset`, filtered here by `q_perimetre` along `chemins_perimetre` (one path to a Commune, or several joined
  by OR: a pair is seen when one of its two lieux is in the territory). An object that exists outside the territory
  answers 403 (« Vous n'avez pas accès à cette page »), never its data.
- `LieuDuPerimetreForm`: a coordinator creates or moves a lieu only in their territory.
- The accounts and groups are changed by superusers only (no staff account raises its own rights).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from lieux.perimetres import dans_le_perimetre, description_du_perimetre, est_national, q_perimetre


def q_des_chemins(user, chemins: tuple[str, ...]) -> Q:
    if est_national(user):
        return Q()
    filtre = Q(pk__in=[])
    for chemin in chemins:
        filtre |= q_perimetre(user, chemin)
    return filtre


def objet_du_perimetre(visibles, modele, **cles):
    """The object among `visibles`; 403 when it exists outside them (another territory), 404 when it does not."""
    try:
        objet = visibles.filter(**cles).first()
        if objet is None and modele._default_manager.filter(**cles).exists():
            raise PermissionDenied
    except (ValueError, ValidationError):
        objet = None
    if objet is None:
        raise Http404
    return objet


class PerimetreAdminMixin:
    """Put before `admin.ModelAdmin` in the bases; `chemins_perimetre`: the lookup paths to a Commune."""

    chemins_perimetre: tuple[str, ...] = ("commune_officielle",)

    def q_perimetre(self, request) -> Q:
        return q_des_chemins(request.user, self.chemins_perimetre)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(self.q_perimetre(request))

    def get_object(self, request, object_id, from_field=None):
        objet = super().get_object(request, object_id, from_field)
        if objet is None and not est_national(request.user):
            champ = from_field or self.model._meta.pk.attname
            try:
                existe = self.model._default_manager.filter(**{champ: object_id}).exists()
            except (ValueError, ValidationError):
                existe = False
            if existe:
                raise PermissionDenied  # another territory's: refused, not « perhaps it was deleted »
        return objet


class LieuDuPerimetreForm:
    """Mixed into the lieu's admin form; `utilisateur` set by the ModelAdmin. For an account that is not national,
    the lieu's commune (`commune_officielle`, or found from `code_insee`) must be in its territory, and the lieu's
    EPCI, département and région are its commune's (the filters of the map read them)."""

    utilisateur = None

    def clean(self):
        donnees = super().clean()
        if self.utilisateur is None or est_national(self.utilisateur):
            return donnees
        from lieux.models import Commune

        commune = donnees.get("commune_officielle")
        if commune is None and donnees.get("code_insee"):
            commune = Commune.objects.filter(code=donnees["code_insee"]).first()
        champ = "commune_officielle" if "commune_officielle" in self.fields else None
        if commune is None:
            self.add_error(champ, "Indiquez la commune du lieu (code officiel géographique) : vous ne pouvez "
                                  "enregistrer que des lieux de votre territoire.")
        elif not dans_le_perimetre(self.utilisateur, commune):
            self.add_error(champ, f"{commune.nom} ({commune.code}) est hors de votre territoire "
                                  f"({description_du_perimetre(self.utilisateur)}) : vous ne pouvez enregistrer que "
                                  "des lieux de votre territoire.")
        else:
            donnees["commune_officielle"] = commune
            for niveau in ("epci", "departement", "region"):
                if niveau in self.fields:
                    donnees[niveau] = getattr(commune, niveau)
        return donnees


# --- accounts and groups: superusers only ---------------------------------------------------------------------


class _ReserveAuxSuperutilisateurs:
    """Seen by whoever holds the view permission; added, changed, deleted by superusers only: a staff account with
    « change user » could otherwise make itself superuser or give itself any permission."""

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class CompteAdmin(_ReserveAuxSuperutilisateurs, UserAdmin):
    pass


class GroupeAdmin(_ReserveAuxSuperutilisateurs, GroupAdmin):
    pass


for _modele, _classe in ((User, CompteAdmin), (Group, GroupeAdmin)):
    if admin.site.is_registered(_modele):
        admin.site.unregister(_modele)
    admin.site.register(_modele, _classe)
