"""The week grid of the contribution forms and its OSM opening_hours text, both ways (contributions/horaires_grille.py)."""

import pytest

from contributions.horaires_grille import Grille, HeureIllisible, depuis_osm, erreurs_jour, lire_heure, vers_osm
from lieux import horaires

MATIN, APRES_MIDI = (9 * 60, 12 * 60), (14 * 60, 17 * 60)
FERME = ()


def grille(*jours, feries_fermes=False):
    return Grille(tuple(jours) + (FERME,) * (7 - len(jours)), feries_fermes)


def test_identical_consecutive_days_are_written_together():
    g = grille(*[(MATIN, APRES_MIDI)] * 5, (MATIN,))
    assert vers_osm(g) == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"


def test_two_days_and_separate_days_are_listed():
    assert vers_osm(grille((MATIN,), (MATIN,))) == "Mo,Tu 09:00-12:00"
    assert vers_osm(grille((MATIN,), FERME, (MATIN,), FERME, ((600, 660),))) == "Mo,We 09:00-12:00; Fr 10:00-11:00"
    assert vers_osm(grille((MATIN,), (MATIN,), (MATIN,), FERME, FERME, (MATIN,))) == "Mo-We,Sa 09:00-12:00"


def test_public_holidays_closed_and_empty_grid():
    assert vers_osm(grille((MATIN,), feries_fermes=True)) == "Mo 09:00-12:00; PH off"
    assert vers_osm(Grille()) == "" and Grille().vide


def test_what_the_grid_writes_is_valid_osm_saying_the_same_week():
    g = grille((MATIN, APRES_MIDI), FERME, (MATIN,), FERME, ((8 * 60 + 30, 24 * 60),), FERME, ((10 * 60, 11 * 60),))
    texte = vers_osm(g)
    week = horaires.analyser(texte)
    assert week.connues and not week.variable
    assert week.paire[0] == MATIN and (4 * 1440 + 510, 5 * 1440) in week.paire
    assert depuis_osm(texte) == g


@pytest.mark.parametrize("texte", [
    "Mo-Fr 09:00-12:30,13:30-18:00; Sa 10:00-17:00; PH off",
    "Mo 09:00-12:00; We 09:00-12:00; Fr 10:00-11:00",
    "Tu-Sa 10:00-12:00,14:00-18:00",
])
def test_existing_hours_the_grid_can_say_come_back_identical(texte):
    g = depuis_osm(texte)
    assert g is not None and not g.vide
    assert horaires.analyser(vers_osm(g)).paire == horaires.analyser(texte).paire


def test_existing_hours_are_read_into_the_grid():
    g = depuis_osm("Mo-Fr 09:00-12:30,13:30-18:00; Sa 10:00-17:00; PH off")
    assert g.jours[0] == ((540, 750), (810, 1080)) and g.jours[5] == ((600, 1020),) and g.jours[6] == ()
    assert g.feries_fermes
    assert depuis_osm("") == Grille()


@pytest.mark.parametrize("texte", [
    "week 1-53/2 Mo 09:00-12:00",  # every other week
    '"sur rendez-vous"',  # a comment only
    "Mo 22:00-02:00",  # past midnight
    "Mo 08:00-09:00,10:00-11:00,12:00-13:00",  # three ranges
    "Mo-Fr 09:00-17:00; PH 10:00-12:00",  # own hours on public holidays
    "Mo-Fr 09:00-17:00 \"sauf vacances\"",  # a comment on a rule
    "ceci n'est pas un horaire",
])
def test_hours_the_grid_cannot_say_give_none(texte):
    assert depuis_osm(texte) is None


@pytest.mark.parametrize("texte, minutes", [("9", 540), ("9h", 540), ("9h30", 570), ("09:30", 570), ("24:00", 1440),
                                            ("14H05", 845)])
def test_times_as_people_type_them(texte, minutes):
    assert lire_heure(texte) == minutes


@pytest.mark.parametrize("texte", ["", "midi", "25:00", "09:75", "24:30"])
def test_unreadable_times_say_how_to_write_them(texte):
    with pytest.raises(HeureIllisible, match="09:30"):
        lire_heure(texte)


def test_a_day_s_ranges_are_checked():
    assert erreurs_jour([MATIN, APRES_MIDI]) == []
    assert erreurs_jour([(720, 540)]) == ["la fin (09:00) doit venir après le début (12:00)"]
    assert erreurs_jour([(540, 780), (720, 900)]) == ["la deuxième plage doit commencer après la fin de la première"]
