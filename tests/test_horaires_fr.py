"""imports/normalisation/horaires_fr*.py: French hours (free text, per-day and half-day columns) → OSM opening_hours.

The expected values were decided by reading each cell: what the producer means, never hours we would have to guess.
The real cells are copied literally from ../shared/data (hours only, no contact details).
"""

import csv
import io
import re

import pytest
from django.conf import settings

from imports.normalisation.horaires_fr import depuis_texte
from imports.normalisation.horaires_fr_colonnes import depuis_jours, jour_de_colonne
from lieux import horaires, regles

DONNEES = settings.SHARED_DIR / "data"
PRODUITS: list[str] = []  # every OSM string these tests produced, checked by the last test


def texte(t, **kw):
    r = depuis_texte(t, **kw)
    PRODUITS.append(r.osm)
    return r


def jours(colonnes):
    r = depuis_jours(colonnes)
    PRODUITS.append(r.osm)
    return r


# --- free text: what is understood ------------------------------------------------------------------------------

COMPRIS = [
    ("du lundi au vendredi de 9h à 12h et de 13h30 à 17h", "Mo-Fr 09:00-12:00,13:30-17:00"),
    ("L au V 8h30-19h", "Mo-Fr 08:30-19:00"),
    ("Mar : 14h-19h / Mer : 10h-12h", "Tu 14:00-19:00; We 10:00-12:00"),
    ("lun-ven 9h-12h", "Mo-Fr 09:00-12:00"),
    ("lundi, mardi et jeudi 9h-12h", "Mo,Tu,Th 09:00-12:00"),
    ("Les lundis de 9 h 30 à midi", "Mo 09:30-12:00"),
    ("Mardi 09:30-12:00", "Tu 09:30-12:00"),
    ("Mardi 9.30-12.00", "Tu 09:30-12:00"),
    ("Mardi 9h00-12h00", "Tu 09:00-12:00"),
    ("mercredi 9h12h 14h18h", "We 09:00-12:00,14:00-18:00"),
    ("Lundi au vendredi 9h-12h / 14h-17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
    ("LUNDI AU VENDREDI 9H-12H | SAMEDI 9H-12H", "Mo-Sa 09:00-12:00"),
    ("le samedi matin de 9h à 12h", "Sa 09:00-12:00"),
    ("tous les jours de 10h à 18h", "Mo-Su 10:00-18:00"),
    ("7j/7 de 8h à 20h", "Mo-Su 08:00-20:00"),
    ("24h/24 7j/7", "24/7"),
    ("tous les jours 24h/24", "24/7"),
    ("du lundi au vendredi 9h-12h / 14h-17h sauf mercredi après-midi",
     "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00"),
    ("du lundi au vendredi 9h-17h sauf mercredi", "Mo,Tu,Th,Fr 09:00-17:00"),
    ("du lundi au vendredi 9h-17h sauf le mercredi 9h-12h", "Mo,Tu,Th,Fr 09:00-17:00; We 09:00-12:00"),
    ("Du lundi au samedi 9h-18h, fermé le lundi", "Tu-Sa 09:00-18:00"),
    ("Lundi au vendredi 9h-17h ; fermé les jours fériés", "Mo-Fr 09:00-17:00; PH off"),
    ("Dimanche et jours fériés 10h-12h", "Su,PH 10:00-12:00"),
    ("Lundi au vendredi 9h-18h, fermé de 12h à 14h", "Mo-Fr 09:00-12:00,14:00-18:00"),
    ("Lundi : 9h-12h\nMardi : 14h-17h", "Mo 09:00-12:00; Tu 14:00-17:00"),
    ("Lundi :\n9h-12h", "Mo 09:00-12:00"),
    ("Jeudi 18h-minuit", "Th 18:00-24:00"),
    ("Du lundi au vendredi 9h-12h sans rendez-vous", "Mo-Fr 09:00-12:00"),
    ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00", "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"),
]


@pytest.mark.parametrize("cellule, osm", COMPRIS)
def test_texte_compris_entierement(cellule, osm):
    r = texte(cellule)
    assert (r.osm, r.complete, r.non_compris) == (osm, True, ())
    assert r.original == cellule and r.compris


# --- free text: what gives no weekly hours ------------------------------------------------------------------------

SANS_HORAIRES = [
    ("sur rendez-vous", "sur rendez-vous"),
    ("Uniquement sur RDV", "Uniquement sur RDV"),
    ("1er mardi du mois de 14h à 16h", "1er mardi du mois de 14h à 16h"),
    ("Pendant les vacances scolaires de 9h à 12h", "Pendant les vacances scolaires de 9h à 12h"),
    ("selon planning", "selon planning"),
    ("Horaires variables", "Horaires variables"),
    ("ouvert du mardi au samedi", "ouvert du mardi au samedi"),  # days without hours: no hours invented
    ("9h-12h et 14h-17h", "9h-12h et 14h-17h"),  # hours without days
    ("lundi matin", "lundi matin"),  # a half-day without hours: no 08:00-12:00 invented
    ("Lundi 14h-12h", "Lundi 14h-12h"),  # ends before it starts
    ("Lundi 9h-25h", "Lundi 9h-25h"),  # no 25 o'clock
    ("Tous les jours sur rendez-vous", "Tous les jours sur rendez-vous"),
]


@pytest.mark.parametrize("cellule, gardee", SANS_HORAIRES)
def test_texte_sans_horaires_hebdomadaires_garde_le_texte(cellule, gardee):
    r = texte(cellule)
    assert (r.osm, r.complete, r.non_compris) == ("", False, (gardee,))


PARTIELS = [
    ("|Du mardi au vendredi 9h-12h15 et 13h30-17h|Le samedi matin sur rendez-vous|",
     "Tu-Fr 09:00-12:15,13:30-17:00", ("samedi matin sur rendez-vous",)),
    ("Lundi au vendredi 9h-12h, 14h-17h hors vacances scolaires", "Mo-Fr 09:00-12:00,14:00-17:00",
     ("hors vacances scolaires",)),
    # the afternoon of a 09:00-18:00 day: where the morning ends is not said, so nothing is taken away
    ("Lundi au vendredi 9h-18h sauf mercredi après-midi", "Mo-Fr 09:00-18:00", ("sauf mercredi après-midi",)),
    ("Mardi 9h-12h ; 1er samedi du mois 9h-12h", "Tu 09:00-12:00", ("1er samedi du mois 9h-12h",)),
]


@pytest.mark.parametrize("cellule, osm, gardes", PARTIELS)
def test_texte_partiel(cellule, osm, gardes):
    r = texte(cellule)
    assert (r.osm, r.complete, r.non_compris) == (osm, False, gardes)


def test_le_rapport_dit_ce_qui_a_ete_compris():
    r = texte("du lundi au vendredi de 9h à 12h et de 13h30 à 17h ; fermé les jours fériés")
    assert r.compris == ("lundi–vendredi 09:00–12:00 et 13:30–17:00", "fermé les jours fériés")


def test_vide_et_tiret_ne_disent_rien_et_ne_sont_pas_a_signaler():
    assert texte("") == depuis_texte("") and texte("-").osm == "" and texte("-").complete


def test_osm_en_commentaire_seul_nest_pas_un_horaire():
    r = texte('"sur rendez-vous"')
    assert (r.osm, r.complete, r.non_compris) == ("", False, ("sur rendez-vous",))


# --- column names -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nom, sens", [
    ("h_lundi", (0, None, None)), ("Lundi matin", (0, "matin", None)), ("lundi après-midi", (0, "apres-midi", None)),
    ("LUNDI APRES-MIDI", (0, "apres-midi", None)), ("lundi_am", (0, "matin", None)), ("lundi_pm", (0, "apres-midi", None)),
    ("ouverture_lundi_matin", (0, "matin", "ouverture")), ("Ouverture matin lundi", (0, "matin", "ouverture")),
    ("Fermeture matin lundi", (0, "matin", "fermeture")), ("horaires_ouverture_mardi", (1, None, None)),
    ("mer", (2, None, None)), ("Jeu.", (3, None, None)), ("ven_pm", (4, "apres-midi", None)), ("sam", (5, None, None)),
    ("dim", (6, None, None)), ("mardiMatin", (1, "matin", None)), ("h_samedi", (5, None, None)),
])
def test_jour_de_colonne(nom, sens):
    assert jour_de_colonne(nom) == sens


