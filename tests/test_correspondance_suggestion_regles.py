"""Unit rules of the mapping suggestion: what a header's words say (noms), what values look like (detecteurs),
what a raw enumerated value means (enumerations)."""

import pandas as pd
import pytest

from imports.correspondance import detecteurs, enumerations, noms


def meilleur(nom):
    lectures = noms.lectures(nom)
    return max(lectures.values(), key=lambda l: l.score).champ if lectures else None


@pytest.mark.parametrize("entete, champ", [
    ("Nom de la structure", "nom"), ("lib_fs", "nom"), ("epn", "nom"), ("Libellé", "nom"), ("USER_NOM", "nom"),
    ("c_nom", "nom"), ("Raison sociale", "nom"), ("Structure", "nom"), ("ETABLISSEMENT_NOM", "nom"),
    ("Adresse postale", "adresse"), ("N°", "adresse"), ("Voie", "adresse"), ("NOM_VOIE", "adresse"),
    ("CP", "code_postal"), ("Code postal", "code_postal"), ("adresse_code_postal", "code_postal"),
    ("Ville", "commune"), ("Localité", "commune"), ("lib_com", "commune"), ("Code commune", "code_insee"),
    ("insee_com", "code_insee"), ("Téléphone", "telephone"), ("Tél.", "telephone"), ("NUM_TEL", "telephone"),
    ("Mail", "courriels"), ("Courriel", "courriels"), ("E-mail", "courriels"), ("Site internet", "site_web"),
    ("Horaires d'ouverture", "horaires"), ("Latitude", "latitude"), ("lat", "latitude"), ("Y", "latitude"),
    ("Long", "longitude"), ("x", "longitude"), ("Date de mise à jour", "date_maj"), ("DAT_MaJ", "date_maj"),
    ("SIRET", "pivot"), ("Typologie", "typologie"), ("Type de structure", "typologie"),
    ("Services proposés", "services"), ("Public", "publics_specifiquement_adresses"),
    ("Accessibilité PMR", "prise_en_charge_specifique"), ("Labels", "dispositif_programmes_nationaux"),
    ("Complément d'adresse", "complement_adresse"), ("structure_porteuse", "structure_parente"),
    ("typologie d'accompagnement", "modalites_accompagnement"), ("Identifiant", "id"),
])
def test_nom_de_colonne(entete, champ):
    assert meilleur(entete) == champ


def test_les_colonnes_du_geocodeur_coutent_plus_que_celles_du_producteur():
    assert noms.lectures("result_postcode")["code_postal"].score < noms.lectures("CODE_POSTAL")["code_postal"].score
    assert noms.lectures("result_city")["commune"].score < noms.lectures("lib_com")["commune"].score


def test_mots_plies_et_mots_vides():
    assert noms.mots("Nom de la Structure") == ["nom", "structure"]
    assert noms.mots("DAT_MaJ") == ["dat", "maj"]
    assert noms.nom_muet("colonne_12") and not noms.nom_muet("ville")


def comptes(*valeurs):
    return pd.Series(valeurs).value_counts()


