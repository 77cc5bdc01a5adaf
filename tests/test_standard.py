"""`lieux.standard` against the official files of the standard v1.0.2 (/work/shared/standard in development,
../shared/standard in CI)."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.contrib.postgres.fields import ArrayField
from frictionless import Resource, Schema

from lieux import regles, standard
from lieux.models import Lieu

DOSSIER = settings.SHARED_DIR / "standard"
SCHEMA_OFFICIEL = json.loads((DOSSIER / "schema-v1.0.2.json").read_text(encoding="utf-8"))
ENUMERATIONS = json.loads((DOSSIER / "enumerations-v1.json").read_text(encoding="utf-8"))


def test_les_colonnes_suivent_l_ordre_officiel():
    assert standard.COLONNES == tuple(f["name"] for f in SCHEMA_OFFICIEL["fields"])
    assert len(standard.COLONNES) == 32


@pytest.mark.parametrize("officiel", SCHEMA_OFFICIEL["fields"], ids=lambda f: f["name"])
def test_chaque_champ_du_schema_derive_egale_l_officiel(officiel):
    derive = standard.table_schema()["fields"][standard.COLONNES.index(officiel["name"])]
    for cle in ("name", "type", "format", "constraints"):
        attendu = officiel.get(cle)
        if cle == "constraints" and officiel["name"] == "formations_labels":
            # the one deliberate difference: our pattern also accepts the spaced spelling we write
            attendu = {**attendu, "pattern": attendu["pattern"].replace("numériques\\(", "numériques ?\\(")}
        assert derive.get(cle) == attendu, cle


def test_entete_du_schema_derive():
    derive = standard.table_schema()
    assert derive["primaryKey"] == SCHEMA_OFFICIEL["primaryKey"] == "id"
    assert derive["name"] == SCHEMA_OFFICIEL["name"]
    assert derive["version"] == SCHEMA_OFFICIEL["version"] == f"v{standard.VERSION}"


@pytest.mark.parametrize("nom", [n for n in ENUMERATIONS["fields"] if n != "typologie"])
def test_enumerations_egales_aux_officielles(nom):
    assert standard.CHAMPS_PAR_NOM[nom].valeurs == tuple(ENUMERATIONS["fields"][nom])
    assert standard.CHAMPS_PAR_NOM[nom].multiple


def test_tous_les_champs_enumeres_sont_dans_le_fichier_officiel():
    assert {c.nom for c in standard.CHAMPS_ENUMERES} | {"typologie"} == set(ENUMERATIONS["fields"])
    assert ENUMERATIONS["multi_value_separator"] == standard.SEPARATEUR


def test_les_92_typologies():
    officielles = {t["value"]: t["label"] for t in ENUMERATIONS["fields"]["typologie"]}
    assert len(officielles) == 92
    assert standard.typologies() == officielles


@pytest.mark.parametrize(
    ("nom", "variante", "canonique"),
    [(nom, v, c) for nom, variantes in ENUMERATIONS["known_spelling_variants_to_accept"].items()
     for v, c in variantes.items()],
)
def test_variantes_connues_lues_comme_la_valeur_canonique(nom, variante, canonique):
    assert regles.valeurs_liste(nom, variante) == ([canonique], [])
    if nom != "typologie":
        assert standard.valeur_canonique(nom, variante) == canonique


def test_etapes_numeriques_avec_ou_sans_espace():
    espacee, collee = "Étapes numériques (La Poste)", "Étapes numériques(La Poste)"
    assert espacee in standard.FORMATIONS_LABELS and collee not in standard.FORMATIONS_LABELS
    assert standard.valeur_canonique("formations_labels", espacee) == espacee
    assert standard.valeur_canonique("formations_labels", collee) == espacee
    # The published pattern accepts both spellings; the official one only the unspaced one.
    champ = standard.table_schema()["fields"][standard.COLONNES.index("formations_labels")]
    pattern = champ["constraints"]["pattern"]
    assert re.fullmatch(pattern, collee)
    assert re.fullmatch(pattern, espacee)
    officiel = SCHEMA_OFFICIEL["fields"][standard.COLONNES.index("formations_labels")]["constraints"]["pattern"]
    assert not re.fullmatch(officiel, espacee)


def test_valeur_canonique_refuse_une_valeur_hors_standard():
    assert standard.valeur_canonique("services", "Cours de cuisine") is None
    loisirs = "Loisirs et créations numériques"
    assert standard.valeur_canonique("services", f"  {loisirs} ") == loisirs


def _valide(**resource):
    return Resource(schema=Schema.from_descriptor(standard.table_schema()), **resource).validate()


def test_l_exemple_officiel_est_valide_pour_le_schema_derive():
    rapport = _valide(path="exemple-valide-v1.csv", basepath=str(DOSSIER))
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type", "note"])
    assert rapport.tasks[0].stats["rows"] == 1


@pytest.mark.parametrize(
    ("colonne", "avant", "apres"),
    [
        ("telephone", b'"+33180059880"', b'"01 80 05 98 80"'),
        ("services", b'|Loisirs et cr\xc3\xa9ations num\xc3\xa9riques"', b'|Cours de cuisine"'),
        ("code_postal", b'"51100"', b'"5110"'),
    ],
)
def test_le_schema_derive_refuse_une_ligne_invalide(colonne, avant, apres):
    contenu = (DOSSIER / "exemple-valide-v1.csv").read_bytes()
    assert contenu.count(avant) == 1
    rapport = _valide(data=contenu.replace(avant, apres), format="csv")
    assert rapport.flatten(["fieldName", "type"]) == [[colonne, "constraint-error"]]


@pytest.mark.parametrize("nom", standard.COLONNES)
def test_le_modele_a_chaque_colonne(nom):
    if nom in ("latitude", "longitude"):
        assert isinstance(getattr(Lieu, nom), property)  # read from `localisation`
        return
    field = Lieu._meta.get_field(nom)
    champ = standard.CHAMPS_PAR_NOM[nom]
    if champ.multiple:
        assert isinstance(field, ArrayField)
    if champ.enumere:
        assert [v for v, _ in field.base_field.choices] == list(champ.valeurs)
    if champ.longueur_max:
        assert field.max_length == champ.longueur_max
    if champ.requis:
        assert not field.blank


def test_le_modele_porte_une_contrainte_par_champ_enumere():
    noms = {c.name for c in Lieu._meta.constraints}
    assert {f"lieu_{c.nom}_valeurs" for c in standard.CHAMPS_ENUMERES} <= noms
    assert {"lieu_telephone", "lieu_pivot", "lieu_code_postal", "lieu_code_insee"} <= noms


def test_latitude_longitude_lues_depuis_la_localisation():
    lieu = Lieu(localisation=Point(-0.5536, 47.4739, srid=4326))
    assert (lieu.latitude, lieu.longitude) == (47.4739, -0.5536)
    assert Lieu().latitude is None
