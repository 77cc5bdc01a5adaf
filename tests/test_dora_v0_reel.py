"""The real v0-era dump of data·inclusion services (mednum-cli `data-inclusion-services.json`, 2022-12-08) through
the v0 reader, the assembly, the mapping and the importer — exact numbers.

What the file holds: 4 261 services (dora 3 741, odspep 265, mes-aides 255), 253 of the DORA ones « numérique »,
on 156 structures. It is a projection of the API v0 `/services` answer: id, structure_id, source, nom,
presentation_resume, prise_rdv, frais_autres, types, thematiques, frais, profils — **no address and no structure**.
mednum-cli joined it with a sibling `data-inclusion-structures.json` (same commit), which is not in ../shared/data
(its blob is not retrievable either). Without the structures no lieu can have a name or an address: the 156
candidate lieux are rejected, each with its reason, and the run's remarks say why. What the services alone decide
— their mapping to the standard's services — is measured here: 247 of the 253 (97.6 %).
"""

from collections import Counter

import pytest

from imports.dora import lecteurs, mapping
from imports.dora.application import synchronise
from imports.dora.assemblage import est_numerique, rassemble
from imports.models import ImportRun
from tests.outils_import import DONNEES  # noqa: F401

DUMP = DONNEES / "mednumcli__data-inclusion-services.json"
pytestmark = pytest.mark.slow


def test_lecteur_v0_et_correspondance_des_services():
    services = list(lecteurs.lit_services(DUMP))
    assert len(services) == 4261
    assert Counter(s["source"] for s in services) == {"dora": 3741, "odspep": 265, "mes-aides": 255}
    dora = [s for s in services if s["source"] == "dora"]
    assert all(s["id"].startswith("dora--") and s["structure_id"].startswith("dora--") for s in dora)
    numeriques = [s for s in dora if est_numerique(s)]
    assert len(numeriques) == 253 and len({s["structure_id"] for s in numeriques}) == 156
    assert all("profils" not in s and "types" not in s and isinstance(s["type"], list) for s in numeriques)

    avec_service = [s for s in numeriques if mapping.services_du_service(s)]
    assert len(avec_service) == 247  # 97.6 %: one of the 9 services of the standard at least
    sans = Counter(tuple(sorted(s["thematiques"])) for s in numeriques if not mapping.services_du_service(s))
    assert sans == {("numerique",): 5, ("mobilite", "numerique", "remobilisation"): 1}  # the bare category only
    modalites = Counter(m for s in numeriques for m in mapping._par_table([s], "type", mapping.TYPES_MODALITES))
    assert modalites == {"Accompagnement individuel": 200, "Dans un atelier collectif": 202, "En autonomie": 52}
    assert sum(1 for s in numeriques if s["lien_mobilisation"]) == 66


def test_candidats_sans_structure():
    candidats, bilan = rassemble(lecteurs.lit_services(DUMP), [])
    assert (len(candidats), bilan.services_retenus, bilan.services_sans_structure) == (156, 253, 253)
    assert bilan.services_ecartes == {"non numérique": 3488, "autre source": 520}
    lignes = [mapping.lieu(c) for c in candidats]
    assert sum(1 for ligne in lignes if ligne["services"]) == 151  # 5 structures have only bare « numerique »


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie", "media")
def test_le_vrai_fichier_par_l_importeur():
    run = synchronise(client=lecteurs.ClientFichiers(DUMP), essai=True)
    assert run.statut == ImportRun.Statut.ANALYSE
    assert (run.lignes_lues, run.crees, run.rejetes) == (156, 0, 156)
    assert [r["texte"] for r in run.remarques if "services" in r["texte"]] == [
        "data·inclusion : 4261 services et 0 structures reçus ; 253 services numériques DORA, rattachés à 156 lieux.",
        "520 services d'autres sources que DORA ignorés (odspep : 265, mes-aides : 255).",
        "3488 services DORA sans thématique numérique ignorés.",
        "156 structures DORA (253 services numériques) absentes des structures reçues : ces lieux sont rejetés faute "
        "de nom et d'adresse (dora--010c714a-71ce-44aa-a8bf-45d63ae4d1e8, dora--0154f912-8aeb-4b74-9f7e-3905c25c1d78, "
        "dora--04737d9e-695b-4d01-83c0-b95b4bcc2c5c, dora--04b58fde-ae5a-4f70-828f-f99578809180, "
        "dora--06c8c752-ebd2-40be-8ebd-f03a77ea262c, dora--09a55392-a6e1-48dc-8c58-0c8a81e45620, "
        "dora--0c845f07-64b2-49c3-88c3-ca902a1295a8, dora--0d3e37d9-573b-4454-8d81-4bc9a1d5086e, "
        "dora--0e3ad9d9-83e5-4585-811a-ea5cef522054, dora--0f8c2840-5533-472f-8f49-0a008fe5c0d1 …).",
        "0 des 253 services numériques DORA (0.0 %) sont dans un lieu valide ; 253 dans un lieu rejeté (raisons dans "
        "le rapport ligne à ligne).",
    ]
    erreurs = Counter(tuple(sorted(m[0] for m in messages if m[1] == "erreur"))
                      for messages in run.lignes.values_list("messages", flat=True))
    assert erreurs == {("adresse", "nom"): 156}
    assert all("absente des données reçues" in brut["probleme_dora"]
               for brut in run.lignes.values_list("donnees_brutes", flat=True))
