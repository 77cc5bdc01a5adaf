"""The import's follow-up page lists the fields a person changed that the import met (imports/conflits.py): the
person's value kept while the file says another, with « Prendre la valeur du fichier »; the locks the file lifted.
Only the lieux of the account's territories are listed and can be settled (lieux/perimetres.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from . import conflits


def peut_prendre(request) -> bool:
    return request.user.has_perm("lieux.change_lieu")


def contexte(request, run) -> dict:
    liste = conflits.conflits_du_run(run, request.user)
    return {"conflits": [c for c in liste if c.nature == conflits.Nature.CONFLIT],
            "verrous_leves": [c for c in liste if c.nature == conflits.Nature.LEVEE],
            "peut_prendre_valeur": peut_prendre(request)}


def vue_prendre(request, run, conflit_pk):
    """POST: the field takes the file's value (the lock goes); back to the import's page."""
    if not peut_prendre(request):
        raise PermissionDenied
    conflit = get_object_or_404(conflits.du_perimetre(request.user).select_related("lieu"), pk=conflit_pk, run=run)
    retour = reverse("admin:imports_importrun_suivi", args=[run.pk]) + "#conflits"
    if conflit.resolu:
        messages.info(request, "Ce conflit est déjà réglé.")
        return HttpResponseRedirect(retour)
    valeur = conflits.prendre_valeur_du_fichier(conflit, par=request.user)
    messages.success(request, f"« {conflit.lieu.nom} » : {conflit.champ} prend la valeur du fichier "
                              f"(« {conflits.valeur_lisible(valeur)} ») ; le champ suivra de nouveau les imports.")
    return HttpResponseRedirect(retour)
