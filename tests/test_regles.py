"""Domain rules (`lieux.regles`) on the formats real producers publish.

The numbers below are made up but written the way they appear in /work/shared/data; the last tests run the
rules over the real files themselves (never copied here: they hold contact details).
"""

import csv
import json
import re

import pytest
from django.conf import settings

from lieux import regles, standard

DONNEES = settings.SHARED_DIR / "data"
HUB_DU_SUD_V1 = (
    "cartoclient__20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"
)
AIDE, LOISIRS = "Aide aux démarches administratives", "Loisirs et créations numériques"

# --- téléphone ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("brut", "code_postal", "attendu"),
    [
        ("04 93 00 00 00", None, "+33493000000"),
        ("0493000000", "06000", "+33493000000"),
        ("04.93.00.00.00", None, "+33493000000"),
        ("04-93-00-00-00", None, "+33493000000"),
        ("04 93 00 00\xa000", None, "+33493000000"),
        ("+33 (0)4 93 00 00 00", None, "+33493000000"),
        ("+33 4 93 00 00 00", None, "+33493000000"),
        ("0033 4 93 00 00 00", None, "+33493000000"),
        ("+330493000000", None, "+33493000000"),  # trunk 0 kept after +33
        ("+0493000000", None, "+33493000000"),  # stray plus before a national number
        ("+33493000000", None, "+33493000000"),
        ("06 12 34 56 78", "49000", "+33612345678"),
        ("09 70 00 00 00", None, "+33970000000"),
        ("0 800 00 00 00", None, "+33800000000"),
        ("Tél. : 04 93 00 00 00 (accueil)", None, "+33493000000"),
        # several numbers in the cell: the first valid one
        ("04 93 00 00 00 / 06 12 34 56 78", None, "+33493000000"),
        ("04 93 00 00 00 - 06 12 34 56 78", None, "+33493000000"),
        ("04 93 00 00 00 ou 06 12 34 56 78", None, "+33493000000"),
        ("3949 / 04 93 00 00 00", None, "+33493000000"),
        # overseas, read with the postcode or recognised by their prefix
        ("0262 30 00 00", "97400", "+262262300000"),
        ("262 262 30 00 00", "97400", "+262262300000"),
        ("+2620262300000", "97430", "+262262300000"),
        ("0692 00 00 00", "97410", "+262692000000"),
        ("0262 30 00 00", "97600", "+262262300000"),
        ("0269 61 00 00", "97600", "+262269610000"),  # Mayotte: +262 too
        ("+269 269 61 00 00", "97615", "+262269610000"),  # Mayotte before 2007
        ("0590 41 00 00", "97110", "+590590410000"),
        ("0590 41 00 00", None, "+590590410000"),
        ("0690 23 00 00", "97150", "+590690230000"),  # Saint-Martin dials +590
        ("0596 67 00 00", "97200", "+596596670000"),
        ("0594 34 00 00", "97300", "+594594340000"),
        ("41 22 33", "97500", "+508412233"),  # Saint-Pierre-et-Miquelon
        ("72 12 34", "98600", "+681721234"),  # Wallis-et-Futuna
        ("40 41 22 33", "98713", "+68940412233"),  # Polynésie française
        ("41 22 33", "98800", "+687412233"),  # Nouvelle-Calédonie
        ("+687 41 22 33", None, "+687412233"),
    ],
)
def test_normalise_telephone(brut, code_postal, attendu):
    resultat = regles.normalise_telephone(brut, code_postal)
    assert resultat == attendu
    assert re.match(standard.TELEPHONE_PATTERN, resultat)
    assert regles.telephone_valide(resultat)


@pytest.mark.parametrize("vide", ["", "   ", None])
def test_telephone_vide(vide):
    assert regles.normalise_telephone(vide) == ""


