"""The history of a lieu in the coordinators' space: its page, the revert of one change, the revert of an account.

    /admin/lieux/lieu/<uid>/historique-des-champs/                        every step, each field before → after
    /admin/lieux/lieu/<uid>/historique-des-champs/<evenement>/revenir/    confirm (GET), revert (POST)
    /admin/lieux/lieu/historique/compte/<id>/revenir/                     everything one account did (national only)

Permissions are checked here, not by hiding links: a lieu outside the account's territories (lieux/perimetres.py)
answers 404, as if it did not exist; reverting needs the change permission; reverting an account needs a national
account (a superuser or a national coordinator). The domain rules are in lieux/historique.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from lieux import historique
from lieux.models import Lieu, LieuEvenement
from lieux.perimetres import est_national, q_perimetre


def urls(model_admin) -> list:
    vue = model_admin.admin_site.admin_view
    return [
        path("<int:uid>/historique-des-champs/", vue(lambda r, uid: page_historique(model_admin, r, uid)),
             name="lieux_lieu_historique_champs"),
        path("<int:uid>/historique-des-champs/<int:evenement>/revenir/",
             vue(lambda r, uid, evenement: page_revenir(model_admin, r, uid, evenement)),
             name="lieux_lieu_historique_revenir"),
        path("historique/compte/<int:compte>/revenir/", vue(lambda r, compte: page_revenir_compte(model_admin, r, compte)),
             name="lieux_lieu_historique_revenir_compte"),
    ]


def lieu_visible(request, uid: int) -> Lieu:
    """The lieu when the account may read it (its territories), else 404."""
    return get_object_or_404(Lieu.objects.filter(q_perimetre(request.user)), pk=uid)


def _comptes(ids) -> dict:
    ids = {i for i in ids if i is not None}
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}


def contexte_lieu(request, uid) -> dict:
    """For the lieu's change page: the link to its history and its latest step."""
    try:
        lieu = Lieu.objects.filter(q_perimetre(request.user)).get(pk=uid)
    except (Lieu.DoesNotExist, ValueError):
        return {}
    etapes = historique.etapes(lieu)
    return {"historique_url": reverse("admin:lieux_lieu_historique_champs", args=[lieu.pk]),
            "historique_derniere": etapes[-1] if etapes else None, "historique_nombre": len(etapes)}


def _base(model_admin, request, lieu, titre) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": Lieu._meta, "lieu": lieu, "title": titre,
            "fiche_url": reverse("admin:lieux_lieu_change", args=[lieu.pk]),
            "historique_url": reverse("admin:lieux_lieu_historique_champs", args=[lieu.pk])}


def page_historique(model_admin, request, uid):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    lieu = lieu_visible(request, uid)
    etapes = list(reversed(historique.etapes(lieu)))  # newest first
    comptes = _comptes(e.compte_id for e in etapes)
    peut_revenir = model_admin.has_change_permission(request, lieu)
    national = est_national(request.user)
    lignes = [{
        "etape": e, "compte": comptes.get(e.compte_id),
        "revenir_url": reverse("admin:lieux_lieu_historique_revenir", args=[lieu.pk, e.evenement.pk])
        if peut_revenir and e.reversible else "",
        "revenir_compte_url": reverse("admin:lieux_lieu_historique_revenir_compte", args=[e.compte_id])
        if national and e.compte_id in comptes else "",
    } for e in etapes]
    contexte = _base(model_admin, request, lieu, f"Historique des modifications de « {lieu.nom} »")
    return TemplateResponse(request, "admin/lieux/lieu/historique.html", {**contexte, "lignes": lignes})


def page_revenir(model_admin, request, uid, evenement):
    lieu = lieu_visible(request, uid)
    if not model_admin.has_change_permission(request, lieu):
        raise PermissionDenied
    etape = next((e for e in historique.etapes(lieu) if e.evenement.pk == evenement), None)
    if etape is None:
        raise Http404("Cette étape n'existe pas dans l'historique de ce lieu.")
    contexte = _base(model_admin, request, lieu, "Revenir sur cette modification")
    if request.method == "POST":
        try:
            bilan = historique.revenir(get_object_or_404(LieuEvenement, pk=evenement, pgh_obj_id=lieu.pk),
                                       par=request.user)
        except historique.RetourImpossible as erreur:
            messages.error(request, str(erreur))
        else:
            niveau = messages.SUCCESS if bilan.restaures else messages.WARNING
            messages.add_message(request, niveau, f"Retour sur la modification : {bilan}.")
        return HttpResponseRedirect(contexte["historique_url"])
    compte = _comptes([etape.compte_id]).get(etape.compte_id)
    return TemplateResponse(request, "admin/lieux/lieu/historique_revenir.html",
                            {**contexte, "etape": etape, "compte": compte})


def page_revenir_compte(model_admin, request, compte):
    if not est_national(request.user):
        raise PermissionDenied("Seul un compte national peut revenir sur tout ce qu'un compte a fait.")
    utilisateur = get_object_or_404(get_user_model(), pk=compte)
    evenements = historique.evenements_du_compte(utilisateur)
    contexte = {**model_admin.admin_site.each_context(request), "opts": Lieu._meta, "compte": utilisateur,
                "title": f"Revenir sur toutes les modifications du compte « {utilisateur.get_username()} »",
                "nombre_modifications": evenements.count(),
                "nombre_lieux": evenements.values("pgh_obj_id").distinct().count(), "resultats": None}
    if request.method == "POST":
        bilans = historique.revenir_compte(utilisateur, par=request.user)
        restaures = sum(1 for b in bilans.values() if b.restaures)
        messages.success(request, f"Retour sur les modifications du compte « {utilisateur.get_username()} » : "
                                  f"{restaures} lieu(x) remis dans leur état précédent.")
        lieux = {lieu.pk: lieu for lieu in Lieu.objects.filter(pk__in=bilans)}
        contexte["resultats"] = [{"lieu": lieux[uid], "bilan": bilan,
                                  "historique_url": reverse("admin:lieux_lieu_historique_champs", args=[uid])}
                                 for uid, bilan in bilans.items() if uid in lieux]
    return TemplateResponse(request, "admin/lieux/lieu/historique_revenir_compte.html", contexte)
