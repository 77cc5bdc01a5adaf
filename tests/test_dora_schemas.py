"""The payloads of the DORA tests follow data·inclusion's v1 JSON Schemas (../shared/standard/data-inclusion-v1)."""

import pytest

from tests.outils_dora import SCHEMAS, FauxDataInclusion, erreurs_schema, jeu, schema, service, structure


def test_les_schemas_sont_ceux_du_dossier_partage():
    assert SCHEMAS.is_dir() and (SCHEMAS / "structure.json").is_file() and (SCHEMAS / "service.json").is_file()
    assert set(schema("structure")["required"]) == {"source", "id", "nom", "date_maj"}
    assert set(schema("service")["required"]) == {"source", "structure_id", "id", "nom", "description", "date_maj"}


def test_toutes_les_charges_utiles_des_tests_sont_valides():
    structures, services = jeu(12)
    for s in structures:
        assert erreurs_schema("structure", s) == []
    for s in services:
        assert erreurs_schema("service", s) == []


@pytest.mark.parametrize("nom, enregistrement, attendu", [
    ("structure", {**structure(1), "code_postal": "4900"}, "code_postal"),
    ("structure", {k: v for k, v in structure(1).items() if k != "date_maj"}, "'date_maj' is a required property"),
    ("structure", {**structure(1), "reseaux_porteurs": ["france-services"]}, "reseaux_porteurs : ['france-services'] is not valid"),
    ("structure", {**structure(1), "doublons": [{"source": "soliguide"}]}, "'id' is a required property"),
    ("structure", {**structure(1), "date_maj": "02/06/2025"}, "is not a 'date'"),
    ("service", {**service(1, 1), "thematiques": ["numerique--prendre-en-main-un-ordinateur"]}, "thematiques : ['numerique--prendre-en-main-un-ordinateur'] is not valid"),
    ("service", {**service(1, 1), "type": "numerique"}, "type"),
    ("service", {**service(1, 1), "description": "Aide"}, "description"),
    ("service", {k: v for k, v in service(1, 1).items() if k != "score_qualite"}, "'score_qualite' is a required"),
])
def test_une_charge_utile_hors_schema_est_refusee(nom, enregistrement, attendu):
    erreurs = erreurs_schema(nom, enregistrement)
    assert erreurs and any(attendu in e for e in erreurs), erreurs
    with pytest.raises(AssertionError, match="ne suit pas le schéma data·inclusion v1"):
        FauxDataInclusion(*(([enregistrement], []) if nom == "structure" else ([], [enregistrement])))