@pytest.mark.parametrize(
    "brut",
    [
        "39 49",  # short numbers (France Travail, CAF): not reachable in E.164
        "3631",
        "+",
        "+33",
        "+33-72041680",  # one digit missing
        "04 93 00 00",
        "04 93 00 00 00 00 00",
        "mairie@exemple.fr",
        "à venir",
        "41 22 33",  # a local number of a collectivité d'outre-mer, but which one? (no postcode)
    ],
)
def test_telephone_impossible(brut):
    with pytest.raises(ValueError, match="n'est pas un numéro de téléphone valide"):
        regles.normalise_telephone(brut)


def test_telephone_d_un_autre_pays():
    with pytest.raises(ValueError, match="indicatif \\(\\+41\\) que le standard n'admet pas"):
        regles.normalise_telephone("+41 21 234 56 78")


@pytest.mark.parametrize(
    ("valeur", "valide"),
    [
        ("+33493000000", True),
        ("+262262300000", True),
        ("+687412233", True),
        ("0493000000", False),  # not E.164
        ("+33 4 93 00 00 00", False),
        ("+262591911", False),  # matches the pattern, but too short for Réunion
        ("+269269610000", False),  # legacy Mayotte: stored as +262269610000
        ("+41212345678", False),
        ("", False),
    ],
)
def test_telephone_valide(valeur, valide):
    assert regles.telephone_valide(valeur) is valide


@pytest.mark.parametrize(("code_postal", "region"), [
    ("97400", "RE"), ("97133", "GP"), ("97600", "YT"), ("98800", "NC"), ("49000", None), ("", None),
    (None, None),
    ("30252Cedex", None),
])
def test_region_telephone(code_postal, region):
    assert regles.region_telephone(code_postal) == region


# --- pivot --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("brut", "normalise"),
    [
        ("434 933 123 00029", "43493312300029"),
        ("434.933.123.00029", "43493312300029"),
        (" 43493312300029 ", "43493312300029"),
        ("w751234567", "W751234567"),
        ("", standard.PIVOT_INCONNU),
        (None, standard.PIVOT_INCONNU),
        ("   ", standard.PIVOT_INCONNU),
    ],
)
def test_normalise_pivot(brut, normalise):
    assert regles.normalise_pivot(brut) == normalise


@pytest.mark.parametrize(
    ("pivot", "valide"),
    [
        ("43493312300029", True),  # SIRET of the official example file
        ("43493312300028", False),  # wrong Luhn key
        ("35600000000048", True),  # La Poste, head office
        ("35600000049837", True),  # La Poste establishment: no Luhn key, digit sum multiple of 5
        ("35600000049838", False),
        ("434933123", True),  # SIREN
        ("434933124", False),
        ("W751234567", True),  # RNA
        ("W9C1000047", True),
        (standard.PIVOT_INCONNU, True),
        ("2000739000010", False),  # 13 digits, as found in a real file
        ("34106240403159/APE:8790B", False),
        ("BibliothèquedeDzoumogne", False),
        ("", False),
    ],
)
def test_pivot_valide(pivot, valide):
    assert regles.pivot_valide(pivot) is valide
    assert (regles.erreur_pivot(pivot) is None) is valide


def test_erreur_pivot_en_francais():
    attendu = "Le SIRET « 43493312300028 » est invalide (clé de contrôle incorrecte)."
    assert regles.erreur_pivot("43493312300028") == attendu
    assert "compte 13 chiffres" in regles.erreur_pivot("2000739000010")
    assert "ni un SIRET" in regles.erreur_pivot("BIBLIO")


# --- horaires -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "horaires",
    [
        "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",  # official example file
        "Mo-Fr 9:00-12:00",
        "Tu,Th 14:00-17:00; PH off",
        "24/7",
        "",
    ],
)
def test_horaires_valides(horaires):
    assert regles.horaires_valides(horaires)
    assert regles.erreur_horaires(horaires) is None


@pytest.mark.parametrize("horaires", ["lundi 9h-12h", "Mo-Fr 25:00-26:00", "8h30-12h", "du lundi au samedi"])
def test_horaires_invalides(horaires):
    assert not regles.horaires_valides(horaires)
    erreur = regles.erreur_horaires(horaires)
    assert erreur.startswith("Horaires illisibles (caractère ")
    assert regles.EXEMPLE_HORAIRES in erreur


