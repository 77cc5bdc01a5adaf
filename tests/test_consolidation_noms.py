"""French place names in the record linkage: synonyms and acronyms fold into one kind of place, articles and
the commune's own name are not evidence, a structure name contains its service's distinctive words."""

from __future__ import annotations

import pytest

from lieux.consolidation.noms import analyse, forme_canonique, similarite_noms


@pytest.mark.parametrize(("a", "b"), [
    ("Médiathèque", "Bibliothèque"),
    ("MFS", "Maison France Services"),
    ("MFS", "France Services"),
    ("MSAP", "France services"),
    ("Maison de Service au Public", "France services"),
    ("CCAS", "Centre communal d'action sociale"),
    ("CIAS", "Centre intercommunal d'action sociale"),
    ("EPN", "Espace public numérique"),
    ("Cyber-base", "EPN"),
    ("Hôtel de ville", "Mairie"),
    ("PIJ", "Point Information Jeunesse"),
    ("Centre socio-culturel", "Centre social"),
    ("Tiers-lieu", "Tiers lieu"),
    ("La Poste", "Bureau de poste"),
])
def test_chaque_synonyme_donne_la_meme_categorie(a, b):
    assert analyse(a).categories == analyse(b).categories != frozenset()


@pytest.mark.parametrize(("a", "b"), [
    ("MFS de Riez", "France services Riez"),
    ("Médiathèque de Vence", "Bibliothèque municipale de Vence"),
    ("CCAS d'Antibes", "Centre Communal d'Action Sociale d'Antibes"),
    ("EPN de Martigues", "Espace Public Numérique Martigues"),
])
def test_meme_lieu_ecrit_autrement_est_concordant(a, b):
    commune = a.split()[-1].removeprefix("d'")
    s = similarite_noms(a, b, commune, commune)
    assert s.score >= 0.9 and not s.categories_en_conflit


def test_articles_accents_et_casse_ne_comptent_pas():
    attendu = forme_canonique("l ecole de la deuxieme chance")
    assert forme_canonique("L'ÉCOLE de la Deuxième Chance") == attendu
    assert similarite_noms("La Fruitière Numérique", "FRUITIERE NUMERIQUE").score == 1.0


def test_st_et_ste_sont_ecrits_en_entier():
    assert similarite_noms("Tiers Lieu Ste Marthe", "Tiers-lieu Sainte-Marthe").score == 1.0


def test_le_nom_de_la_commune_n_identifie_pas_le_lieu():
    a = analyse("France services Saint-Étienne-de-Tinée", "SAINT-ETIENNE-DE-TINEE")
    assert a.distinctifs == () and a.categories == {"cat_franceservices"}


def test_nom_de_structure_contient_les_mots_du_nom_de_service():
    s = similarite_noms("Entreprise Sociale Apprenante RESINE média", "Resine Media")
    assert s.inclusion and s.score >= 0.9


def test_un_seul_mot_court_en_commun_est_une_preuve_mince():
    s = similarite_noms("UDAF AFT", "Association familiale toulonnaise AFT")
    assert s.score <= 0.75


def test_deux_types_de_lieux_sont_en_conflit():
    s = similarite_noms("France Services de Vence", "Médiathèque de Vence", "Vence", "Vence")
    assert s.categories_en_conflit


def test_une_structure_porteuse_de_france_services_n_est_pas_en_conflit_avec_son_guichet():
    s = similarite_noms("France services Beaunois", "Communauté de communes du Pithiverais Gâtinais")
    assert s.porteur and not s.categories_en_conflit and s.score is None
    # a médiathèque, a mission locale or a tiers-lieu does not carry France Services desks
    for nom in ("Médiathèque de Vence", "Mission locale de Vence", "Tiers-lieu de Vence"):
        s = similarite_noms("France Services de Vence", nom, "Vence", "Vence")
        assert s.categories_en_conflit and not s.porteur


def test_un_nom_qui_porte_les_deux_types_n_est_pas_en_conflit():
    s = similarite_noms("France services Maison du département de Plan du Var", "Maison du Département")
    assert not s.categories_en_conflit and s.score >= 0.75


def test_un_nom_de_service_generique_ne_dit_rien():
    assert not analyse("Médiation numérique").informatif
    assert similarite_noms("Médiation numérique", "L'Encre Bleue").score is None


def test_deux_noms_generiques_identiques_concordent():
    assert similarite_noms("Esp@ce informatique", "Espace Informatique").score >= 0.9


def test_noms_differents_ont_un_score_faible():
    assert similarite_noms("Association Schebba", "Initiative Var").score < 0.5


def test_une_faute_de_frappe_est_toleree():
    assert similarite_noms("Villemarie Espace Social", "Espace social Vilemarie").score >= 0.9


