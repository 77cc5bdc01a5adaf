"""The personal pages of a campaign, no account: the lieu's answer page (`/campagne/<jeton>/`) and the unsubscribe
page (`/campagne/desinscription/<jeton>/`). Thin: the rules live in reponses.py and desinscriptions.py.

A link that is not valid answers a French 404 page, an expired one a French 410 page. The answer page dates the
first visit (« ouvert le »); each answer is a POST (CSRF) and works once: a second one says when the answer was
recorded. The unsubscribe page asks for a click (mail scanners open links) and accepts the one-click POST of mail
clients (RFC 8058), which carries no CSRF token: the signed token is the authority there.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from lieux.adresse_client import adresse_client
from lieux.affichage_horaires import semaine
from lieux.fiche import champs_du_standard
from lieux.models.signalement import empreinte_client

from . import desinscriptions, jetons, reponses
from .models import Envoi

CHAMPS_MASQUES = {"id", "pivot", "structure_parente", "source", "latitude", "longitude", "date_maj"}


def _lien_invalide(request, status: int, envoi=None):
    return render(request, "campagnes/lien_invalide.html", {"expire": status == 410, "envoi": envoi}, status=status)


def _resume(lieu) -> list[dict]:
    """The standard's fields the lieu fills in, as its sheet shows them; the hours day by day, in words."""
    lignes = [ligne for ligne in champs_du_standard(lieu) if ligne["valeurs"] and ligne["nom"] not in CHAMPS_MASQUES]
    jours = semaine(lieu.horaires)
    for ligne in lignes:
        if ligne["nom"] == "horaires" and jours:
            ligne["valeurs"] = [
                {"texte": f"{j['jour'].capitalize()} : {', '.join(j['plages']) or 'fermé'}", "lien": ""} for j in jours]
            ligne["liste"] = True
    return lignes


@never_cache
def page(request, jeton):
    envoi = jetons.envoi_du_jeton(jeton)
    if envoi is None:
        return _lien_invalide(request, 404)
    if envoi.campagne.expiree:
        return _lien_invalide(request, 410, envoi)
    status = 200
    deja = False
    if request.method == "POST":
        reponse = request.POST.get("reponse", "")
        if reponse not in Envoi.Reponse.values:
            status = 400
        elif reponses.repondre(envoi, reponse, message=request.POST.get("message", "")[:600],
                               empreinte=empreinte_client(adresse_client(request))):
            envoi.refresh_from_db()
            if reponse == Envoi.Reponse.MIS_A_JOUR:
                return redirect(reponses.lien_formulaire(envoi))
            return redirect(reverse("campagnes:page", args=[jeton]))
        else:
            deja, status = True, 409
            envoi.refresh_from_db()
    else:
        reponses.ouvrir(envoi)
    return render(request, "campagnes/page.html", {
        "envoi": envoi, "lieu": envoi.lieu, "campagne": envoi.campagne, "resume": _resume(envoi.lieu),
        "deja": deja, "erreur_reponse": status == 400, "Reponse": Envoi.Reponse,
        "lien_formulaire": reponses.lien_formulaire(envoi) if envoi.reponse == Envoi.Reponse.MIS_A_JOUR else "",
    }, status=status)


@never_cache
@csrf_exempt
def desinscription(request, jeton):
    envoi = jetons.envoi_du_jeton(jeton, jetons.SEL_DESINSCRIPTION)
    if envoi is None:
        return _lien_invalide(request, 404)
    fait = False
    if request.method == "POST":
        desinscriptions.desinscrire(envoi.courriel)
        fait = True
    return render(request, "campagnes/desinscription.html", {"envoi": envoi, "fait": fait})
