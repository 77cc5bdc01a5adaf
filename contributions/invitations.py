"""A coordinator invites the person who runs a lieu to edit it directly: an e-mailed, signed, expiring link to the
lieu's update form (`SITE_URL/lieux/<pk>/modifier/?invitation=<jeton>`).

The token is signed with its own salt (django.core.signing) and names only the `Invitation` row and the lieu (a
signed token is readable: no e-mail address in it). It is valid for settings.INVITATION_DUREE_JOURS days, for that
lieu only, until revoked; it may be used more than once in that time (a manager comes back to fix another detail),
each use is dated on the row. The public form applies a submission made with a valid token at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Invitation

SEL = "contributions.invitation.v1"
CHEMIN_FORMULAIRE = "/lieux/{uid}/modifier/"


def duree() -> dt.timedelta:
    return dt.timedelta(days=settings.INVITATION_DUREE_JOURS)


def creer_jeton(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "l": invitation.lieu_id}, salt=SEL)


def lien_invitation(invitation: Invitation) -> str:
    chemin = CHEMIN_FORMULAIRE.format(uid=invitation.lieu_id)
    return f"{settings.SITE_URL.rstrip('/')}{chemin}?invitation={creer_jeton(invitation)}"


def inviter(lieu, courriel: str, par=None) -> Invitation:
    """Record the invitation and e-mail its link (contributions/courriels.py)."""
    from . import courriels

    invitation = Invitation.objects.create(lieu=lieu, courriel=courriel.strip(), cree_par=par)
    courriels.envoyer_invitation(invitation, lien_invitation(invitation), invitation.cree_le + duree())
    return invitation


def revoquer(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(revoquee=True)


def invitation_du_jeton(jeton: str, lieu) -> Invitation | None:
    """The invitation when `jeton` is valid, unexpired, for this lieu and not revoked; else None."""
    if not jeton or lieu is None:
        return None
    try:
        contenu = signing.loads(jeton, salt=SEL, max_age=duree())
    except signing.BadSignature:  # tampered, another salt's, or expired (SignatureExpired)
        return None
    if not isinstance(contenu, dict) or contenu.get("l") != lieu.pk:
        return None
    return Invitation.objects.filter(pk=contenu.get("i"), lieu=lieu, revoquee=False).first()


def lire_jeton(jeton: str, lieu) -> str | None:
    """The invited e-mail address when `jeton` is a valid, unexpired invitation for this lieu; else None."""
    invitation = invitation_du_jeton(jeton, lieu)
    if invitation is None:
        return None
    Invitation.objects.filter(pk=invitation.pk).update(utilisee_le=timezone.now())
    return invitation.courriel
