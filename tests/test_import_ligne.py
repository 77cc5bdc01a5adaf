"""The typed import row (`imports.ligne`) and the pure steps around it, on plain values: no database."""

import dataclasses
import datetime as dt
import marshal

from imports import placement
from imports.etape import COLONNES_ECRITES
from imports.geocodage import Resultat
from imports.ligne import (AVERTISSEMENT, ERREUR, INFO, LigneImportee, Message, Position, Rattachement,
                           avertissement)
from imports.requetes import Verification
from imports.territoires import CommuneInfo, IndexCommunes
from imports.validation import normalise_ligne

AUJOURD_HUI = dt.date(2026, 11, 23)
BASE = {"id": "L1", "nom": "EPN", "adresse": "1 rue X", "commune": "Angers", "code_postal": "49000",
        "date_maj": "2024-04-02", "latitude": "47.47", "longitude": "-0.55"}
ANGERS = CommuneInfo("49007", "Angers", ("49000", "49100"), "49", "52", "244900015", None, True, -0.55, 47.47)
INDEX = IndexCommunes([ANGERS])


def _valeur_pour(type_, nom):
    """A value of each field's type, different from its default: a field forgotten by a staged form shows."""
    return {"numero": 7, "valeurs_standard": {"id": "X", "services": ["a", "b"]}, "latitude": 1.5,
            "longitude": 2.5, "precision": "adresse", "repli": (3.5, 4.5), "cp_a_confirmer": "6000",
            "messages": (Message("nom", ERREUR, "absent"), Message("", INFO, "i")),
            "empreinte_source": "abc"}.get(nom, {"bool": True, "str": f"{nom}!", "str | None": f"{nom}!"}.get(type_))


def _remplie(cls):
    valeurs = {}
    for f in dataclasses.fields(cls):
        if f.name in ("position", "rattachement"):
            valeurs[f.name] = _remplie(Position if f.name == "position" else Rattachement)
        else:
            valeurs[f.name] = _valeur_pour(f.type, f.name)
            assert valeurs[f.name] is not None, f"pas de valeur d'essai pour {cls.__name__}.{f.name} ({f.type})"
    return cls(**valeurs)


def test_aller_retour_entre_processus_de_chaque_champ():
    ligne = _remplie(LigneImportee)
    retour = LigneImportee.depuis_tuple(marshal.loads(marshal.dumps(ligne.en_tuple())))
    assert retour == ligne
    for f in (*dataclasses.fields(Position), *dataclasses.fields(Rattachement)):
        assert getattr(getattr(retour, "position" if f in dataclasses.fields(Position) else "rattachement"), f.name) \
            != f.default, f.name


def test_les_valeurs_etagees_sont_les_colonnes_lues_a_l_application():
    ligne = normalise_ligne(BASE, 1, AUJOURD_HUI)
    assert set(ligne.colonnes_lieu()) == set(COLONNES_ECRITES)
    assert ligne.colonnes_lieu()["localisation"] == "SRID=4326;POINT(-0.55 47.47)"


def test_normaliser_rend_une_valeur_typee_avec_ses_messages():
    ligne = normalise_ligne({**BASE, "latitude": "-0.55", "longitude": "47.47", "code_postal": "6000"}, 3, AUJOURD_HUI)
    assert ligne.numero == 3 and "latitude" not in ligne.valeurs_standard
    assert ligne.rattachement.cp_a_confirmer == "6000" and ligne.valeurs_standard["code_postal"] == "06000"
    assert (ligne.position.latitude, ligne.position.longitude) == (-0.55, 47.47)
    assert ligne.position.inversion_probable and ligne.position.precision == "source"
    assert isinstance(ligne.messages, tuple)
    try:
        ligne.numero = 4
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("une ligne importée doit être immuable")


def test_les_remplissages_d_une_correspondance_viennent_en_premier():
    rempli = avertissement("date_maj", "date_maj absente : date de l'import")
    ligne = normalise_ligne({**BASE, "nom": ""}, 1, AUJOURD_HUI, remplissages=[rempli])
    assert ligne.messages[0] == rempli and ligne.rejetee
    assert [m.champ for m in ligne.messages[1:]] == ["nom"]


