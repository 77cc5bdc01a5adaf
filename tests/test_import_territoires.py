"""Commune resolution against the real geography (COG 2026) and point checks against the commune polygons."""

import datetime as dt

import pytest

from imports import requetes, territoires
from imports.validation import normalise_ligne


@pytest.fixture(scope="session")
def index(geographie, django_db_blocker):
    with django_db_blocker.unblock():
        return territoires.IndexCommunes.charger()


def resolue(index, **valeurs):
    base = {"id": "L1", "nom": "EPN", "adresse": "1 rue X", "date_maj": "2024-04-02"}
    ligne = normalise_ligne({**base, **valeurs}, 1, dt.date(2026, 11, 23))
    return territoires.rattacher(index, ligne)


def textes(ligne, champ):
    return [m.texte for m in ligne.messages if m.champ == champ]


def test_commune_par_nom_et_code_postal(index):
    ligne, commune = resolue(index, commune="angers", code_postal="49100")
    assert commune.code == "49007"
    v = ligne.valeurs
    assert (v["commune"], v["code_insee"], v["departement_id"], v["region_id"]) == ("Angers", "49007", "49", "52")
    assert v["epci_id"] == "244900015"


def test_code_postal_sans_son_zero_corrige_quand_la_commune_est_d_accord(index):
    ligne, commune = resolue(index, commune="Nice", code_postal="6000")
    assert commune.code == "06088" and ligne.valeurs["code_postal"] == "06000" and not ligne.rejetee
    assert textes(ligne, "code_postal") == ["6000 n'est pas un code postal à 5 chiffres — corrigé en 06000"]


def test_code_postal_sans_son_zero_rejete_sinon(index):
    ligne, commune = resolue(index, commune="Segré-en-Anjou Bleu", code_postal="4900")
    assert commune is None and ligne.rejetee
    assert "4900 n'est pas un code postal à 5 chiffres" in textes(ligne, "code_postal")[0]


def test_code_insee_complete_depuis_code_postal_et_nom(index):
    ligne, _ = resolue(index, commune="MARSEILLE 11", code_postal="13011")
    v = ligne.valeurs
    assert (v["commune"], v["code_insee"], v["commune_officielle_id"]) == ("Marseille", "13055", "13211")


def test_arrondissement_depuis_le_nom(index):
    _, commune = resolue(index, commune="LYON 1ER", code_postal="69000")
    assert commune is not None and commune.code == "69381"


def test_arrondissement_depuis_le_code_postal(index):
    ligne, commune = resolue(index, commune="Paris", code_postal="75011", code_insee="75056")
    assert commune.code == "75111" and ligne.valeurs["code_insee"] == "75056"


def test_nom_partiel_de_commune_nouvelle(index):
    ligne, commune = resolue(index, commune="SAINT AUBAN", code_postal="04600")
    assert commune.nom == "Château-Arnoux-Saint-Auban"
    assert "écrit selon le Code officiel géographique" in textes(ligne, "commune")[0]


def test_nom_unique_mais_dans_un_autre_departement_refuse(index):
    _, commune = resolue(index, commune="Saint-Auban", code_postal="49000")
    assert commune is None


def test_commune_deleguee_par_son_alias(index):
    _, commune = resolue(index, commune="Champtoceaux", code_postal="49270")
    assert commune.code == "49126"  # Orée d'Anjou


def test_code_insee_errone_corrige(index):
    ligne, commune = resolue(index, commune="Angers", code_postal="49000", code_insee="13056")
    assert commune.code == "49007" and ligne.valeurs["code_insee"] == "49007"
    assert "13056 est le code de Martigues, pas de Angers" in textes(ligne, "code_insee")[0]


def test_code_postal_inconnu_remplace(index):
    """PACA 20230517 gives Belleville-en-Beaujolais (Rhône) the postcode 06922: no commune has it."""
    ligne, commune = resolue(index, commune="Belleville-en-Beaujolais", code_postal="06922")
    assert commune.code == "69019" and ligne.valeurs["code_postal"] == "69220"
    assert textes(ligne, "code_postal") == ["06922 n'est le code postal d'aucune commune — remplacé par 69220 "
                                            "(Belleville-en-Beaujolais)"]


def test_code_postal_complete(index):
    ligne, _ = resolue(index, commune="Allonnes", code_insee="49002", code_postal="")
    assert ligne.valeurs["code_postal"] == "49650" and not ligne.rejetee


def test_commune_et_code_postal_absents_rejetes(index):
    ligne, commune = resolue(index, commune="", code_postal="")
    assert commune is None and ligne.rejetee
    assert {m.champ for m in ligne.messages} == {"commune", "code_postal"}


def test_commune_introuvable_marquee(index):
    ligne, commune = resolue(index, commune="VALBERG", code_postal="06470")
    assert commune is None and ligne.commune_introuvable and not ligne.rejetee


@pytest.mark.django_db
def test_verifie_points(index):
    verifications = requetes.verifie_points({
        1: ("49007", 47.4739, -0.5536),  # Angers, in
        2: ("49007", -0.5536, 47.4739),  # swapped
        3: ("51454", 43.52609, 5.41423),  # Reims with a point in Provence (the standard's own example)
    })
    assert verifications[1].dedans and not verifications[1].inverse_dedans
    assert not verifications[2].dedans and verifications[2].inverse_dedans
    assert not verifications[3].dedans and verifications[3].distance_km == pytest.approx(645, abs=15)


@pytest.mark.django_db
def test_communes_contenant(index):
    assert requetes.communes_contenant({1: (47.4739, -0.5536), 2: (43.2883, 5.4835), 3: (0.0, 0.0)}) == {
        1: "49007", 2: "13211"}
