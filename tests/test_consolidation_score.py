"""The pair decision: names and place must agree for a merge; a missing point, a shared identifier or a shared
building alone never merge two records."""

from __future__ import annotations

from lieux.consolidation import noms
from lieux.consolidation.score import (
    DISTANCE_MAX_MEME,
    Decision,
    cle_commune,
    cles_domaine,
    comparer,
    distance_m,
    meme_commune,
    preparer,
)


def lieu(**champs) -> dict:
    base = {"nom": "France services Aups", "adresse": "33 bis Avenue Georges Clémenceau", "commune": "Aups",
            "code_postal": "83630", "latitude": 43.62506, "longitude": 6.22323}
    return base | champs


def test_meme_lieu_ecrit_par_deux_sources():
    c = comparer(lieu(), lieu(nom="MFS d'Aups", adresse="33 bis av. Georges Clemenceau", latitude=43.6252))
    assert c.decision is Decision.MEME
    assert "même adresse" in c.raisons


def test_un_point_manquant_n_est_jamais_une_correspondance():
    a, b = lieu(latitude=None, longitude=None), lieu(latitude=None, longitude=None)
    c = comparer(a, b)
    assert c.distance_m is None and "distance inconnue (point manquant)" in c.raisons
    # the same pair with no address either: names alone do not merge
    c = comparer(a | {"adresse": ""}, b | {"adresse": ""})
    assert c.decision is not Decision.MEME


def test_un_point_manquant_ne_compte_pas_comme_zero_metre():
    avec = comparer(lieu(), lieu(nom="Association Dupont"))
    sans = comparer(lieu(latitude=None), lieu(nom="Association Dupont"))
    assert sans.score < avec.score


def test_un_point_zero_zero_est_un_point_manquant():
    assert preparer(lieu(latitude=0, longitude=0)).point is None


def test_un_siret_partage_seul_ne_suffit_pas():
    commune = "21830009100017"
    a = {"nom": "Médiathèque Louis Aragon", "adresse": "Quai des Anglais", "commune": "Martigues",
         "pivot": commune}
    b = {"nom": "Maison de la jeunesse", "adresse": "12 rue Lamartine", "commune": "Martigues",
         "pivot": commune}
    c = comparer(a, b)
    assert c.meme_pivot is True and c.decision is Decision.DIFFERENTS


def test_identifiants_partages_sans_noms_ni_lieu_ne_fusionnent_pas():
    a = {"nom": "Permanence numérique", "pivot": "21830009100017", "telephone": "+33494000000",
         "courriel": "conseiller@exemple.fr"}
    b = {"nom": "Atelier numérique", "pivot": "21830009100017", "telephone": "04 94 00 00 00",
         "courriel": "Conseiller@exemple.fr"}
    c = comparer(a, b)
    assert (c.meme_pivot, c.meme_telephone, c.meme_courriel) == (True, True, True)
    assert c.decision is not Decision.MEME


def test_le_pivot_inconnu_n_est_pas_partage():
    c = comparer(lieu(pivot="00000000000000"), lieu(pivot="00000000000000"))
    assert c.meme_pivot is None


def test_france_services_et_mediatheque_a_la_meme_adresse_ne_fusionnent_pas():
    fs = {"nom": "France Services de Vence", "adresse": "Place Clémenceau", "commune": "Vence",
          "latitude": 43.7225, "longitude": 7.1116}
    media = fs | {"nom": "Médiathèque de Vence", "latitude": 43.7226}
    c = comparer(fs, media)
    assert c.decision in (Decision.DIFFERENTS, Decision.DOUTEUX)
    assert "les noms annoncent deux types de lieux différents" in c.raisons
    # even with a number and the same phone: a person decides at most
    c = comparer(fs | {"adresse": "2 place Clemenceau", "telephone": "0493000000"},
                 media | {"adresse": "2 place Clemenceau", "telephone": "0493000000"})
    assert c.decision is not Decision.MEME


def test_une_mairie_et_sa_mediatheque():
    mairie = {"nom": "Mairie de Riez", "adresse": "1 place de la Mairie", "commune": "Riez",
              "latitude": 43.8191, "longitude": 6.0924}
    c = comparer(mairie, mairie | {"nom": "Médiathèque de Riez", "latitude": 43.8192})
    assert c.decision is not Decision.MEME


