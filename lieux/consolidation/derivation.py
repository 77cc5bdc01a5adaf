"""The values of a consolidated lieu, field by field, from its source records, and which record gave each (lineage).

Rules (docs/consolidation.md, § 1), plain functions over plain values:
- a lieu described by one record takes that record's values as they are;
- otherwise, for each field, the records are ranked: first the sources given a priority for the field
  (`PrioriteSource`, rank 1 first), then the freshest `date_maj`, then the oldest record; the first non-empty value
  wins (an unknown SIRET counts as empty);
- the address, the point and the attachment to a commune go together, as one block (never the street of one record
  with the point of another): ranked by priority, then by the precision of the point (the source's own coordinates
  before a geocoded address before a commune's centre), then freshness;
- a list (services, publics, e-mails…) is the union of the records' lists, in rank order, unless a priority is set
  for the field: then the first-ranked non-empty list alone;
- `date_maj` is the freshest; `source` names every contributing producer; `id` is the lieu's own (never derived).
Archived records count only when no active record is left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lieux import standard

BLOC_ADRESSE = ("adresse", "complement_adresse", "code_postal", "commune", "code_insee", "localisation",
                "precision_localisation", "commune_officielle_id", "departement_id", "region_id", "epci_id")
PRECISIONS = {"source": 0, "adresse": 1, "commune": 2}
LISTES = frozenset(c.nom for c in standard.CHAMPS if c.multiple)
NON_DERIVES = frozenset({"id"})
LONGUEUR_SOURCE = 200


@dataclass(frozen=True)
class Enregistrement:
    """One source record as the derivation reads it."""

    pk: int
    source: str  # the import source's short name (what priorities name)
    valeurs: dict = field(hash=False)  # columns of lieux_lieu (Provenance.valeurs)
    date_maj: dt.date | None = None
    actif: bool = True


def _vide(champ: str, valeur) -> bool:
    if champ == "pivot":
        return not valeur or valeur == standard.PIVOT_INCONNU
    return valeur is None or valeur == "" or valeur == []


def _rang_source(e: Enregistrement, ordre: list[str] | None) -> int:
    if ordre and e.source in ordre:
        return ordre.index(e.source)
    return len(ordre) if ordre else 0


def _fraicheur(e: Enregistrement) -> int:
    return -(e.date_maj or dt.date.min).toordinal()


def classe(enregistrements: list[Enregistrement], ordre: list[str] | None) -> list[Enregistrement]:
    """Priority of the field's sources, then the freshest, then the oldest record."""
    return sorted(enregistrements, key=lambda e: (_rang_source(e, ordre), _fraicheur(e), e.pk))


def _bloc_adresse(enregistrements, ordre) -> Enregistrement:
    def cle(e: Enregistrement):
        v = e.valeurs
        renseigne = 0 if (v.get("localisation") or v.get("adresse")) else 1
        precision = PRECISIONS.get(v.get("precision_localisation"), 3) if v.get("localisation") else 3
        return (renseigne, _rang_source(e, ordre), precision, _fraicheur(e), e.pk)
    return min(enregistrements, key=cle)


def deriver(enregistrements: list[Enregistrement], priorites: dict[str, list[str]] | None = None
            ) -> tuple[dict, dict[str, list[int]]]:
    """(values, lineage) of a lieu from its records. Lineage: column → pks of the records that gave it (empty for a
    lieu of a single record: everything comes from it)."""
    priorites = priorites or {}
    actifs = [e for e in enregistrements if e.actif] or list(enregistrements)
    if not actifs:
        return {}, {}
    if len(actifs) == 1:
        return {k: v for k, v in actifs[0].valeurs.items() if k not in NON_DERIVES}, {}
    colonnes = [c for c in dict.fromkeys(k for e in actifs for k in e.valeurs) if c not in NON_DERIVES]
    valeurs: dict = {}
    lignee: dict[str, list[int]] = {}
    adresse = _bloc_adresse(actifs, priorites.get("adresse"))
    for c in BLOC_ADRESSE:
        if c in adresse.valeurs:
            valeurs[c] = adresse.valeurs[c]
    lignee["adresse"] = [adresse.pk]
    for c in colonnes:
        if c in BLOC_ADRESSE:
            continue
        if c == "date_maj":
            dates = [e.valeurs.get(c) for e in actifs if e.valeurs.get(c)]
            valeurs[c] = max(dates) if dates else None
            continue
        if c == "source":
            noms = list(dict.fromkeys(e.valeurs.get(c) for e in classe(actifs, None) if e.valeurs.get(c)))
            valeurs[c] = ", ".join(noms)[:LONGUEUR_SOURCE]
            continue
        ordre = priorites.get(c)
        rangs = [e for e in classe(actifs, ordre) if not _vide(c, e.valeurs.get(c))]
        if not rangs:
            valeurs[c] = next((e.valeurs[c] for e in actifs if c in e.valeurs), None)
            continue
        if c in LISTES and not ordre:
            union = list(dict.fromkeys(x for e in rangs for x in e.valeurs[c]))
            valeurs[c] = union
            lignee[c] = [e.pk for e in rangs]
        else:
            valeurs[c] = rangs[0].valeurs[c]
            lignee[c] = [rangs[0].pk]
    return valeurs, lignee