def test_l_empreinte_ne_depend_pas_de_la_geographie():
    ligne = normalise_ligne(BASE, 1, AUJOURD_HUI)
    deplacee = ligne.avec(position=Position(1.0, 2.0, "adresse"), rattachement=Rattachement("49007"))
    assert deplacee.empreinte() == ligne.empreinte() != normalise_ligne({**BASE, "nom": "Autre"}, 1).empreinte()


def test_avec_rend_une_nouvelle_ligne_sans_toucher_l_ancienne():
    ligne = normalise_ligne(BASE, 1, AUJOURD_HUI)
    suite = ligne.avec(Message("x", AVERTISSEMENT, "attention"))
    assert ligne.messages == () and suite.messages == (Message("x", AVERTISSEMENT, "attention"),)
    assert suite.avec_avertissement and not ligne.avec_avertissement


def test_rattacher_rend_une_nouvelle_ligne():
    from imports.territoires import rattacher

    ligne = normalise_ligne({**BASE, "commune": "ANGERS"}, 1, AUJOURD_HUI)
    rattachee, commune = rattacher(INDEX, ligne)
    assert commune is ANGERS and rattachee.rattachement.commune == "49007"
    assert rattachee.valeurs_standard["commune"] == "Angers" and ligne.valeurs_standard["commune"] == "ANGERS"
    assert rattachee.valeurs["region_id"] == "52" and ligne.rattachement.commune is None


def test_un_point_inverse_dans_sa_commune_est_remis_d_aplomb():
    ligne = normalise_ligne({**BASE, "latitude": "-0.55", "longitude": "47.47"}, 1, AUJOURD_HUI)
    juge, a_geocoder = placement.juge_point(ligne, Verification(False, True, None), ANGERS)
    assert not a_geocoder and (juge.position.latitude, juge.position.longitude) == (47.47, -0.55)
    assert "inversées" in juge.messages[-1].texte and ligne.position.latitude == -0.55


def test_un_point_proche_mais_dehors_reste_en_repli():
    ligne = normalise_ligne(BASE, 1, AUJOURD_HUI)
    proche, a_geocoder = placement.juge_point(ligne, Verification(False, False, 4.0), ANGERS)
    assert a_geocoder and proche.position.latitude is None and proche.position.repli == (47.47, -0.55)
    loin, _ = placement.juge_point(ligne, Verification(False, False, 40.0), ANGERS)
    assert loin.position.repli is None
    rattachee = proche.avec(rattachement=Rattachement("49007"))
    replie = placement.place_sans_point(rattachee, None, None, INDEX)
    assert (replie.position.latitude, replie.position.precision) == (47.47, "source")
    centre = placement.place_sans_point(loin.avec(rattachement=Rattachement("49007")), None, None, INDEX, "panne")
    assert centre.position.precision == "commune"
    assert centre.messages[-1].texte == "placé approximativement au centre de Angers (géocodage indisponible : panne)"


def test_la_ban_l_emporte_et_la_position_connue_est_gardee_a_adresse_egale():
    ligne = normalise_ligne({**BASE, "latitude": "", "longitude": ""}, 1, AUJOURD_HUI).avec(
        rattachement=Rattachement("49007"))
    trouve = Resultat(47.1, -0.2, 0.9, "housenumber", "1 Rue X 49000 Angers", "49007", True)
    assert placement.place_sans_point(ligne, trouve, None, INDEX).position == Position(47.1, -0.2, "adresse")
    existant = {"precision": "adresse", "latitude": 47.2, "longitude": -0.3, "adresse": "1 rue X",
                "code_postal": "49000", "commune": "Angers"}
    garde = placement.place_sans_point(ligne, None, existant, INDEX)
    assert garde.position == Position(47.2, -0.3, "adresse")
    assert garde.messages[-1].texte == "adresse inchangée : la position déjà connue est conservée"
