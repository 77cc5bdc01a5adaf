"""Blocking, the score of every candidate pair, then the one rule that needs more than a pair: a service's generic
name at the door of a single structure.

Why a rule over the door and not over the pair: DORA and the hubs list services (« Médiation numérique »,
« Accompagnement vers l'autonomie numérique ») at the address of the structure that runs them; the name says nothing
of which structure. At a door where the other records all describe one structure (a centre social written by three
sources), the service is that structure's. At a door shared by several structures (a « cité des associations », a
town hall and its library), a pair alone cannot tell which one runs the service: it stays for a person. So the
rule reads all the records at the service's door: they must be linked to each other by `MEME` decisions into one
group.

`apparier()` is what production (`execution.consolider`), the benches and the scripts call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from .blocage import Blocage, Paires
from .score import DISTANCE_MAX_VOIE_NOM_FORT, VOIE_EGALE, Comparaison, Decision, Fiche, comparer, preparer

REGLE_SERVICE_A_LA_PORTE = "règle : service au nom générique à la porte d'une seule structure"


def apparier(enregistrements: Sequence[dict], nouveaux: Iterable[int] | None = None, entre_sources: bool = False,
             cle: Callable[[dict], object] | None = None
             ) -> tuple[Paires, dict[tuple[int, int], Comparaison]]:
    """The candidate pairs (positions, i < j) of `nouveaux` (all records when None) and their comparisons, the
    door rule applied. `cle(enregistrement)`: the key kept in each `Fiche` (its id by default)."""
    nouveaux = None if nouveaux is None else set(nouveaux)
    blocage = Blocage(enregistrements, entre_sources=entre_sources)
    paires = blocage.paires(nouveaux)
    fiches: dict[int, Fiche] = {}

    def fiche(k: int) -> Fiche:
        if k not in fiches:
            e = enregistrements[k]
            fiches[k] = preparer(e, cle=cle(e) if cle else None)
        return fiches[k]

    comparaisons = {(i, j): comparer(fiche(i), fiche(j)) for i, j in paires}

    services_aux_portes(comparaisons, fiche, blocage.paires, complets=nouveaux)
    return paires, comparaisons


def services_aux_portes(comparaisons: dict[tuple[int, int], Comparaison], fiche: Callable[[int], Fiche],
                        candidats: Callable[[set[int]], Iterable[tuple[int, int]]],
                        complets: set[int] | None = None) -> int:
    """Turn into `MEME` the pairs (service, structure) where the service's door holds records of one structure only.

    `comparaisons` holds every candidate pair of the records of `complets` (all records when None); the door of a
    service outside `complets` (an old record, in an incremental run) is read again through `candidats`. Returns the
    number of pairs changed."""
    services = {k for paire, c in comparaisons.items() if a_la_porte(c) for k in paire if fiche(k).nom.service}
    if not services:
        return 0
    voisins: dict[int, dict[int, Comparaison]] = {s: {} for s in services}
    for (i, j), c in comparaisons.items():
        for s, autre in ((i, j), (j, i)):
            if s in voisins:
                voisins[s][autre] = c
    incomplets = set() if complets is None else services - complets
    if incomplets:
        for i, j in candidats(incomplets):
            for s, autre in ((i, j), (j, i)):
                if s in incomplets and autre not in voisins[s]:
                    voisins[s][autre] = comparer(fiche(min(i, j)), fiche(max(i, j)))
    changees = 0
    entre: dict[tuple[int, int], Comparaison] = {}
    for s in sorted(services):
        porte = sorted(k for k, c in voisins[s].items() if a_la_porte(c) and not fiche(k).nom.service)
        if not porte or not _une_structure(porte, comparaisons, entre, fiche):
            continue
        for k in porte:
            paire = (min(s, k), max(s, k))
            c = comparaisons.get(paire)
            if c is None or c.decision is Decision.MEME or c.typologies_compatibles is False:
                continue
            if fiche(s).itinerant != fiche(k).itinerant:
                continue
            comparaisons[paire] = replace(c, decision=Decision.MEME, raisons=(*c.raisons, REGLE_SERVICE_A_LA_PORTE))
            changees += 1
    return changees


def a_la_porte(c: Comparaison) -> bool:
    """The same door, or the same street with a number missing on one side and points within 300 m (a service
    written « Av. Gabriel Péri », its structure « 375 avenue Gabriel Péri »): then the service's « door » is all the
    records of that street around it, and they too must be one structure."""
    if c.meme_porte:
        return True
    return (c.adresse.voie is not None and c.adresse.voie >= VOIE_EGALE and c.adresse.meme_numero is None
            and c.distance_m is not None and c.distance_m <= DISTANCE_MAX_VOIE_NOM_FORT)


def _une_structure(porte: list[int], comparaisons: dict, entre: dict, fiche: Callable[[int], Fiche]) -> bool:
    """The records at one door all linked by `MEME` decisions (one structure written by several sources)."""
    if len(porte) == 1:
        return True
    parent = {k: k for k in porte}

    def racine(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for x, a in enumerate(porte):
        for b in porte[x + 1:]:
            paire = (a, b)
            c = comparaisons.get(paire) or entre.get(paire)
            if c is None:
                c = entre[paire] = comparer(fiche(a), fiche(b))
            if c.decision is Decision.MEME:
                parent[racine(a)] = racine(b)
    return len({racine(k) for k in porte}) == 1
