"""The orientation pages through Django's test client: steps, validation, live panel, results, fiche.

Test lieux are in Finistère, far from the lieux other sessions may have committed for browser tests.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from lieux.models import Commune
from tests.outils_orientation import DEMARCHES, LOISIRS, autour_de_quimper, html

pytestmark = pytest.mark.django_db


def noms_resultats(texte):
    return re.findall(r'<h3 class="fr-h6 fr-mb-1v">.*?<a href="/lieux/\d+/(?:\?[^"]*)?">(.*?)</a>', texte)


def query_de(url):
    return QueryDict(urlsplit(url).query)


# --- start screen -------------------------------------------------------------------------------------------------


def test_ecran_de_demarrage(client, finistere):
    texte = html(client.get("/orientation/"))
    assert "Orienter une personne (4 étapes)" in texte and "Aller directement à la carte" in texte
    assert 'href="/carte/"' in texte and "Reprendre l'orientation" not in texte
    texte = html(client.get(f"/orientation/?services={DEMARCHES}&creneau=sa"))
    assert "Reprendre l'orientation" in texte and "Nouvelle orientation" in texte
    reprendre = re.search(r'href="([^"]+)" id="reprendre-orientation"', texte).group(1)
    assert reprendre.startswith("/orientation/besoin/?")
    assert query_de(reprendre.replace("&amp;", "&")).getlist("creneau") == ["sa"]
    assert 'href="/orientation/besoin/" id="nouvelle-orientation"' in texte


# --- steps --------------------------------------------------------------------------------------------------------


def test_besoin_presente_les_9_services_groupes_et_compte(client, finistere):
    texte = html(client.get("/orientation/besoin/?" + autour_de_quimper(100)))
    for groupe in ("Apprentissage de base", "Démarches", "Culture numérique", "Manque de matériel"):
        assert f">{groupe}</legend>" in texte
    assert texte.count('name="services"') == 9 and texte.count("En savoir plus") == 9
    assert "Déclarer ses revenus en ligne" in texte
    assert "5 lieux correspondent à votre recherche" in texte
    texte = html(client.get("/orientation/besoin/?" + autour_de_quimper(100, services=LOISIRS)))
    assert "2 lieux correspondent à votre recherche" in texte
    reponse = client.get("/orientation/besoin/?" + autour_de_quimper(100, services=LOISIRS, aller="suivant"))
    assert reponse.status_code == 302 and reponse["Location"].startswith("/orientation/localisation/?")
    assert "aller" not in query_de(reponse["Location"]) and query_de(reponse["Location"])["services"] == LOISIRS


def test_localisation_par_nom_de_commune_sans_javascript(client, finistere):
    reponse = client.get(f"/orientation/localisation/?services={DEMARCHES}&adresse=quimper&aller=suivant")
    assert reponse.status_code == 302
    etat = query_de(reponse["Location"])
    assert urlsplit(reponse["Location"]).path == "/orientation/accessibilite/"
    assert etat["adresse"] == "Quimper (29000)" and etat["distance"] == "30000"
    assert abs(float(etat["latitude"]) - 48.0) < 0.1 and etat["services"] == DEMARCHES


def test_localisation_ambigue_propose_des_choix(client, finistere):
    texte = html(client.get("/orientation/localisation/?adresse=Saint-Martin&aller=suivant"))
    assert "Erreur : " in texte and 'id="resume-erreurs"' in texte and 'href="#choix-0"' in texte
    choix = re.findall(r'name="choix" value="([^"]+)"', texte)
    assert len(choix) >= 2
    reponse = client.get("/orientation/localisation/?" + "&".join(
        ["adresse=Saint-Martin", "adresse_point=", "distance=20000", "aller=suivant", f"choix={choix[0]}"]))
    assert reponse.status_code == 302
    etat = query_de(reponse["Location"])
    assert etat["adresse"] == choix[0].split(";", 2)[2] and etat["distance"] == "20000"


def test_localisation_obligatoire_et_distance_bornee(client, finistere):
    texte = html(client.get("/orientation/localisation/?adresse=&aller=suivant"))
    assert "Indiquez où se trouve la personne" in texte and 'href="#adresse"' in texte
    texte = html(client.get("/orientation/localisation/?adresse=zzzzqqq&aller=suivant"))
    # the BAN is down in tests: the message says so (tests/test_recherche.py checks the one when it answers)
    assert "aucune commune ne correspond à « zzzzqqq »" in texte and 'aria-invalid="true"' in texte
    texte = html(client.get("/orientation/localisation/?" + autour_de_quimper(100) + "&distance=7000&aller=suivant"))
    assert "Choisissez une distance entre 5 et 100 km" in texte
    # « Précédent » never blocks
    reponse = client.get("/orientation/localisation/?adresse=&aller=precedent")
    assert reponse.status_code == 302 and urlsplit(reponse["Location"]).path == "/orientation/besoin/"


def test_localisation_texte_modifie_est_recherche_a_nouveau(client, finistere):
    point = Commune.objects.get(code="29232").point
    reponse = client.get(f"/orientation/localisation/?adresse=Brest&adresse_point=Quimper&latitude={point.y}"
                         f"&longitude={point.x}&distance=30000&aller=suivant")
    etat = query_de(reponse["Location"])
    assert etat["adresse"].startswith("Brest") and abs(float(etat["latitude"]) - point.y) > 0.3


def test_code_postal(client, finistere):
    reponse = client.get("/orientation/localisation/?adresse=29900&aller=suivant")
    assert reponse.status_code == 302
    assert query_de(reponse["Location"])["adresse"] == "Concarneau (29900)"


def test_disponibilite_valide_les_creneaux(client, finistere):
    base = "/orientation/disponibilite/?" + autour_de_quimper(100)
    texte = html(client.get(base + "&jour=lu&de=16:00&a=14:00&aller=suivant"))
    assert "Créneau 1 : L&#x27;heure de fin doit être après l&#x27;heure de début." in texte
    assert 'href="#creneau-0-a"' in texte and 'id="creneau-0-a" name="a" value="14:00" aria-invalid="true"' in texte
    texte = html(client.get(base + "&jour=lu&de=14:00&a=16:00&ajouter_creneau=1"))
    assert texte.count('name="jour"') == 2 and "Créneau 2" in texte
    texte = html(client.get(base + "&jour=lu&de=14:00&a=16:00&jour=sa&de=&a=&retirer_creneau=0"))
    assert texte.count('name="jour"') == 1 and '<option value="sa" selected>' in texte
    reponse = client.get(base + "&jour=sa&de=&a=&jour=&de=&a=&journee=0&ouvert_actuellement=true&aller=suivant")
    assert reponse.status_code == 302 and urlsplit(reponse["Location"]).path == "/orientation/resultats/"
    etat = query_de(reponse["Location"])
    assert etat.getlist("creneau") == ["sa"] and etat["ouvert_actuellement"] == "true"


def test_compte_avec_disponibilite_et_horaires_inconnus(client, finistere):
    texte = html(client.get("/orientation/disponibilite/?" + autour_de_quimper(100, creneau="sa")))
    assert "2 lieux correspondent" in texte  # Concarneau (Saturday) + Douarnenez (hours unknown)
    texte = html(client.get("/orientation/disponibilite/?" + autour_de_quimper(100, creneau="sa",
                                                                                 horaires_connus="true")))
    assert "1 lieu correspond à votre recherche" in texte
    texte = html(client.get("/orientation/disponibilite/?" + autour_de_quimper(100, creneau=["sa", "me-17:30-18:30"],
                                                                                 horaires_connus="true")))
    assert "2 lieux correspondent" in texte  # OR: Saturday, or Wednesday 17:30–18:30 (Morlaix closes at 18:00)


def test_panneau_htmx_hors_bande(client, finistere):
    reponse = client.get("/orientation/accessibilite/?" + autour_de_quimper(
        100, prise_en_charge_specifique="Surdité"), HTTP_HX_REQUEST="true")
    texte = html(reponse)
    assert '<p id="compte" hx-swap-oob="innerHTML"><strong>1 lieu correspond à votre recherche</strong></p>' in texte
    assert 'id="panneau-details" hx-swap-oob="innerHTML"' in texte and "<form" not in texte
    assert query_de(reponse["HX-Replace-Url"])["prise_en_charge_specifique"] == "Surdité"


def test_aucun_resultat_annuler_le_dernier_filtre(client, finistere):
    texte = html(client.get("/orientation/accessibilite/?" + autour_de_quimper(
        100, services=LOISIRS, prise_en_charge_specifique="Illettrisme")))
    assert "Aucun lieu ne correspond à votre recherche" in texte and "Aucun résultat" in texte
    annuler = re.search(r'href="([^"]+)" id="annuler-dernier-filtre"', texte).group(1).replace("&amp;", "&")
    assert "prise_en_charge_specifique" not in query_de(annuler) and query_de(annuler)["services"] == LOISIRS
    assert "2 lieux correspondent" in html(client.get(annuler))
    assert 'href="/orientation/besoin/" id="tout-reinitialiser"' in texte


# --- results and fiche --------------------------------------------------------------------------------------------


def test_resultats_tries_par_distance(client, finistere, django_assert_max_num_queries):
    url = "/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES)
    client.get(url)  # PostGIS reads spatial_ref_sys once per connection
    # a count and a page of ids (each, inside the test's transaction: savepoint, planner settings, query, reset of
    # the settings, release; outside one, as served: settings and query), then the lieux of the page
    # … plus the insert counting how often each lieu is shown (lieux/affichages.py: the « à vérifier » queue's impact)
    # and the temporary closures of the page's lieux (lieux/fermetures_affichage.py): a fixed cost per page
    with django_assert_max_num_queries(14):
        texte = html(client.get(url))
    noms = noms_resultats(texte)
    assert noms[0] == "EPN de Quimper" and noms[-1] == "France Services de Brest" and len(noms) == 4
    assert "&lt;script&gt;alert(&#x27;Douarnenez&#x27;)&lt;/script&gt;" in noms
    assert "<script>alert" not in texte
    assert "4 lieux correspondent à votre recherche, du plus proche au plus éloigné" in texte
    assert "Horaires non renseignés" in texte and "Prise de RDV en ligne" in texte and "Répond à : " in texte
    distances = [float(d.replace(",", ".").split()[0]) for d in re.findall(r'distance">à ([\d,]+ k?m)', texte)]
    assert distances == sorted(distances) and len(distances) == 4
    carte = json.loads(re.search(r'<script id="donnees-carte" type="application/json">(.*?)</script>', texte).group(1))
    assert [l["rang"] for l in carte["lieux"]] == [1, 2, 3, 4] and carte["rayon_m"] == 100_000
    voir = re.search(r'href="([^"]+)" id="voir-carte"', texte).group(1).replace("&amp;", "&")
    assert voir.startswith("/carte/?") and query_de(voir)["services"] == DEMARCHES
    assert query_de(voir)["distance"] == "100000"


def test_resultats_sans_point(client, finistere):
    texte = html(client.get(f"/orientation/resultats/?services={LOISIRS}&prise_en_charge_specifique=Surdité"))
    assert "Aucune adresse n'est indiquée : les lieux ne sont pas classés" in texte
    assert "Médiathèque de Concarneau" in noms_resultats(texte)


def test_fiche_d_orientation(client, finistere):
    texte = html(client.get("/orientation/resultats/?" + autour_de_quimper(100) + "&fiche=1"))
    assert "Cochez au moins un lieu" in texte and 'href="#liste-resultats"' in texte
    uids = [finistere["concarneau"].uid, finistere["quimper"].uid]
    reponse = client.get("/orientation/resultats/?" + autour_de_quimper(100) + f"&fiche=1&lieu={uids[0]}&lieu={uids[1]}")
    assert reponse.status_code == 302 and urlsplit(reponse["Location"]).path == "/orientation/fiche/"
    texte = html(client.get(reponse["Location"]))
    assert texte.index("Médiathèque de Concarneau") < texte.index("EPN de Quimper")  # the order chosen
    assert "Samedi</th><td>10:00 – 12:00" in texte and "Imprimer" in texte and "Copier le lien" in texte
    assert "02 98 00 00 00" in texte and "https://rdv.quimper.example.fr/" in texte
    assert "openstreetmap.org/directions" in texte and "À 18 km à vol d'oiseau de Quimper" in texte
    assert 'media="print"' in texte and "orientation/impression.css" in texte
    assert client.get("/orientation/fiche/?lieu=999999999").status_code == 404


def test_fiche_echappe_les_noms(client, finistere):
    texte = html(client.get(f"/orientation/fiche/?lieu={finistere['douarnenez'].uid}"))
    assert "<script>alert" not in texte and "Horaires non renseignés" in texte


def test_position_d_un_point_geolocalise(client, finistere):
    point = Commune.objects.get(code="29232").point
    donnees = client.get(f"/orientation/position/?latitude={point.y}&longitude={point.x}").json()
    assert donnees["libelle"] == "Près de Quimper (29000)"
    assert client.get("/orientation/position/?latitude=x").status_code == 400


def test_liens_de_la_navigation_gardent_l_etat(client, finistere):
    texte = html(client.get("/orientation/accessibilite/?" + autour_de_quimper(50, services=DEMARCHES)))
    liens = dict(re.findall(r'<a class="orientation-etapes__lien" href="([^"]+)"(?: aria-current="step")?>\s*'
                            r'<span class="orientation-etapes__numero" aria-hidden="true">(\d)', texte))
    assert len(liens) == 4
    for lien in liens:
        etat = parse_qs(urlsplit(lien.replace("&amp;", "&")).query)
        assert etat["services"] == [DEMARCHES] and etat["distance"] == ["50000"]
    assert 'aria-current="step"' in texte