@pytest.mark.parametrize("nom", ["nom", "date_lundi", "commentaire mardi", "lundi_mardi", "horaires", "marché"])
def test_colonnes_qui_ne_sont_pas_des_jours(nom):
    assert jour_de_colonne(nom) is None


# --- day and half-day columns -------------------------------------------------------------------------------------

def test_demi_journees_avec_croix_fermees_comme_dans_le_fichier_bfc():
    # a real MedNum BFC row: « x » crosses out Monday, Saturday afternoon and Sunday
    ligne = dict(zip(
        ["lundi matin", "lundi après-midi", "mardi matin", "mardi après-midi", "mercredi matin",
         "mercredi après-midi", "jeudi matin", "jeudi après-midi", "vendredi matin", "vendredi après-midi",
         "samedi matin", "samedi après-midi", "dimanche matin", "dimanche après-midi"],
        ["x", "x", "9h12h", "14h18h", "9h12h", "14h18h", "9h12h", "14h18h", "9h12h", "14h18h", "9h12h", "x", "x", "x"]))
    r = jours(ligne)
    assert (r.osm, r.complete) == ("Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00", True)


def test_oui_ou_croix_seuls_ne_donnent_pas_d_heures():
    r = jours({"lundi matin": "Oui", "mardi matin": "X", "mardi après-midi": "x"})
    assert (r.osm, r.complete) == ("", False)
    assert r.non_compris[0] == "lundi matin : Oui (ouvert, sans heures)"


