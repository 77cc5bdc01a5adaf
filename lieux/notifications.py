"""The e-mail telling moderators about a « Signaler une erreur » report (sent by the task lieux.tasks).

Recipients: the addresses of settings.SIGNALEMENTS_DESTINATAIRES plus the active staff users allowed to handle
reports (permission lieux.change_signalement, superusers included) who have an e-mail address and whose territory holds
the lieu (lieux/perimetres.py: a coordinator of the Gironde is not sent a report, nor its reporter's address, on a
lieu of the Maine-et-Loire). The reporter's
address, when given, is the Reply-To: a moderator answers them with their own mail client.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from lieux.models import Signalement
from lieux.perimetres import q_comptes_du_territoire


def destinataires_signalements(lieu=None) -> list[str]:
    """Configured addresses then staff moderators' (of the lieu's territory when a lieu is given; else national
    ones), without repeats (case-insensitive), in a stable order."""
    commune = lieu.commune_officielle if lieu is not None else None
    moderateurs = get_user_model().objects.with_perm("lieux.change_signalement", is_active=True).filter(
        q_comptes_du_territoire(commune), is_staff=True).exclude(email="").distinct().order_by("email").values_list(
        "email", flat=True)
    adresses, vues = [], set()
    for adresse in [*settings.SIGNALEMENTS_DESTINATAIRES, *moderateurs]:
        adresse = adresse.strip()
        if adresse and adresse.lower() not in vues:
            vues.add(adresse.lower())
            adresses.append(adresse)
    return adresses


def message_signalement(signalement: Signalement) -> EmailMessage:
    lieu = signalement.lieu
    base = settings.SITE_URL.rstrip("/")
    lignes = [
        f"Un visiteur signale une erreur sur la fiche « {lieu.nom} » ({lieu.code_postal} {lieu.commune}).",
        "",
        "Rubriques : " + ", ".join(signalement.libelles_rubriques()),
        "Message : " + (signalement.message or "(aucun)"),
        "Réponse souhaitée : " + (f"oui, à {signalement.courriel} (répondez à ce courriel)" if signalement.courriel
                                  else "non"),
        f"Reçu le : {timezone.localtime(signalement.cree_le):%d/%m/%Y à %H:%M}",
        "",
        "Traiter le signalement : " + base + reverse("admin:lieux_signalement_change", args=[signalement.pk]),
        "Fiche publique : " + base + reverse("lieux:lieu", args=[lieu.uid]),
    ]
    return EmailMessage(
        subject=" ".join(f"Signalement d'erreur : {lieu.nom} ({lieu.commune})".split()),  # one line, always
        body="\n".join(lignes) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=destinataires_signalements(lieu),
        reply_to=[signalement.courriel] if signalement.courriel else None,
    )


def envoyer_notification_signalement(signalement: Signalement) -> int:
    """Send the e-mail; returns how many recipients it went to (0 when nobody is configured: nothing is sent)."""
    message = message_signalement(signalement)
    if not message.to:
        return 0
    message.send()
    return len(message.to)
