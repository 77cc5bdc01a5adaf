"""The wizard's rules as plain functions: from the selects of the columns page to a profile, the combinations asked
for, the errors that would make the import reject every row, the saved profile reused, the change message."""

from imports.assistant import choix
from imports.correspondance.profil import (
    ID_COLONNE, ID_GENERE, JOINTURE, LAMBERT93, LAT_LON, LISTE, OUI_NON, PREMIERE, Profil, RegleChamp,
)

SUGGERE = Profil(regles=(
    RegleChamp("nom", ("Nom de la structure",), confiance=0.9, preuves=("Le nom de la colonne dit « nom ».",)),
    RegleChamp("adresse", ("N°", "Voie"), combinaison=JOINTURE, confiance=0.8),
    RegleChamp("latitude", ("coords",), combinaison=LAT_LON),
    RegleChamp("services", ("Démarches", "Bureautique"), combinaison=OUI_NON,
               valeurs_oui={"Démarches": ("Réaliser des démarches administratives avec un accompagnement",)}),
), identifiant=ID_GENERE, colonnes_vues=("Nom de la structure", "N°", "Voie", "coords", "Démarches", "Bureautique"))
COLONNES = list(SUGGERE.colonnes_vues)


def test_chaque_colonne_montre_le_champ_de_sa_regle():
    assert choix.champ_de_chaque_colonne(SUGGERE, COLONNES + ["Remarque"]) == {
        "Nom de la structure": "nom", "N°": "adresse", "Voie": "adresse", "coords": "latitude",
        "Démarches": "services", "Bureautique": "services", "Remarque": ""}


def test_les_combinaisons_montrees():
    initial = choix.champ_de_chaque_colonne(SUGGERE, COLONNES)
    assert choix.a_combiner(SUGGERE, initial) == {"adresse": JOINTURE, "latitude": LAT_LON, "services": OUI_NON}
    # a second phone column chosen by hand: a list by default, to be confirmed
    apres = {**initial, "Bureautique": "telephone", "Démarches": "telephone"}
    assert choix.a_combiner(SUGGERE, apres)["telephone"] == LISTE
    assert choix.nouvelles_combinaisons(list(choix.a_combiner(SUGGERE, initial)),
                                        choix.a_combiner(SUGGERE, apres)) == ["telephone"]


def test_une_regle_inchangee_garde_sa_confiance_et_ses_preuves():
    initial = choix.champ_de_chaque_colonne(SUGGERE, COLONNES)
    profil = choix.profil_depuis_colonnes(SUGGERE, {**initial, "Voie": ""}, {"latitude": LAT_LON,
                                                                             "services": OUI_NON})
    assert profil.regle("nom") == SUGGERE.regle("nom")
    adresse = profil.regle("adresse")
    assert adresse.colonnes == ("N°",) and adresse.combinaison == PREMIERE and adresse.confiance == 1.0
    assert adresse.preuves == ()
    assert profil.identifiant == ID_GENERE and profil.colonnes_vues == SUGGERE.colonnes_vues


def test_une_colonne_d_identifiant_choisie():
    initial = choix.champ_de_chaque_colonne(SUGGERE, COLONNES)
    profil = choix.profil_depuis_colonnes(SUGGERE, {**initial, "coords": "id"}, {})
    assert profil.identifiant == ID_COLONNE and profil.regle("id").colonnes == ("coords",)
    assert profil.regle("latitude") is None


def test_erreurs_en_francais():
    assert choix.erreurs_de_colonnes({"a": "commune"}, {}) == [
        ("nom", "Choisissez la colonne qui donne le nom du lieu : sans nom, aucune ligne ne peut être importée.")]
    messages = [m for _, m in choix.erreurs_de_colonnes({"a": "nom", "b": "id", "c": "id"}, {})]
    assert messages[0].startswith("Choisissez au moins une colonne pour situer les lieux")
    assert messages[1] == "L'identifiant ne peut venir que d'une colonne (« b » et « c » sont choisies)."
    lambert = choix.erreurs_de_colonnes({"n": "nom", "x": "latitude"}, {"latitude": LAMBERT93})
    assert lambert == [("latitude", "« Latitude » en Lambert-93 demande exactement deux colonnes, X puis Y (1 "
                                    "choisie).")]
    assert choix.erreurs_de_colonnes({"n": "nom", "x": "latitude", "y": "latitude"}, {"latitude": LAMBERT93}) == []


def test_valeurs_choisies():
    profil = choix.profil_depuis_valeurs(
        SUGGERE, {}, {"services": {"Bureautique": ("Maîtriser les bases du numérique",)}})
    assert profil.regle("services").valeurs_oui == {
        "Démarches": ("Réaliser des démarches administratives avec un accompagnement",),
        "Bureautique": ("Maîtriser les bases du numérique",)}


def test_le_profil_sauve_est_repris_sans_les_colonnes_disparues():
    colonnes = ["Nom de la structure", "Voie", "coords", "Bureautique", "Horaires"]
    profil = choix.profil_de_depart(SUGGERE, Profil(), colonnes)
    assert profil.regle("adresse").colonnes == ("Voie",)
    assert profil.regle("services").colonnes == ("Bureautique",) and profil.regle("services").valeurs_oui == {}
    assert profil.colonnes_vues == tuple(colonnes)
    assert SUGGERE.colonnes_changees(colonnes) == (["N°", "Démarches"], ["Horaires"])
    # without a saved profile, the suggestion
    assert choix.profil_de_depart(None, SUGGERE, COLONNES).regles == SUGGERE.regles


def test_message_des_colonnes_changees():
    assert choix.message_colonnes_changees(["a", "b"], ["c"]) == (
        "2 colonnes ont disparu : « a » et « b » ; 1 nouvelle colonne : « c ».")
    assert choix.message_colonnes_changees(["a"], []) == "1 colonne a disparu : « a »."
    assert choix.message_colonnes_changees([], ["c", "d", "e"]) == "3 nouvelles colonnes : « c », « d » et « e »."
    assert choix.message_colonnes_changees([], []) == ""


def test_resume_lisible():
    lignes = choix.resume(SUGGERE)
    assert lignes[0] == "Nom du lieu ← « Nom de la structure »"
    assert lignes[1] == "Adresse ← « N° » et « Voie » : les colonnes mises bout à bout (adresse en plusieurs morceaux)"
    assert lignes[-1].startswith("Identifiant des lieux : fabriqué")
    assert choix.resume(None)[0].startswith("Aucun profil")


def test_combinaison_par_defaut():
    assert choix.combinaison_par_defaut("adresse", 2) == JOINTURE
    assert choix.combinaison_par_defaut("services", 3) == OUI_NON
    assert choix.combinaison_par_defaut("courriels", 2) == LISTE
    assert choix.combinaison_par_defaut("nom", 1) == PREMIERE
