"""Open data files and v0 records → v1 records; candidates of lieux, the « no loops » rule, `--since`."""

import csv
import datetime as dt
import json

import pytest

from imports.dora import assemblage, lecteurs
from imports.dora.assemblage import BOUCLE, Candidat, rassemble, vient_de_la_mediation_numerique
from imports.lecteurs import FichierIllisible
from tests.outils_dora import erreurs_schema, service, structure

# --- cells ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cellule, attendu", [
    (None, []), ("", []), ([], []), (["a", None, "b"], ["a", "b"]),
    ("['numerique--acquerir-un-equipement', 'jeunes']", ["numerique--acquerir-un-equipement", "jeunes"]),  # pandas
    ('["a", "b"]', ["a", "b"]), ("{a,b}", ["a", "b"]), ("a|b", ["a", "b"]), ("a; b", ["a", "b"]), ("a, b", ["a", "b"]),
    ("seul", ["seul"]),
])
def test_liste(cellule, attendu):
    assert lecteurs.liste(cellule) == attendu


@pytest.mark.parametrize("valeur, attendu", [
    ("2025-02-14", "2025-02-14"), ("2025-02-14T10:30:00+02:00", "2025-02-14"),
    (1739491200000, "2025-02-14"),  # pandas `to_json`: epoch milliseconds
    (None, None), ("", None),
])
def test_date_iso(valeur, attendu):
    assert lecteurs.date_iso(valeur) == attendu


def test_decode_une_ligne_csv():
    brut = {"id": "dora--1", "latitude": "47,5", "longitude": "-0.55", "thematiques": "['numerique']",
            "date_maj": "2025-01-02", "complement_adresse": "", "doublons": '[{"source": "soliguide", "id": "s--1"}]'}
    assert lecteurs.decode(brut) == {"id": "dora--1", "latitude": 47.5, "longitude": -0.55, "thematiques": ["numerique"],
                                     "date_maj": "2025-01-02", "complement_adresse": None,
                                     "doublons": [{"source": "soliguide", "id": "s--1"}]}


# --- v0 → v1 -------------------------------------------------------------------------------------------------


def test_service_v0_renomme_en_v1():
    v0 = {"id": "abc", "structure_id": "def", "source": "dora", "nom": "Atelier", "presentation_resume": "Court",
          "presentation_detail": None, "prise_rdv": "https://rdv.exemple.fr", "frais_autres": "2 €",
          "types": ["atelier", "autonomie"], "thematiques": ["numerique--prendre-en-main-un-ordinateur"],
          "frais": ["adhesion"], "profils": ["seniors-65"], "modes_orientation_beneficiaire": ["telephoner"]}
    assert lecteurs.service_v1(v0) == {
        "id": "dora--abc", "structure_id": "dora--def", "source": "dora", "nom": "Atelier",
        "thematiques": ["numerique--prendre-en-main-un-ordinateur"], "type": ["atelier", "autonomie"],
        "frais": ["adhesion"], "frais_precisions": "2 €", "publics": ["seniors-65"], "description": "Court",
        "lien_mobilisation": "https://rdv.exemple.fr", "modes_mobilisation": ["telephoner", "utiliser-lien-mobilisation"],
        "horaires_accueil": None,
    }
    v1 = service(1, 1)
    assert lecteurs.service_v1(v1) is v1


def test_structure_v0_renommee_en_v1():
    v0 = {"id": "def", "source": "dora", "nom": "CCAS", "pivot": "13002526500013", "typologie": "CCAS",
          "horaires_ouverture": "Mo 09:00-12:00", "accessibilite": "https://acceslibre.beta.gouv.fr/x/",
          "labels_nationaux": "france-service;aidants-connect", "presentation_resume": "Court"}
    v1 = lecteurs.structure_v1(v0)
    assert v1["id"] == "dora--def" and v1["siret"] == "13002526500013" and v1["typologie"] == "CCAS"
    assert (v1["horaires_accueil"], v1["accessibilite_lieu"]) == ("Mo 09:00-12:00", "https://acceslibre.beta.gouv.fr/x/")
    assert v1["reseaux_porteurs"] == ["france-service", "aidants-connect"] and "pivot" not in v1
    assert lecteurs.structure_v1(structure(1)) == structure(1)


# --- open data files -----------------------------------------------------------------------------------------


def ecrit_csv(chemin, enregistrements):
    """As data·inclusion publishes it: pandas `to_csv`, lists written as Python lists, None as empty cells."""
    colonnes = list(dict.fromkeys(c for e in enregistrements for c in e))
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(colonnes)
        for e in enregistrements:
            ecrivain.writerow(["" if e.get(c) is None else str(e[c]) if isinstance(e.get(c), list) else e[c]
                               for c in colonnes])


