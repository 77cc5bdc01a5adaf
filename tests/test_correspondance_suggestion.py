"""The suggestion on every non-standard lieux file of ../shared/data/: the right columns for the fields that matter,
the right combinations, and value maps (BFC's codes through its codebook)."""

import json
from pathlib import Path

import pytest

from imports.correspondance.enumerations import lire_codebook_datami
from imports.correspondance.profil import (
    ID_COLONNE, ID_GENERE, JOINTURE, JOURS, LAMBERT93, OUI_NON, PREMIERE, Profil,
)
from imports.correspondance.suggestion import Suggestion, suggerer, suggerer_fichier

DONNEES = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def codebooks():
    return lire_codebook_datami(json.loads((DONNEES / "bfc__bfc-ternum-fields-custom-props.json").read_text()))


_CACHE: dict = {}


def suggestion(nom, codebooks=None) -> Suggestion:
    if nom not in _CACHE:
        _CACHE[nom] = suggerer_fichier(DONNEES / nom, codebooks)
    return _CACHE[nom]


def colonnes(s: Suggestion) -> dict[str, tuple[str, ...]]:
    return {r.champ: r.colonnes for r in s.profil.regles}


def test_bfc_2023_avec_son_codebook(codebooks):
    s = suggestion("bfc__bfc-ternum-dataset.csv", codebooks)
    c = colonnes(s)
    assert c["id"] == ("bfc_id",) and s.profil.identifiant == ID_COLONNE
    assert c["nom"] == ("nom_structure",)
    assert c["adresse"] == ("adresse",) and c["commune"] == ("ville",) and c["code_postal"] == ("code_postal",)
    assert c["latitude"] == ("lat",) and c["longitude"] == ("lon",)
    assert c["telephone"] == ("contact_tel",) and c["courriels"] == ("contact_email",)
    assert c["site_web"] == ("url_lieu",) and c["date_maj"] == ("mise_a_jour",)
    horaires = s.profil.regle("horaires")
    assert horaires.combinaison == JOURS and len(horaires.colonnes) == 14
    assert horaires.colonnes[:2] == ("lundi matin", "lundi après-midi")
    accompagnement = s.profil.regle("modalites_accompagnement")
    assert accompagnement.colonnes == ("code_accomp",)
    assert accompagnement.valeurs["RDV"] == ("Accompagnement individuel",)
    assert accompagnement.valeurs["A"] == ("En autonomie",)
    assert accompagnement.valeurs["G"] == ("Dans un atelier collectif",)
    assert accompagnement.valeurs["RDV-G-R"] == ("Accompagnement individuel", "Dans un atelier collectif")
    typologie = s.profil.regle("typologie")
    assert typologie.colonnes == ("code_typo",)
    assert typologie.valeurs["TL"] == ("TIERS_LIEUX",) and typologie.valeurs["F"] == ("FABLAB",)
    trouvees = {v.brut: v for v in s.valeurs["typologie"]}
    assert trouvees["TL"].nombre == 125 and trouvees["TL"].confiance == 1.0
    assert trouvees["C"].standard == () and trouvees["C"].nombre == 2  # unknown code: reported with its count
    assert s.lignes == 697


def test_bfc_2020(codebooks):
    s = suggestion("acc-bfc__2020-07-09_BFC-TERNUM_export.csv", codebooks)
    c = colonnes(s)
    assert c["nom"] == ("nom_structure",) and c["adresse"] == ("adresse",) and c["commune"] == ("ville",)
    assert c["code_postal"] == ("code_postal",) and c["latitude"] == ("lat",) and c["longitude"] == ("lon",)
    assert c["telephone"] == ("contact_tel",) and c["courriels"] == ("contact_email",)
    assert c["horaires"] == ("horaires",) and s.profil.regle("horaires").combinaison == PREMIERE
    assert s.profil.regle("dispositif_programmes_nationaux").valeurs["MFS"] == ("France Services",)


def test_pyrenees_atlantiques_entete_sur_la_deuxieme_ligne():
    s = suggestion("acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv")
    c = colonnes(s)
    assert c["nom"] == ("nom",) and c["adresse"] == ("adresse",) and c["code_postal"] == ("cp",)
    assert c["commune"] == ("colonne_12",)  # a header left empty: found from its values
    assert c["latitude"] == ("Lat",) and c["longitude"] == ("Long",)
    assert c["telephone"] == ("telephone",) and c["courriels"] == ("mail",) and c["horaires"] == ("horaire",)
    assert s.profil.identifiant == ID_GENERE  # 17 rows without id
    modalites = s.profil.regle("modalites_accompagnement")
    assert modalites.combinaison == OUI_NON
    assert modalites.valeurs_oui["Accompagnement individuel sur rendez-vous"] == ("Accompagnement individuel",)
    assert modalites.valeurs_oui["Accompagnement en groupe sur inscription"] == ("Dans un atelier collectif",)
    assert modalites.valeurs_oui["Accès libre"] == ("En autonomie",)
    assert "Atelier de réparation de matériel informatique" not in modalites.colonnes  # empty column
    assert s.profil.regle("typologie").valeurs["Médiathèque"] == ("BIB",)


def test_nice_mac_roman():
    s = suggestion("acc-nice__coordonnees-cyber-espaces.csv")
    assert colonnes(s) == {
        "nom": ("ETABLISSEMENT_NOM",), "commune": ("ETABLISSEMENT_VILLE",),
        "code_postal": ("ETABLISSEMENT_CODE_POSTAL",), "adresse": ("ETABLISSEMENT_ADRESSE",),
        "telephone": ("ETABLISSEMENT_TELEPHONE",),
    }
    assert s.profil.identifiant == ID_GENERE
    assert s.profil.format["separateur"] == "point-virgule"