def test_paires_ouverture_fermeture():
    r = jours({"Ouverture matin lundi": "9h", "Fermeture matin lundi": "12h", "Ouverture après-midi lundi": "14h",
               "Fermeture après-midi lundi": "17h30", "Ouverture matin mardi": "09:00",
               "Fermeture matin mardi": "12:00", "Nom": "Médiathèque"})
    assert (r.osm, r.complete) == ("Mo 09:00-12:00,14:00-17:30; Tu 09:00-12:00", True)


def test_paire_incomplete_dite():
    r = jours({"Ouverture matin lundi": "9h", "Fermeture matin lundi": "12h", "Ouverture matin mardi": "9h"})
    assert (r.osm, r.complete, r.non_compris) == ("Mo 09:00-12:00", False, ("Ouverture matin mardi : 9h",))


# --- real cells from ../shared/data (text copied literally) -------------------------------------------------------

REELS_TEXTE = [
    # Pyrénées-Atlantiques (Hubik), column « horaire »
    ("|Du lundi au vendredi : 9h-12h et 14h-17h|", "Mo-Fr 09:00-12:00,14:00-17:00", True),
    ("|Permanence numérique le lundi de 14h à 17h|", "Mo 14:00-17:00", True),
    ("|Mardi : 9h30 - 12h30|Mercredi : 14h30 - 18h30|Jeudi : 9h30 - 12h30|",
     "Tu,Th 09:30-12:30; We 14:30-18:30", True),
    ("|Lundi 14h - 18h30|Mardi/ jeudi: 14h - 18h|Mercredi 9h30 - 12h30 et 14h - 18h|Vendredi :10h - 12h ;14h- 18h|"
     "Samedi 10h - 12h|", "Mo 14:00-18:30; Tu,Th 14:00-18:00; We 09:30-12:30,14:00-18:00; "
     "Fr 10:00-12:00,14:00-18:00; Sa 10:00-12:00", True),
    ("|Jeudi : 14h-19h et Samedi : 14h-18h|", "Th 14:00-19:00; Sa 14:00-18:00", True),
    ("|Du lundi au samedi : 10h-19h|", "Mo-Sa 10:00-19:00", True),
    ("|Du lundi au vendredi : 9h-21h |Le samedi 9h-18h|", "Mo-Fr 09:00-21:00; Sa 09:00-18:00", True),
    ("|Lundi / Jeudi / Vendredi : 8h30-12h30 et 13h30-17h30|Mardi (sur rendez-vous) : 8h30-12h30 et 13h30-17h30|"
     "Mercredi : 8h30-11h30 |", "Mo,Th,Fr 08:30-12:30,13:30-17:30; We 08:30-11:30", False),
    ("|Lundi : 8h45-12h|Mardi : 8h45-12h et 13h30-17h|Mercredi : 8h45-12h|Jeudi : 8h45-12h00 et 13h30-17h|"
     "Vendredi : 8h45-12h|", "Mo,We,Fr 08:45-12:00; Tu,Th 08:45-12:00,13:30-17:00", True),
    ("|De septembre à juin|Lundi et jeudi : 14h-16h|Mardi : 9h30-12h et 14h-16h|Mercredi : 14h-16h et 16h-17h30* "
     "(*créneau jeunes)|Vendredi : 16h-18h|Samedi :  9h30-12h|",
     "Mo,Th 14:00-16:00; Tu 09:30-12:00,14:00-16:00; We 14:00-17:30; Fr 16:00-18:00; Sa 09:30-12:00", False),
    ("Mercredi matin sur rendez-vous (9h-12h hors vacances scolaires)", "", False),
    ("|9h-12h et 14h-17h|", "", False),
    ("Selon interventions", "", False),
    # Région Sud 2022 (its U+FFFD are Latin-1 letters lost upstream)
    ("Lundi au vendredi 9h-12h/14h-18h", "Mo-Fr 09:00-12:00,14:00-18:00", True),
    ("Lundi au Vendredi de 8h30 - 12h30 13h30 - 17h30", "Mo-Fr 08:30-12:30,13:30-17:30", True),
    ("Lundi au Vendredi de 8h30 \ufffd 12h30 | 13h30 \ufffd 17h30", "Mo-Fr 08:30-12:30,13:30-17:30", True),
    ("mardi mercredi et vendredi : 14h-18h |samedi : 9h-13h", "Tu,We,Fr 14:00-18:00; Sa 09:00-13:00", True),
    ("du Lundi au Jeudi 08:30 - 12:00 / 13:30 - 17:00 | Vendredi 08:30 - 12:00",
     "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00", True),
    ("Lundi 14h-17h; mardi au vendredi 9h-12h/14h-17h", "Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00", True),
    ("Mardi 12h-14h mercredi 12h-18h jeudi 18h-21h", "Tu 12:00-14:00; We 12:00-18:00; Th 18:00-21:00", True),
    ("lundi 13h30 -17h30 mardi 8h -12h et 13h30- 17h30 jeudi 8h-12h et 13h30 -17h30 vendredi 8h-12h",
     "Mo 13:30-17:30; Tu,Th 08:00-12:00,13:30-17:30; Fr 08:00-12:00", True),
    ("Lundi Vendredi de 08:00 \ufffd 12:00 et de 14:00 \ufffd 16:00; Mardi Mercredi Jeudi de 08:00 \ufffd 12:00",
     "Mo,Fr 08:00-12:00,14:00-16:00; Tu-Th 08:00-12:00", True),
    ("Mardi , Mercredi de 09h \ufffd 12h et de 14h \ufffd 17h - Jeudi de 14h \ufffd 17h",
     "Tu,We 09:00-12:00,14:00-17:00; Th 14:00-17:00", True),
    ("Lundi et vendredi 9h-12h/14h16h30", "Mo,Fr 09:00-12:00,14:00-16:30", True),
    ("Lundi au vendredi : 9h-12h30.13h30-17h; La journ\ufffde le samedi en cas d'\ufffdv\ufffdnementiel",
     "Mo-Fr 09:00-12:30,13:30-17:00", False),
    ("Tous les jours sur rendez-vous", "", False),
    ("Sur rendez-vous du lundi au vendredi 9h-12h/14h-21h", "", False),
    ("du Lundi 03 F\ufffdvrier 2020 au Lundi 09 Mars 2020, de 14h \ufffd 16h", "", False),
    ("Lundi 9H-12H; Mardi 9H-12H/14H-14H30; Mercredi 14H-16H",
     "Mo 09:00-12:00; Tu 09:00-12:00,14:00-14:30; We 14:00-16:00", True),
    # MedNum BFC 2020 export, column « horaires » (HTML list)
    ("<ul><li>- lundi matin: 8h30-12h30</li><li>- mardi matin: 8h30-12h30</li><li>- mercredi matin: 8h30-12h30</li>"
     "<li>- jeudi matin: 8h30-12h30</li><li>- vendredi matin: 8h30-12h30</li><li>- </li><li>- </li></ul>",
     "Mo-Fr 08:30-12:30", True),
    ("<ul><li>- </li><li>- mardi matin: 9h12h / mardi après-midi: 14h18h<br>\n</li><li>- samedi matin: 9h12h</li>"
     "<li>- </li></ul>", "Tu 09:00-12:00,14:00-18:00; Sa 09:00-12:00", True),
    # an empty HTML list: nothing to understand, nothing to report
    ("<ul><li>- </li><li>- </li><li>- </li><li>- </li><li>- </li><li>- </li><li>- </li></ul>", "", True),
]


