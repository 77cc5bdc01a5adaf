"""The coordinators' edits of a lieu in the admin go through `lieux.modifications.modifier_lieu`: the fields they
change are protected against the next imports (lieux/verrous.py). The lieu's page lists the protected fields, each
with « Lever la protection » (the field takes the value of the sources again)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from lieux import modifications, standard, verrous
from lieux.consolidation.revue import valeur_affichee

ORIGINE = "espace des coordinateurs"
LIBELLES = {c.nom: c.libelle for c in standard.CHAMPS} | {"localisation": "Position sur la carte"}


def valeurs_du_formulaire(form) -> dict:
    """The changed fields of the admin's form, as `modifier_lieu` takes them (the point as latitude/longitude)."""
    valeurs = {}
    for nom in form.changed_data:
        valeur = form.cleaned_data.get(nom)
        if nom == "localisation":
            if valeur is not None:
                point = valeur.transform(4326, clone=True) if valeur.srid not in (None, 4326) else valeur
                valeurs["latitude"], valeurs["longitude"] = point.y, point.x
        else:
            valeurs[nom] = valeur
    return valeurs


def enregistrer(lieu_modifie, form, utilisateur) -> list[str]:
    """`save_model` of a lieu being changed: the values of the form written through `modifier_lieu`, from the lieu
    as the database has it (the admin's instance already holds the new values)."""
    lieu = type(lieu_modifie).objects.get(pk=lieu_modifie.pk)
    return modifications.modifier_lieu(lieu, valeurs_du_formulaire(form), par=utilisateur, origine=ORIGINE)


def _affichee(champ: str, valeur) -> str:
    if champ == "localisation":
        return valeur_affichee({"localisation": valeur}, "latitude") + ", " + valeur_affichee(
            {"localisation": valeur}, "longitude") if valeur else "(vide)"
    return valeur_affichee({champ: valeur}, champ) or "(vide)"


def contexte(model_admin, request, uid) -> dict:
    """The protected fields of the lieu, for lieux/lieu/change_form.html."""
    if not str(uid).isdigit():
        return {}
    lieu = model_admin.get_queryset(request).filter(pk=uid).first()
    if lieu is None:
        return {}
    peut_modifier = model_admin.has_change_permission(request, lieu)
    lignes = [{"champ": v.champ, "libelle": LIBELLES.get(v.champ, v.champ), "pose_le": v.pose_le,
               "pose_par": v.pose_par, "origine": v.origine, "saisie": _affichee(v.champ, v.valeur_saisie),
               "sources": _affichee(v.champ, v.valeur_des_sources),
               "url": reverse("admin:lieux_lieu_deverrouiller", args=[lieu.pk, v.champ]) if peut_modifier else ""}
              for v in verrous.verrous_du_lieu(lieu)]
    return {"champs_proteges": lignes}


def vue_deverrouiller(model_admin, request, uid, champ):
    """POST admin/lieux/lieu/<uid>/deverrouiller/<champ>/: the field takes the value of the sources again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    lieu = get_object_or_404(model_admin.get_queryset(request), pk=uid)
    if not model_admin.has_change_permission(request, lieu):
        raise PermissionDenied
    libelle = LIBELLES.get(champ, champ)
    if modifications.deverrouiller(lieu, champ, par=request.user, origine=ORIGINE):
        messages.success(request, f"Protection levée : « {libelle} » reprend la valeur des sources et suivra "
                                  "les prochains imports.")
    else:
        messages.info(request, f"« {libelle} » n'était pas protégé contre les imports.")
    return HttpResponseRedirect(reverse("admin:lieux_lieu_change", args=[lieu.pk]))