# --- listes -------------------------------------------------------------------------------------------------


def test_valeurs_liste_dedoublonne_et_garde_l_ordre():
    cellule = "|".join([LOISIRS, AIDE, LOISIRS])
    assert regles.valeurs_liste("services", cellule) == (
        [LOISIRS, AIDE], [])


def test_valeurs_liste_variantes_et_refus():
    cellule = "Comprehension du monde numérique| aide aux démarches administratives |Cours de cuisine|"
    assert regles.valeurs_liste("services", cellule) == (
        ["Compréhension du monde numérique", "Aide aux démarches administratives"], ["Cours de cuisine"])


def test_valeurs_liste_separateur_v0():
    assert regles.valeurs_liste("modalites_acces", "Se présenter;Ce lieu n’accueille pas de public", ";") == (
        ["Se présenter", "Ce lieu n'accueille pas de public"], [])


def test_valeurs_liste_etapes_numeriques():
    cellule = "Étapes numériques(La Poste)|Étapes numériques (La Poste)"
    assert regles.valeurs_liste("formations_labels", cellule) == (["Étapes numériques (La Poste)"], [])


def test_valeurs_liste_typologie():
    attendu = (["TIERS_LIEUX", "ASSO", "FT"], ["INCONNUE"])
    assert regles.valeurs_liste("typologie", "TIERS_LIEUX|asso|PE|INCONNUE") == attendu


@pytest.mark.parametrize("vide", ["", None, "|", " | "])
def test_valeurs_liste_vide(vide):
    assert regles.valeurs_liste("services", vide) == ([], [])


def test_valeurs_liste_champ_libre():
    assert regles.valeurs_liste("courriels", "a@exemple.fr| b@exemple.fr |a@exemple.fr") == (
        ["a@exemple.fr", "b@exemple.fr"], [])


# --- codes, sites -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("brut", "attendu", "valide"), [
    ("49000", "49000", True), ("49 000", "49000", True), ("6000", "06000", True), ("4900", "04900", True),
    ("30252Cedex", "30252Cedex", False), ("", "", False),
])
def test_code_postal(brut, attendu, valide):
    assert regles.normalise_code_postal(brut) == attendu
    assert regles.code_postal_valide(attendu) is valide


@pytest.mark.parametrize(("brut", "attendu", "valide"), [
    ("49007", "49007", True), ("2a004", "2A004", True), ("1053", "01053", True), ("97411", "97411", True),
    ("20004", "20004", False), ("", "", False),
])
def test_code_insee(brut, attendu, valide):
    assert regles.normalise_code_insee(brut) == attendu
    assert regles.code_insee_valide(attendu) is valide


@pytest.mark.parametrize(("brut", "attendu"), [
    ("www.exemple.fr", "https://www.exemple.fr"), ("http://exemple.fr/a", "http://exemple.fr/a"),
    (" https://exemple.fr ", "https://exemple.fr"), ("", ""),
])
def test_normalise_site_web(brut, attendu):
    assert regles.normalise_site_web(brut) == attendu


# --- on the real files --------------------------------------------------------------------------------------


def _telephones(lignes, colonne_tel, colonne_cp):
    for ligne in lignes:
        telephone = str(ligne.get(colonne_tel) or "").strip()
        if telephone:
            yield telephone, str(ligne.get(colonne_cp) or "")


def _lis_json(nom):
    return json.loads((DONNEES / nom).read_text(encoding="utf-8"))


def test_fichier_v1_hub_du_sud_deja_en_e164():
    lignes = _lis_json(HUB_DU_SUD_V1)
    telephones = list(_telephones(lignes, "telephone", "code_postal"))
    assert len(telephones) > 250
    for telephone, code_postal in telephones:
        assert regles.telephone_valide(telephone), telephone
        assert regles.normalise_telephone(telephone, code_postal) == telephone


