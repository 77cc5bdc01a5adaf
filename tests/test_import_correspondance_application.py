"""A profile applied to one record (imports/correspondance/application.py): every combination, value maps, fills."""

import pytest

from imports.correspondance.application import appliquer, identifiant_genere
from imports.correspondance.lambert93 import vers_wgs84
from imports.correspondance.profil import Profil
from imports.validation import normalise_ligne


def profil(*regles, **autres) -> Profil:
    return Profil.depuis_dict({"version": 1, "regles": list(regles), **autres})


def textes(remplissages, champ):
    return [m.texte for m in remplissages if m.champ == champ]


def test_premiere_colonne_non_vide_et_jointure():
    p = profil({"champ": "nom", "colonnes": ["Nom", "Sigle"]},
               {"champ": "adresse", "colonnes": ["N°", "Voie"], "combinaison": "jointure"})
    entree, _ = appliquer(p, {"Nom": " ", "Sigle": "EPN", "N°": 20, "Voie": "rue Armand Quenard"})
    assert entree["nom"] == "EPN" and entree["adresse"] == "20 rue Armand Quenard"


def test_liste_de_telephones_et_carte_de_valeurs_sur_les_cellules_decoupees():
    p = profil({"champ": "telephone", "colonnes": ["Tel1", "Tel2"], "combinaison": "liste"},
               {"champ": "services", "colonnes": ["Activités"],
                "valeurs": {"Démarches": ["Aide aux démarches administratives"], "initiation":
                            ["Maîtrise des outils numériques du quotidien"], "café": []}})
    entree, _ = appliquer(p, {"Tel1": "02 41 00 00 00", "Tel2": "06 12 34 56 78",
                              "Activités": "INITIATION ; demarches, Cafe, Jardinage"})
    assert entree["telephone"] == "02 41 00 00 00 | 06 12 34 56 78"
    # case/accent-insensitive keys; « café » known to mean nothing; « Jardinage » kept, reported by normalise_ligne
    assert entree["services"] == ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives",
                                  "Jardinage"]


def test_codes_bfc_joints_par_des_tirets():
    p = profil({"champ": "modalites_accompagnement", "colonnes": ["code_accomp"],
                "valeurs": {"RDV": ["Accompagnement individuel"], "G": ["Dans un atelier collectif"], "R": []}})
    entree, _ = appliquer(p, {"code_accomp": "RDV-G-R"})
    assert entree["modalites_accompagnement"] == ["Accompagnement individuel", "Dans un atelier collectif"]


def test_colonnes_par_demi_journee_en_horaires_osm():
    p = profil({"champ": "horaires", "colonnes": ["lundi matin", "lundi après-midi", "samedi matin"],
                "combinaison": "jours"})
    entree, remplissages = appliquer(p, {"lundi matin": "8h30-12h", "lundi après-midi": "13h30-17h",
                                         "samedi matin": "sur rendez-vous"})
    assert entree["horaires"] == "Mo 08:30-12:00,13:30-17:00"
    assert any("sur rendez-vous" in t for t in textes(remplissages, "horaires"))


def test_colonnes_oui_non_en_services():
    p = profil({"champ": "services", "colonnes": ["DEM_Gen", "INITIATION"], "combinaison": "oui_non",
                "valeurs_oui": {"DEM_Gen": ["Aide aux démarches administratives"],
                                "INITIATION": ["Maîtrise des outils numériques du quotidien"]}})
    assert appliquer(p, {"DEM_Gen": "Oui", "INITIATION": "-"})[0]["services"] == ["Aide aux démarches administratives"]
    assert "services" not in appliquer(p, {"DEM_Gen": "non", "INITIATION": ""})[0]


@pytest.mark.parametrize(("x", "y", "attendu"), [
    (700000, 6600000, (46.5, 3.0)),  # the projection's origin (IGN): φ0 = 46°30', λ0 = 3°E
    (652469.02, 6862035.26, (48.8566, 2.3522)),  # Paris, Hôtel de Ville
])
def test_lambert93_points_connus(x, y, attendu):
    latitude, longitude = vers_wgs84(x, y)
    assert latitude == pytest.approx(attendu[0], abs=1e-4) and longitude == pytest.approx(attendu[1], abs=1e-4)