def test_un_guichet_france_services_et_sa_structure_porteuse_a_la_meme_porte():
    guichet = {"nom": "France services Pontaumur", "adresse": "6 avenue des Marronniers", "commune": "Pontaumur",
               "latitude": 45.8680, "longitude": 2.6720}
    for porteur in ("CC Chavanon Combrailles et Volcans", "Communauté de communes du Pays d'Huriel", "La Poste",
                    "Centre social L'Atelier", "CCAS de Pontaumur", "Maison du Département", "Mairie de Pontaumur"):
        c = comparer(guichet, guichet | {"nom": porteur, "adresse": "6 av des Marronniers", "latitude": 45.8681})
        assert c.nom.porteur and not c.nom.categories_en_conflit
        assert c.decision is Decision.MEME, porteur
    # their names say nothing of each other: only the door merges them, never another number
    autre_numero = guichet | {"nom": "CCAS de Pontaumur", "adresse": "12 avenue des Marronniers"}
    assert comparer(guichet, autre_numero).decision is not Decision.MEME
    # the number missing on one side: the same street, points within 300 m (a point mid-street), as for two names
    # that agree
    sans_numero = guichet | {"nom": "CCAS de Pontaumur", "adresse": "avenue des Marronniers"}
    c = comparer(guichet, sans_numero)
    assert c.decision is Decision.MEME and "règle : guichet et structure porteuse à la même porte" in c.raisons
    loin = sans_numero | {"latitude": 45.8680 + 400 / 111_000}
    assert comparer(guichet, loin).decision is not Decision.MEME
    sans_point = guichet | {"nom": "CCAS de Pontaumur", "latitude": None, "longitude": None}
    assert comparer(guichet, sans_point).decision is not Decision.MEME
    # a bus France services is not hosted at its depot
    bus = guichet | {"nom": "Bus France services du Département"}
    assert comparer(bus, guichet | {"nom": "Maison du Département"}).decision is not Decision.MEME


def test_meme_rue_organisations_differentes():
    a = {"nom": "Association Schebba", "adresse": "12 rue de Lyon", "commune": "Marseille",
         "latitude": 43.3300, "longitude": 5.3700}
    b = a | {"nom": "Initiative Var", "adresse": "40 rue de Lyon", "latitude": 43.3310}
    assert comparer(a, b).decision is Decision.DIFFERENTS


def test_un_nom_generique_a_la_meme_adresse_va_en_revue():
    a = {"nom": "Médiation numérique", "adresse": "93 La Canebière", "commune": "Marseille",
         "latitude": 43.2990, "longitude": 5.3800}
    b = a | {"nom": "L'Encre Bleue", "adresse": "93 canebiere"}
    assert comparer(a, b).decision is Decision.DOUTEUX


def test_trop_loin_ne_fusionne_pas_sans_personne():
    loin = lieu(nom="France services d'Aups", adresse="2 place de la Mairie",
                latitude=43.62506 + (DISTANCE_MAX_MEME + 500) / 111_000)
    assert comparer(lieu(), loin).decision is not Decision.MEME
    # one street, no number: the points decide, 1.5 km is too far
    assert comparer(lieu(adresse="Avenue Georges Clémenceau"), loin | {"adresse": "Av. Georges Clemenceau"}
                    ).decision is not Decision.MEME


def test_la_meme_adresse_ecrite_dans_la_meme_commune_l_emporte_sur_les_points():
    # one geocoder found the number, the other put the point at the commune's centre
    loin = lieu(nom="France services d'Aups", latitude=43.62506 + 1500 / 111_000)
    c = comparer(lieu(), loin)
    assert c.decision is Decision.MEME and c.meme_porte
    assert any(r.endswith("m, mais même adresse dans la même commune (écart de géocodage)") for r in c.raisons)
    # but not in another commune sharing the postcode (each has its « place de la Mairie »), nor beyond 5 km
    ailleurs = loin | {"commune": "Régusse"}
    assert not comparer(lieu(), ailleurs).meme_porte
    assert comparer(lieu(code_insee="83007"), loin | {"code_insee": "83105"}).decision is not Decision.MEME
    tres_loin = lieu(nom="France services d'Aups", latitude=43.62506 + 6000 / 111_000)
    assert comparer(lieu(), tres_loin).decision is not Decision.MEME