@pytest.mark.parametrize("cellule, osm, complete", REELS_TEXTE)
def test_cellules_reelles_en_texte(cellule, osm, complete):
    r = texte(cellule)
    assert (r.osm, r.complete) == (osm, complete), r


REELS_JOURS = [
    # France Services 2020: h_lundi … h_samedi
    ({"h_lundi": "9h - 12h / 14h – 17h", "h_mardi": "9h - 12h / 14h – 17h", "h_mercredi": "9h - 12h / 14h – 17h",
      "h_jeudi": "9h - 12h / 14h – 17h", "h_vendredi": "9h – 12h", "h_samedi": "-"},
     "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00", True),
    ({"h_lundi": "9 h 12\xa0h / 14 h 17 h", "h_mardi": "9 h 30  -  13 h / 14 h - 17 h 30", "h_samedi": "8H30 – 12H"},
     "Mo 09:00-12:00,14:00-17:00; Tu 09:30-13:00,14:00-17:30; Sa 08:30-12:00", True),
    ({"h_lundi": "9h00- 12h30\xa0\xa0 13h30-17h30", "h_mardi": "9H00–12H30/13H30–17H30", "h_mercredi": "Sur RDV",
      "h_samedi": "9h – 12h le premier samedi de chaque mois"},
     "Mo,Tu 09:00-12:30,13:30-17:30", False),
    ({"h_lundi": "13-17", "h_mardi": "9-12/13-17", "h_vendredi": "9-12", "h_samedi": "-"},
     "Mo 13:00-17:00; Tu 09:00-12:00,13:00-17:00; Fr 09:00-12:00", True),
    ({"h_lundi": "09h/12h et 13h30/17h30", "h_mardi": "13h30/17h30", "h_samedi": "Sur RDV"},
     "Mo 09:00-12:00,13:30-17:30; Tu 13:30-17:30", False),
    ({"h_lundi": "9h-16h30 selon planning permanences", "h_samedi": "-"}, "", False),
    ({"h_samedi": "Pendant les vacances scolaires \n9h-12h et 13h-17h"}, "", False),
    # one run-on sentence: the appointment part cannot be told apart, so the whole cell is set aside
    ({"h_lundi": "9h00 à 12h00 sans rendez-vous14h00 à 17h00 sur rendez-vous"}, "", False),
    # MedNum BFC 2023: one column per half-day
    ({"lundi matin": "8h30-12h", "lundi après-midi": "13h30-17h", "mardi matin": "8h30-12h",
      "mardi après-midi": "13h30-17h", "mercredi matin": "8h30-12h", "samedi matin": "", "dimanche matin": "-"},
     "Mo,Tu 08:30-12:00,13:30-17:00; We 08:30-12:00", True),
    ({"mardi matin": "14h-12h", "mardi après-midi": "14h-17h"}, "Tu 14:00-17:00", False),
    ({"lundi matin": "x", "samedi matin": "souscondition", "samedi après-midi": "souscondition"}, "", False),
]