@pytest.mark.parametrize("genre, oui, non", [
    ("code_postal", ["21000", "97411", "6000", "20000"], ["99999", "123", "75 0"]),
    ("code_insee", ["2A004", "2b033", "49007", "97411"], ["2C004", "99123"]),
    ("telephone", ["03 84 76 90 83", "+33 4 93 00 00 00", "0262 12 34 56", "(+33)4.93.00.00.00", ". 05 59 80 98 88|"],
     ["3646", "12 34"]),
    ("courriel", ["contact@mairie.fr", "a.b+c@x-y.org|"], ["contact at mairie", "www.x.fr"]),
    ("url", ["https://www.x.fr", "www.x.fr", "mairie-dijon.fr/epn", "http://www.x.fr]"], ["a@b.fr", "bonjour à tous"]),
    ("date", ["02/03/2021", "2021-03-02", "44256", "2021-03-02T10:00:00"], ["lundi", "12"]),
    ("latitude", ["47.364205", "43,361158", "16.24", "-21.11"], ["4.3", "89.5", "47"]),
    ("longitude", ["5.049559", "-1,399247", "55.45"], ["120.5", "5"]),
    ("lambert93_x", ["475198,121680863", "652000"], ["47.3", "6692424,5"]),
    ("lambert93_y", ["6692424,50691385", "6800000"], ["475198,12", "8000000"]),
    ("lat_lon", ["47.47, -0.55", "(43.3, 5.4)"], ["47.47", "12.0, 120.0"]),
    ("geojson", ['{"type": "Point", "coordinates": [5.0, 47.3]}'], ['{"type": "Point"}', "Point(5 47)"]),
    ("oui_non", ["oui", "Non", "x", "1", "vrai", "FALSE", "-"], ["peut-être", "Jeunes"]),
    ("siret", ["43493312300029", "434 933 123 00029"], ["43493312300028", "123"]),
    ("horaires", ["Du lundi au vendredi 9h-12h", "8h30-12h", "Mar : 14h-19h"], ["Mairie", "rue du 8 mai"]),
    ("indice", ["bis", "TER"], ["rue"]),
])
def test_detecteurs(genre, oui, non):
    test = detecteurs.DETECTEURS[genre]
    assert all(test(v) for v in oui), [v for v in oui if not test(v)]
    assert not any(test(v) for v in non), [v for v in non if test(v)]


def test_part_ponderee_par_les_lignes_et_preuve_en_francais():
    mesure = detecteurs.mesurer(comptes(*(["21000"] * 49 + ["inconnu"])), ["code_postal"])["code_postal"]
    assert mesure.part == pytest.approx(0.98)
    assert mesure.preuve == "98 % des valeurs sont des codes postaux"


@pytest.mark.parametrize("champ, brut, attendu", [
    ("typologie", "Médiathèque", ("BIB",)), ("typologie", "Bibliothèque", ("BIB",)), ("typologie", "CCAS", ("CCAS",)),
    ("typologie", "Espace Public Numérique", ("EPN",)), ("typologie", "Maison France Services", ("RFS",)),
    ("typologie", "Biblioth\ufffdque", ("BIB",)), ("typologie", "bib", ("BIB",)),
    ("dispositif_programmes_nationaux", "MFS", ("France Services",)),
    ("dispositif_programmes_nationaux", "FRANCE SERVICES", ("France Services",)),
    ("frais_a_charge", "Gratuit", ("Gratuit",)), ("frais_a_charge", "Ateliers gratuits", ("Gratuit",)),
    ("modalites_accompagnement", "Sur rendez-vous", ("Accompagnement individuel",)),
    ("modalites_accompagnement", "Accompagnement en groupe sur inscription", ("Dans un atelier collectif",)),
    ("services", "Activités proposées : initiation, démarches",
     ("Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien")),
    ("services", "Devenir autonome dans les démarches administratives", ("Aide aux démarches administratives",)),
    ("publics_specifiquement_adresses", "Seniors (+ 65 ans)", ("Seniors",)),
    ("itinerance", "Oui", ("Itinérant",)), ("typologie", "Opérateur", ()),
])
def test_valeurs_standard(champ, brut, attendu):
    assert enumerations.valeurs_standard(champ, brut) == attendu


def test_codebook_datami_puis_libelle_vers_le_standard():
    codebook = enumerations.lire_codebook_datami({"fields": [
        {"name": "code_label", "subtype": "tags", "tagSeparator": "-",
         "definitions": [{"value": "MFS", "label": "Maison France Services"}, {"value": "APTIC", "label": "APTIC"}]},
        {"name": "lat"},
    ]})
    assert codebook == {"code_label": {"MFS": "Maison France Services", "APTIC": "APTIC"}}
    table = codebook["code_label"]
    assert enumerations.items("APTIC-MFS", table) == ["APTIC", "MFS"]
    assert enumerations.valeurs_standard("dispositif_programmes_nationaux", "mfs", table) == ("France Services",)
    assert enumerations.valeurs_standard("dispositif_programmes_nationaux", "APTIC", table) == ()


def test_items_des_cellules_listes():
    assert enumerations.items("Gratuit ; Payant | Sur rendez-vous, Atelier / Autre") == [
        "Gratuit", "Payant", "Sur rendez-vous", "Atelier", "Autre"]
