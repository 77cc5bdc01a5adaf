"""Candidate pairs: shared commune, nearby point or shared identifier; never all pairs; incremental."""

from __future__ import annotations

from lieux.consolidation.blocage import Blocage, paires_candidates


def rec(i, **champs):
    return {"id": str(i), "source": "a"} | champs


def test_meme_commune_par_code_insee_ou_code_postal():
    recs = [rec(0, code_insee="13056"), rec(1, code_insee="13056"), rec(2, code_postal="13500"),
            rec(3, code_postal="13500"), rec(4, code_postal="06000")]
    assert list(paires_candidates(recs)) == [(0, 1), (2, 3)]


def test_proximite_par_grille_meme_entre_deux_cellules():
    # 150 m apart across a cell border, and a third 2 km away
    recs = [rec(0, latitude=43.70000, longitude=7.25000), rec(1, latitude=43.70135, longitude=7.25000),
            rec(2, latitude=43.72, longitude=7.25)]
    paires = paires_candidates(recs, distance=200)
    assert list(paires) == [(0, 1)] and paires.raisons[(0, 1)] == {"distance"}


def test_un_point_manquant_ne_rapproche_pas():
    recs = [rec(0, latitude=None, longitude=None), rec(1, latitude=None, longitude=None)]
    assert len(paires_candidates(recs)) == 0


def test_identifiants_partages():
    recs = [rec(0, pivot="21830009100017"), rec(1, pivot="218 300 091 00017"),
            rec(2, telephone="04 94 00 00 00"), rec(3, telephone="+33494000000"),
            rec(4, courriel="A@b.fr"), rec(5, courriel="a@b.fr"),
            rec(6, pivot="00000000000000"), rec(7, pivot="00000000000000")]
    paires = paires_candidates(recs)
    assert dict(paires.raisons) == {(0, 1): {"siret"}, (2, 3): {"telephone"}, (4, 5): {"courriel"}}


def test_un_identifiant_trop_partage_n_est_pas_une_cle():
    recs = [rec(i, pivot="35600000000048") for i in range(30)]  # La Poste: one SIRET, many sites
    assert len(paires_candidates(recs, taille_max_identifiant=20)) == 0


def test_incremental_seulement_les_paires_des_nouveaux():
    recs = [rec(i, code_postal="83630") for i in range(5)]
    assert len(paires_candidates(recs)) == 10
    assert set(paires_candidates(recs, nouveaux=[4])) == {(0, 4), (1, 4), (2, 4), (3, 4)}
    assert len(paires_candidates(recs, nouveaux=[])) == 0


def test_entre_sources_seulement():
    recs = [rec(0, code_postal="83630"), rec(1, code_postal="83630"),
            rec(2, code_postal="83630") | {"source": "b"}]
    assert set(paires_candidates(recs, entre_sources=True)) == {(0, 2), (1, 2)}


def test_un_blocage_construit_une_fois_repond_a_plusieurs_demandes():
    recs = [rec(0, code_postal="13500", telephone="04 42 00 00 00"), rec(1, code_postal="13500"),
            rec(2, telephone="+33442000000", latitude=43.7, longitude=7.25), rec(3, latitude=43.7001, longitude=7.25),
            rec(4, code_postal="06000")]
    blocage = Blocage(recs)
    for nouveaux in ([0], [3], [4], [1, 2], None):
        paires = blocage.paires(nouveaux)
        attendu = paires_candidates(recs, nouveaux=nouveaux)
        assert list(paires) == list(attendu) and paires.raisons == attendu.raisons
    assert dict(blocage.paires([0]).raisons) == {(0, 1): {"commune"}, (0, 2): {"telephone"}}
