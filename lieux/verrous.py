"""Manual edits survive re-imports: a field a person changed keeps the person's value until the sources themselves
change that field's value again.

When a person changes a field (`lieux.modifications.modifier_lieu`), a lock (`VerrouChamp`) records the person's
value and what the derivation from the lieu's source records gave for that field at that moment
(`valeur_des_sources`). Each time the consolidation derives the lieu again (an import re-read one of its records),
`decider` compares the newly derived value with `valeur_des_sources`:
- the same: the sources did not change that field; the person's value stays. If the file still says something else
  than the person, the import reports a conflict (« valeur saisie le … conservée, le fichier dit … »);
- different: the source changed that field's value since the person's edit; the lock is lifted and the source's new
  value applies (« verrou levé : le fichier a changé la valeur »).
An import whose rows are all unchanged re-reads nothing: no derivation, nothing reported.

Values are compared as the records hold them (JSON: text, lists, a date as « AAAA-MM-JJ », a point as EWKT), an empty
value (None, "", []) equal to any other empty value. The rule (`decider`) is a plain function; `appliquer` runs it
over the lieux a consolidation derives, `poser` records locks, `valeurs_des_sources` derives a lieu alone.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from lieux.consolidation.derivation import Enregistrement, deriver
from lieux.consolidation.revue import SAISIE_MANUELLE  # the lineage of a locked field: [SAISIE_MANUELLE]



class Issue(enum.StrEnum):
    GARDEE = "gardee"  # the person's value stays, the sources agree with it or say nothing new
    CONFLIT = "conflit"  # the person's value stays, the file still says the value it said before the edit
    LEVEE = "levee"  # the sources changed the value: lock lifted, their value applies


@dataclass(frozen=True)
class Verrou:
    champ: str
    valeur_saisie: object
    valeur_des_sources: object
    pose_le: dt.datetime | None = None


@dataclass(frozen=True)
class Decision:
    champ: str
    issue: Issue
    valeur: object  # what the lieu gets
    valeur_saisie: object
    valeur_du_fichier: object  # what the sources' derivation says now

    @property
    def garde_le_verrou(self) -> bool:
        return self.issue != Issue.LEVEE


@dataclass(frozen=True)
class Evenement:
    """A lock met by a consolidation: kept against a different value (conflict) or lifted."""

    lieu: int
    champ: str
    issue: Issue
    valeur_saisie: object
    valeur_du_fichier: object
    saisie_le: dt.datetime | None


# --- the rule ---------------------------------------------------------------------------------------------------


def _norme(valeur):
    if valeur is None or valeur == "" or valeur == [] or valeur == {}:
        return None
    if isinstance(valeur, (dt.date, dt.datetime)):
        return valeur.isoformat()
    if isinstance(valeur, tuple):
        return list(valeur)
    return valeur


def pareil(a, b) -> bool:
    """Two values of a field, as the records hold them, are the same (empty equals empty)."""
    return _norme(a) == _norme(b)


def decider(verrou: Verrou, valeur_derivee) -> Decision:
    """What a lieu's locked field gets when its sources are derived again to `valeur_derivee`."""
    if pareil(valeur_derivee, verrou.valeur_des_sources):
        issue = Issue.GARDEE if pareil(valeur_derivee, verrou.valeur_saisie) else Issue.CONFLIT
        return Decision(verrou.champ, issue, verrou.valeur_saisie, verrou.valeur_saisie, valeur_derivee)
    return Decision(verrou.champ, Issue.LEVEE, valeur_derivee, verrou.valeur_saisie, valeur_derivee)


def appliquer_aux_valeurs(valeurs: dict, lignee: dict, verrous: list[Verrou]) -> list[Decision]:
    """Apply the locks of one lieu to its derived (values, lineage), in place: a kept field gets the person's value
    and the lineage « saisie manuelle »; a lifted one keeps the derived value. Only fields the derivation gave are
    decided (a column missing from the values keeps what the lieu has: the person's value)."""
    decisions = []
    for verrou in verrous:
        if verrou.champ not in valeurs:
            lignee[verrou.champ] = [SAISIE_MANUELLE]
            continue
        decision = decider(verrou, valeurs[verrou.champ])
        valeurs[verrou.champ] = decision.valeur
        if decision.garde_le_verrou:
            lignee[verrou.champ] = [SAISIE_MANUELLE]
        decisions.append(decision)
    return decisions


