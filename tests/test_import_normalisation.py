"""Normalisers, one small function per family of fields, on values found in the real files."""

import datetime as dt
import json

import pytest
from django.conf import settings

from imports import anciennes_versions
from imports.normalisation.adresse import cle_commune, normalise_code_insee, normalise_code_postal
from imports.normalisation.contact import (
    normalise_courriels,
    normalise_telephones,
    normalise_url,
    normalise_urls,
)
from imports.normalisation.coordonnees import normalise_coordonnees, parse_nombre
from imports.normalisation.dates import parse_date
from imports.normalisation.listes import normalise_liste, normalise_typologie
from imports.normalisation.texte import en_texte, nettoie, tronque

# --- texte ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("brut, attendu", [
    (None, ""), ("NULL", ""), ("nan", ""), (" - ", ""), ("N/A", ""), ("Non renseigné", ""),
    ("  Médiathèque\xa0 du  Centre ", "Médiathèque du Centre"),
    ("Ligne 1\r\nLigne 2", "Ligne 1 Ligne 2"),
    ("'=SOMME(A1)", "=SOMME(A1)"),  # our export's formula guard is removed on the way back
    ("e\u0301cole", "école"),  # NFC
    ("a\x00b\x1fc", "abc"),
])
def test_nettoie(brut, attendu):
    assert nettoie(brut) == attendu


def test_nettoie_multiligne_garde_les_retours():
    assert nettoie("Accueil  libre.\r\n\r\nSur  rendez-vous.", multiligne=True) == "Accueil libre.\n\nSur rendez-vous."


@pytest.mark.parametrize("brut, attendu", [(49650, "49650"), (49650.0, "49650"), (47.29, "47.29"), (True, "oui"),
                                           (["A", "B"], "A|B"), (float("nan"), "")])
def test_en_texte(brut, attendu):
    assert en_texte(brut) == attendu


def test_tronque_sur_un_mot():
    assert tronque("un deux trois quatre", 12) == "un deux…"
    assert len(tronque("x" * 300, 280)) == 280


# --- téléphones -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("brut, code_postal, attendu", [
    ("04 93 12 34 56", "06000", ("+33493123456", ())),
    ("04.93.12.34.56", "", ("+33493123456", ())),
    ("+33 (0)4 93 12 34 56", "", ("+33493123456", ())),
    ("0262 12 34 56", "97400", ("+262262123456", ())),  # Réunion, from the postcode
    ("0590 12 34 56", "97100", ("+590590123456", ())),  # Guadeloupe
    ("06 48 82 86 34", "49650", ("+33648828634", ())),
    ("04 93 00 00 01 / 06 12 34 56 78", "06000", ("+33493000001", ("+33612345678",))),
    ("Tél. : 02 41 00 00 00 (accueil) ou 02 41 00 00 01", "49000", ("+33241000000", ("+33241000001",))),
    ("3230", "", ("+33969322121", ())),  # CAF short number
    ("", "", ("", ())),
])
def test_telephones(brut, code_postal, attendu):
    assert normalise_telephones(brut, code_postal) == attendu


@pytest.mark.parametrize("brut", ["+3321276098", "39 49", "0000", "pas de téléphone"])
def test_telephone_invalide(brut):
    with pytest.raises(ValueError, match="n'est pas un numéro de téléphone valide"):
        normalise_telephones(brut, "")


def test_la_validite_ne_depend_que_des_cinq_premiers_chiffres():
    """What e164_valide relies on: in the standard's country codes, phonenumbers' validity of a number depends only
    on the first five digits of its national number and on its length. Checked on example numbers of every type of
    every region and on random numbers, each with 25 random endings."""
    import random

    import phonenumbers
    from phonenumbers import PhoneNumberType
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    from imports.normalisation.contact import e164_valide

    rng = random.Random(4)
    numeros = []
    for indicatif in (33, 262, 590, 594, 596, 269, 687, 689, 508, 681):
        for region in COUNTRY_CODE_TO_REGION_CODE[indicatif]:
            for type_ in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE,
                          PhoneNumberType.VOIP, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE):
                if exemple := phonenumbers.example_number_for_type(region, type_):
                    numeros.append((indicatif, str(exemple.national_number)))
        for _ in range(60):
            longueur = rng.choice((6, 7, 8, 9))
            numeros.append((indicatif, f"{rng.randrange(10 ** longueur):0{longueur}d}"))
    for indicatif, national in numeros:
        reste = len(national) - 5
        if reste < 1:
            continue
        variantes = [f"+{indicatif}{national[:5]}{rng.randrange(10 ** reste):0{reste}d}" for _ in range(25)]
        validites = {phonenumbers.is_valid_number(phonenumbers.parse(v)) for v in [f"+{indicatif}{national}", *variantes]}
        assert len(validites) == 1, (indicatif, national)
        assert e164_valide(f"+{indicatif}{national}") == validites.pop()


