"""Moderating a contribution: accept all, some fields, edited values; or refuse with a reason. Each change to a lieu
goes through lieux.modifications (so history and import locks record it) and the contributor is told by e-mail
(contributions/courriels.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lieux.models import Lieu
from lieux import standard
from lieux.modifications import declarer_lieu, modifier_lieu, valeurs_du_lieu

from . import courriels
from .diff import champs_proposes, normaliser
from .models import Contribution

POSITION = ("latitude", "longitude")


class ModerationImpossible(ValueError):
    """A French message for the moderator."""


def origine_de(contribution) -> str:
    """How a change made by this contribution is named in the lieu's history (and its record's id)."""
    return f"contribution-{contribution.pk}"


REQUIS = ("nom", "adresse", "commune", "code_postal")  # what a declared lieu cannot go without


def _creer_lieu(contribution, valeurs: dict, par):
    """The lieu of an accepted declaration: a record of the source « contributions » (lieux.modifications)."""
    manquants = [nom for nom in REQUIS if not str(valeurs.get(nom) or "").strip()]
    if manquants:
        libelles = ", ".join(standard.CHAMPS_PAR_NOM[n].libelle.lower() for n in manquants)
        raise ModerationImpossible(f"Il manque à ce lieu : {libelles}.")
    return declarer_lieu(valeurs, par=par, origine=origine_de(contribution), id_source=origine_de(contribution))


def _verifier_en_attente(contribution) -> None:
    if contribution.statut != Contribution.Statut.EN_ATTENTE:
        raise ModerationImpossible(
            f"Cette contribution a déjà été modérée ({contribution.get_statut_display()}).")


def _champs_retenus(contribution, champs) -> list[str]:
    proposes = champs_proposes(contribution)
    if champs is None:
        return proposes
    inconnus = set(champs) - set(proposes)
    if inconnus:
        raise ModerationImpossible("Ces champs ne font pas partie de la proposition : " + ", ".join(sorted(inconnus)))
    retenus = set(champs)
    if retenus & set(POSITION):  # a point is both coordinates
        retenus |= set(POSITION) & set(proposes)
    return [c for c in proposes if c in retenus]


def accepter(contribution, champs=None, valeurs=None, par=None) -> list[str]:
    """Accept `champs` (all proposed fields when None), with `valeurs` overriding the proposed values (edit then
    accept); a declaration creates its lieu. Returns the fields written."""
    valeurs, demandee = valeurs or {}, contribution
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        _verifier_en_attente(contribution)
        retenus = _champs_retenus(contribution, champs)
        if not retenus:
            raise ModerationImpossible("Cochez au moins un champ à accepter, ou refusez la contribution.")
        a_ecrire = {c: normaliser(c, valeurs[c] if c in valeurs else contribution.valeurs.get(c)) for c in retenus}
        if contribution.type == Contribution.Type.DECLARATION:
            try:
                lieu = _creer_lieu(contribution, a_ecrire, par)
            except ValueError as erreur:
                raise ModerationImpossible(str(erreur)) from erreur
            contribution.lieu = lieu
            ecrits = [c for c in retenus if a_ecrire[c] not in (None, "", [])]
        else:
            ecrits = _mettre_a_jour(contribution, a_ecrire, par)
        tous = set(retenus) == set(champs_proposes(contribution))
        contribution.statut = Contribution.Statut.ACCEPTEE if tous else Contribution.Statut.ACCEPTEE_EN_PARTIE
        contribution.champs_acceptes = retenus
        contribution.traite_par = par if getattr(par, "pk", None) else None
        contribution.traite_le = timezone.now()
        contribution.save(update_fields=["statut", "champs_acceptes", "traite_par", "traite_le", "lieu"])
    demandee.refresh_from_db()
    courriels.annoncer_acceptation(demandee)
    return ecrits


def _mettre_a_jour(contribution, a_ecrire: dict, par) -> list[str]:
    lieu = contribution.lieu
    if lieu is None:
        raise ModerationImpossible("Le lieu de cette proposition n'existe plus.")
    while lieu.statut == Lieu.Statut.FUSIONNE and lieu.fusionne_dans_id:  # its records now describe that lieu
        lieu = Lieu.objects.get(pk=lieu.fusionne_dans_id)
    contribution.lieu = lieu
    actuelles = valeurs_du_lieu(lieu)
    change = any(normaliser(c, actuelles.get(c)) != v for c, v in a_ecrire.items())
    if change and "date_maj" not in a_ecrire:  # the lieu's information is up to date as of today
        a_ecrire = {**a_ecrire, "date_maj": str(timezone.localdate())}
    if a_ecrire.get("latitude") is None or a_ecrire.get("longitude") is None:
        a_ecrire = {c: v for c, v in a_ecrire.items() if c not in POSITION}
    return modifier_lieu(lieu, a_ecrire, par=par, origine=origine_de(contribution))


def refuser(contribution, motif: str, par=None) -> None:
    """Refuse with the moderator's reason (required: the contributor reads it)."""
    motif = (motif or "").strip()
    if not motif:
        raise ModerationImpossible("Indiquez le motif du refus : il est envoyé à la personne qui a contribué.")
    demandee = contribution
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        _verifier_en_attente(contribution)
        contribution.statut = Contribution.Statut.REFUSEE
        contribution.motif_refus = motif
        contribution.traite_par = par if getattr(par, "pk", None) else None
        contribution.traite_le = timezone.now()
        contribution.save(update_fields=["statut", "motif_refus", "traite_par", "traite_le"])
    demandee.refresh_from_db()
    courriels.annoncer_refus(demandee)
