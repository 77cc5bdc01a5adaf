"""The e-mails of contribution and moderation, in French, through Django's e-mail framework (templates under
templates/contributions/courriels/, links absolute through settings.SITE_URL).

Who receives what: the contributor (only when they gave an address) hears of each step of their own contribution;
the coordinators of the lieu's territory (`lieux.Coordinateur` rows whose territories contain its commune; the
national ones when no territorial coordinator covers it) are told of a new contribution, with the contributor's
name and address as Reply-To. A contributor's address is never sent to anyone else. A failing mail server never
undoes a moderation: the error is logged.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lieux.models import Coordinateur

from .diff import libelle

journal = logging.getLogger(__name__)
GABARITS = "contributions/courriels/"


def lien(chemin: str) -> str:
    return settings.SITE_URL.rstrip("/") + chemin


def _une_ligne(texte: str) -> str:
    return " ".join(texte.split())


def _envoyer(messages: list[EmailMessage]) -> int:
    messages = [m for m in messages if m.to]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # the moderation is done; the mail server's failure is an operator's matter
        journal.exception("Envoi impossible de %d courriel(s) de modération", len(messages))
        return 0


def _message(sujet: str, gabarit: str, contexte: dict, a: list[str], repondre_a=None) -> EmailMessage:
    corps = render_to_string(GABARITS + gabarit, {"site": settings.SITE_NAME, **contexte})
    return EmailMessage(subject=_une_ligne(sujet), body=corps, from_email=settings.DEFAULT_FROM_EMAIL, to=a,
                        reply_to=repondre_a or None)


def nom_du_lieu(contribution) -> str:
    return contribution.valeurs.get("nom") or (contribution.lieu.nom if contribution.lieu_id else "lieu sans nom")


def _contexte(contribution) -> dict:
    return {
        "contribution": contribution,
        "nom_lieu": nom_du_lieu(contribution),
        "commune": contribution.valeurs.get("commune") or (contribution.lieu.commune if contribution.lieu_id else ""),
        "est_declaration": contribution.type == contribution.Type.DECLARATION,
        "recue_le": timezone.localtime(contribution.cree_le),
    }


# --- who coordinates a commune ------------------------------------------------------------------------------------

def filtre_couvrant(commune) -> Q:
    """Coordinators whose territories contain `commune` (its arrondissements' parent commune counts too)."""
    filtre = (Q(regions=commune.region_id) | Q(departements=commune.departement_id) | Q(communes=commune.code))
    if commune.epci_id:
        filtre |= Q(epcis=commune.epci_id)
    if commune.commune_parente_id:
        filtre |= Q(communes=commune.commune_parente_id)
    return filtre


def coordinateurs_de(commune) -> list[str]:
    """The addresses to tell about a contribution in `commune` (None: no commune known, national ones)."""
    actifs = Coordinateur.objects.filter(utilisateur__is_active=True).exclude(utilisateur__email="")
    adresses = []
    if commune is not None:
        adresses = list(actifs.filter(national=False).filter(filtre_couvrant(commune))
                        .values_list("utilisateur__email", flat=True).distinct())
    if not adresses:
        adresses = list(actifs.filter(national=True).values_list("utilisateur__email", flat=True).distinct())
    return sorted(set(adresses), key=str.lower)


# --- the four e-mails of a contribution --------------------------------------------------------------------------

def accuser_reception(contribution) -> None:
    """To the contributor (when they gave an e-mail): « nous avons bien reçu votre proposition »."""
    if not contribution.courriel_contributeur:
        return
    contexte = _contexte(contribution)
    sujet = ("Nous avons bien reçu votre déclaration" if contexte["est_declaration"]
             else "Nous avons bien reçu votre proposition de mise à jour") + f" : {contexte['nom_lieu']}"
    _envoyer([_message(sujet, "accuse_reception.txt", contexte, [contribution.courriel_contributeur])])


def notifier_coordinateurs(contribution) -> None:
    """To the coordinators of the contribution's territory: a new contribution waits in their queue."""
    contexte = {**_contexte(contribution),
                "lien_moderation": lien(reverse("admin:contributions_contribution_change", args=[contribution.pk])),
                "lien_file": lien(reverse("admin:contributions_a_moderer")),
                "champs": [libelle(c) for c in contribution.valeurs if c != "id"]}
    sujet = ("Nouveau lieu déclaré" if contexte["est_declaration"] else "Mise à jour proposée") + \
        f" : {contexte['nom_lieu']}" + (f" ({contexte['commune']})" if contexte["commune"] else "")
    repondre_a = [contribution.courriel_contributeur] if contribution.courriel_contributeur else None
    _envoyer([_message(sujet, "notification_coordinateurs.txt", contexte, [adresse], repondre_a)
              for adresse in coordinateurs_de(contribution.commune_officielle)])


def annoncer_acceptation(contribution) -> None:
    """To the contributor: accepted (all of it, or which fields)."""
    if not contribution.courriel_contributeur:
        return
    contexte = {**_contexte(contribution),
                "en_partie": contribution.statut == contribution.Statut.ACCEPTEE_EN_PARTIE,
                "champs": [libelle(c) for c in contribution.champs_acceptes],
                "lien_lieu": lien(reverse("lieux:lieu", args=[contribution.lieu_id])) if contribution.lieu_id else ""}
    sujet = ("Votre contribution est acceptée en partie" if contexte["en_partie"]
             else "Votre contribution est acceptée") + f" : {contexte['nom_lieu']}"
    _envoyer([_message(sujet, "acceptation.txt", contexte, [contribution.courriel_contributeur])])


def annoncer_refus(contribution) -> None:
    """To the contributor: refused, with the moderator's reason."""
    if not contribution.courriel_contributeur:
        return
    contexte = _contexte(contribution)
    sujet = f"Votre contribution n'a pas été retenue : {contexte['nom_lieu']}"
    _envoyer([_message(sujet, "refus.txt", contexte, [contribution.courriel_contributeur])])


def envoyer_invitation(invitation, lien_formulaire: str, expire_le) -> int:
    """To the person who runs a lieu: the link that lets them edit it directly."""
    lieu = invitation.lieu
    contexte = {"lieu": lieu, "lien_formulaire": lien_formulaire, "expire_le": timezone.localtime(expire_le),
                "lien_lieu": lien(reverse("lieux:lieu", args=[lieu.uid]))}
    sujet = f"Mettez à jour la fiche de votre lieu : {lieu.nom}"
    return _envoyer([_message(sujet, "invitation.txt", contexte, [invitation.courriel])])