def test_fichier_conseillers_numeriques_2022():
    """Mixed formats (E.164, +330…, national 0…, overseas): all but the truncated numbers are read."""
    lignes = _lis_json("cartoclient__lieux-de-mediation-numerique.cnfs.json")
    lus, refuses = [], []
    for telephone, code_postal in _telephones(lignes, "telephone", "code_postal"):
        try:
            lus.append((regles.normalise_telephone(telephone, code_postal), code_postal))
        except ValueError:
            refuses.append(telephone)
    assert len(lus) > 1700 and len(refuses) < 40
    assert all(regles.telephone_valide(e164) for e164, _ in lus)
    # overseas lieux get their territory's country code
    indicatifs = {"971": "+590", "972": "+596", "973": "+594", "974": "+262", "976": "+262"}
    for e164, code_postal in lus:
        if code_postal[:3] in indicatifs and not e164.startswith("+338"):
            assert e164.startswith(indicatifs[code_postal[:3]]), (e164, code_postal)
    # every national number (0X XX XX XX XX) is read; what is refused was mangled upstream (+33 + 8 digits…)
    assert all(telephone.startswith("+") for telephone in refuses), refuses


def test_fichier_bfc_numeros_espaces():
    with open(DONNEES / "bfc__bfc-ternum-dataset.csv", encoding="utf-8", newline="") as fichier:
        lignes = list(csv.DictReader(fichier))
    lus = [regles.normalise_telephone(t, cp) for t, cp in _telephones(lignes, "contact_tel", "code_postal")
           if re.fullmatch(r"\d\d( \d\d){4}", t)]
    assert len(lus) > 350
    assert all(t.startswith("+33") and len(t) == 12 for t in lus)


def test_fichier_v1_hub_du_sud_pivots():
    lignes = _lis_json(HUB_DU_SUD_V1)
    pivots = [regles.normalise_pivot(str(ligne.get("pivot") or "")) for ligne in lignes]
    assert all(regles.pivot_valide(p) for p in pivots)


def test_fichier_v1_hub_du_sud_listes():
    lignes = _lis_json(HUB_DU_SUD_V1)
    for ligne in lignes:
        for champ in standard.CHAMPS_ENUMERES:
            _, refusees = regles.valeurs_liste(champ.nom, ligne.get(champ.nom) or "")
            assert not refusees, (champ.nom, refusees)


def test_typologie_insensible_a_la_casse_ecrite_comme_le_referentiel():
    assert regles.valeurs_liste("typologie", "autre|ccas|Tiers_Lieux") == (["Autre", "CCAS", "TIERS_LIEUX"], [])


# --- issue 19 item 8: overseas numbers decided by the number itself and by the postcode; bracketed country codes ----

@pytest.mark.parametrize(("texte", "code_postal", "attendu"), [
    ("(+33)4 93 00 00 00", "", "+33493000000"),
    ("(0033) 4 93 00 00 00", "", "+33493000000"),
    ("0033 4 93 00 00 00", "", "+33493000000"),
    ("04.93.00.00.00", "", "+33493000000"),
    ("(+596) 596 60 12 34", "", "+596596601234"),
    ("0596601234", "", "+596596601234"),  # Martinique from its own prefix, without a postcode
    ("05 96 60 12 34", "75001", "+596596601234"),  # … even when the postcode says nothing overseas
    ("0696 12 34 56", "97200", "+596696123456"),
    ("0590 82 12 34", "", "+590590821234"),
    ("0594 29 12 34", "", "+594594291234"),
    ("0262 20 12 34", "", "+262262201234"),
    ("0639 40 12 34", "", "+262639401234"),  # Mayotte's mobiles share Réunion's +262
    ("0269 61 00 00", "97600", "+262269610000"),
    ("0556 00 00 00", "", "+33556000000"),  # Bordeaux stays metropolitan
])
def test_telephones_outre_mer_et_formes_ecrites(texte, code_postal, attendu):
    assert regles.normalise_telephone(texte, code_postal) == attendu
