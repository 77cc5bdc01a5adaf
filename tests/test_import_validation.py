"""Column mapping (versions, names) and row validation, on plain values: no database."""

import datetime as dt

import pytest

from imports.colonnes import V0, V1, correspond
from imports.validation import ERREUR, normalise_ligne

AUJOURD_HUI = dt.date(2026, 11, 23)


def ligne(**valeurs):
    base = {"id": "L1", "nom": "Médiathèque", "commune": "Angers", "code_postal": "49000", "adresse": "1 rue X",
            "date_maj": "2024-04-02"}
    base.update(valeurs)
    return normalise_ligne(base, 2, AUJOURD_HUI)


def messages(resultat, champ):
    return [m.texte for m in resultat.messages if m.champ == champ]


# --- colonnes -------------------------------------------------------------------------------------------------


def test_version_v1_et_noms_souples():
    correspondance = correspond(["ID", "Nom", "Code Postal", "Commune", "Adresse", "Date_MAJ", "Courriels", "Pivot",
                                 "colonne_en_plus"])
    assert correspondance.version == V1
    assert correspondance.colonnes["Code Postal"] == "code_postal"
    assert correspondance.inconnues == ["colonne_en_plus"]
    assert correspondance.manquantes == []


def test_version_v0_et_renommages():
    correspondance = correspond(["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj", "courriel",
                                 "conditions_acces", "publics_accueillis", "labels_nationaux", "accessibilite",
                                 "cle_ban", "labels_autres"])
    assert correspondance.version == V0
    assert correspondance.colonnes["courriel"] == "courriels"
    assert correspondance.colonnes["conditions_acces"] == "frais_a_charge"
    assert correspondance.colonnes["accessibilite"] == "fiche_acces_libre"
    assert correspondance.colonnes["labels_autres"] == "autres_formations_labels"
    assert correspondance.colonnes["publics_accueillis"] == "publics_accueillis"


def test_fichier_de_transition_v1_avec_colonnes_v0():
    assert correspond(["id", "frais_a_charge", "labels_nationaux", "publics_accueillis"]).version == V1


def test_colonnes_obligatoires_absentes_nommees_avec_des_pistes():
    correspondance = correspond(["ETABLISSEMENT_NOM", "ETABLISSEMENT_ADRESSE", "ETABLISSEMENT_TELEPHONE",
                                 "ETABLISSEMENT_CODE_POSTAL", "ETABLISSEMENT_VILLE"])
    assert correspondance.manquantes == ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]
    assert correspondance.bloquantes == ["id", "nom", "commune", "code_postal", "adresse"]
    message = correspondance.message_bloquant()
    assert message.startswith("Colonnes obligatoires absentes : id, pivot, nom, commune, code_postal, adresse, date_maj.")
    assert "nom ← ETABLISSEMENT_NOM" in message and "commune ← ETABLISSEMENT_VILLE" in message


def test_pivot_et_date_absents_ne_bloquent_pas():
    correspondance = correspond(["id", "nom", "commune", "code_postal", "adresse"])
    assert correspondance.manquantes == ["pivot", "date_maj"] and correspondance.bloquantes == []


def test_correspondance_explicite_et_cles_apparues_plus_tard():
    correspondance = correspond(["ID_LieuMed", "NOM_STRUCTURE", "x", "y"],
                                {"ID_LieuMed": "id", "NOM_STRUCTURE": "nom", "x": "longitude", "y": "latitude"})
    assert correspondance.applique({"ID_LieuMed": "L1", "x": "1", "y": "2", "telephone": "0241000000"}) == {
        "id": "L1", "longitude": "1", "latitude": "2", "telephone": "0241000000"}
    with pytest.raises(ValueError, match="inconnu"):
        correspond(["a"], {"a": "pas_un_champ"})


def test_deux_colonnes_pour_un_champ():
    correspondance = correspond(["id", "courriel", "courriels"])
    assert correspondance.doublons == {"courriels": "courriels"}
    assert correspondance.applique({"id": "1", "courriel": "a@b.fr", "courriels": "c@d.fr"})["courriels"] == "a@b.fr"


# --- lignes ---------------------------------------------------------------------------------------------------


def test_ligne_complete_acceptee():
    resultat = ligne(telephone="02 41 00 00 00", services="Aide aux démarches administratives",
                     horaires="Mo-Fr 09:00-12:00", latitude="47,47", longitude="-0,55")
    assert not resultat.rejetee and resultat.messages == ()
    assert resultat.valeurs["telephone"] == "+33241000000"
    assert resultat.valeurs["latitude"] == 47.47
    assert resultat.valeurs["pivot"] == "00000000000000"


@pytest.mark.parametrize("champ, texte", [("id", "identifiant absent"), ("nom", "nom du lieu absent"),
                                          ("adresse", "adresse absente")])
def test_champs_obligatoires(champ, texte):
    resultat = ligne(**{champ: "  "})
    assert resultat.rejetee
    assert texte in messages(resultat, champ)[0]
    assert [m.niveau for m in resultat.messages if m.champ == champ] == [ERREUR]


def test_horaires_invalides_signales_jamais_perdus_en_silence():
    resultat = ligne(horaires="Sur rendez-vous uniquement")
    assert resultat.valeurs["horaires"] == "" and not resultat.rejetee
    assert "« Sur rendez-vous uniquement » n'est pas au format OpenStreetMap" in messages(resultat, "horaires")[0]


