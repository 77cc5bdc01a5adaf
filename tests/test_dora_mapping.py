"""The mapping tables of DORA / data·inclusion to the standard, each checked against both referentials."""

import pytest

from imports import anciennes_versions
from imports.dora import mapping
from imports.dora.assemblage import Candidat
from imports.validation import AVERTISSEMENT, ERREUR, normalise_ligne
from lieux import standard
from tests.outils_dora import enumeration, referentiel, service, structure

THEMATIQUES_V1 = enumeration("service", "Thematique")
TYPES_V1 = enumeration("service", "TypeService")
# v0 referentials (data·inclusion-schema ≤ 1.0.6, seeds `pipeline/dbt/seeds/schema/v0/*.csv` of gip-inclusion/
# data-inclusion): only the values the tables use, with their labels where a label is compared
THEMATIQUES_V0 = {
    "numerique--acceder-a-du-materiel": "Accéder à du matériel",
    "numerique--acceder-a-une-connexion-internet": "Accéder à une connexion internet",
    "numerique--accompagner-les-demarches-de-sante": "Accompagner les démarches de santé",
    "numerique--approfondir-ma-culture-numerique": "Approfondir ma culture numérique",
    "numerique--creer-avec-le-numerique": "Créer avec le numérique",
    "numerique--creer-et-developper-mon-entreprise": "Créer et développer mon entreprise",
    "numerique--devenir-autonome-dans-les-demarches-administratives": "Devenir autonome dans les démarches administratives",
    "numerique--favoriser-mon-insertion-professionnelle": "Favoriser mon insertion professionnelle",
    "numerique--prendre-en-main-un-ordinateur": "Prendre en main un ordinateur",
    "numerique--prendre-en-main-un-smartphone-ou-une-tablette": "Prendre en main un smartphone ou une tablette",
    "numerique--promouvoir-la-citoyennete-numerique": "Promouvoir la citoyenneté numérique",
    "numerique--realiser-des-demarches-administratives-avec-un-accompagnement":
        "Réaliser des démarches administratives avec un accompagnement",
    "numerique--s-equiper-en-materiel-informatique": "S’équiper en matériel informatique",
    "numerique--soutenir-la-parentalite-et-l-education-avec-le-numerique":
        "Soutenir la parentalité et l’éducation avec le numérique",
    "numerique--utiliser-le-numerique-au-quotidien": "Utiliser le numérique au quotidien",
}
PROFILS_V0 = {"deficience-visuelle", "familles-enfants", "handicaps-mentaux", "handicaps-psychiques", "jeunes-16-26",
              "personnes-en-situation-illettrisme", "public-langues-etrangeres", "seniors-65", "surdite"}
FRAIS_V0 = {"adhesion", "gratuit-sous-conditions", "pass-numerique"}
LABELS_NATIONAUX_V0 = {"conseiller-numerique"}


def valeurs_du_standard(champ):
    return set(standard.CHAMPS_PAR_NOM[champ].valeurs)


# --- each table: keys are data·inclusion values, values are the standard's -------------------------------------


def test_thematiques_v1_et_v0_vers_les_9_services():
    numerique_v1 = {t for t in THEMATIQUES_V1 if t.startswith("numerique--")}
    assert len(numerique_v1) == 4 and numerique_v1 <= set(mapping.THEMATIQUES_SERVICES)
    assert set(mapping.THEMATIQUES_SERVICES) - numerique_v1 == set(THEMATIQUES_V0) - numerique_v1
    for services in mapping.THEMATIQUES_SERVICES.values():
        assert set(services) <= valeurs_du_standard("services")
    assert {s for v in mapping.THEMATIQUES_SERVICES.values() for s in v} == valeurs_du_standard("services") - {
        "Utilisation sécurisée du numérique"}  # no data·inclusion thematique says « secure use »


def test_thematiques_v0_lues_comme_le_standard_v0_les_lit():
    """The v0 thematique labels are the standard v0 service names: both readings must agree."""
    for slug, libelle in THEMATIQUES_V0.items():
        assert anciennes_versions.convertit("services", libelle) == {"services": list(mapping.THEMATIQUES_SERVICES[slug])}, slug


def test_thematiques_associees():
    assert set(mapping.THEMATIQUES_ASSOCIEES) <= THEMATIQUES_V1
    categories = {t.split("--")[0] for t in THEMATIQUES_V1}
    assert set(mapping.CATEGORIES_ASSOCIEES) <= categories
    for table in (mapping.THEMATIQUES_ASSOCIEES, mapping.CATEGORIES_ASSOCIEES):
        assert {s for v in table.values() for s in v} <= valeurs_du_standard("services")


