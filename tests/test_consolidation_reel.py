"""The linkage on the real PACA file (792 rows, 5 sub-sources): exact counts, so that any change of a rule
shows here and in docs/consolidation.md, which quotes them."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.conf import settings

from lieux.consolidation.blocage import paires_candidates
from lieux.consolidation.score import Decision, comparer, preparer

PACA_16 = settings.SHARED_DIR / "data" / (
    "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json")


@pytest.fixture(scope="module")
def paca():
    return json.loads(PACA_16.read_text(encoding="utf-8"))  # ../shared/data is beside every checkout, CI included


@pytest.fixture(scope="module")
def resultats(paca):
    paires = paires_candidates(paca, entre_sources=True)
    fiches = [preparer(e) for e in paca]
    return paires, {p: comparer(fiches[p[0]], fiches[p[1]]) for p in paires}


def test_blocage_entre_sources(paca, resultats):
    paires, _ = resultats
    assert len(paca) == 792
    assert len(paires) == 1544  # of 313,236 possible pairs: 0.5 %
    assert paires.par_raison() == {"commune": 1517, "courriel": 37, "distance": 249, "telephone": 37}


def test_decisions_entre_sources(resultats):
    _, comparaisons = resultats
    decisions = Counter(c.decision for c in comparaisons.values())
    assert decisions == {Decision.DIFFERENTS: 1414, Decision.DOUTEUX: 31, Decision.MEME: 99}


def test_les_paires_a_moins_de_50_m(resultats):
    _, comparaisons = resultats
    proches = Counter(c.decision for c in comparaisons.values()
                      if c.distance_m is not None and c.distance_m < 50)
    assert proches == {Decision.MEME: 77, Decision.DOUTEUX: 23, Decision.DIFFERENTS: 37}


def test_cas_connus(paca, resultats):
    _, comparaisons = resultats
    par_noms = {(paca[i]["nom"], paca[j]["nom"]): c.decision for (i, j), c in comparaisons.items()}
    assert par_noms[("France Services Nice Pasteur", "France services Nice Pasteur")] is Decision.MEME
    assert par_noms[("France Services Nice Pasteur", "Bus France services Nice mobile")] is not Decision.MEME
    # a centre social carrying the France Services desk it hosts, at the same door: one reception point
    assert par_noms[("Villemarie Espace Social et Culturel", "France services Villemarie Carpentras")] \
        is Decision.MEME
    # a médiathèque is no porteur: beside a desk on the same square, a person decides at most
    assert par_noms[("Médiathèque de Vence", "France services de Vence")] is not Decision.MEME


def test_incremental_donne_les_memes_paires_que_le_tout(paca, resultats):
    paires, _ = resultats
    dora = {i for i, e in enumerate(paca) if e["source"] == "dora"}
    incremental = set(paires_candidates(paca, nouveaux=dora, entre_sources=True))
    assert incremental == {p for p in paires if p[0] in dora or p[1] in dora}
    assert len(incremental) == 176
