"""lieux/filtres.py: one parsing of the GET parameters for the map, the lists and the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.http import QueryDict

from lieux.filtres import NOMS, FiltresLieux
from lieux.models import Lieu
from tests.factories import creer_lieu

pytestmark = pytest.mark.usefixtures("ardoise_propre")
AIDE = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"


def filtres(texte, **kwargs):
    return FiltresLieux(QueryDict(texte), **kwargs)


def test_repeated_keys_and_comma_lists_give_the_same_values():
    repetes = filtres(f"services={AIDE}&services={LOISIRS}")
    virgules = filtres(f"services={AIDE},{LOISIRS}")
    assert repetes.listes == virgules.listes == {"services": [AIDE, LOISIRS]}
    assert repetes.cle() == virgules.cle()


def test_known_variants_are_read_as_the_canonical_value_and_unknown_values_reported():
    f = filtres("services=Comprehension du monde numérique&frais_a_charge=Bof")
    assert f.listes == {"services": ["Compréhension du monde numérique"]}
    assert f.erreurs == ["Valeur inconnue pour « Frais à charge » : « Bof »."]


def test_booleans_open_now_rounded_to_the_quarter_and_source():
    maintenant = dt.datetime(2026, 11, 23, 10, 7, 31, tzinfo=ZoneInfo("Europe/Paris"))
    f = filtres("prise_rdv=true&fiche_acces_libre=0&ouvert_actuellement=true&source=hub", maintenant=maintenant)
    assert f.oui == {"prise_rdv": True}
    assert f.ouvert_a == dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert f.source == "hub"
    instant = filtres("ouvert_actuellement=2026-11-24T14:52:00")
    assert instant.ouvert_a == dt.datetime(2026, 11, 24, 14, 45, tzinfo=ZoneInfo("Europe/Paris"))
    assert filtres("ouvert_actuellement=demain").erreurs == ["Instant d'ouverture illisible : « demain »."]


def test_territory_geo_and_national_map_url_forms():
    f = filtres("departement=2a&bbox=-1,47,0,48&near=47.47,-0.55&radius=5")
    assert f.territoire == ("departement", "2A")
    assert f.bbox == (-1.0, 47.0, 0.0, 48.0)
    assert (f.point.y, f.point.x, f.rayon_km) == (47.47, -0.55, 5.0)
    angular = filtres("latitude=47.47&longitude=-0.55&distance=30000")
    assert angular.rayon_km == 30.0 and angular.point.x == -0.55
    sans_rayon = filtres("latitude=47.47&longitude=-0.55")
    assert sans_rayon.point is not None and sans_rayon.rayon_km is None  # a point only orders by distance
    v6 = filtres("territoire_type=departements&territoires=49,44")
    assert v6.territoires == ("departement", ["49", "44"])


@pytest.mark.parametrize("texte, message", [
    ("bbox=1,2,3", "Emprise « bbox » invalide"),
    ("bbox=3,47,1,48", "Emprise « bbox » invalide"),
    ("near=95,2", "Point « near » invalide"),
    ("near=47,2&radius=500", "Le rayon doit être compris entre 0 et 100 km."),
    ("region=<script>", "Code de region invalide"),
    ("territoire_type=pays&territoires=FR", "incomplets"),
])
def test_bad_values_give_a_french_message(texte, message):
    f = filtres(texte)
    assert any(message in e for e in f.erreurs), f.erreurs


def test_chips_remove_one_value_each_and_keep_the_territory():
    f = filtres(f"services={AIDE}&services={LOISIRS}&prise_rdv=true&latitude=47.4&longitude=-0.5&distance=5000")
    puces = f.puces(autres=[("departement", "49")])
    assert [p.libelle for p in puces] == [AIDE, LOISIRS, "Prise de RDV en ligne", "Moins de 5 km"]
    sans_aide = QueryDict(puces[0].sans)
    assert sans_aide.getlist("services") == [LOISIRS] and sans_aide["departement"] == "49"
    sans_rayon = QueryDict(puces[3].sans)
    assert "latitude" not in sans_rayon and "distance" not in sans_rayon and sans_rayon["prise_rdv"] == "true"


def test_parameter_names_match_the_national_map():
    for nom in ("services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
                "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "prise_rdv",
                "fiche_acces_libre", "ouvert_actuellement", "territoire_type", "territoires", "latitude",
                "longitude", "distance", "modalites_acces", "itinerance"):
        assert nom in NOMS


@pytest.mark.django_db
def test_filtrer_ors_within_a_parameter_and_ands_across(geographie):
    aide = creer_lieu(services=[AIDE], frais_a_charge=["Gratuit"])
    loisirs = creer_lieu(services=[LOISIRS], frais_a_charge=["Payant"])
    creer_lieu(services=["Accès internet et matériel informatique"], frais_a_charge=["Gratuit"])
    rdv = creer_lieu(services=[AIDE], modalites_acces=["Prendre un RDV en ligne"])
    lien_rdv = creer_lieu(services=[LOISIRS], prise_rdv="https://rdv.example.fr/")
    base = Lieu.objects.actifs()
    assert set(filtres(f"services={AIDE},{LOISIRS}").filtrer(base)) == {aide, loisirs, rdv, lien_rdv}
    assert set(filtres(f"services={AIDE},{LOISIRS}&frais_a_charge=Gratuit").filtrer(base)) == {aide}
    assert set(filtres("prise_rdv=true").filtrer(base)) == {rdv, lien_rdv}


@pytest.mark.django_db
def test_filtrer_by_territory_box_and_radius(geographie):
    angers = creer_lieu()
    paris_15 = creer_lieu(code_insee="75115", code_postal="75015", commune="Paris",
                          localisation=Point(2.2920, 48.8410, srid=4326))
    rennes = creer_lieu(code_insee="35238", code_postal="35000", commune="Rennes",
                        localisation=Point(-1.6800, 48.1110, srid=4326))
    base = Lieu.objects.actifs()
    assert list(filtres("commune=75056").filtrer(base)) == [paris_15]  # Paris includes its arrondissements
    assert list(filtres("departement=49").filtrer(base)) == [angers]
    assert set(filtres("region=52").filtrer(base)) == {angers}
    assert set(filtres("territoire_type=departements&territoires=35,75").filtrer(base)) == {paris_15, rennes}
    assert list(filtres("bbox=-2,47.9,-1,48.5").filtrer(base)) == [rennes]
    assert list(filtres("near=47.47,-0.55&radius=10").filtrer(base)) == [angers]
    assert list(filtres("bbox=-2,47.9,-1,48.5").filtrer(base, bbox=False).order_by("uid")) == [angers, paris_15, rennes]


@pytest.mark.django_db
def test_par_distance_orders_nearest_first_with_the_knn_operator(geographie):
    loin = creer_lieu(localisation=Point(-0.50, 47.50, srid=4326))
    pres = creer_lieu(localisation=Point(-0.553, 47.474, srid=4326))
    point = Point(-0.5536, 47.4739, srid=4326)
    lieux = list(Lieu.objects.actifs().par_distance(point))
    assert lieux == [pres, loin]
    assert lieux[0].distance.m < 50 < lieux[1].distance.m
    assert "<->" in str(Lieu.objects.par_distance(point).query)


@pytest.mark.django_db
def test_open_now_uses_the_precomputed_opening_intervals(geographie):
    ouvert = creer_lieu(horaires="Mo-Su 00:00-24:00")
    creer_lieu(horaires="Mo-Fr 09:00-12:00")  # saved: PostgreSQL keeps their rows (lieux/projections/)
    samedi_soir = "2026-11-28T21:00:00+01:00"
    f = filtres(f"ouvert_actuellement={samedi_soir}")
    assert list(f.filtrer(Lieu.objects.actifs())) == [ouvert]
    assert f.erreurs == []


@pytest.mark.django_db
def test_the_map_mask_is_computed_by_postgresql_from_the_standard_fields(geographie):
    from lieux.projections import masque

    lieu = creer_lieu(services=[AIDE, LOISIRS], frais_a_charge=["Gratuit"], itinerance=["Itinérant"],
                      modalites_acces=["Prendre un RDV en ligne"], fiche_acces_libre="https://acceslibre.example/x")
    lieu.refresh_from_db()
    attendu = (masque.bits_de("services", [AIDE, LOISIRS]) | masque.bits_de("frais_a_charge", ["Gratuit"])
               | masque.bits_de("itinerance", ["Itinérant"]) | masque.bits_de("modalites_acces", ["Prendre un RDV en ligne"])
               | masque.RDV_EN_LIGNE | masque.ACCES_LIBRE)
    assert lieu.masque_carte == attendu
    Lieu.objects.filter(uid=lieu.uid).update(services=[LOISIRS], modalites_acces=[], fiche_acces_libre="")
    lieu.refresh_from_db()
    assert lieu.masque_carte == (masque.bits_de("services", [LOISIRS]) | masque.bits_de("frais_a_charge", ["Gratuit"])
                                 | masque.bits_de("itinerance", ["Itinérant"]))
    assert len(masque.BITS) == 59 and max(masque.BITS.values()) < 2**62

