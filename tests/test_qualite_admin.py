"""The quality score in the coordinators' space: the sortable score column and its ranges filter, the « À vérifier »
queue (the most reached lieux first, within the account's territory, « Marquer comme vérifié »), the quality per
source, « Vos tâches » on the home page, and the public sheet's sentence."""

import datetime as dt
import html
import re

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from lieux import a_verifier, affichages
from lieux.models import Lieu, VerificationLieu
from tests.factories import compte, creer_lieu, creer_provenance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]
BORDEAUX = {"code_insee": "33063", "commune": "Bordeaux", "code_postal": "33000",
            "localisation": Point(-0.5792, 44.8378, srid=4326)}
COMPLET = {"horaires": "Mo-Fr 09:00-12:00", "telephone": "+33241000000", "modalites_acces": ["Se présenter"],
           "publics_specifiquement_adresses": ["Seniors"], "prise_rdv": "https://rdv.example.org"}
DROITS = ("lieux.view_lieu", "lieux.change_lieu")


def texte(reponse) -> str:
    contenu = reponse.content.decode()
    assert "{{" not in contenu and "{%" not in contenu
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", contenu)))


@pytest.fixture
def terrain(geographie):
    aujourd_hui = timezone.localdate()
    t = type("Terrain", (), {})()
    t.bon = creer_lieu(nom="Bon lieu d'Angers", date_maj=aujourd_hui, **COMPLET)  # 100
    t.moyen = creer_lieu(nom="Moyen lieu d'Angers", date_maj=aujourd_hui, horaires="Mo 09:00-12:00")  # 100-15-10=75
    t.vide_peu_vu = creer_lieu(nom="Lieu vide peu consulté", services=[], date_maj=dt.date(2020, 1, 1))  # 25
    t.vide_tres_vu = creer_lieu(nom="Lieu vide très consulté", services=[], date_maj=dt.date(2020, 1, 1))  # 25
    t.signale = creer_lieu(nom="Lieu signalé", date_maj=aujourd_hui, a_verifier_depuis=timezone.now(),
                           motif_a_verifier="aucune réponse à la campagne de mise à jour", **COMPLET)
    t.girondin = creer_lieu(nom="Lieu vide de Bordeaux", services=[], date_maj=dt.date(2020, 1, 1), **BORDEAUX)
    for _ in range(5):
        affichages.compter([t.vide_tres_vu.uid, t.girondin.uid])
    affichages.compter([t.vide_tres_vu.uid])  # 6 displays, Bordeaux 5
    affichages.compter([t.vide_peu_vu.uid, t.signale.uid])
    affichages.compter([t.signale.uid])
    return t


def test_la_liste_des_lieux_se_trie_et_se_filtre_par_score(client, terrain):
    compte(client, "nationale", *DROITS)
    page = client.get("/admin/lieux/lieu/", {"o": "9", "q": "lieu"})  # 9th column: the score, ascending
    assert page.status_code == 200
    contenu = texte(page)
    assert "score de qualité" in contenu.lower()
    assert contenu.index("Lieu vide peu consulté") < contenu.index("Moyen lieu d'Angers") < contenu.index("Bon lieu")
    filtre = texte(client.get("/admin/lieux/lieu/", {"score_qualite": "0-39"}))
    assert "Lieu vide peu consulté" in filtre and "Moyen lieu d'Angers" not in filtre
    assert "moins de 40" in filtre
    descendant = texte(client.get("/admin/lieux/lieu/", {"o": "-9", "q": "lieu"}))
    assert descendant.index("Bon lieu") < descendant.index("Lieu vide peu consulté")


def test_la_file_a_verifier_suit_l_impact(client, terrain):
    compte(client, "nationale", *DROITS)
    contenu = texte(client.get("/admin/lieux/lieu/a-verifier/"))
    ordre = [contenu.index(nom) for nom in ("Lieu vide très consulté", "Lieu vide de Bordeaux", "Lieu signalé",
                                            "Lieu vide peu consulté")]
    assert ordre == sorted(ordre)
    assert "Moyen lieu d'Angers" not in contenu and "Bon lieu" not in contenu
    assert "aucune réponse à la campagne de mise à jour" in contenu
    assert "services non renseignés : −15" in contenu and "horaires manquants : −20" in contenu
    assert "Marquer comme vérifié" in contenu


def test_un_coordinateur_du_33_ne_voit_pas_les_lieux_du_49(client, terrain):
    compte(client, "girondin", *DROITS, departements=["33"])
    contenu = texte(client.get("/admin/lieux/lieu/a-verifier/"))
    assert "Lieu vide de Bordeaux" in contenu
    assert "Lieu vide très consulté" not in contenu and "Lieu signalé" not in contenu
    # nor can it mark one of them checked
    assert client.post(f"/admin/lieux/lieu/a-verifier/{terrain.signale.uid}/verifie/").status_code == 403
    assert Lieu.objects.get(pk=terrain.signale.pk).a_verifier_depuis is not None


