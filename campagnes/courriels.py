"""Writing to the lieux: one batch of a campaign's e-mails (first message or reminder), in French, each with the
personal link, the coordinator's territory and an unsubscribe link (also as `List-Unsubscribe` and RFC 8058
one-click `List-Unsubscribe-Post` headers). A message the mail server refuses marks its envoi « rebond » with the
error; the others go on.

The batch claims its envois with `select … for update skip locked`, so two workers never write the same message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .jetons import lien_desinscription, lien_reponse
from .models import Campagne, Envoi

GABARITS = "campagnes/courriels/"


def message(envoi: Envoi, relance: bool) -> EmailMessage:
    campagne, lieu = envoi.campagne, envoi.lieu
    desinscription = lien_desinscription(envoi)
    contexte = {
        "site": settings.SITE_NAME, "lieu": lieu, "campagne": campagne, "lien": lien_reponse(envoi),
        "desinscription": desinscription, "fin": timezone.localtime(campagne.fin_le), "relance": relance,
    }
    sujet = f"{'Rappel : les' if relance else 'Les'} informations de « {lieu.nom} » sont-elles à jour ?"
    corps = render_to_string(GABARITS + ("relance.txt" if relance else "premier_envoi.txt"), contexte)
    return EmailMessage(
        subject=" ".join(sujet.split())[:200], body=corps, from_email=settings.DEFAULT_FROM_EMAIL, to=[envoi.courriel],
        headers={"List-Unsubscribe": f"<{desinscription}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
    )


def envoyer_un_lot(campagne_id: int, taille: int) -> int:
    """Send up to `taille` pending messages of the campaign; return how many remain to send afterwards."""
    campagne = Campagne.objects.filter(pk=campagne_id).first()
    if campagne is None or campagne.statut != Campagne.Statut.EN_COURS or campagne.expiree:
        return 0
    with transaction.atomic():
        lot = list(Envoi.objects.a_envoyer().filter(campagne_id=campagne_id).select_related("lieu", "campagne")
                   .order_by("pk").select_for_update(skip_locked=True, of=("self",))[:taille])
        if lot:
            _envoyer(lot)
    return Envoi.objects.a_envoyer().filter(campagne_id=campagne_id).count()


def _envoyer(lot: list[Envoi]) -> None:
    connexion = get_connection()
    for envoi in lot:
        relance = envoi.envoye_le is not None
        try:
            connexion.send_messages([message(envoi, relance)])
        except Exception as erreur:  # an address or a server refusing: this envoi bounces, the batch goes on
            envoi.rebond_le, envoi.erreur = timezone.now(), str(erreur)[:300] or erreur.__class__.__name__
            continue
        if relance:
            envoi.relance_le = timezone.now()
        else:
            envoi.envoye_le = timezone.now()
    try:
        connexion.close()
    except Exception:  # noqa: S110 - the messages are out; a failing QUIT changes nothing
        pass
    Envoi.objects.bulk_update(lot, ["envoye_le", "relance_le", "rebond_le", "erreur"])
