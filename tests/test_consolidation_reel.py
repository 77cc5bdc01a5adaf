"""The linkage on the real PACA file (792 rows, 5 sub-sources): exact counts, so that any change of a rule
shows here and in docs/consolidation.md, which quotes them."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.conf import settings

from lieux.consolidation.adresses import normalise
from lieux.consolidation.appariement import apparier
from lieux.consolidation.blocage import paires_candidates
from lieux.consolidation.score import Decision

PACA_16 = settings.SHARED_DIR / "data" / (
    "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json")


@pytest.fixture(scope="module")
def paca():
    return json.loads(PACA_16.read_text(encoding="utf-8"))  # ../shared/data is beside every checkout, CI included


@pytest.fixture(scope="module")
def resultats(paca):
    return apparier(paca, entre_sources=True)  # the production path: blocking, score, the door rule


def test_blocage_entre_sources(paca, resultats):
    paires, _ = resultats
    assert len(paca) == 792
    assert len(paires) == 1544  # of 313,236 possible pairs: 0.5 %
    assert paires.par_raison() == {"commune": 1517, "courriel": 37, "distance": 249, "telephone": 37}


def test_decisions_entre_sources(resultats):
    _, comparaisons = resultats
    decisions = Counter(c.decision for c in comparaisons.values())
    # 99 / 31 / 1414 before the rules of docs/consolidation.md § 5 « Rappel » (23 more merges, each read: 21 are
    # labelled « même lieu » in bench/paires, 2 are a desk and its host or porteur at one written address)
    assert decisions == {Decision.DIFFERENTS: 1401, Decision.DOUTEUX: 21, Decision.MEME: 122}


def test_les_paires_a_moins_de_50_m(resultats):
    _, comparaisons = resultats
    proches = Counter(c.decision for c in comparaisons.values()
                      if c.distance_m is not None and c.distance_m < 50)
    assert proches == {Decision.MEME: 91, Decision.DOUTEUX: 15, Decision.DIFFERENTS: 31}


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
    # a DORA service at the door of the one structure its three sources describe joins it; at the cité des
    # associations (several structures at one door) it stays for a person
    assert par_noms[("Accompagnement vers l'autonomie pour l'utilisation de l'outil numérique",
                     "Espace Social et Culturel Villemarie")] is Decision.MEME
    def au_93_canebiere(e):
        a = normalise(e["adresse"])
        return "canebiere" in a.voie and "93" in a.numeros

    canebiere = [c.decision for (i, j), c in comparaisons.items()
                 if "Médiation numérique" in (paca[i]["nom"], paca[j]["nom"])
                 and au_93_canebiere(paca[i]) and au_93_canebiere(paca[j])]
    assert len(canebiere) >= 2 and Decision.MEME not in canebiere


def test_incremental_donne_les_memes_paires_que_le_tout(paca, resultats):
    paires, _ = resultats
    dora = {i for i, e in enumerate(paca) if e["source"] == "dora"}
    incremental = set(paires_candidates(paca, nouveaux=dora, entre_sources=True))
    assert incremental == {p for p in paires if p[0] in dora or p[1] in dora}
    assert len(incremental) == 176
