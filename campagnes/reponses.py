"""A lieu's answer to a campaign, recorded once (a conditional UPDATE: two clicks, two tabs, one answer).

- « Rien n'a changé »: `date_maj` becomes today through `modifier_lieu` (never locked: it describes the record), and
  the lieu's « à vérifier » flag is cleared.
- « Je mets à jour »: the contribution form of the lieu; when the campaign trusts the lieux' addresses, through a
  contributions invitation (applied at once), else moderated like any proposal.
- « Ce lieu n'existe plus »: an error report « Le lieu n'existe plus » for the coordinators of its territory, who
  decide; nothing is archived by the answer itself.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contributions import invitations
from contributions.models import Invitation
from lieux.models import Lieu
from lieux.models.signalement import Signalement
from lieux.modifications import modifier_lieu

from .models import Envoi

Reponse = Envoi.Reponse


def ouvrir(envoi: Envoi) -> None:
    """The page was seen: dated once."""
    if envoi.ouvert_le is None:
        Envoi.objects.filter(pk=envoi.pk, ouvert_le__isnull=True).update(ouvert_le=timezone.now())


def origine(envoi: Envoi) -> str:
    return f"campagne n° {envoi.campagne_id} « {envoi.campagne.nom} »"[:200]


@transaction.atomic
def repondre(envoi: Envoi, reponse: str, *, message: str = "", empreinte: str = "") -> bool:
    """Record the answer and do what it means; False when the envoi had been answered already."""
    maintenant = timezone.now()
    premiere = Envoi.objects.filter(pk=envoi.pk, repondu_le__isnull=True).update(
        repondu_le=maintenant, reponse=reponse, ouvert_le=envoi.ouvert_le or maintenant)
    if not premiere:
        return False
    envoi.refresh_from_db()
    lieu = Lieu.objects.select_for_update().get(pk=envoi.lieu_id)
    if reponse == Reponse.CONFIRME:
        modifier_lieu(lieu, {"date_maj": timezone.localdate()}, par=None, origine=origine(envoi))
        Lieu.objects.filter(pk=lieu.pk).update(a_verifier_depuis=None, motif_a_verifier="")
    elif reponse == Reponse.FERME:
        texte = f"Réponse à la {origine(envoi)} : « {Reponse.FERME.label} »."
        if message.strip():
            texte += f"\n{message.strip()}"
        Signalement.objects.create(lieu=lieu, rubriques=[Signalement.Rubrique.FERME], message=texte[:800],
                                   courriel=envoi.courriel, empreinte_client=empreinte or "campagne")
    elif reponse == Reponse.MIS_A_JOUR and envoi.campagne.confiance:
        invitation = Invitation.objects.create(lieu=lieu, courriel=envoi.courriel, cree_par=envoi.campagne.cree_par)
        Envoi.objects.filter(pk=envoi.pk).update(invitation=invitation)
        envoi.invitation = invitation
    return True


def lien_formulaire(envoi: Envoi) -> str:
    """The lieu's update form (relative URL), through the envoi's invitation when the campaign trusts the address."""
    chemin = reverse("contributions:modifier", args=[envoi.lieu_id])
    if envoi.invitation_id and not envoi.invitation.revoquee:
        return f"{chemin}?invitation={invitations.creer_jeton(envoi.invitation)}"
    return chemin