@pytest.mark.parametrize("format_", ["json", "csv"])
def test_fichiers_open_data_redonnent_les_enregistrements_v1(tmp_path, format_):
    structures = [structure(1), structure(2, code_insee="35238", doublons=[])]
    services = [service(1, 1), service(2, 2, thematiques=["numerique--acquerir-un-equipement"], frais=None)]
    for nom, donnees in (("structures", structures), ("services", services)):
        donnees = [{k: v for k, v in d.items() if k != "doublons"} for d in donnees]  # not in the open data files
        if format_ == "json":
            (tmp_path / f"{nom}.json").write_text(json.dumps(donnees, ensure_ascii=False), encoding="utf-8")
        else:
            ecrit_csv(tmp_path / f"{nom}.csv", donnees)
    client = lecteurs.ClientFichiers(tmp_path / f"services.{format_}", tmp_path / f"structures.{format_}")
    lus = list(client.services())
    assert [s["thematiques"] for s in lus] == [s["thematiques"] for s in services]
    assert lus[1]["frais"] in (None, [])
    for lu in lus:
        assert erreurs_schema("service", {**lu, "frais": None, "score_qualite": 0.8}) == []
    lues = list(client.structures())
    assert [(s["id"], s["latitude"], s["reseaux_porteurs"]) for s in lues] == [
        (s["id"], s["latitude"], s["reseaux_porteurs"]) for s in structures]
    assert client.origine == f"services.{format_} + structures.{format_}"


def test_fichier_illisible(tmp_path):
    (tmp_path / "services.json").write_text('[{"id": "dora--1", "source": "dora"', encoding="utf-8")
    with pytest.raises(FichierIllisible):
        list(lecteurs.ClientFichiers(tmp_path / "services.json").services())


# --- candidates of lieux -------------------------------------------------------------------------------------


def test_rassemble_les_services_numeriques_par_structure():
    structures = [structure(1), structure(2), structure(3)]
    services = [service(1, 1), service(2, 1, type="atelier"), service(3, 2, thematiques=["mobilite--preparer-un-permis"]),
                service(4, 9), service(5, 3, source="soliguide", id="soliguide--5")]
    candidats, bilan = rassemble(services, structures)
    assert [(c.identifiant, c.structure is not None, len(c.services)) for c in candidats] == [
        (structure(1)["id"], True, 2), (service(4, 9)["structure_id"], False, 1)]
    assert bilan.services_recus == 5 and bilan.services_retenus == 3
    assert bilan.services_ecartes == {assemblage.NON_NUMERIQUE: 1, assemblage.AUTRE_SOURCE: 1}
    assert bilan.autres_sources == {"soliguide": 1}
    assert bilan.structures_absentes == [service(4, 9)["structure_id"]] and bilan.services_sans_structure == 1


def test_les_structures_ne_sont_lues_qu_apres_les_services():
    lu = []

    def services():
        yield service(1, 1)
        lu.append("services lus")

    def structures():
        lu.append("structures demandées")
        yield structure(1)

    candidats, _ = rassemble(services(), structures())
    assert lu == ["services lus", "structures demandées"] and candidats[0].structure == structure(1)


@pytest.mark.parametrize("enregistrement, boucle", [
    ({"source": "mediation-numerique", "id": "mediation-numerique--42"}, True),
    ({"source": "dora", "id": "dora--1", "structure_id": "mediation-numerique--France-Services_456"}, True),
    ({"source": "di-mediation-numerique", "id": "x"}, True),  # DORA's own name for what it imported from there
    ({"source": "dora", "id": "dora--1", "lien_source": "https://cartographie.societenumerique.gouv.fr/cartographie/42/details"}, True),
    ({"source": "dora", "id": "dora--1", "lien_source": "https://dora.inclusion.beta.gouv.fr/structures/x"}, False),
    (structure(1, doublons=[{"source": "mediation-numerique", "id": "mediation-numerique--42"}]), False),
])
def test_pas_de_boucle_avec_la_cartographie_nationale(enregistrement, boucle):
    assert vient_de_la_mediation_numerique(enregistrement) is boucle


def test_boucles_ecartees_et_doublons_gardes():
    mednum = service(7, 7, source="mediation-numerique", id="mediation-numerique--7",
                     structure_id="mediation-numerique--7")
    reprise = structure(2, lien_source="https://cartographie.societenumerique.gouv.fr/cartographie/2/details")
    gardee = structure(1, doublons=[{"source": "mediation-numerique", "id": "mediation-numerique--7"}])
    candidats, bilan = rassemble([service(1, 1), service(2, 2), mednum], [gardee, reprise])
    assert [c.identifiant for c in candidats] == [gardee["id"]]
    assert candidats[0].structure["doublons"] == [{"source": "mediation-numerique", "id": "mediation-numerique--7"}]
    assert bilan.services_ecartes == {BOUCLE: 1} and bilan.structures_boucle == 1
    assert bilan.services_des_structures_boucle == 1


def test_depuis_garde_les_lieux_mis_a_jour_structure_ou_service():
    structures = [structure(1, date_maj="2025-01-01"), structure(2, date_maj="2025-01-01"),
                  structure(3, date_maj="2025-06-01")]
    services = [service(1, 1, date_maj="2025-01-05"), service(2, 2, date_maj="2025-05-15"), service(3, 3)]
    candidats, bilan = rassemble(services, structures, depuis=dt.date(2025, 5, 1))
    assert [c.identifiant for c in candidats] == [structure(2)["id"], structure(3)["id"]]
    assert bilan.hors_periode == 1
    assert Candidat("x", None, [{"date_maj": "2025-02-01T10:00:00"}]).date_maj == "2025-02-01"
