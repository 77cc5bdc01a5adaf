"""orientation/etat.py and orientation/creneaux.py: the state in the URL, its chips, the slots."""

import json
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from lieux.filtres import FiltresLieux
from orientation.creneaux import Creneau, lire_creneau, lire_horaires_ouverture, lire_lignes
from orientation.etat import Orientation

DEMARCHES = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"


def lire(query: str) -> Orientation:
    return Orientation.lire(QueryDict(query))


def test_parametres_canoniques_dans_l_ordre_du_parcours():
    o = lire("creneau=lu-14:00-16:00&prise_en_charge_specifique=Surdité&ouvert_actuellement=true"
             "&latitude=47.47&longitude=-0.55&adresse=Angers%20(49000)&services=" + DEMARCHES + "&distance=10000")
    assert o.params() == [
        ("services", DEMARCHES),
        ("adresse", "Angers (49000)"), ("latitude", "47.470000"), ("longitude", "-0.550000"), ("distance", "10000"),
        ("prise_en_charge_specifique", "Surdité"),
        ("ouvert_actuellement", "true"),
        ("creneau", "lu-14:00-16:00"),
    ]
    assert o.rayon_km == 10 and o.maintenant and o.creneaux == [Creneau(0, 840, 960)]


def test_point_sans_distance_prend_30_km_et_valeurs_inconnues_signalees():
    o = lire("latitude=47.47&longitude=-0.55&services=Cuisine&creneau=lundi-midi")
    assert o.rayon_km == 30
    assert ("distance", "30000") in o.params()
    assert any("Cuisine" in e for e in o.erreurs) and any("lundi-midi" in e for e in o.erreurs)


def test_puces_retirables_et_dernier_filtre():
    o = lire(f"services={DEMARCHES}&services={LOISIRS}&adresse=Angers&latitude=47.47&longitude=-0.55"
             "&distance=30000&publics_specifiquement_adresses=Seniors&creneau=sa&horaires_connus=true")
    puces = o.puces()
    assert [p.libelle for p in puces] == [DEMARCHES, LOISIRS, "À moins de 30 km d'Angers", "Seniors",
                                          "Samedi, toute la journée", "Horaires renseignés uniquement"]
    localisation = QueryDict(puces[2].sans)
    assert "latitude" not in localisation and "adresse" not in localisation and "distance" not in localisation
    assert localisation.getlist("services") == [DEMARCHES, LOISIRS]
    sans_loisirs = QueryDict(puces[1].sans)
    assert sans_loisirs.getlist("services") == [DEMARCHES] and sans_loisirs["creneau"] == "sa"
    assert QueryDict(o.sans_dernier_filtre()).get("horaires_connus") is None
    assert lire("").sans_dernier_filtre() is None and lire("").vide


def test_params_de_la_carte():
    # the map now reads every criterion of the path (slots included, lieux/filtres.py): none is dropped any more
    o = lire(f"services={DEMARCHES}&ouvert_actuellement=true&horaires_connus=true")
    assert o.params_carte() == [("services", DEMARCHES), ("ouvert_actuellement", "true"), ("horaires_connus", "true")]
    o = lire(f"services={DEMARCHES}&ouvert_actuellement=true&creneau=sa")
    assert o.params_carte() == [("services", DEMARCHES), ("ouvert_actuellement", "true"), ("creneau", "sa"),
                                ("horaires_inconnus", "true")]
    # read back by the map's parser: the same criteria, with the path's « unknown hours kept »
    filtres = FiltresLieux(QueryDict(urlencode(o.params_carte())))
    assert filtres.creneaux == [Creneau(5)] and filtres.ouvert_a is not None and filtres.horaires_inconnus
    assert filtres.params() == o.params_carte()
    assert lire(urlencode(o.params_carte())).params() == o.params()  # and back to the path, unchanged


def test_parametres_de_la_carte_transmis_et_conserves():
    o = lire("frais_a_charge=Gratuit&prise_rdv=true&services=" + DEMARCHES)
    assert o.params() == [("services", DEMARCHES), ("frais_a_charge", "Gratuit"), ("prise_rdv", "true")]
    assert [p.libelle for p in o.puces()] == [DEMARCHES, "Gratuit", "Prise de RDV en ligne"]


@pytest.mark.parametrize(("texte", "creneau"), [
    ("lu-14:00-16:00", Creneau(0, 840, 960)),
    ("di", Creneau(6)),
    ("tous", Creneau(None)),
    ("tous-09:00-12:30", Creneau(None, 540, 750)),
    ("SA-9h00-12h00", Creneau(5, 540, 720)),
])
def test_lire_creneau(texte, creneau):
    assert lire_creneau(texte) == creneau
    assert lire_creneau(creneau.texte()) == creneau


@pytest.mark.parametrize("texte", ["lundi", "lu-16:00-14:00", "lu-14:00", "xx-10:00-11:00", "lu-25:00-26:00"])
def test_creneau_illisible(texte):
    with pytest.raises(ValueError):
        lire_creneau(texte)


def test_libelles_des_creneaux():
    assert Creneau(0, 840, 990).libelle() == "Lundi de 14 h à 16 h 30"
    assert Creneau(None).libelle() == "Tous les jours, toute la journée"


def test_lignes_du_formulaire():
    donnees = QueryDict(mutable=True)
    for jour, de, a in [("lu", "14:00", "16:00"), ("", "", ""), ("sa", "", ""), ("ma", "16:00", "10:00"),
                        ("me", "10:00", ""), ("je", "09:00", "12:00")]:
        donnees.appendlist("jour", jour)
        donnees.appendlist("de", de)
        donnees.appendlist("a", a)
    donnees.appendlist("journee", "5")
    creneaux, lignes = lire_lignes(donnees)
    assert creneaux == [Creneau(0, 840, 960), Creneau(5), Creneau(3)]  # row 6 is « toute la journée »
    assert [ligne.champ_erreur for ligne in lignes] == ["", "", "", "a", "a", ""]
    assert lignes[3].erreur == "L'heure de fin doit être après l'heure de début."


def test_horaires_ouverture_de_la_carte_nationale():
    texte = json.dumps([{"day": "now"}, {"day": "mo", "period": "hours", "start": "14:00", "end": "16:00"},
                        {"day": "all", "period": "all"}])
    creneaux, maintenant = lire_horaires_ouverture(texte)
    assert maintenant and creneaux == [Creneau(0, 840, 960), Creneau(None)]
    o = lire("horaires_ouverture=" + texte)
    assert o.maintenant and ("creneau", "lu-14:00-16:00") in o.params()
