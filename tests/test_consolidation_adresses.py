"""Street addresses in the record linkage: street types spelt out, numbers apart, a missing number unknown."""

from __future__ import annotations

import pytest

from lieux.consolidation.adresses import normalise, similarite_adresses


@pytest.mark.parametrize(("abrege", "long"), [
    ("12 av. Jean Jaurès", "12 avenue Jean Jaurès"),
    ("12 Av Jean Jaurès", "12 AVENUE JEAN JAURES"),
    ("53 Bd des Martyrs de la Résistance", "53 boulevard des martyrs de la resistance"),
    ("4 r. Victor Hugo", "4 rue Victor Hugo"),
    ("2 pl. de la Mairie", "2 place de la Mairie"),
    ("1 all. des Pins", "1 allée des Pins"),
    ("8 rte de Cannes", "8 route de Cannes"),
    ("3 imp. du Moulin", "3 impasse du Moulin"),
    ("5 ch. des Vignes", "5 chemin des Vignes"),
    ("10 Av. du Gal de Gaulle", "10 avenue du Général de Gaulle"),
    ("7 Rue St Jean", "7 rue Saint-Jean"),
])
def test_types_de_voie_abreges(abrege, long):
    assert normalise(abrege) == normalise(long)


def test_numero_et_bis_ter():
    assert normalise("1b Rue de la République").numeros == {"1bis"}
    assert normalise("1 bis Rue de la République").numeros == {"1bis"}
    assert normalise("27 ter avenue X").numeros == {"27ter"}
    assert normalise("17-21 avenue Chiris").numeros == {"17", "21"}
    assert normalise("00 Place Jean Léa").numeros == frozenset()


def test_meme_adresse():
    s = similarite_adresses("53 Bd des Martyrs de la Resistance", "53 boulevard des martyrs de la resist")
    assert s.voie >= 0.9 and s.meme_numero is True


def test_numeros_differents():
    s = similarite_adresses("22 Avenue des Arcades", "26 Avenue des Arcades")
    assert s.voie == 1.0 and s.meme_numero is False


def test_bis_et_numero_simple_sont_le_meme_immeuble():
    assert similarite_adresses("15 rue du Bosquet", "15 bis rue du Bosquet").meme_numero is True


def test_numero_manquant_est_inconnu():
    assert similarite_adresses("Place Dongois", "3 Place Dongois").meme_numero is None


def test_adresse_manquante_est_inconnue():
    assert similarite_adresses("", "3 Place Dongois").voie is None


def test_place_et_rue_du_meme_nom_different():
    assert similarite_adresses("1 place de la Mairie", "1 rue de la Mairie").voie < 0.9


def test_boite_postale_et_cedex_ignores():
    assert normalise("4 rue Jean Rouget BP 12 cedex") == normalise("4 rue Jean Rouget")


def test_deux_cellules_collees():
    # « 75 route des Milles » followed, without a space, by another address of the same place
    s = similarite_adresses("75 Route des Milles", "75 route des millesplace sextius conca")
    assert s.voie >= 0.9 and s.meme_numero is True
    # a street that merely starts like another is another street
    assert similarite_adresses("3 rue Paul", "3 rue Paul Bert").voie >= 0.9  # token_set, as before
    assert similarite_adresses("3 rue des Milles", "3 rue Millet").voie < 0.9


def test_plage_avec_un_tiret_long():
    assert normalise("7 – 9 rue Pablo Picasso").numeros == {"7", "9"}
    assert similarite_adresses("9 RUE PABLO PICASSO", "7 – 9 rue Pablo Picasso").meme_numero is True


@pytest.mark.parametrize("adresse", ["Le Bourg", "BOURG", "Centre bourg", "Le Village"])
def test_le_bourg_n_est_pas_une_voie(adresse):
    assert normalise(adresse).voie == ""
    assert similarite_adresses(adresse, "Bourg").voie is None
    # but a street named after it is a street
    assert normalise("12 rue du Bourg").voie == "bourg"