def test_lambert93_virgule_decimale_et_hors_domaine():
    p = profil({"champ": "latitude", "colonnes": ["x", "y"], "combinaison": "lambert93"})
    entree, _ = appliquer(p, {"x": "475198,121680863", "y": "6692424,50691385"})
    assert (round(entree["latitude"], 3), round(entree["longitude"], 3)) == (47.294, 0.025)  # Allonnes (49)
    entree, remplissages = appliquer(p, {"x": "47.29", "y": "0.02"})
    assert "latitude" not in entree and textes(remplissages, "latitude/longitude")


def test_lat_lon_dans_une_cellule_et_geojson():
    p = profil({"champ": "latitude", "colonnes": ["coord"], "combinaison": "lat_lon"})
    assert appliquer(p, {"coord": "47.47, -0.55"})[0] | {} == {"latitude": "47.47", "longitude": "-0.55"}
    g = profil({"champ": "latitude", "colonnes": ["geometry"], "combinaison": "geojson"})
    entree, _ = appliquer(g, {"geometry": {"type": "Point", "coordinates": [-0.55, 47.47]}})
    assert (entree["latitude"], entree["longitude"]) == (47.47, -0.55)
    entree, _ = appliquer(g, {"geometry": '{"type": "Point", "coordinates": [5.04, 47.36]}'})
    assert (entree["latitude"], entree["longitude"]) == (47.36, 5.04)


def test_identifiant_genere_stable_et_independant_de_la_position():
    p = profil({"champ": "nom", "colonnes": ["Nom"]}, {"champ": "adresse", "colonnes": ["Adr"]},
               {"champ": "code_postal", "colonnes": ["CP"]}, {"champ": "commune", "colonnes": ["Ville"]},
               identifiant="genere")
    a, remplissages = appliquer(p, {"Nom": "Médiathèque", "Adr": "1 rue X", "CP": "49000", "Ville": "ANGERS"})
    b, _ = appliquer(p, {"Ville": "Angers", "CP": "49000", "Adr": "1  rue x", "Nom": "MEDIATHEQUE"})
    assert a["id"] == b["id"] and a["id"].startswith("gen-")
    assert textes(remplissages, "id") == [f"identifiant absent : {a['id']} généré à partir du nom, de l'adresse et "
                                          "de la commune"]
    autre, _ = appliquer(p, {"Nom": "Médiathèque", "Adr": "2 rue X", "CP": "49000", "Ville": "Angers"})
    assert autre["id"] != a["id"]
    assert identifiant_genere({"nom": "x"}) == identifiant_genere({"nom": "X "})


def test_adresse_sur_une_ligne_donne_code_postal_et_commune():
    p = profil({"champ": "nom", "colonnes": ["Nom"]}, {"champ": "adresse", "colonnes": ["Adresse"]},
               identifiant="genere")
    entree, remplissages = appliquer(p, {"Nom": "EPN", "Adresse": "37 Rue Saint-Léonard 44000 Nantes"})
    assert (entree["adresse"], entree["code_postal"], entree["commune"]) == ("37 Rue Saint-Léonard", "44000", "Nantes")
    assert textes(remplissages, "adresse") == ["code postal 44000 et commune Nantes lus dans l'adresse "
                                               "« 37 Rue Saint-Léonard 44000 Nantes »"]
    entree, _ = appliquer(p, {"Nom": "SIP", "Adresse": "17 AVE CHARLES FLOQUET 64201 BIARRITZ CEDEX"})
    assert (entree["code_postal"], entree["commune"]) == ("64201", "BIARRITZ")


def test_defauts_signales_et_passes_a_normalise_ligne():
    p = profil({"champ": "nom", "colonnes": ["Nom"]}, {"champ": "adresse", "colonnes": ["Adresse"]},
               {"champ": "code_postal", "colonnes": ["CP"]}, {"champ": "commune", "colonnes": ["Ville"]},
               identifiant="genere", defauts={"typologie": "BIB"})
    entree, remplissages = appliquer(p, {"Nom": "Bibliothèque", "Adresse": "le village", "CP": "04000",
                                         "Ville": "Digne"})
    assert entree["typologie"] == "BIB"
    ligne = normalise_ligne(entree, 1, None, remplissages)
    assert not ligne.rejetee and ligne.valeurs["typologie"] == ["BIB"]
    assert ligne.messages[0].champ == "typologie" and "valeur par défaut du profil" in ligne.messages[0].texte
    assert ligne.valeurs["pivot"] == "00000000000000"
