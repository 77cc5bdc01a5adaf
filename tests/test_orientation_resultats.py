"""Result cards answer the question asked: the hours of the asked days (not the live status) when slots were asked;
links to a lieu carry « retour » and « de »; the fiche d'orientation recalls every criterion. Lieux in Finistère."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from django.http import QueryDict

from orientation.horaires_demandes import horaires_des_jours, jours_demandes, plage_lisible
from orientation.creneaux import Creneau
from orientation.etat import Orientation
from tests.outils_orientation import DEMARCHES, autour_de_quimper, html  # noqa: F401

MERCREDI = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)


def test_jours_et_plages_lisibles():
    assert jours_demandes([Creneau(5, 540, 720), Creneau(0), Creneau(5)]) == [0, 5]
    assert jours_demandes([Creneau(None, 540, 720)]) == list(range(7))
    assert plage_lisible("09:00 – 12:30") == "9 h – 12 h 30" and plage_lisible("14:00 – 24:00") == "14 h – 24 h"


def test_horaires_des_jours_demandes():
    assert horaires_des_jours("Sa 09:00-12:30", [5], MERCREDI) == ["Samedi : 9 h – 12 h 30"]
    assert horaires_des_jours("Mo-Fr 09:00-12:00,14:00-17:00", [0, 5], MERCREDI) == [
        "Lundi : 9 h – 12 h, 14 h – 17 h", "Samedi : fermé"]
    assert horaires_des_jours("", [5], MERCREDI) == [] and horaires_des_jours("n'importe quoi", [5], MERCREDI) == []


def lire(url: str) -> Orientation:
    return Orientation.lire(QueryDict(urlsplit(url).query))


def cartes(texte: str) -> dict[str, str]:
    """Result cards by lieu name."""
    blocs = re.findall(r'<li class="orientation-resultat".*?</li>\s*(?=<li class="orientation-resultat"|</ol>)', texte,
                       re.S)
    return {unescape(re.search(r'<a href="[^"]*">(.*?)</a>', b).group(1)): b for b in blocs}


@pytest.mark.django_db
def test_creneaux_demandes_les_cartes_montrent_les_horaires_de_ces_jours(client, finistere):  # noqa: F811
    texte = html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES,
                                                                            creneau="sa-09:00-12:00")))
    carte = cartes(texte)["Médiathèque de Concarneau"]
    assert "Samedi : 10 h – 12 h" in carte
    # not the status right now (« Fermé · ouvre samedi… »): it does not answer « samedi de 9 h à 12 h »
    assert "fr-badge--success" not in carte and "fr-badge--error" not in carte and "ouvre" not in carte
    assert "Horaires non renseignés" in cartes(texte)["<script>alert('Douarnenez')</script>"]
    # « ouvert maintenant » asked too: the status right now answers that part
    avec_maintenant = cartes(html(client.get("/orientation/resultats/?" + autour_de_quimper(
        100, services=DEMARCHES, creneau="sa-09:00-12:00", ouvert_actuellement="true"))))
    assert "Samedi : 10 h – 12 h" in avec_maintenant["Médiathèque de Concarneau"]
    assert re.search(r"fr-badge--(success|error)", avec_maintenant["Médiathèque de Concarneau"])
    # without slots, the live status is the answer
    sans = cartes(html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES))))
    assert "Samedi :" not in sans["Médiathèque de Concarneau"]
    assert re.search(r"fr-badge--(success|error)", sans["Médiathèque de Concarneau"])


@pytest.mark.django_db
def test_liens_vers_les_lieux_portent_retour_et_point_de_depart(client, finistere):  # noqa: F811
    url = "/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES, creneau="sa")
    texte = html(client.get(url))
    liens = [unescape(h) for h in re.findall(r'<h3 class="fr-h6 fr-mb-1v">.*?<a href="([^"]+)"', texte)]
    assert len(liens) == 2  # Concarneau, Douarnenez (hours unknown)
    for lien in liens:
        morceaux = urlsplit(lien)
        assert re.fullmatch(r"/lieux/\d+/", morceaux.path)
        parametres = parse_qs(morceaux.query)
        retour = parametres["retour"][0]
        assert urlsplit(retour).path == "/orientation/resultats/"
        assert lire(retour).params() == lire(url).params()  # the same results
        lat, lon = (float(x) for x in parametres["de"][0].split(","))
        assert (round(lat, 4), round(lon, 4)) == (round(finistere["quimper"].latitude, 4),
                                                  round(finistere["quimper"].longitude, 4))
    assert lien.index("retour=") < lien.index("&de=")
    # without a point: no « de »
    sans_point = html(client.get(f"/orientation/resultats/?services={DEMARCHES}"))
    lien = unescape(re.search(r'<h3 class="fr-h6 fr-mb-1v">.*?<a href="([^"]+)"', sans_point).group(1))
    assert parse_qs(urlsplit(lien).query) == {"retour": [f"/orientation/resultats/?services={quote_plus(DEMARCHES)}"]}


@pytest.mark.django_db
def test_la_fiche_rappelle_disponibilites_et_accessibilite(client, finistere):  # noqa: F811
    uid = finistere["concarneau"].uid
    texte = unescape(html(client.get(
        "/orientation/fiche/?" + autour_de_quimper(100, services=DEMARCHES, prise_en_charge_specifique="Surdité",
                                                   publics_specifiquement_adresses="Seniors", ouvert_actuellement="true",
                                                   creneau=["sa-09:00-12:00", "me"]) + f"&lieu={uid}")))
    assert "Accueil adapté :</strong> Surdité" in texte
    assert "Public :</strong> Seniors" in texte
    assert "Disponibilités :</strong> Ouvert maintenant ou Samedi de 9 h à 12 h ou Mercredi, toute la journée" in texte


@pytest.mark.django_db
def test_l_orientation_integree_montre_aussi_les_horaires_des_jours_demandes(client, finistere):  # noqa: F811
    entree = client.get("/embed/orientation/?departement=29", follow=True)
    chemin = entree.redirect_chain[-1][0].split("?")[0]
    assert "/embed/p/" in chemin and chemin.endswith("/orientation/")
    texte = html(client.get(chemin + "?" + autour_de_quimper(100, services=DEMARCHES, creneau="sa-09:00-12:00")))
    assert "Samedi : 10 h – 12 h" in texte
    assert "ouvre" not in texte.split("Médiathèque de Concarneau")[1].split("</li>")[0]


@pytest.mark.django_db
def test_la_fiche_integree_rappelle_aussi_les_disponibilites(client, finistere):  # noqa: F811
    entree = client.get("/embed/orientation/?departement=29", follow=True)
    chemin = entree.redirect_chain[-1][0].split("?")[0]
    resultats = html(client.get(chemin + "?" + autour_de_quimper(100, services=DEMARCHES, creneau="sa-09:00-12:00")))
    lien = unescape(re.search(r'<a class="fr-link fr-link--sm" href="([^"]+)">Fiche d', resultats).group(1))
    texte = html(client.get(lien))
    assert "Disponibilités :" in texte and "Samedi de 9 h à 12 h" in texte