# --- in the database ----------------------------------------------------------------------------------------------


def _modele():
    from lieux.models import VerrouChamp

    return VerrouChamp


def appliquer(derives: dict[int, tuple[dict, dict]]) -> list[Evenement]:
    """Apply the locks of the lieux about to be written (lieu uid → derived (values, lineage), changed in place);
    delete the lifted locks. The conflicts and lifted locks, for the import's report."""
    VerrouChamp = _modele()
    par_lieu: dict[int, list] = {}
    for v in VerrouChamp.objects.filter(lieu_id__in=[u for u in derives if u > 0]).order_by("lieu_id", "champ"):
        par_lieu.setdefault(v.lieu_id, []).append(v)
    evenements, leves = [], Q(pk__in=[])
    for uid, lignes in par_lieu.items():
        valeurs, lignee = derives[uid]
        verrous = {v.champ: Verrou(v.champ, v.valeur_saisie, v.valeur_des_sources, v.pose_le) for v in lignes}
        for decision in appliquer_aux_valeurs(valeurs, lignee, list(verrous.values())):
            if decision.issue == Issue.GARDEE:
                continue
            evenements.append(Evenement(uid, decision.champ, decision.issue, decision.valeur_saisie,
                                        decision.valeur_du_fichier, verrous[decision.champ].pose_le))
            if decision.issue == Issue.LEVEE:
                leves |= Q(lieu_id=uid, champ=decision.champ)
    if evenements:
        VerrouChamp.objects.filter(leves).delete()
    return evenements


def valeurs_des_sources(uid: int) -> dict:
    """What the lieu's source records give, derived as the consolidation does ({} for a lieu without records)."""
    from lieux.models import PrioriteSource, Provenance

    enregistrements = [
        Enregistrement(pk=pk, source=source, valeurs=valeurs or {}, date_maj=date_maj, actif=actif)
        for pk, source, valeurs, date_maj, actif in
        Provenance.objects.filter(lieu_id=uid).exclude(valeurs={}).values_list(
            "pk", "source", "valeurs", "date_maj", "actif")
    ]
    if not enregistrements:
        return {}
    valeurs, _ = deriver(enregistrements, PrioriteSource.par_champ())
    return valeurs


def poser(lieu, saisies: dict, *, par=None, origine: str = "") -> None:
    """Lock the fields `saisies` (column → the person's value, as the records hold it) of a lieu, each with what its
    sources give now (a field locked already takes the new value and date: the edit holds until the sources change
    that field's value after it)."""
    if not saisies:
        return
    VerrouChamp = _modele()
    sources = valeurs_des_sources(lieu.pk)
    existants = {v.champ: v for v in VerrouChamp.objects.filter(lieu=lieu, champ__in=list(saisies))}
    maintenant = timezone.now()
    utilisateur = par if getattr(par, "is_authenticated", False) else None
    for champ, valeur in saisies.items():
        if champ in existants:
            VerrouChamp.objects.filter(pk=existants[champ].pk).update(
                valeur_saisie=valeur, valeur_des_sources=sources.get(champ), pose_le=maintenant,
                pose_par=utilisateur, origine=origine[:200])
        else:
            VerrouChamp.objects.create(lieu=lieu, champ=champ, valeur_saisie=valeur,
                                       valeur_des_sources=sources.get(champ), pose_le=maintenant,
                                       pose_par=utilisateur, origine=origine[:200])


def lever(lieu, champ: str) -> bool:
    """Drop a lock (the person's value stays until the sources are derived again). True when there was one."""
    supprimes, _ = _modele().objects.filter(lieu=lieu, champ=champ).delete()
    return bool(supprimes)


def verrous_du_lieu(lieu, champ: str | None = None) -> list:
    """The lieu's locks (of one field with `champ`), by field."""
    verrous = _modele().objects.filter(lieu=lieu).select_related("pose_par").order_by("champ")
    return list(verrous.filter(champ=champ) if champ else verrous)
