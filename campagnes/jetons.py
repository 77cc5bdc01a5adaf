"""The personal links of a campaign: `/campagne/<jeton>/` (the lieu's page and its three answers) and
`/campagne/desinscription/<jeton>/` (never write to this address again).

Each token is signed with its own salt (django.core.signing) and names only the envoi and its nonce: no address in
it (a signed token is readable). The answer link expires with its campaign (`Campagne.fin_le`, checked by the view:
a French page, 410); the unsubscribe link never expires.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Envoi

SEL_REPONSE = "campagnes.envoi.v1"
SEL_DESINSCRIPTION = "campagnes.desinscription.v1"


def jeton(envoi: Envoi, sel: str = SEL_REPONSE) -> str:
    return signing.dumps({"e": envoi.pk, "n": envoi.nonce}, salt=sel, compress=True)


def envoi_du_jeton(valeur: str, sel: str = SEL_REPONSE) -> Envoi | None:
    """The envoi a valid token names (its nonce must match); None when tampered with or of another salt."""
    try:
        contenu = signing.loads((valeur or "")[:300], salt=sel)
    except signing.BadSignature:
        return None
    if not isinstance(contenu, dict):
        return None
    return (Envoi.objects.select_related("campagne", "lieu")
            .filter(pk=contenu.get("e"), nonce=contenu.get("n")).first())


def absolu(chemin: str) -> str:
    return settings.SITE_URL.rstrip("/") + chemin


def lien_reponse(envoi: Envoi) -> str:
    return absolu(reverse("campagnes:page", args=[jeton(envoi)]))


def lien_desinscription(envoi: Envoi) -> str:
    return absolu(reverse("campagnes:desinscription", args=[jeton(envoi, SEL_DESINSCRIPTION)]))
