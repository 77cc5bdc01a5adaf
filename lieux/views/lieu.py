"""/lieux/<uid>/: the sheet of a lieu (its context is built in lieux/fiche.py, shared with the embed) and its
« Signaler une erreur » form (POST /lieux/<uid>/signaler/).

An archived lieu answers 404, not 410: a later import that brings the lieu back reactivates it at the same address
(imports/analyse.py), so its removal is not known to be permanent, which is what 410 Gone asserts to browsers and
search engines. The 404 page says that the lieu was archived and offers the nearest active lieux with the same
services, so that shared links and printed sheets still lead somewhere.

A lieu merged into another (one lieu per place, lieux/consolidation/: statut « fusionné ») answers a permanent
redirect (301) to the lieu it joined, following a chain of merges.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.gis.db.models.functions import Distance
from django.db import transaction
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lieux import affichages
from lieux.models import Lieu
from lieux.forms import SignalementForm
from lieux.adresse_client import adresse_client
from lieux.models.signalement import empreinte_client, enregistrer_si_permis
from lieux.tasks import notifier_signalement
from lieux.fiche import contexte_fiche
from lieux.presentation import carte_lieu
from lieux.visite import Visite

NOMBRE_VOISINS = 5  # active lieux offered instead of an archived one
MAX_FUSIONS = 20  # a chain of merged lieux longer than this (or a loop) is not followed
MERCI = ("Merci, votre signalement a été transmis à l'équipe de modération. Elle vérifie les informations avec le "
         "lieu puis corrige la fiche.")
MERCI_REPONSE = " Vous recevrez une réponse à l'adresse indiquée."


class LieuArchive(Exception):
    def __init__(self, lieu: Lieu):
        self.lieu = lieu


def _lieu_visible(uid, depart=None) -> Lieu:
    """The active lieu `uid` (with its distance from `depart` when given); Http404 if unknown, LieuArchive if
    archived."""
    lieux = Lieu.objects.select_related("commune_officielle__departement", "commune_officielle__region",
                                        "departement", "region").avec_ligne_recue()
    if depart is not None:
        lieux = lieux.annotate(distance=Distance("localisation", depart))
    lieu = lieux.filter(uid=uid).first()
    if lieu is None:
        raise Http404("Ce lieu n'existe pas.")
    if lieu.statut != Lieu.Statut.ACTIF:
        raise LieuArchive(lieu)
    return lieu


def voisins_actifs(lieu: Lieu, nombre: int = NOMBRE_VOISINS):
    """The nearest active lieux offering one of `lieu`'s services (all services when it had none), nearest first;
    in its commune when it has no position."""
    lieux = Lieu.objects.actifs().exclude(uid=lieu.uid)
    if lieu.services:
        lieux = lieux.proposant(*lieu.services)
    if lieu.localisation is not None:
        return list(lieux.localises().par_distance(lieu.localisation)[:nombre])
    if lieu.commune_officielle_id:
        return list(lieux.dans_commune(lieu.commune_officielle_id).order_by("nom")[:nombre])
    return []


def page_lieu_archive(request, lieu: Lieu):
    maintenant = timezone.now()
    contexte = {"lieu": lieu, "archive_le": timezone.localdate(lieu.modifie_le) if lieu.modifie_le else None,
                "voisins": [carte_lieu(v, maintenant) for v in voisins_actifs(lieu)]}
    return render(request, "lieux/lieu_archive.html", contexte, status=404)


def lieu_final(lieu: Lieu) -> Lieu | None:
    """The active lieu a merged lieu's records now describe, through a chain of merges; None if there is none."""
    vus = {lieu.uid}
    while lieu.statut == Lieu.Statut.FUSIONNE and lieu.fusionne_dans_id and len(vus) <= MAX_FUSIONS:
        lieu = Lieu.objects.filter(uid=lieu.fusionne_dans_id).only("uid", "statut", "fusionne_dans").first()
        if lieu is None or lieu.uid in vus:
            return None
        vus.add(lieu.uid)
    return lieu if lieu.statut == Lieu.Statut.ACTIF else None


def fiche(request, uid):
    visite = Visite.depuis(request)
    try:
        lieu = _lieu_visible(uid, visite.depart)
    except LieuArchive as archive:
        if archive.lieu.statut == Lieu.Statut.FUSIONNE and (cible := lieu_final(archive.lieu)) is not None:
            return HttpResponsePermanentRedirect(_vers_la_fiche(cible, visite)["Location"])
        return page_lieu_archive(request, archive.lieu)
    affichages.compter([lieu.uid])  # the « À vérifier » queue puts first the lieux people reach (lieux/affichages.py)
    return render(request, "lieux/lieu.html", contexte_fiche(request, lieu, visite=visite))


def _vers_la_fiche(lieu: Lieu, visite: Visite):
    reponse = redirect("lieux:lieu", uid=lieu.uid)
    if parametres := visite.parametres():
        reponse["Location"] += "?" + parametres
    return reponse


@require_POST
def signaler(request, uid):
    visite = Visite.depuis(request)  # the form's action keeps `retour` and `de` of the sheet
    try:
        lieu = _lieu_visible(uid, visite.depart)
    except LieuArchive as archive:
        return page_lieu_archive(request, archive.lieu)
    form = SignalementForm(request.POST)
    if not form.is_valid():
        contexte = contexte_fiche(request, lieu, form, visite) | {"signalement_ouvert": True}
        return render(request, "lieux/lieu.html", contexte, status=400)
    if form.cleaned_data["site_internet"]:  # a robot: pretend it worked, store nothing
        messages.success(request, MERCI)
        return _vers_la_fiche(lieu, visite)
    empreinte = empreinte_client(adresse_client(request))
    signalement = enregistrer_si_permis(
        empreinte, lieu, rubriques=form.cleaned_data["rubriques"], message=form.cleaned_data["message"],
        courriel=form.cleaned_data["courriel"])
    if signalement is None:
        contexte = contexte_fiche(request, lieu, form, visite) | {
            "signalement_ouvert": True,
            "signalement_refuse": "Vous avez déjà envoyé plusieurs signalements récemment. "
                                  "Merci de réessayer plus tard.",
        }
        return render(request, "lieux/lieu.html", contexte, status=429)
    # robust: a queue problem is logged, never turned into an error page once the report is saved
    transaction.on_commit(lambda: notifier_signalement.enqueue(signalement.pk), robust=True)
    messages.success(request, MERCI + (MERCI_REPONSE if signalement.courriel else ""))
    return _vers_la_fiche(lieu, visite)
