"""The views of the contributions' admin (thin: the rules live in moderation.py, file.py, invitations.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from lieux.models import Lieu
from lieux.perimetres import q_perimetre

from . import diff, file, invitations
from .models import Invitation
from .moderation import ModerationImpossible, accepter, refuser

CHAMPS_LONGS = {"presentation_detail", "presentation_resume", "horaires"}


def _contexte(model_admin, request, **valeurs) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **valeurs}


# --- the moderation page of one contribution ----------------------------------------------------------------------

def _valeurs_saisies(lignes, post, retenus) -> tuple[dict, list[dict]]:
    """The moderator's edits among the retained fields (only those that differ from the proposal), and errors."""
    valeurs, erreurs = {}, []
    for ligne in lignes:
        if retenus is not None and ligne.champ not in retenus:
            continue
        nom = f"valeur-{ligne.champ}"
        if nom not in post:
            continue
        try:
            valeur = diff.lire_saisie(ligne.champ, post[nom])
        except ValueError:
            erreurs.append({"id": nom, "message": f"« {ligne.libelle} » doit être un nombre (ex. 47.4739)."})
            continue
        if valeur != ligne.propose:
            erreur = diff.erreur_de_valeur(ligne.champ, valeur)
            if erreur:
                erreurs.append({"id": nom, "message": erreur})
            valeurs[ligne.champ] = valeur
    return valeurs, erreurs


def _rangs(lignes, post) -> list[dict]:
    """Each line with its checkbox state and input text (what was posted, after an error)."""
    rangs = []
    for ligne in lignes:
        if post is not None and post.get("action") in ("tout", "coches"):
            coche = ligne.champ in post.getlist("champs")
            saisie = post.get(f"valeur-{ligne.champ}", ligne.propose_affiche)
        else:
            coche, saisie = ligne.change, ligne.propose_affiche
        rangs.append({"ligne": ligne, "coche": coche, "saisie": saisie, "long": ligne.champ in CHAMPS_LONGS})
    return rangs


def moderer(model_admin, request, object_id):
    contribution = model_admin.get_object(request, unquote(object_id))
    if contribution is None:  # absent, or outside the account's territories: the same answer
        raise Http404("Cette contribution est introuvable.")
    if not model_admin.has_view_or_change_permission(request, contribution):
        raise PermissionDenied
    peut_moderer = model_admin.has_change_permission(request, contribution)
    lignes = diff.lignes(contribution)
    erreurs, post = [], None
    if request.method == "POST":
        if not peut_moderer:
            raise PermissionDenied
        post = request.POST
        action = post.get("action")
        try:
            if action == "refuser":
                refuser(contribution, post.get("motif", ""), par=request.user)
                messages.success(request, "La contribution est refusée ; le motif a été envoyé à la personne qui "
                                          "l'a proposée (si elle a donné son adresse).")
                return redirect("admin:contributions_a_moderer")
            if action in ("tout", "coches"):
                retenus = None if action == "tout" else post.getlist("champs")
                valeurs, erreurs = _valeurs_saisies(lignes, post, retenus)
                if not erreurs:
                    accepter(contribution, champs=retenus, valeurs=valeurs, par=request.user)
                    messages.success(request, f"Contribution {contribution.get_statut_display()} : la fiche du lieu "
                                              "est à jour.")
                    return redirect("admin:contributions_a_moderer")
            else:
                erreurs.append({"id": "actions", "message": "Choisissez une action."})
        except (ModerationImpossible, IntegrityError) as erreur:
            message = str(erreur) if isinstance(erreur, ModerationImpossible) else \
                "Une valeur ne respecte pas le standard : corrigez-la avant d'accepter."
            erreurs.append({"id": "motif" if action == "refuser" else "actions", "message": message})
    contexte = _contexte(
        model_admin, request, title=str(contribution), contribution=contribution, rangs=_rangs(lignes, post),
        est_declaration=contribution.type == contribution.Type.DECLARATION,
        modifiee_depuis=[r.libelle for r in lignes if r.modifie_depuis],
        en_attente=contribution.statut == contribution.Statut.EN_ATTENTE, peut_moderer=peut_moderer,
        erreurs=erreurs, motif=post.get("motif", "") if post else "",
        champs_acceptes=[diff.libelle(c) for c in contribution.champs_acceptes],
        peut_inviter=bool(contribution.lieu_id) and request.user.has_perm("contributions.add_invitation"),
    )
    return TemplateResponse(request, "admin/contributions/contribution/moderation.html", contexte,
                            status=400 if erreurs else 200)


# --- the queue: contributions and error reports -------------------------------------------------------------------

def a_moderer(model_admin, request):
    if not (request.user.has_perm("contributions.view_contribution")
            or request.user.has_perm("lieux.view_signalement")):
        raise PermissionDenied
    elements = file.elements(request.user)
    contexte = _contexte(model_admin, request, title="À modérer", elements=elements,
                         n_contributions=sum(e.action == "Modérer" for e in elements),
                         n_signalements=sum(e.action == "Traiter" for e in elements))
    return TemplateResponse(request, "admin/contributions/a_moderer.html", contexte)


# --- inviting the person who runs a lieu -------------------------------------------------------------------------

class FormulaireInvitation(forms.Form):
    courriel = forms.EmailField(
        label="Adresse électronique de la personne qui gère ce lieu",
        help_text="Elle recevra un lien personnel pour modifier la fiche directement, sans relecture.",
        error_messages={"required": "Indiquez l'adresse électronique de la personne à inviter.",
                        "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."})


def inviter(model_admin, request, uid):
    lieu = get_object_or_404(Lieu.objects.filter(q_perimetre(request.user)), pk=uid)
    if not request.user.has_perm("contributions.add_invitation"):
        raise PermissionDenied
    form = FormulaireInvitation(request.POST if request.method == "POST" and "courriel" in request.POST else None)
    if request.method == "POST":
        if "revoquer" in request.POST:
            invitation = get_object_or_404(Invitation, pk=request.POST["revoquer"], lieu=lieu)
            invitations.revoquer(invitation)
            messages.success(request, f"L'invitation de {invitation.courriel} est révoquée : son lien ne marche plus.")
            return redirect("admin:contributions_inviter", uid=lieu.pk)
        if form.is_valid():
            invitation = invitations.inviter(lieu, form.cleaned_data["courriel"], par=request.user)
            messages.success(request, f"Invitation envoyée à {invitation.courriel}.")
            return redirect("admin:contributions_inviter", uid=lieu.pk)
    maintenant, duree = timezone.now(), invitations.duree()
    liste = [{"invitation": i, "expire_le": i.cree_le + duree,
              "etat": "révoquée" if i.revoquee else ("expirée" if i.cree_le + duree < maintenant else "valide")}
             for i in lieu.invitations.select_related("cree_par")]
    contexte = _contexte(model_admin, request, title=f"Inviter la personne qui gère « {lieu.nom} »", lieu=lieu,
                         form=form, invitations=liste, duree_jours=duree.days,
                         lien_lieu=reverse("lieux:lieu", args=[lieu.pk]))
    return TemplateResponse(request, "admin/contributions/inviter.html", contexte,
                            status=400 if form.is_bound and form.errors else 200)