def test_telephone_etranger_refuse_avec_son_indicatif():
    with pytest.raises(ValueError, match=r"\+44"):
        normalise_telephones("+44 20 7946 0958", "")


# --- courriels, sites ---------------------------------------------------------------------------------------


def test_courriels():
    assert normalise_courriels("Contact : Jean.Dupont@Mairie.fr ; mailto:x@y.fr et z[a]w.org / bad@") == (
        ["jean.dupont@mairie.fr", "x@y.fr", "z@w.org"], ["bad@"]
    )
    assert normalise_courriels("csclepalabregmail.com") == ([], ["csclepalabregmail.com"])
    assert normalise_courriels("écoles@ville.fr") == (["ecoles@ville.fr"], [])
    assert normalise_courriels("a@b.fr|a@b.fr") == (["a@b.fr"], [])


@pytest.mark.parametrize("brut, attendu", [
    ("www.mairie.fr", "http://www.mairie.fr"),
    ("https//:mairie.fr/Page", "https://mairie.fr/Page"),
    ("://www.initiativesemplois.fr", "http://www.initiativesemplois.fr"),
    ("HTTP://WWW.Mairie.FR/Page", "http://www.mairie.fr/Page"),
    ("www:mairie.fr", "http://www.mairie.fr"),
    ("http://", ""), ("https://", ""), ("www", ""), ("-", ""),  # placeholders: nothing
])
def test_url(brut, attendu):
    assert normalise_url(brut) == attendu


def test_url_invalide():
    with pytest.raises(ValueError, match="n'est pas une adresse web valide"):
        normalise_url("services")


def test_urls_multiples():
    assert normalise_urls("https://a.fr;www.b.fr, http://c.fr | https://a.fr http://") == (
        ["https://a.fr", "http://www.b.fr", "http://c.fr"], []
    )


# --- adresse --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("brut, attendu", [
    ("49000", ("49000", False)), ("6000", ("06000", True)), ("6000.0", ("06000", True)), ("49 000", ("49000", False)),
    ("380000", ("", False)), ("30252Cedex", ("", False)), ("", ("", False)),
])
def test_code_postal(brut, attendu):
    assert normalise_code_postal(brut) == attendu


@pytest.mark.parametrize("brut, attendu", [("49007", ("49007", False)), ("2A004", ("2A004", False)),
                                           ("6088", ("06088", True)), ("ABC", ("", False))])
def test_code_insee(brut, attendu):
    assert normalise_code_insee(brut) == attendu


@pytest.mark.parametrize("nom, attendu", [
    ("MARSEILLE 11", ("marseille", 11)), ("Paris 15e Arrondissement", ("paris", 15)),
    ("St-Étienne CEDEX 2", ("saint etienne", None)), ("L'Île-d'Yeu", ("l ile d yeu", None)),
    ("Ste Maxime (Var)", ("sainte maxime", None)),
])
def test_cle_commune(nom, attendu):
    assert cle_commune(nom) == attendu


# --- dates ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("brut, attendu", [
    ("2024-04-02", dt.date(2024, 4, 2)), ("2024-04-02T23:30:00+02:00", dt.date(2024, 4, 2)),
    ("2024-04-01T23:30:00-02:00", dt.date(2024, 4, 2)), ("2023-05-11T10:00:00.000Z", dt.date(2023, 5, 11)),
    ("02/04/2024", dt.date(2024, 4, 2)), ("2/4/24", dt.date(2024, 4, 2)), ("19/02/2020 14h30", dt.date(2020, 2, 19)),
    ("2024/04/02 10:00:00", dt.date(2024, 4, 2)), ("1712052000", dt.date(2024, 4, 2)),
    ("1712052000000", dt.date(2024, 4, 2)),
])
def test_dates(brut, attendu):
    assert parse_date(brut) == attendu


@pytest.mark.parametrize("brut", ["31/02/2024", "hier", "2024-13-01"])
def test_date_illisible(brut):
    with pytest.raises(ValueError, match="date"):
        parse_date(brut)


# --- coordonnées ----------------------------------------------------------------------------------------------


def test_nombres():
    assert parse_nombre("43,361158") == 43.361158
    assert parse_nombre(" -1,399247 ") == -1.399247
    assert parse_nombre("nan") is None and parse_nombre(None) is None
    with pytest.raises(ValueError):
        parse_nombre("47°N")