def test_types_et_modes_d_accueil_vers_modalites_d_accompagnement():
    types_v0 = set(referentiel("typologies-de-services"))
    assert set(mapping.TYPES_MODALITES) <= TYPES_V1 | types_v0
    assert {"autonomie", "delegation"} <= set(mapping.TYPES_MODALITES) - TYPES_V1
    assert set(mapping.MODES_ACCUEIL_MODALITES) <= enumeration("service", "ModeAccueil")
    assert mapping.MODES_ACCUEIL_MODALITES["a-distance"] == ("À distance",)
    for table in (mapping.TYPES_MODALITES, mapping.MODES_ACCUEIL_MODALITES):
        assert {v for valeurs in table.values() for v in valeurs} <= valeurs_du_standard("modalites_accompagnement")


def test_frais():
    assert set(mapping.FRAIS) == enumeration("service", "Frais") | FRAIS_V0
    assert {v for valeurs in mapping.FRAIS.values() for v in valeurs} == valeurs_du_standard("frais_a_charge")
    # the standard's own v0 → v1 readings of the same v0 values
    assert anciennes_versions.convertit("frais_a_charge", "Adhésion") == {"frais_a_charge": list(mapping.FRAIS["adhesion"])}
    assert anciennes_versions.convertit("frais_a_charge", "Accepte le Pass numérique") == {
        "frais_a_charge": list(mapping.FRAIS["pass-numerique"])}


def test_publics():
    assert set(mapping.PUBLICS) - PROFILS_V0 <= enumeration("service", "Public")
    for champ, valeur in mapping.PUBLICS.values():
        assert valeur in valeurs_du_standard(champ)
    assert set(valeurs_du_standard("publics_specifiquement_adresses")) == {
        v for c, v in mapping.PUBLICS.values() if c == mapping.PUBLICS_ADRESSES}
    assert "tous-publics" not in mapping.PUBLICS and "personnes-en-situation-de-handicap" not in mapping.PUBLICS


def test_modes_de_mobilisation_vers_modalites_d_acces():
    assert set(mapping.MODES_MOBILISATION) == enumeration("service", "ModeMobilisation")
    assert {v for valeurs in mapping.MODES_MOBILISATION.values() for v in valeurs} <= valeurs_du_standard("modalites_acces")


def test_reseaux_porteurs_vers_dispositifs_labels_et_typologie():
    reseaux_v1 = enumeration("structure", "ReseauPorteur")
    assert set(mapping.RESEAUX_PORTEURS) - LABELS_NATIONAUX_V0 <= reseaux_v1
    for champ, valeur in mapping.RESEAUX_PORTEURS.values():
        assert valeur in valeurs_du_standard(champ)
    assert mapping.RESEAUX_PORTEURS["france-service"] == (mapping.DISPOSITIFS, "France Services")
    assert mapping.RESEAUX_PORTEURS["conseillers-numeriques"] == (mapping.DISPOSITIFS, "Conseillers numériques")
    assert mapping.RESEAUX_PORTEURS["aidants-connect"] == (mapping.DISPOSITIFS, "Aidants Connect")
    assert set(mapping.RESEAUX_TYPOLOGIE) <= reseaux_v1
    assert set(mapping.RESEAUX_TYPOLOGIE.values()) <= set(standard.typologies())


# --- the row of a lieu -------------------------------------------------------------------------------------------


