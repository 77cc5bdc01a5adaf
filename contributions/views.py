"""« Déclarer un lieu » (/contribuer/) and « Proposer une mise à jour » (/lieux/<uid>/modifier/): public forms, no
account, working without JavaScript. A sent form becomes a pending Contribution for the coordinators of its
territory, then the « Merci » page (/contribuer/merci/) says what happens next.

An update opened from a coordinator's invitation (?invitation=<jeton>, contributions.invitations) is applied at
once (contributions.moderation.accepter), the token travelling through the POST in a hidden field.

Never cached (each form carries its own CSRF token and signed timestamp; the « Merci » page is the sender's own).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from contributions import anti_spam, courriels, doublons, invitations, moderation, propositions
from contributions.forms import JOURS, ContributionForm, initiales_du_lieu, nom_heure
from contributions.models import Contribution
from lieux.adresse_client import adresse_client
from lieux.historique_contexte import Genre, contexte
from lieux.models import Lieu
from lieux.models.signalement import empreinte_client
from lieux.modifications import valeurs_du_lieu

logger = logging.getLogger(__name__)
CLE_MERCI = "contribution_envoyee"
RIEN_CHANGE = ("Vous n'avez rien modifié : changez au moins une information, ou écrivez un message à l'équipe qui "
               "vérifie.")


@never_cache
def declarer(request):
    if request.method == "POST":
        return _recevoir(request, None)
    return _page(request, ContributionForm(initial={"horodatage": anti_spam.horodatage()}))


@never_cache
def modifier(request, uid):
    lieu = get_object_or_404(Lieu.objects.actifs(), uid=uid)
    if request.method == "POST":
        return _recevoir(request, lieu)
    avant = valeurs_du_lieu(lieu)
    initiales, hors_grille = initiales_du_lieu(avant)
    jeton = request.GET.get("invitation", "")[:500]
    invite = invitations.lire_jeton(jeton, lieu) if jeton else None
    initiales |= {"horodatage": anti_spam.horodatage(), "invitation": jeton if invite else ""}
    if invite:
        initiales |= {"courriel_contributeur": invite, "role_contributeur": Contribution.Role.RESPONSABLE}
    form = ContributionForm(initial=initiales, horaires_hors_grille=hors_grille)
    return _page(request, form, lieu, invite=invite, invitation_perimee=bool(jeton and not invite))


@never_cache
def merci(request):
    envoi = request.session.get(CLE_MERCI)
    if not envoi:
        return redirect("contributions:declarer")
    lieu = Lieu.objects.filter(uid=envoi.get("lieu")).first() if envoi.get("lieu") else None
    return render(request, "contributions/merci.html", {"envoi": envoi, "lieu": lieu})


def _page(request, form, lieu=None, status=200, **contexte):
    hors_grille = form.horaires_hors_grille
    return render(request, "contributions/formulaire.html", {
        "form": form, "lieu": lieu, "grille": _grille(form), "horaires_hors_grille": hors_grille,
        "erreurs": form.erreurs() if form.is_bound else [], **contexte,
    }, status=status)


def _grille(form) -> list[dict]:
    """The week grid's fields by day, for the template: [{jour, plages: [(de, a), (de, a)]}]."""
    return [{"jour": jour, "plages": [(form[nom_heure(jour, p, "de")], form[nom_heure(jour, p, "a")]) for p in (1, 2)]}
            for jour in JOURS]


def _rendre_refus(request, lieu, refus: str, status: int, invite=None):
    """The form back as it was typed, with a fresh timestamp, no honeypot and the reason at the top."""
    donnees = request.POST.copy()
    donnees["horodatage"] = anti_spam.horodatage()
    donnees.pop("site_internet", None)
    form = ContributionForm(donnees, horaires_hors_grille=_hors_grille(lieu))
    form.is_valid()
    return _page(request, form, lieu, status=status, refus=refus, invite=invite)


def _hors_grille(lieu) -> str:
    return initiales_du_lieu(valeurs_du_lieu(lieu))[1] if lieu is not None else ""


def _recevoir(request, lieu):
    jeton = request.POST.get("invitation", "")[:500]
    invite = invitations.lire_jeton(jeton, lieu) if (jeton and lieu is not None) else None
    if request.POST.get("site_internet"):
        return _rendre_refus(request, lieu, anti_spam.ROBOT, 400, invite)
    if refus := anti_spam.refus_horodatage(request.POST.get("horodatage", "")):
        return _rendre_refus(request, lieu, refus, 400, invite)
    form = ContributionForm(request.POST, horaires_hors_grille=_hors_grille(lieu))
    if not form.is_valid():
        return _page(request, form, lieu, status=400, invite=invite)
    avant = valeurs_du_lieu(lieu) if lieu is not None else {}
    valeurs, commune = propositions.placer(form.valeurs(), avant,
                                           lieu.commune_officielle if lieu is not None else None)
    if lieu is None:
        valeurs = {nom: v for nom, v in valeurs.items() if v not in (None, "", [])}
        if request.POST.get("nouveau_lieu") != "1" and (candidats := doublons.candidats(
                valeurs, commune.code if commune else None)):
            return _page(request, form, lieu, candidats=candidats)
    else:
        valeurs = propositions.difference(valeurs, avant)
        if not valeurs and not form.cleaned_data["message"].strip():
            form.add_error(None, RIEN_CHANGE)
            return _page(request, form, lieu, status=400, invite=invite)
    c = form.cleaned_data
    contribution = propositions.enregistrer(
        empreinte_client(adresse_client(request)),
        type=Contribution.Type.DECLARATION if lieu is None else Contribution.Type.MISE_A_JOUR,
        lieu=lieu, commune_officielle=commune, valeurs=valeurs, valeurs_avant=avant if lieu is not None else {},
        message=c["message"].strip(), nom_contributeur=c["nom_contributeur"].strip(),
        courriel_contributeur=c["courriel_contributeur"] or (invite or ""),
        role_contributeur=Contribution.Role.RESPONSABLE if invite else c["role_contributeur"],
    )
    if contribution is None:
        return _rendre_refus(request, lieu, anti_spam.TROP_D_ENVOIS, 429, invite)
    appliquee = bool(invite) and _appliquer(contribution)
    if not appliquee:
        transaction.on_commit(lambda: courriels.accuser_reception(contribution), robust=True)
        transaction.on_commit(lambda: courriels.notifier_coordinateurs(contribution), robust=True)
    request.session[CLE_MERCI] = {
        "type": contribution.type, "courriel": bool(contribution.courriel_contributeur), "appliquee": appliquee,
        "lieu": lieu.uid if lieu is not None else None, "nom": valeurs.get("nom") or (lieu.nom if lieu else ""),
    }
    return redirect(reverse("contributions:merci"))


def _appliquer(contribution) -> bool:
    """An invited update accepted at once; when that fails it stays pending for a coordinator (logged), the person's
    values kept either way."""
    try:
        # the lieu's history (and its public page) says « le lieu lui-même »
        with transaction.atomic(), contexte(f"modification par le gestionnaire du lieu (contribution n° {contribution.pk})",
                                            genre=Genre.GESTIONNAIRE, gestionnaire=True):
            moderation.accepter(contribution, par=None)
    except Exception:
        logger.exception("contribution %s : application directe impossible, laissée en attente", contribution.pk)
        return False
    return True
