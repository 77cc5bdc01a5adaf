"""The rules of the « à corriger » file that need no database (imports/a_corriger_ecarts.py, imports/a_corriger.py,
imports/a_corriger_fichiers.py): what counts as a correction, how it is said, when a record is stale, formulas."""

import datetime as dt

from imports.a_corriger import LigneACorriger, il_y_a_un_an
from imports.a_corriger_ecarts import ecarts, meme_valeur, phrase_ecart, phrase_message
from imports.a_corriger_fichiers import csv_, entete_source, sans_formule, tableau
from imports.correspondance.profil import Profil
from lieux import standard


def test_ni_espaces_ni_casse_ni_ordre_ne_sont_des_corrections():
    assert meme_valeur("nom", "  Médiathèque   des Ponts ", "médiathèque des ponts")
    assert meme_valeur("services", "b ; a", "a|b") and not meme_valeur("services", "a", "a|b")
    assert meme_valeur("services", "a|b|a", "a|b")
    assert meme_valeur("date_maj", "02/04/2024", "2024-04-02")
    assert not meme_valeur("date_maj", "03/04/2024", "2024-04-02")
    assert meme_valeur("pivot", "123 456 789 00012", "12345678900012")
    assert not meme_valeur("telephone", "02 41 00 00 00", "+33241000000")


def test_ecarts_sans_profil_par_les_noms_du_standard():
    brut = {"id": "H1", "Téléphone": "02 41 00 00 00", "nom": "EPN", "frais_a_charge": "gratuit", "courriels": "x@",
            "latitude": "47,1", "colonne_maison": "rien"}
    valeurs = {"id": "H1", "telephone": "+33241000000", "nom": "EPN", "frais_a_charge": ["Gratuit"], "courriels": []}
    # the position is not compared; a field a message already explains is left out
    assert ecarts(brut, valeurs, deja_dits=frozenset({"courriels"})) == [
        ("telephone", "Téléphone", "02 41 00 00 00", "+33241000000")]
    assert ecarts(brut, valeurs) == [("telephone", "Téléphone", "02 41 00 00 00", "+33241000000"),
                                     ("courriels", "courriels", "x@", "")]


def test_ecarts_avec_profil_par_les_colonnes_du_producteur():
    profil = Profil.depuis_dict({"version": 1, "regles": [
        {"champ": "telephone", "colonnes": ["Tél."]}, {"champ": "adresse", "colonnes": ["N°", "Voie"],
                                                      "combinaison": "jointure"}]})
    brut = {"Tél.": "0241000000", "N°": "3", "Voie": "rue Haute", "telephone": "ignorée"}
    assert ecarts(brut, {"telephone": "+33241000000", "adresse": "3 rue Haute"}, profil) == [
        ("telephone", "Tél.", "0241000000", "+33241000000")]


def test_phrases():
    assert phrase_ecart("telephone", "Tél.", "02 41", "+3341") == \
        "telephone (colonne « Tél. ») : « 02 41 » → « +3341 » (corrigé à l'import)."
    assert phrase_ecart("typologie", "typologie", "Cybercentre", "") == (
        "typologie : « Cybercentre » n'a pas pu être repris (valeur non reconnue) — laissé vide chez nous.")
    assert phrase_message("nom", "nom du lieu absent", {"nom": "Nom"}) == "nom (colonne « Nom ») : nom du lieu absent"
    assert phrase_message("", "ligne en double") == "ligne en double"


def test_un_an_pile_n_est_pas_perime():
    assert il_y_a_un_an(dt.date(2026, 12, 3)) == dt.date(2025, 12, 3)
    assert il_y_a_un_an(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_formules_et_colonnes_du_fichier():
    assert [sans_formule(c) for c in ("=1+1", "+33 1", "-", "@A1", "a=b", "", "-1+2")] == [
        "'=1+1", "'+33 1", "'-", "'@A1", "a=b", "", "'-1+2"]
    # plain numbers are no formulas: a negative longitude, a phone number in E.164
    assert [sans_formule(c) for c in ("-0.5536", "+33241000000", "-1,5")] == ["-0.5536", "+33241000000", "-1,5"]
    ligne = LigneACorriger("=1", types=["rejetee", "perimee"], motifs=["un", "deux"], standard={"id": "=1"},
                           brut={"Nom": "x", "Autre": "=2"})
    entete, rangs = tableau([ligne])
    assert entete == [*standard.COLONNES, "type_probleme", "motif_a_corriger"]
    assert list(rangs)[0][-2:] == ["rejetee|perimee", "un\ndeux"]
    profil = Profil.depuis_dict({"version": 1, "regles": [{"champ": "nom", "colonnes": ["Nom"]}],
                                 "colonnes_vues": ["Nom", "Vide"]})
    assert entete_source([ligne], profil) == ["Nom", "Vide", "Autre"]
    texte = "".join(csv_([ligne], "source", profil))
    assert texte == '\ufeffNom;Vide;Autre;type_probleme;motif_a_corriger\r\nx;;\'=2;rejetee|perimee;"un\ndeux"\r\n'
