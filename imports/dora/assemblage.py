"""From data·inclusion records to candidate lieux: a DORA structure with at least one « numérique » service.

Pure functions on plain records (v1 names, see `lecteurs.py`), no database:

- services of another source, services without a `numerique` thematique, and records that data·inclusion itself
  took from the national médiation numérique source (« no loops »: the cartography already has them) are set
  aside, each reason counted in the `Bilan`;
- the remaining services are grouped by their structure; the structures are then read once, and only the ones
  referenced are kept (memory follows the number of lieux, not the size of data·inclusion);
- a candidate whose structure is missing is kept: it becomes a rejected row of the report, with its reason;
- `depuis` keeps the candidates updated on or after that date (structure or one of its numérique services).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

SOURCE = "dora"
SOURCE_MEDIATION_NUMERIQUE = "mediation-numerique"
# DORA's own name for what it imported from data·inclusion's mediation-numerique source (StructureSource value)
ORIGINES_MEDIATION_NUMERIQUE = (SOURCE_MEDIATION_NUMERIQUE, "di-mediation-numerique")
HOTES_CARTOGRAPHIE_NATIONALE = ("cartographie.societenumerique.gouv.fr",)
CATEGORIE_NUMERIQUE = "numerique"

AUTRE_SOURCE = "autre source"
BOUCLE = "boucle"
NON_NUMERIQUE = "non numérique"
SANS_STRUCTURE = "sans structure"


def est_numerique(service: dict) -> bool:
    """A service of the `numerique` category (the category itself, or one of its `numerique--…` thematiques)."""
    return any(t == CATEGORIE_NUMERIQUE or str(t).startswith(CATEGORIE_NUMERIQUE + "--")
               for t in service.get("thematiques") or ())


def vient_de_la_mediation_numerique(enregistrement: dict) -> bool:
    """True for a record data·inclusion took from the national médiation numérique source (or DORA took from it):
    importing it again would bring back, as « DORA », a lieu the national cartography already publishes."""
    if enregistrement.get("source") in ORIGINES_MEDIATION_NUMERIQUE:
        return True
    for cle in ("id", "structure_id"):
        if str(enregistrement.get(cle) or "").startswith(SOURCE_MEDIATION_NUMERIQUE + "--"):
            return True
    hote = urlparse(str(enregistrement.get("lien_source") or "")).hostname or ""
    return hote in HOTES_CARTOGRAPHIE_NATIONALE


def raison_d_ecarter(service: dict) -> str | None:
    """Why a service does not feed a lieu (None when it does)."""
    if vient_de_la_mediation_numerique(service):
        return BOUCLE
    if service.get("source") != SOURCE:
        return AUTRE_SOURCE
    if not est_numerique(service):
        return NON_NUMERIQUE
    if not service.get("structure_id"):
        return SANS_STRUCTURE
    return None


@dataclass
class Candidat:
    """A future lieu: a DORA structure (None when data·inclusion did not give it) and its numérique services."""

    identifiant: str
    structure: dict | None
    services: list[dict]

    @property
    def date_maj(self) -> str | None:
        dates = [str(r["date_maj"])[:10] for r in (self.structure or {}, *self.services) if r.get("date_maj")]
        return max(dates) if dates else None


@dataclass
class Bilan:
    """What was received and why part of it does not become a lieu (the run's remarks are written from it)."""

    services_recus: int = 0
    services_ecartes: Counter = field(default_factory=Counter)  # reason → count
    autres_sources: Counter = field(default_factory=Counter)  # source → services
    services_retenus: int = 0
    structures_recues: int = 0
    structures_boucle: int = 0  # referenced by a numérique service but taken from the national source
    services_des_structures_boucle: int = 0
    structures_absentes: list[str] = field(default_factory=list)
    services_sans_structure: int = 0
    hors_periode: int = 0  # candidates left out by `depuis`


def rassemble(services: Iterable[dict], structures: Iterable[dict], depuis: dt.date | None = None):
    """(candidates sorted by id, Bilan). `structures` is only read after every service (it may be a download)."""
    bilan = Bilan()
    par_structure: dict[str, list[dict]] = {}
    for service in services:
        bilan.services_recus += 1
        raison = raison_d_ecarter(service)
        if raison:
            bilan.services_ecartes[raison] += 1
            if raison == AUTRE_SOURCE:
                bilan.autres_sources[str(service.get("source"))] += 1
            continue
        bilan.services_retenus += 1
        par_structure.setdefault(str(service["structure_id"]), []).append(service)

    trouvees: dict[str, dict] = {}
    for structure in structures:
        bilan.structures_recues += 1
        identifiant = str(structure.get("id") or "")
        if identifiant not in par_structure or identifiant in trouvees:
            continue
        if vient_de_la_mediation_numerique(structure):
            bilan.structures_boucle += 1
            bilan.services_des_structures_boucle += len(par_structure.pop(identifiant))
            continue
        trouvees[identifiant] = structure

    candidats = []
    for identifiant in sorted(par_structure):
        candidat = Candidat(identifiant, trouvees.get(identifiant), par_structure[identifiant])
        if depuis and (candidat.date_maj or "") < depuis.isoformat():
            bilan.hors_periode += 1
            continue
        if candidat.structure is None:
            bilan.structures_absentes.append(identifiant)
            bilan.services_sans_structure += len(candidat.services)
        candidats.append(candidat)
    return candidats, bilan