def test_une_structure_et_ses_services_numeriques_font_une_ligne_du_standard():
    s = structure(1, doublons=[{"source": "mediation-numerique", "id": "mediation-numerique--abc"}])
    atelier = service(2, 1, type="atelier", frais="payant", publics=["tous-publics"], modes_accueil=["en-presentiel"],
                      thematiques=["numerique--acquerir-un-equipement", "famille--soutien-a-la-parentalite-et-a-leducation"],
                      modes_mobilisation=["envoyer-un-courriel"], lien_mobilisation=None)
    ligne = mapping.lieu(Candidat(s["id"], s, [service(1, 1), atelier]))
    assert {k: v for k, v in ligne.items() if k not in (mapping.CLE_ENREGISTREMENTS,)} == {
        "id": s["id"], "pivot": "13002526500013", "nom": "Espace numérique n° 1", "commune": "Angers",
        "code_postal": "49000", "code_insee": "49007", "adresse": "1 rue de la République", "complement_adresse": None,
        "latitude": 47.47662, "longitude": -0.55616, "typologie": ["RFS"], "telephone": "+33241000000",
        "courriels": ["contact1@exemple.fr"], "site_web": ["https://www.exemple.fr"],
        "horaires": "Mo-Fr 09:00-12:00,14:00-17:00", "presentation_resume": s["description"], "presentation_detail": "",
        "source": "dora", "itinerance": [], "structure_parente": None, "date_maj": "2025-06-02",
        "services": ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives",
                     "Acquisition de matériel informatique à prix solidaire", "Parentalité et éducation avec le numérique"],
        "publics_specifiquement_adresses": ["Seniors", "Jeunes"], "prise_en_charge_specifique": [],
        "frais_a_charge": ["Gratuit", "Payant"],
        "dispositif_programmes_nationaux": ["France Services", "Conseillers numériques"], "formations_labels": [],
        "autres_formations_labels": [],
        "modalites_acces": ["Se présenter", "Téléphoner", "Prendre un RDV en ligne", "Contacter par mail"],
        "modalites_accompagnement": ["Accompagnement individuel", "Dans un atelier collectif", "À distance"],
        "fiche_acces_libre": s["accessibilite_lieu"], "prise_rdv": "https://rdv.exemple.fr/espace",
        mapping.CLE_DOUBLONS: [{"source": "mediation-numerique", "id": "mediation-numerique--abc"}],
    }
    assert ligne[mapping.CLE_ENREGISTREMENTS] == [s, service(1, 1), atelier]  # what data·inclusion said, kept
    normalisee = normalise_ligne(ligne)
    assert [m for m in normalisee.messages if m.niveau in (ERREUR, AVERTISSEMENT)] == []
    assert set(standard.COLONNES) <= set(ligne)


def test_date_maj_la_plus_recente_et_description_longue():
    longue = "Un accueil numérique. " * 30
    s = structure(1, description=longue, date_maj="2024-01-10")
    ligne = mapping.lieu(Candidat(s["id"], s, [service(1, 1, date_maj="2025-03-01")]))
    assert ligne["date_maj"] == "2025-03-01"
    assert len(ligne["presentation_resume"]) <= 280 and ligne["presentation_resume"].endswith("…")
    assert ligne["presentation_detail"] == longue.strip()


def test_structure_v0_presentations_typologie_et_labels():
    s = {"id": "dora--x", "nom": "Médiathèque", "typologie": "BIB", "presentation_resume": "Court.",
         "presentation_detail": "Long.", "reseaux_porteurs": ["conseiller-numerique", "fabrique-de-territoire"]}
    ligne = mapping.lieu(Candidat("dora--x", s, [{"structure_id": "dora--x", "type": ["autonomie", "delegation"],
                                                  "frais": ["gratuit-sous-conditions"], "publics": ["surdite"]}]))
    assert (ligne["presentation_resume"], ligne["presentation_detail"]) == ("Court.", "Long.")
    assert ligne["typologie"] == ["BIB"]
    assert ligne["dispositif_programmes_nationaux"] == ["Conseillers numériques"]
    assert ligne["formations_labels"] == ["Fabriques de Territoire"]
    assert ligne["modalites_accompagnement"] == ["En autonomie", "Accompagnement individuel"]
    assert ligne["frais_a_charge"] == ["Gratuit sous condition"]
    assert ligne["prise_en_charge_specifique"] == ["Surdité"]


def test_contact_du_service_quand_la_structure_n_en_a_pas():
    s = structure(1, telephone=None, courriel=None, horaires_accueil=None)
    ligne = mapping.lieu(Candidat(s["id"], s, [service(1, 1, telephone="0241000001", courriel="aide@exemple.fr",
                                                       horaires_accueil="Tu 14:00-17:00")]))
    assert (ligne["telephone"], ligne["courriels"], ligne["horaires"]) == ("0241000001", ["aide@exemple.fr"],
                                                                            "Tu 14:00-17:00")


@pytest.mark.parametrize("thematiques, attendus", [
    (["numerique"], []),
    (["numerique--acceder-a-une-connexion-internet"], ["Accès internet et matériel informatique"]),
    (["numerique--maitriser-les-fondamentaux-du-numerique", "trouver-un-emploi--repondre-a-des-offres-demploi"],
     ["Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique"]),
    (["numerique--utiliser-le-numerique-au-quotidien", "numerique--prendre-en-main-un-ordinateur"],
     ["Maîtrise des outils numériques du quotidien"]),
])
def test_services_d_un_service(thematiques, attendus):
    assert mapping.services_du_service({"thematiques": thematiques}) == attendus


def test_structure_absente_explique_le_rejet():
    ligne = mapping.lieu(Candidat("dora--absente", None, [service(1, 1)]))
    assert ligne["nom"] is None and ligne["adresse"] is None
    assert "structure dora--absente absente" in ligne[mapping.CLE_PROBLEME]
    normalisee = normalise_ligne(ligne)
    assert {m.champ for m in normalisee.messages if m.niveau == ERREUR} == {"nom", "adresse"}