def test_horaires_en_francais_convertis_et_signales():
    """Issue 19 item 7: French free text in a standard file goes through horaires_fr, the report says what was read."""
    resultat = ligne(horaires="Lundi 9h-12h")
    assert resultat.valeurs["horaires"] == "Mo 09:00-12:00" and not resultat.rejetee
    assert messages(resultat, "horaires") == ["« Lundi 9h-12h » n'est pas au format OpenStreetMap : lu comme "
                                              "« Mo 09:00-12:00 » (lundi 09:00–12:00)"]


def test_horaires_en_francais_partiels_disent_ce_qui_est_mis_de_cote():
    resultat = ligne(horaires="du lundi au vendredi de 9h à 12h ; 1er samedi du mois sur rendez-vous")
    assert resultat.valeurs["horaires"] == "Mo-Fr 09:00-12:00"
    (texte,) = messages(resultat, "horaires")
    assert "mis de côté" in texte and "texte d'origine conservé" in texte


def test_horaires_a_la_francaise_corriges():
    resultat = ligne(horaires="Mo-Fr 9h00-12h30")
    assert resultat.valeurs["horaires"] == "Mo-Fr 09:00-12:30"


def test_plusieurs_telephones_le_premier_garde_les_autres_notes():
    resultat = ligne(telephone="02 41 00 00 00 / 06 12 34 56 78")
    assert resultat.valeurs["telephone"] == "+33241000000"
    assert "+33612345678 non retenu" in messages(resultat, "telephone")[0]


def test_telephone_outre_mer_par_le_code_postal():
    assert ligne(code_postal="97400", commune="Saint-Denis", telephone="0262 12 34 56").valeurs["telephone"] == \
        "+262262123456"


def test_pivot():
    assert ligne(pivot="434 933 123 00029").valeurs["pivot"] == "43493312300029"
    assert ligne(pivot="w123456789").valeurs["pivot"] == "W123456789"
    faux = ligne(pivot="77567267221138")
    assert faux.valeurs["pivot"] == "00000000000000" and "clé de contrôle" in messages(faux, "pivot")[0]
    perdu = ligne(pivot="2130001700015")  # SIRET 02130001700015 after a spreadsheet dropped its leading zero
    assert perdu.valeurs["pivot"] == "02130001700015"
    assert "a perdu son zéro initial" in messages(perdu, "pivot")[0]


def test_date_maj():
    assert ligne(date_maj="19/02/2020").valeurs["date_maj"] == "2020-02-19"
    absente = ligne(date_maj="")
    assert absente.valeurs["date_maj"] == "2026-11-23" and absente.date_par_defaut
    assert "date de l'import retenue" in messages(absente, "date_maj")[0]
    future = ligne(date_maj="2031-01-01")
    assert future.valeurs["date_maj"] == "2026-11-23"


def test_empreinte_ignore_la_date_par_defaut():
    """Same file imported on two days: a missing date_maj must not make every row « changed »."""
    hier = normalise_ligne({"id": "1", "nom": "A", "adresse": "x", "code_postal": "49000"}, 1, dt.date(2026, 1, 1))
    demain = normalise_ligne({"id": "1", "nom": "A", "adresse": "x", "code_postal": "49000"}, 1, dt.date(2026, 1, 2))
    assert hier.empreinte() == demain.empreinte()
    assert ligne().empreinte() != ligne(nom="Autre").empreinte()


def test_code_postal_a_confirmer():
    resultat = ligne(code_postal="6000", commune="Nice")
    assert resultat.valeurs["code_postal"] == "06000" and resultat.cp_a_confirmer == "6000"


def test_presentation_resume_trop_longue():
    resultat = ligne(presentation_resume="mot " * 100)
    assert len(resultat.valeurs["presentation_resume"]) <= 280
    assert resultat.valeurs["presentation_detail"].startswith("mot mot")
    assert "coupé" in messages(resultat, "presentation_resume")[0]


def test_listes_v0_et_v1_fusionnees():
    resultat = ligne(services="Aide aux démarches administratives|Créer avec le numérique",
                     labels_nationaux="CNFS;Aidants Connect", publics_accueillis="Seniors (+ 65 ans)",
                     dispositif_programmes_nationaux="France Services", typologie="BIB|inconnu")
    v = resultat.valeurs
    assert v["services"] == ["Aide aux démarches administratives", "Loisirs et créations numériques"]
    assert v["dispositif_programmes_nationaux"] == ["France Services", "Conseillers numériques", "Aidants Connect"]
    assert v["publics_specifiquement_adresses"] == ["Seniors"]
    assert v["typologie"] == ["BIB"]
    assert "« inconnu » n'est pas un code du référentiel des typologies" in messages(resultat, "typologie")[0]


def test_texte_trop_long_coupe():
    resultat = ligne(nom="N" * 600)
    assert len(resultat.valeurs["nom"]) == 500 and "limité à 500" in messages(resultat, "nom")[0]


def test_sites_et_urls_uniques():
    resultat = ligne(site_web="www.a.fr;http://", prise_rdv="https://rdv.fr https://autre.fr", fiche_acces_libre="non")
    assert resultat.valeurs["site_web"] == ["http://www.a.fr"]
    assert resultat.valeurs["prise_rdv"] == "https://rdv.fr"
    assert "une seule adresse attendue" in messages(resultat, "prise_rdv")[0]