@pytest.mark.parametrize("colonnes, osm, complete", REELS_JOURS)
def test_cellules_reelles_par_jour(colonnes, osm, complete):
    r = jours(colonnes)
    assert (r.osm, r.complete) == (osm, complete), r


# --- coverage over every real cell --------------------------------------------------------------------------------

def _lignes(nom, separateur=",", sauter=0):
    flux = io.StringIO((DONNEES / nom).read_text(encoding="utf-8", errors="replace"))
    for _ in range(sauter):
        flux.readline()  # Hubik's sheet has an empty first header row
    return list(csv.DictReader(flux, delimiter=separateur))


def cellules_reelles():
    """Distinct free-text hours cells and distinct rows of day columns of ../shared/data."""
    textes, grilles = {}, {}
    for nom, separateur, sauter, colonnes in [
        ("acc-bfc__2020-07-09_BFC-TERNUM_export.csv", ",", 0, ["horaires"]),
        ("acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv", ";", 1, ["horaire"]),
        ("mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv", ";", 0,
         ["horaires_ouverture_brut", "horaires_ouverture_osm", "horaires_grand_public"]),
    ]:
        for ligne in _lignes(nom, separateur, sauter):
            for colonne in colonnes:
                if valeur := (ligne.get(colonne) or "").strip():
                    textes[valeur] = None
    for nom in ["bfc__bfc-ternum-dataset.csv", "fsmap__france_services.csv"]:
        for ligne in _lignes(nom):
            grille = tuple((k, v) for k, v in ligne.items() if k and jour_de_colonne(k))
            if any((v or "").strip() for _, v in grille):
                grilles[grille] = None
    return list(textes), [dict(g) for g in grilles]