def test_meme_commune_par_code_insee_sinon_par_le_nom():
    assert meme_commune(cle_commune({"code_insee": "13201", "commune": "Marseille 1er"}),
                        cle_commune({"code_insee": "13201"})) is True
    assert meme_commune(cle_commune({"commune": "MARSEILLE 14E ARRONDISSEMENT"}),
                        cle_commune({"commune": "Marseille"})) is True
    assert meme_commune(cle_commune({"commune": "Aups"}), cle_commune({"commune": "Régusse"})) is False
    assert meme_commune(cle_commune({}), cle_commune({"commune": "Aups"})) is None


def test_le_courriel_de_l_un_porte_le_nom_de_l_autre():
    a = {"nom": "Association Logis Jeunes Provence", "adresse": "5 rue de Mimont", "commune": "Cannes",
         "courriel": "permanence@espacesmimont.org", "latitude": 43.5550, "longitude": 7.0130}
    b = a | {"nom": "Espaces Mimont", "courriel": ""}
    c = comparer(a, b)
    assert c.decision is Decision.MEME and "le courriel de l'un porte le nom de l'autre" in c.raisons
    # a provider's domain says nothing; nor a domain both write from (their common employer's)
    assert comparer(a | {"courriel": "espacesmimont@gmail.com"}, b).decision is not Decision.MEME
    assert "le courriel de l'un porte le nom de l'autre" not in comparer(a, b | {"courriel": a["courriel"]}).raisons


def test_cles_domaine():
    assert cles_domaine(frozenset({"contact@espaces-mimont.org", "x@mairie.gouv.fr", "y@gmail.com"})) == {
        "espacesmimont", "mairie"}


def test_numeros_voisins_et_noms_proches_au_meme_point():
    a = {"nom": "Espace Condorcet Centre social France services", "adresse": "12 rue Jean Moulin",
         "commune": "Gaillon", "latitude": 49.1600, "longitude": 1.3300}
    b = a | {"nom": "France services Gaillon", "adresse": "14 rue Jean-Moulin", "latitude": 49.1602}
    assert comparer(a, b).nom.score == 0.75
    assert comparer(a, b).decision is Decision.MEME  # 22 m
    assert comparer(a, b | {"latitude": 49.1600 + 120 / 111_000}).decision is not Decision.MEME


def test_un_guichet_marque_itinerant_par_sa_colonne_a_la_meme_porte_que_son_porteur():
    fixe = {"nom": "Maison intercommunale pour tous - Centre social", "adresse": "38 rue des Potiers",
            "commune": "Desvres", "latitude": 50.6660, "longitude": 1.8340}
    guichet = fixe | {"nom": "France services Maison intercommunale pour tous", "itinerance": "itinérant"}
    assert comparer(fixe, guichet).decision is Decision.MEME
    # a vehicle by its name stays for a person
    bus = guichet | {"nom": "Bus France services Maison intercommunale pour tous"}
    assert comparer(fixe, bus).decision is Decision.DOUTEUX


def test_meme_contact_sur_une_voie_sans_numero_va_en_revue():
    # one switchboard on a street without number may serve several services of one building
    a = {"nom": "Point Info Jeunes de Montrevault", "adresse": "rue Saint-Nicolas", "commune": "Montrevault",
         "telephone": "02 41 00 00 00", "latitude": 47.2600, "longitude": -1.0400}
    b = a | {"nom": "Espace emploi", "latitude": 47.2600 + 60 / 111_000}
    assert comparer(a, b).decision is not Decision.MEME
    # at the very same door, the shared phone says one reception
    porte = {"adresse": "3 rue Saint-Nicolas", "latitude": 47.2600}
    assert comparer(a | porte, b | porte).decision is Decision.MEME


def test_un_bus_et_son_batiment_vont_en_revue():
    c = comparer(lieu(nom="Avenir 84"), lieu(nom="Bus Avenir 84"))
    assert c.decision is Decision.DOUTEUX and "l'un est itinérant, l'autre fixe" in c.raisons