def test_un_bus_est_itinerant():
    assert analyse("Bus France services Avignon").itinerant
    assert not analyse("France services Avignon").itinerant


def test_deux_noms_numerotes_autrement_sont_deux_lieux():
    assert similarite_noms("Lieu 1", "Lieu 2").score == 0.0
    assert similarite_noms("Espace numérique 2", "Espace numérique n° 3").score == 0.0
    assert similarite_noms("Point info 14", "Point Info 014").score >= 0.9  # the same number, written otherwise


def test_deux_noms_qui_nomment_chacun_une_autre_commune_sont_deux_lieux():
    assert similarite_noms("Espace Multimédia de Lux", "Espace Multimédia de Saint-Rémy", "Lux",
                           "Saint-Rémy").score == 0.0
    assert similarite_noms("Médiathèque de Vence", "Bibliothèque municipale Vence", "Vence", "Vence").score >= 0.9


def test_agence_ne_dit_pas_quel_lieu():
    # « CPAM » against a France Travail category: nothing in common that says which place (no longer 0.9 for
    # the shared « agence »)
    assert similarite_noms("CPAM - Agence de Cosne", "Agence Pôle Emploi Cosne", "Cosne", "Cosne").score is None


def test_un_sigle_se_lit_dans_les_mots_de_l_autre_nom():
    s = similarite_noms("Citez des Talents Union Départementale des Associations Familiales", "UDAF Citez des talents")
    assert s.score == 1.0
    s = similarite_noms("Association familiale toulonnaise, Union départementale des associations familiales du Var",
                        "UDAF - Association familiale toulonnaise (AFT)")
    assert s.score >= 0.9
    # a short word that spells nothing of the other name stays a word
    assert similarite_noms("UDAF Citez des talents", "Cité des arts").score < 0.75


def test_un_sigle_ne_fait_jamais_baisser_le_score():
    # « MIS » spelt in one name and written beside its words in the other
    s = similarite_noms("Maison des Initiatives et des Services de Marennes",
                        "France services MIS Maison des Initiatives Marennes", "Marennes", "Marennes")
    assert s.score >= 0.9


@pytest.mark.parametrize(("nom", "categorie"), [
    ("CCAS de Besançon / MSAP FS", "cat_franceservices"),
    ("CS Capelette", "cat_centresocial"),
    ("France service SIVOM d'Ayen", "cat_interco"),
    ("Fabrique numérique de territoire du Pays de Gex", "cat_tierslieu"),
    ("La Fabrique Gare numérique", "cat_tierslieu"),
])
def test_sigles_et_labels_courants(nom, categorie):
    assert categorie in analyse(nom).categories


def test_l_arrondissement_dit_ou_pas_lequel():
    s = similarite_noms("CS Capelette", "France services Marseille 10ème - Centre social de la Capelette",
                        "Marseille", "Marseille 10e")
    assert s.score >= 0.9 and not s.categories_en_conflit
    assert analyse("Mairie du 1er arrondissement", "Lyon").distinctifs == ()


def test_un_guichet_nomme_avec_son_porteur_est_le_guichet():
    s = similarite_noms("France service SIVOM d'Ayen", "France services Ayen", "Ayen", "Ayen")
    assert s.score >= 0.9


def test_le_bus_du_departement_et_la_france_services_itinerante():
    s = similarite_noms("Maison du Département itinérante", "France services itinérante de Villars-sur-Var")
    assert s.porteur and not s.categories_en_conflit
    # a bus and a building: never a porteur
    assert not similarite_noms("Maison du Département", "Bus France services du département").porteur


@pytest.mark.parametrize("nom", [
    "Accompagnement vers l'autonomie pour l'utilisation de l'outil numérique",
    "Ateliers numériques gratuits",
    "Amorcer une dynamique d'insertion socioprofessionnelle par le numérique",
    "Médiation numérique",
    "Accueil individuel en accès libre",
])
def test_un_nom_de_service(nom):
    assert analyse(nom).service


@pytest.mark.parametrize("nom", ["Association du numérique", "Espace multimédia", "Médiathèque de Vence",
                                 "Déclic numérique", "Atelier de la médiathèque"])
def test_un_nom_de_lieu_n_est_pas_un_nom_de_service(nom):
    assert not analyse(nom).service


def test_un_nom_de_service_confirme_mais_ne_dement_pas():
    # « Ateliers numériques gratuits » says nothing of the structure that runs them
    assert similarite_noms("Ateliers numériques gratuits", "Avenir 84").score is None
    # but a service naming its structure confirms it
    assert similarite_noms("Ateliers numériques de Resine Média", "Resine Média").score >= 0.9


def test_les_lettres_d_un_nom_pour_un_domaine():
    assert analyse("Espaces Mimont").lettres == "espacesmimont"
    assert analyse("Communauté de communes Vaison Ventoux").lettres == "vaisonventoux"
