"""People's decisions applied at once: a pair of records judged from the review queue, a record split off its lieu.

Each remembers the decision (`DecisionRapprochement`, keyed on (source, id in the source): re-imports keep it), then
regroups only the lieux concerned (`consolider(lieux=…)`: no new comparison), in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from lieux.models import DecisionRapprochement, Lieu, Provenance

from . import ecriture
from .derivation import Enregistrement, deriver
from .execution import consolider

MOTIF_SEPARATION = "séparé depuis la fiche du lieu"


def decider(a: Provenance, b: Provenance, decision: str, auteur=None, motif: str = "") -> DecisionRapprochement:
    """Remember the decision on two records and regroup their lieux; the records are read again afterwards."""
    with transaction.atomic():
        enregistree = DecisionRapprochement.enregistre(a, b, decision, auteur, motif)
        consolider(lieux=[a.lieu_id, b.lieu_id])
    a.refresh_from_db(fields=["lieu"])
    b.refresh_from_db(fields=["lieu"])
    return enregistree


def separer(provenance: Provenance, auteur=None, motif: str = MOTIF_SEPARATION) -> Lieu:
    """The record leaves its lieu for a new one of its own: « lieux différents » against every other active record of
    the lieu, so that neither the regrouping nor a later import puts it back. The lieu keeps its id and its other
    records. Returns the record's new lieu."""
    origine = provenance.lieu_id
    with transaction.atomic():
        autres = list(Provenance.objects.filter(lieu_id=origine, actif=True).exclude(pk=provenance.pk))
        for autre in autres:
            DecisionRapprochement.enregistre(provenance, autre, DecisionRapprochement.Decision.DIFFERENTS, auteur,
                                             motif)
        # its own lieu first (the regrouping would otherwise keep the lieu for the record of smallest key)
        seul = Enregistrement(pk=provenance.pk, source=provenance.source, valeurs=provenance.valeurs,
                              date_maj=provenance.date_maj, actif=provenance.actif)
        nouveau = ecriture.creer_lieu(provenance.valeurs.get("id") or str(provenance.pk), *deriver([seul]))
        Provenance.objects.filter(pk=provenance.pk).update(lieu_id=nouveau)
        consolider(lieux=[origine, nouveau])
    provenance.refresh_from_db(fields=["lieu"])
    return provenance.lieu