def test_typologies_incompatibles_coutent_des_points():
    avec = comparer(lieu(typologie="MAIRIE"), lieu(typologie="BIB"))
    sans = comparer(lieu(), lieu())
    assert avec.typologies_compatibles is False and avec.score < sans.score
    assert comparer(lieu(typologie="MAIRIE|FS"), lieu(typologie="FS")).typologies_compatibles is True


def test_distance_haversine():
    assert distance_m(None, (43.0, 5.0)) is None
    assert abs(distance_m((43.0, 5.0), (43.001, 5.0)) - 111.2) < 0.5


def test_chaque_decision_explique_ses_raisons():
    c = comparer(lieu(), lieu(nom="MFS Aups"))
    assert c.raisons and all(isinstance(r, str) for r in c.raisons)


def test_meme_voie_nom_fort_numero_inconnu_ou_voisin():
    a = {"nom": "France Services de Castellane", "adresse": "Avenue Frédéric Mistral", "commune": "Castellane",
         "latitude": 43.8470, "longitude": 6.5130}
    b = a | {"nom": "France services de Castellane", "latitude": 43.8470 + 230 / 111_000}
    assert comparer(a, b).decision is Decision.MEME  # number unknown, 230 m
    voisin = a | {"adresse": "22 Avenue Frédéric Mistral"}
    assert comparer(voisin, b | {"adresse": "26 Avenue Frédéric Mistral"}).decision is Decision.MEME
    # numbers further apart, or points beyond 300 m: a person decides
    assert comparer(voisin, b | {"adresse": "40 Avenue Frédéric Mistral"}).decision is not Decision.MEME
    assert comparer(a, b | {"latitude": 43.8470 + 400 / 111_000}).decision is not Decision.MEME
    # a weaker name on the same street stays for review
    assert comparer(a, b | {"nom": "Les P'tits bureaux"}).decision is not Decision.MEME


def test_meme_porte_et_meme_contact():
    a = {"nom": "Association PARI", "adresse": "15 bis rue du Bosquet", "commune": "Carros",
         "latitude": 43.7800, "longitude": 7.1800, "telephone": "04 93 00 00 01"}
    b = a | {"nom": "France services Centre social La Passerelle", "telephone": "+33493000001"}
    assert comparer(a, b).decision is Decision.MEME
    assert comparer(a, b | {"telephone": ""}).decision is not Decision.MEME  # no shared contact
    assert comparer(a, b | {"adresse": "17 rue du Bosquet"}).decision is not Decision.MEME  # another door


def test_guichet_et_structure_hote_a_la_meme_porte():
    guichet = {"nom": "France services Igny", "adresse": "1 rue Jules Ferry", "commune": "Igny",
               "latitude": 48.7400, "longitude": 2.2300}
    assert comparer(guichet, guichet | {"nom": "Le Patio"}).decision is Decision.MEME
    # a host that announces another kind of place is still a conflict
    assert comparer(guichet, guichet | {"nom": "Médiathèque Le Patio"}).decision is not Decision.MEME
    # the door, not the street: without the number a person decides
    assert comparer(guichet, guichet | {"nom": "Le Patio", "adresse": "rue Jules Ferry"}).decision \
        is not Decision.MEME


def test_une_collectivite_en_tete_du_nom_porte_le_guichet():
    assert noms.forme_canonique("COMMUNE DE CAPTIEUX").startswith("cat_mairie")
    assert noms.forme_canonique("Département de la Sarthe").startswith("cat_departement")
    assert "cat_mairie" not in noms.forme_canonique("Maison commune")
    guichet = {"nom": "France services Villeneuve-la-Garenne", "adresse": "28 Avenue de Verdun",
               "commune": "Villeneuve-la-Garenne", "latitude": 48.9360, "longitude": 2.3280}
    mairie = guichet | {"nom": "COMMUNE DE VILLENEUVE LA GARENNE", "adresse": "28 AV DE VERDUN",
                        "latitude": 48.9360 + 60 / 111_000}
    assert comparer(guichet, mairie).decision is Decision.MEME  # porteur at the same door, 60 m