def test_marquer_comme_verifie_leve_le_signalement_et_dit_qui(client, terrain):
    utilisatrice = compte(client, "angevine", *DROITS, departements=["49"])
    date_maj = terrain.signale.date_maj
    reponse = client.post(f"/admin/lieux/lieu/a-verifier/{terrain.signale.uid}/verifie/", follow=True)
    assert "« Lieu signalé » est marqué comme vérifié." in texte(reponse)
    lieu = Lieu.objects.get(pk=terrain.signale.pk)
    assert lieu.a_verifier_depuis is None and lieu.motif_a_verifier == "" and lieu.date_maj == date_maj
    verification = VerificationLieu.objects.get(lieu=lieu)
    assert verification.par == utilisatrice and verification.motif == "aucune réponse à la campagne de mise à jour"
    # a low score checked leaves the queue until the lieu changes again
    client.post(f"/admin/lieux/lieu/a-verifier/{terrain.vide_peu_vu.uid}/verifie/")
    assert terrain.vide_peu_vu not in a_verifier.file(utilisatrice)
    terrain.vide_peu_vu.nom = "Lieu vide peu consulté, renommé"
    terrain.vide_peu_vu.save()
    assert terrain.vide_peu_vu in a_verifier.file(utilisatrice)
    assert client.get(f"/admin/lieux/lieu/a-verifier/{terrain.bon.uid}/verifie/").status_code == 405


def test_sans_droit_de_modifier_pas_de_bouton(client, terrain):
    compte(client, "lectrice", "lieux.view_lieu")
    contenu = texte(client.get("/admin/lieux/lieu/a-verifier/"))
    assert "Lieu signalé" in contenu and "Marquer comme vérifié" not in contenu
    assert client.post(f"/admin/lieux/lieu/a-verifier/{terrain.signale.uid}/verifie/").status_code == 403


def test_vos_taches_mene_a_la_file(client, terrain):
    compte(client, "angevine", *DROITS, departements=["49"])
    contenu = texte(client.get("/admin/"))
    assert "À vérifier — 3 en attente" in contenu
    assert 'href="/admin/lieux/lieu/a-verifier/"' in client.get("/admin/").content.decode()


def test_la_qualite_par_source(client, terrain):
    for lieu in (terrain.bon, terrain.moyen, terrain.vide_peu_vu):
        creer_provenance(lieu, source="hub-angevin", id_source=f"a-{lieu.uid}", valeurs={"services": lieu.services})
    creer_provenance(terrain.girondin, source="hub-girondin", id_source="g-1")
    nationale = compte(client, "nationale", *DROITS)
    assert [(s["source"], s["lieux"], s["moyenne"], s["mediane"]) for s in a_verifier.par_source(nationale)] == [
        ("hub-angevin", 3, 67, 75), ("hub-girondin", 1, 25, 25)]
    contenu = texte(client.get("/admin/lieux/lieu/qualite-des-sources/"))
    assert "hub-angevin 3 67 75 1 0 1 1" in contenu
    assert "Comment le score est calculé" in contenu and "horaires 20" in contenu
    compte(client, "girondin", *DROITS, departements=["33"])
    contenu = texte(client.get("/admin/lieux/lieu/qualite-des-sources/"))
    assert "hub-girondin" in contenu and "hub-angevin" not in contenu


def test_la_fiche_publique_dit_la_fraicheur_sans_alarmer(client, terrain):
    bon = texte(client.get(f"/lieux/{terrain.bon.uid}/"))
    jour = terrain.bon.date_maj
    assert f"Informations vérifiées le {jour.day} " in bon and str(jour.year) in bon
    assert "Proposez une mise à jour" not in bon
    page = client.get(f"/lieux/{terrain.vide_peu_vu.uid}/")
    vide = texte(page)
    assert "Ces informations ont plus d'un an : elles peuvent avoir changé." in vide
    assert "Vous connaissez ce lieu ? Proposez une mise à jour" in vide
    assert f'href="/lieux/{terrain.vide_peu_vu.uid}/modifier/" id="proposer-mise-a-jour"' in page.content.decode()


def test_une_fiche_vue_compte_un_affichage(client, terrain):
    client.get(f"/lieux/{terrain.moyen.uid}/")
    client.get(f"/lieux/{terrain.moyen.uid}/")
    from lieux.models import AffichageLieu

    assert AffichageLieu.objects.get(lieu_id=terrain.moyen.uid).nombre == 2


def test_les_resultats_de_l_orientation_comptent_les_lieux_montres(client, terrain):
    from urllib.parse import urlencode

    from lieux.models import AffichageLieu

    client.get("/orientation/resultats/?" + urlencode({"services": "Aide aux démarches administratives",
                                                      "latitude": "47.4739", "longitude": "-0.5536", "distance": "10000",
                                                      "adresse": "Angers"}))
    montres = set(AffichageLieu.objects.filter(jour=timezone.localdate()).values_list("lieu_id", flat=True))
    # the Angers lieux offering that service were shown (and counted); Bordeaux is too far
    assert {terrain.bon.uid, terrain.moyen.uid} <= montres