def test_coordonnees_lambert93_a_virgule_du_maine_et_loire():
    """x/y of the first Maine-et-Loire record (Allonnes): Lambert-93 with decimal commas."""
    resultat = normalise_coordonnees("6692424,50691385", "475198,121680863")
    assert resultat.lambert93
    assert resultat.latitude == pytest.approx(47.294016, abs=1e-6)
    assert resultat.longitude == pytest.approx(0.02466, abs=1e-5)
    assert "Lambert-93" in resultat.avertissements[0]


def test_coordonnees_probablement_inversees_signalees_pas_corrigees():
    """The commune's polygon decides later (see test_import_semantique); here the numbers are only flagged."""
    resultat = normalise_coordonnees(5.0495589, 47.364205)
    assert (resultat.latitude, resultat.longitude, resultat.inversees) == (5.0495589, 47.364205, True)
    assert not normalise_coordonnees(47.364205, 5.0495589).inversees


@pytest.mark.parametrize("lat, lon, motif", [
    ("0", "0", "pas une position réelle"), (None, "4.2", "manquante"), ("91234", "12", "ni des degrés"),
    ("abc", "1", "n'est pas un nombre"),
])
def test_coordonnees_ignorees(lat, lon, motif):
    resultat = normalise_coordonnees(lat, lon)
    assert resultat.latitude is None and motif in resultat.avertissements[0]


def test_coordonnees_outre_mer_gardees():
    resultat = normalise_coordonnees("-20.88", "55.45")
    assert (resultat.latitude, resultat.longitude, resultat.avertissements) == (-20.88, 55.45, [])


# --- listes et anciennes versions ---------------------------------------------------------------------------


def test_services_v0_convertis():
    valeurs, refuses = normalise_liste(
        "services", "Devenir autonome dans les démarches administratives;Utiliser le numérique au quotidien;"
                    "Favoriser mon insertion professionnelle"
    )
    assert valeurs == {"services": ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
                                    "Insertion professionnelle via le numérique"]}
    assert refuses == []


def test_services_separes_par_des_virgules_comme_la_cnfs_2022():
    valeurs, _ = normalise_liste("services", "Prendre en main un smartphone ou une tablette, Prendre en main un "
                                             "ordinateur, Approfondir ma culture numérique")
    assert valeurs["services"] == ["Maîtrise des outils numériques du quotidien", "Compréhension du monde numérique"]


def test_libelles_longs_coupes_au_deux_points_et_variantes():
    assert normalise_liste("frais_a_charge", "Gratuit : Je peux accéder gratuitement au lieu et à ses services")[0] == {
        "frais_a_charge": ["Gratuit"]}
    assert normalise_liste("frais_a_charge", "Adhésion : n'importe quelle explication")[0] == {"frais_a_charge": ["Payant"]}
    assert normalise_liste("services", "S’équiper en matériel informatique")[0] == {
        "services": ["Acquisition de matériel informatique à prix solidaire"]}
    assert normalise_liste("modalites_acces", "ce lieu n’accueille pas de public")[0] == {
        "modalites_acces": ["Ce lieu n'accueille pas de public"]}
    assert normalise_liste("services", "Comprehension du monde numerique")[0] == {
        "services": ["Compréhension du monde numérique"]}


def test_publics_accueillis_repartis():
    valeurs, refuses = normalise_liste("publics_accueillis", "Adultes;Familles/enfants;Jeunes (16-26 ans);"
                                                             "Déficience visuelle;Public langues étrangères")
    assert valeurs == {"publics_specifiquement_adresses": ["Familles et/ou enfants", "Jeunes"],
                       "prise_en_charge_specifique": ["Déficience visuelle", "Langues étrangères (autres)"]}
    assert refuses == []  # « Adultes » has no v1 value: dropped on purpose


def test_labels_nationaux_repartis():
    valeurs, _ = normalise_liste("labels_nationaux", "CNFS;France Services;APTIC;Fabriques de Territoire;SudLabs")
    assert valeurs == {"dispositif_programmes_nationaux": ["Conseillers numériques", "France Services"],
                       "autres_formations_labels": ["APTIC", "SudLabs"],
                       "formations_labels": ["Fabriques de Territoire"]}


def test_valeur_inconnue_refusee():
    assert normalise_liste("services", "Aide aux démarches administratives|Cours de cuisine") == (
        {"services": ["Aide aux démarches administratives"]}, ["Cours de cuisine"])


def test_typologie():
    assert normalise_typologie("TIERS_LIEUX|asso;PE|XYZ") == (["TIERS_LIEUX", "ASSO", "FT"], ["XYZ"])


def test_la_copie_des_correspondances_v0_est_a_jour():
    officiel = json.loads((settings.SHARED_DIR / "standard" / "legacy-mappings.json").read_text(encoding="utf-8"))
    assert anciennes_versions._donnees() == officiel
