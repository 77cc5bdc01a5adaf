"""Manual edits survive re-imports: the rule (lieux/verrous.py) as plain functions, then the locks `modifier_lieu`
poses, `declarer_lieu`'s record of the source « contributions », and taking the sources' value back."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from lieux import modifications, verrous
from lieux.models import Lieu, Provenance, VerrouChamp
from lieux.verrous import Issue, Verrou, appliquer_aux_valeurs, decider, pareil
from tests.factories import creer_lieu, creer_provenance

AVANT, SAISIE, NOUVELLE = "Mo-Fr 09:00-12:00", "Mo-Fr 09:00-17:00", "Tu-Sa 10:00-18:00"
VERROU = Verrou("horaires", SAISIE, AVANT)

# --- the rule ---------------------------------------------------------------------------------------------------


def test_a_locked_field_keeps_the_persons_value_while_the_sources_say_what_they_said():
    decision = decider(VERROU, AVANT)
    assert decision.valeur == SAISIE
    assert decision.issue == Issue.CONFLIT  # the file says something else than the person: reported
    assert decision.valeur_du_fichier == AVANT and decision.garde_le_verrou


def test_the_lock_lifts_when_the_sources_change_that_fields_value():
    decision = decider(VERROU, NOUVELLE)
    assert decision.issue == Issue.LEVEE
    assert decision.valeur == NOUVELLE and not decision.garde_le_verrou


def test_sources_that_now_give_the_persons_value_lift_the_lock_too():
    decision = decider(VERROU, SAISIE)
    assert decision.issue == Issue.LEVEE and decision.valeur == SAISIE


def test_a_source_emptying_the_field_is_a_change_of_value():
    decision = decider(VERROU, "")
    assert decision.issue == Issue.LEVEE and decision.valeur == ""


def test_empty_values_are_all_the_same_and_lists_compare_in_order():
    assert pareil(None, "") and pareil([], None) and pareil("", [])
    assert pareil(dt.date(2024, 4, 2), "2024-04-02")
    assert not pareil(["a", "b"], ["b", "a"])
    assert decider(Verrou("services", ["a"], None), "").issue == Issue.CONFLIT


def test_a_lock_whose_person_value_equals_the_sources_is_kept_without_a_conflict():
    decision = decider(Verrou("nom", "Médiathèque", "Médiathèque"), "Médiathèque")
    assert decision.issue == Issue.GARDEE and decision.valeur == "Médiathèque"


def test_applying_locks_to_derived_values_marks_the_lineage_of_the_kept_fields():
    valeurs = {"horaires": AVANT, "telephone": "+33241000002", "nom": "Lieu"}
    lignee = {"horaires": [7], "nom": [7]}
    decisions = appliquer_aux_valeurs(valeurs, lignee, [VERROU, Verrou("telephone", "+33241000001", "+33241000000")])
    assert valeurs == {"horaires": SAISIE, "telephone": "+33241000002", "nom": "Lieu"}
    assert lignee == {"horaires": [verrous.SAISIE_MANUELLE], "nom": [7]}
    assert [(d.champ, d.issue) for d in decisions] == [("horaires", Issue.CONFLIT), ("telephone", Issue.LEVEE)]


def test_a_field_the_derivation_does_not_give_keeps_the_persons_value_without_a_decision():
    valeurs, lignee = {"nom": "Lieu"}, {}
    assert appliquer_aux_valeurs(valeurs, lignee, [VERROU]) == []
    assert "horaires" not in valeurs and lignee == {"horaires": [verrous.SAISIE_MANUELLE]}


# --- in the database ----------------------------------------------------------------------------------------------



def _lieu_avec_source(**valeurs):
    lieu = creer_lieu(horaires=AVANT, **valeurs)
    creer_provenance(lieu, source="hub", valeurs={"nom": lieu.nom, "horaires": AVANT, "telephone": "",
                                                  "date_maj": "2025-03-01"})
    return lieu


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie")
def test_modifier_lieu_locks_the_changed_fields_with_the_sources_value_and_marks_the_lineage():
    coordinateur = User.objects.create_user("coord", is_staff=True)
    lieu = _lieu_avec_source()
    modifies = modifications.modifier_lieu(lieu, {"horaires": SAISIE, "nom": lieu.nom, "date_maj": "2026-12-02"},
                                           par=coordinateur, origine="administration")
    assert modifies == ["horaires", "date_maj"]
    verrou = VerrouChamp.objects.get(lieu=lieu)  # date_maj describes the record: never locked
    assert (verrou.champ, verrou.valeur_saisie, verrou.valeur_des_sources) == ("horaires", SAISIE, AVANT)
    assert verrou.pose_par == coordinateur and verrou.origine == "administration"
    lieu.refresh_from_db()
    assert lieu.horaires == SAISIE and lieu.lignee["horaires"] == ["saisie manuelle"]
    # a second edit takes the new value, with what the sources give at that moment
    Provenance.objects.filter(lieu=lieu).update(valeurs={"nom": lieu.nom, "horaires": NOUVELLE})
    modifications.modifier_lieu(lieu, {"horaires": "Mo 09:00-10:00"}, par=coordinateur)
    verrou.refresh_from_db()
    assert (verrou.valeur_saisie, verrou.valeur_des_sources) == ("Mo 09:00-10:00", NOUVELLE)
    assert VerrouChamp.objects.filter(lieu=lieu).count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie")
def test_a_moved_pin_locks_the_point_and_an_unchanged_value_locks_nothing():
    lieu = _lieu_avec_source()
    assert modifications.modifier_lieu(lieu, {"horaires": AVANT, "latitude": 47.4739, "longitude": -0.5536}) == []
    assert not VerrouChamp.objects.filter(lieu=lieu).exists()
    assert modifications.modifier_lieu(lieu, {"latitude": 47.48, "longitude": -0.55}) == ["latitude", "longitude"]
    verrou = VerrouChamp.objects.get(lieu=lieu)
    assert verrou.champ == "localisation" and verrou.valeur_saisie == "SRID=4326;POINT(-0.55 47.48)"


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie")
def test_taking_the_sources_value_back_drops_the_lock_and_writes_it():
    lieu = _lieu_avec_source()
    modifications.modifier_lieu(lieu, {"horaires": SAISIE, "telephone": "+33241000009"})
    valeur = modifications.reprendre_valeur_des_sources(lieu, "horaires")
    assert valeur == AVANT
    lieu.refresh_from_db()
    assert lieu.horaires == AVANT and lieu.telephone == "+33241000009"  # the other locked field keeps its value
    assert list(VerrouChamp.objects.filter(lieu=lieu).values_list("champ", flat=True)) == ["telephone"]
    assert "horaires" not in lieu.lignee and lieu.lignee["telephone"] == ["saisie manuelle"]


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie")
def test_a_declaration_is_a_record_of_the_source_contributions_attached_to_its_commune():
    lieu = modifications.declarer_lieu({
        "nom": "Espace numérique des Justices", "adresse": "12 rue des Justices", "commune": "Angers",
        "code_postal": "49000", "latitude": "47.4622", "longitude": "-0.5327", "horaires": "Mo 14:00-17:00",
        "services": ["Aide aux démarches administratives"], "courriels": ["contact@justices.example"],
    }, origine="contribution n° 3")
    assert lieu.statut == Lieu.Statut.ACTIF and lieu.nom == "Espace numérique des Justices"
    assert lieu.commune_officielle_id == "49007" and lieu.departement_id == "49" and lieu.region_id == "52"
    assert lieu.code_insee == "49007" and lieu.pivot == "00000000000000"
    enregistrement = Provenance.objects.get(lieu=lieu)
    assert enregistrement.source == "contributions" and enregistrement.id_source == f"contribution-{lieu.uid}"
    assert enregistrement.valeurs["horaires"] == "Mo 14:00-17:00"
    assert enregistrement.valeurs["localisation"].startswith("SRID=4326;POINT(-0.5327 47.4622")
    assert enregistrement.donnees_brutes["origine"] == "contribution n° 3"
    assert enregistrement.rapprochee_le is not None  # consolidated like any other record