def test_normandie_adresse_en_morceaux():
    s = suggestion("acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv")
    c = colonnes(s)
    assert c["nom"] == ("NOM",) and c["commune"] == ("COMMUNE_NV",) and c["code_postal"] == ("CP_NV",)
    assert c["code_insee"] == ("INSEE_NV",) and c["telephone"] == ("TEL",) and c["courriels"] == ("COURRIEL",)
    adresse = s.profil.regle("adresse")
    assert adresse.combinaison == JOINTURE
    assert adresse.colonnes[0] == "N_VOIE" and adresse.colonnes[-2:] == ("TYPE_VOIE", "NOM_VOIE")
    assert "latitude" not in c
    assert s.profil.regle("typologie").valeurs["EPN"] == ("EPN",)


def test_france_services_colonnes_du_producteur_plutot_que_du_geocodeur():
    s = suggestion("fsmap__france_services.csv")
    c = colonnes(s)
    assert c["nom"] == ("lib_france_services",) and c["adresse"] == ("ADRESSE",) and c["commune"] == ("lib_com",)
    assert c["code_postal"] == ("CODE_POSTAL",) and c["code_insee"] == ("insee_com",)
    assert c["latitude"] == ("latitude",) and c["longitude"] == ("longitude",)
    assert c["telephone"] == ("TELEPHONE",) and c["courriels"] == ("CONTACT.MAIL",)
    horaires = s.profil.regle("horaires")
    assert horaires.combinaison == JOURS and horaires.colonnes[0] == "h_lundi" and len(horaires.colonnes) == 6
    assert not any(col.startswith("result_") for cols in c.values() for col in cols)


def test_maine_et_loire_lambert93_et_colonnes_oui_non():
    s = suggestion("mednumcli__maine-et-loire.json")
    c = colonnes(s)
    assert c["nom"] == ("NOM_STRUCTURE",) and c["commune"] == ("COMMUNE",) and c["code_postal"] == ("CP",)
    assert c["telephone"] == ("NUM_TEL",) and c["courriels"] == ("MAIL_STRUC",) and c["date_maj"] == ("DAT_MaJ",)
    adresse = s.profil.regle("adresse")
    assert adresse.colonnes == ("N°", "ADRESSE") and adresse.combinaison == JOINTURE
    point = s.profil.regle("latitude")
    assert point.combinaison == LAMBERT93 and point.colonnes == ("x", "y")
    services = s.profil.regle("services")
    assert services.combinaison == OUI_NON
    assert services.valeurs_oui["INTERNET"] == ("Accès internet et matériel informatique",)
    assert services.valeurs_oui["DEM_Gen"] == ("Aide aux démarches administratives",)
    publics = s.profil.regle("publics_specifiquement_adresses")
    assert publics.valeurs_oui == {"PBC_Jeunes": ("Jeunes",), "PBC_Senior": ("Seniors",)}


def test_region_sud_encodage_abime():
    s = suggestion("mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv")
    c = colonnes(s)
    assert c["nom"] == ("nom",) and c["commune"] == ("adresse_commune",)
    assert c["code_postal"] == ("adresse_code_postal",) and c["code_insee"] == ("adresse_code_insee",)
    assert c["adresse"] == ("adresse_numero", "adresse_rue")
    assert c["latitude"] == ("latitude",) and c["longitude"] == ("longitude",)
    assert c["telephone"][0] == "contact_telephone" and c["courriels"] == ("contact_email",)
    assert c["horaires"] == ("horaires_ouverture_brut",)
    assert s.profil.identifiant == ID_GENERE
    typologie = s.profil.regle("typologie")
    assert typologie.valeurs["Biblioth\ufffdque"] == ("BIB",)
    assert s.profil.regle("dispositif_programmes_nationaux").valeurs["FRANCE SERVICES"] == ("France Services",)
    sud_labs = next(v for v in s.valeurs["dispositif_programmes_nationaux"] if v.brut == "SUD LABS")
    assert sud_labs.standard == () and sud_labs.nombre == 93


def test_analyse_par_colonne_et_texte(codebooks):
    s = suggestion("bfc__bfc-ternum-dataset.csv", codebooks)
    cp = s.analyse("code_postal")
    assert cp.champ == "code_postal" and cp.confiance > 0.9
    assert "100 % des valeurs sont des codes postaux" in cp.preuves
    assert cp.exemples[0] == "21000" and len(cp.exemples) <= 5
    assert s.analyse("departement").champ is None
    texte = s.texte()
    assert "Code postal (code_postal) ← « code_postal »" in texte
    assert "« C » (2 lignes) → non reconnue" in texte
    assert s.profil.colonnes_vues[0] == "bfc_id"
    # the profile crosses to JSON and back unchanged (the contract with the wizard and the import)
    assert Profil.depuis_json(s.profil.en_json()) == s.profil


def test_suggerer_sur_des_lignes_en_memoire():
    lignes = [{"Nom": f"Médiathèque {i}", "Courriel": f"m{i}@ville.fr", "Code commune": "2A004",
               "Coordonnées": '{"type": "Point", "coordinates": [8.73, 41.92]}'} for i in range(20)]
    s = suggerer(["Nom", "Courriel", "Code commune", "Coordonnées"], lignes)
    c = colonnes(s)
    assert c["nom"] == ("Nom",) and c["courriels"] == ("Courriel",) and c["code_insee"] == ("Code commune",)
    assert s.profil.regle("latitude").combinaison == "geojson"