def test_couverture_sur_les_fichiers_reels():
    textes, grilles = cellules_reelles()
    assert len(textes) > 400 and len(grilles) > 500
    avec_chiffre = [t for t in textes if re.search(r"\d", t)]
    resultats = [texte(t) for t in avec_chiffre] + [jours(g) for g in grilles]
    convertis = sum(1 for r in resultats if r.osm)
    completes = sum(1 for r in resultats if r.osm and r.complete)
    part, part_complete = convertis / len(resultats), completes / len(resultats)
    message = (f"{convertis}/{len(resultats)} cellules converties ({part:.1%}), "
               f"dont {completes} entièrement ({part_complete:.1%})")
    assert part >= 0.93 and part_complete >= 0.85, message
    assert all(r.non_compris for r in resultats if not r.complete), "un texte partiel dit toujours ce qu'il écarte"


def test_cellules_reelles_sans_chiffre_ne_donnent_jamais_d_heures():
    textes, _ = cellules_reelles()
    sans_chiffre = [t for t in textes if not re.search(r"\d", t) and "24" not in t]
    assert sans_chiffre and all(texte(t).osm == "" for t in sans_chiffre)


def test_zz_tout_osm_produit_est_lisible_par_le_projet():
    """Runs last in file order (-p no:randomly) or alone: then it converts every case above itself."""
    produits = [p for p in PRODUITS if p]
    if len(produits) < 100:  # run alone or shuffled: convert every case of this file again
        produits = [depuis_texte(c).osm for c, *_ in COMPRIS + PARTIELS + REELS_TEXTE]
        produits += [depuis_jours(c).osm for c, *_ in REELS_JOURS]
        textes, grilles = cellules_reelles()
        produits += [depuis_texte(t).osm for t in textes] + [depuis_jours(g).osm for g in grilles]
        produits = [p for p in produits if p]
    illisibles = [p for p in produits if not regles.horaires_valides(p)]
    assert not illisibles
    assert all(horaires.analyser(p).connues for p in set(produits))
