"""The moderation queue of an account: its territories' pending contributions and « Signaler une erreur » reports,
oldest first, each with the admin page where it is handled. Only what the account may see (lieux/perimetres.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from lieux.models import Signalement
from lieux.perimetres import q_perimetre

from .models import Contribution


@dataclass(frozen=True)
class Element:
    recu_le: object
    nature: str
    lieu: str
    commune: str
    resume: str
    url: str
    action: str


def contributions_en_attente(user):
    if not user.has_perm("contributions.view_contribution"):
        return Contribution.objects.none()
    return Contribution.objects.en_attente().du_perimetre(user)


def signalements_nouveaux(user):
    if not user.has_perm("lieux.view_signalement"):
        return Signalement.objects.none()
    return Signalement.objects.filter(statut=Signalement.Statut.NOUVEAU).filter(
        q_perimetre(user, "lieu__commune_officielle"))


def comptes(user) -> tuple[int, int]:
    """(pending contributions, new reports) of the account's territories."""
    return contributions_en_attente(user).count(), signalements_nouveaux(user).count()


def _resume(texte: str, longueur: int = 90) -> str:
    texte = " ".join((texte or "").split())
    return texte[:longueur] + ("…" if len(texte) > longueur else "")


def elements(user) -> list[Element]:
    resultat = []
    for c in contributions_en_attente(user).select_related("lieu", "commune_officielle"):
        nom = c.valeurs.get("nom") or (c.lieu.nom if c.lieu_id else "")
        commune = c.commune_officielle.nom if c.commune_officielle_id else c.valeurs.get("commune", "")
        champs = len([k for k in c.valeurs if k != "id"])
        resume = (f"{champs} champ{'s' if champs > 1 else ''} proposé{'s' if champs > 1 else ''}"
                  + (f" — « {_resume(c.message, 60)} »" if c.message else ""))
        resultat.append(Element(
            recu_le=c.cree_le, nature="Déclaration d'un lieu" if c.type == c.Type.DECLARATION else "Mise à jour proposée",
            lieu=nom, commune=commune, resume=resume,
            url=reverse("admin:contributions_contribution_change", args=[c.pk]), action="Modérer"))
    for s in signalements_nouveaux(user).select_related("lieu"):
        resultat.append(Element(
            recu_le=s.cree_le, nature="Erreur signalée", lieu=s.lieu.nom, commune=s.lieu.commune,
            resume=", ".join(s.libelles_rubriques()) + (f" — « {_resume(s.message, 60)} »" if s.message else ""),
            url=reverse("admin:lieux_signalement_change", args=[s.pk]), action="Traiter"))
    return sorted(resultat, key=lambda e: e.recu_le)
