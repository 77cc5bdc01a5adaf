"""The coordinators' review of the consolidation (lieux/admin_consolidation.py), by URL: the queue of doubtful pairs
with their evidence, « Même lieu » / « Lieux différents » remembered across re-imports, « Séparer » on a lieu's page,
the history of decisions, the source priorities, and who may do what."""

import pytest
from django.contrib.auth.models import Permission, User

from lieux.models import DecisionRapprochement, Lieu, PaireRapprochement
from tests.factories import coordinateur
from tests.outils_consolidation import (SOURCE_A, SOURCE_B, importer_vence, lieu_de, reimporter_et_tout_recalculer,
                                        texte_visible, verifier_texte)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
LISTE = "/admin/lieux/pairerapprochement/"


def paire(p, q) -> PaireRapprochement:
    a, b = sorted((p.pk, q.pk))
    return PaireRapprochement.objects.get(a_id=a, b_id=b)


def url_paire(p, q) -> str:
    return f"{LISTE}{paire(p, q).pk}/change/"


@pytest.fixture
def vence(tmp_path):
    return importer_vence(tmp_path)


def test_la_consolidation_des_deux_sources(vence):
    assert lieu_de(vence.A1) == lieu_de(vence.B1)  # same address, « Médiathèque » ~ « Bibliothèque »
    for p, q in ((vence.A2, vence.B2), (vence.A3, vence.B3), (vence.A4, vence.B4)):
        assert lieu_de(p) != lieu_de(q)
    assert paire(vence.A2, vence.B2).decision == "douteux" and paire(vence.A3, vence.B3).decision == "douteux"


def test_la_file_liste_les_paires_douteuses_avec_leurs_indices(admin_client, vence):
    page = admin_client.get(LISTE).content.decode()
    assert "Paires à vérifier" in page or "paires à vérifier" in page
    texte = texte_visible(page)
    assert f"Espace numérique Les Pins ({SOURCE_A})" in texte and f"Maison Les Pins ({SOURCE_B})" in texte
    assert f"Atelier du Moulin ({SOURCE_A})" in texte and "22 m" in texte and "Vence" in texte
    assert "Médiathèque de Vence" not in texte  # merged automatically: not to check
    assert "à vérifier" in texte and "décidées" in texte and "fusionnées automatiquement" in texte
    # best score first, then by key; the blocking keys shown
    assert "commune" in texte
    verifier_texte(page)

    fusionnees = texte_visible(admin_client.get(LISTE, {"etat": "fusionnees"}).content.decode())
    assert "Médiathèque de Vence" in fusionnees and "Les Pins" not in fusionnees
    recherche = texte_visible(admin_client.get(LISTE, {"q": "pins"}).content.decode())
    assert "Maison Les Pins" in recherche and "Atelier du Moulin" not in recherche
    # the territory: the département of the first record's lieu
    assert "Maison Les Pins" in texte_visible(admin_client.get(LISTE, {"departement": "06"}).content.decode())
    assert "Maison Les Pins" not in texte_visible(admin_client.get(LISTE, {"departement": "49"}).content.decode())
    assert admin_client.get(f"{LISTE}add/").status_code == 403


def test_la_page_d_une_paire_montre_les_deux_enregistrements_cote_a_cote(admin_client, vence):
    reponse = admin_client.get(url_paire(vence.A2, vence.B2))
    page = reponse.content.decode()
    assert reponse.status_code == 200 and 'id="cote-a-cote"' in page
    texte = texte_visible(page)
    assert f"Enregistrement 1 : {SOURCE_A} (A2)" in texte and f"Enregistrement 2 : {SOURCE_B} (B2)" in texte
    assert "Nom du lieu Espace numérique Les Pins Maison Les Pins différent" in texte
    assert "Code postal 06140 06140 identique" in texte and "02/04/2024 02/05/2024 différent" in texte
    assert "même voie, numéros différents" in texte and "22 m" in texte and "5 points" in texte
    assert 'name="csrfmiddlewaretoken"' in page and 'value="meme"' in page and 'value="differents"' in page
    assert "Même lieu" in texte and "Lieux différents" in texte and 'for="motif"' in page
    for p in (vence.A2, vence.B2):
        assert f'href="/admin/lieux/lieu/{lieu_de(p).uid}/change/"' in page
    verifier_texte(page)


def test_meme_lieu_fusionne_et_passe_a_la_paire_suivante(admin_client, client, vence, tmp_path):
    reponse = admin_client.post(url_paire(vence.A2, vence.B2), {"decision": "meme", "motif": "même bâtiment"})
    assert reponse.status_code == 302 and reponse["Location"] == url_paire(vence.A3, vence.B3)
    message = texte_visible(admin_client.get(reponse["Location"]).content.decode())
    assert "Décision enregistrée : même lieu." in message

    assert lieu_de(vence.A2) == lieu_de(vence.B2)
    lieu = lieu_de(vence.A2)
    ancien = vence.B2.lieu if vence.B2.lieu_id != lieu.uid else vence.A2.lieu
    ancien.refresh_from_db()
    assert lieu.statut == Lieu.Statut.ACTIF and ancien.statut == Lieu.Statut.FUSIONNE
    assert ancien.fusionne_dans_id == lieu.uid
    decision = DecisionRapprochement.objects.get(**DecisionRapprochement.cle(vence.A2, vence.B2))
    assert (decision.decision, decision.auteur.username, decision.motif) == ("meme", "admin", "même bâtiment")
    reponse = client.get(f"/lieux/{ancien.uid}/")
    assert reponse.status_code == 301 and reponse["Location"] == f"/lieux/{lieu.uid}/"
    assert "Maison Les Pins" not in texte_visible(admin_client.get(LISTE).content.decode())

    # the merged lieu's admin page says where it went
    page = admin_client.get(f"/admin/lieux/lieu/{ancien.uid}/change/").content.decode()
    assert "Ce lieu a été fusionné dans" in texte_visible(page)
    assert f'href="/admin/lieux/lieu/{lieu.uid}/change/"' in page
    # the decided pair shows the decision, who and when, and can be changed
    page = texte_visible(admin_client.get(url_paire(vence.A2, vence.B2)).content.decode())
    assert "Décision enregistrée : même lieu , par admin, le" in page and "Motif : « même bâtiment »" in page
    assert "Vous pouvez changer cette décision." in page

    p = reimporter_et_tout_recalculer(tmp_path)
    assert lieu_de(p.A2) == lieu_de(p.B2) == lieu


def test_lieux_differents_les_garde_separes_apres_reimport(admin_client, vence, tmp_path):
    reponse = admin_client.post(url_paire(vence.A3, vence.B3), {"decision": "differents"}, follow=True)
    assert "Décision enregistrée : lieux différents." in texte_visible(reponse.content.decode())
    assert lieu_de(vence.A3) != lieu_de(vence.B3)
    assert DecisionRapprochement.objects.get(**DecisionRapprochement.cle(vence.A3, vence.B3)).decision == "differents"
    assert "Atelier du Moulin" not in texte_visible(admin_client.get(LISTE).content.decode())
    assert "Atelier du Moulin" in texte_visible(admin_client.get(LISTE, {"etat": "decidees"}).content.decode())

    p = reimporter_et_tout_recalculer(tmp_path)
    assert lieu_de(p.A3) != lieu_de(p.B3)
    assert "Atelier du Moulin" not in texte_visible(admin_client.get(LISTE).content.decode())
    # changing one's mind: « Même lieu » now merges them
    admin_client.post(url_paire(p.A3, p.B3), {"decision": "meme"})
    assert lieu_de(p.A3) == lieu_de(p.B3)


def test_separer_un_enregistrement_lui_donne_un_lieu(admin_client, vence, tmp_path):
    lieu = lieu_de(vence.A1)
    url = f"/admin/lieux/lieu/{lieu.uid}/change/"
    page = admin_client.get(url).content.decode()
    texte = texte_visible(page)
    assert "Lignée des champs" in texte and 'id="lignee-des-champs"' in page
    assert f"Horaires {SOURCE_B} (B1)" in texte and f"Téléphone {SOURCE_A} (A1)" in texte  # B1 fresher, A1 alone
    assert texte.count("Séparer l'enregistrement") == 0 and page.count(">Séparer</button>") == 2
    verifier_texte(page)

    separer = f"/admin/lieux/lieu/{lieu.uid}/separer/{vence.B1.pk}/"
    assert admin_client.get(separer).status_code == 405
    reponse = admin_client.post(separer)
    assert reponse.status_code == 302 and reponse["Location"] == url
    nouveau = lieu_de(vence.B1)
    assert nouveau.uid != lieu.uid and nouveau.statut == Lieu.Statut.ACTIF and nouveau.nom == vence.B1.valeurs["nom"]
    assert lieu_de(vence.A1).uid == lieu.uid  # the lieu keeps its id and its other record
    page = admin_client.get(url).content.decode()
    assert "a été séparé de ce lieu" in texte_visible(page) and f'href="/admin/lieux/lieu/{nouveau.uid}/change/"' in page
    assert f"Toutes les valeurs viennent de {SOURCE_A}" in texte_visible(page) and ">Séparer</button>" not in page

    p = reimporter_et_tout_recalculer(tmp_path)
    assert lieu_de(p.A1).uid == lieu.uid and lieu_de(p.B1) == nouveau


def test_historique_des_decisions_et_suppression(admin_client, vence):
    admin_client.post(url_paire(vence.A2, vence.B2), {"decision": "meme", "motif": "à revoir"})
    assert lieu_de(vence.A2) == lieu_de(vence.B2)
    page = admin_client.get("/admin/lieux/decisionrapprochement/").content.decode()
    texte = texte_visible(page)
    assert f"{SOURCE_A} : A2 / {SOURCE_B} : B2" in texte and "même lieu" in texte and "à revoir" in texte
    verifier_texte(page)
    decision = DecisionRapprochement.objects.get()
    assert admin_client.get(f"/admin/lieux/decisionrapprochement/{decision.pk}/change/").status_code == 200
    reponse = admin_client.post(f"/admin/lieux/decisionrapprochement/{decision.pk}/delete/", {"post": "yes"})
    assert reponse.status_code == 302 and not DecisionRapprochement.objects.exists()
    assert lieu_de(vence.A2) != lieu_de(vence.B2)  # regrouped again: a doubtful pair alone does not merge
    assert "Maison Les Pins" in texte_visible(admin_client.get(LISTE).content.decode())


def test_priorites_des_sources(admin_client):
    page = admin_client.get("/admin/lieux/prioritesource/").content.decode()
    assert "rang 1" in texte_visible(page) and "le plus frais" in texte_visible(page)
    page = admin_client.get("/admin/lieux/prioritesource/add/").content.decode()
    assert "Le rang 1 passe en premier" in page
    verifier_texte(page)


def test_permissions(client, vence):
    url = url_paire(vence.A2, vence.B2)
    lieu = lieu_de(vence.A1)
    separer = f"/admin/lieux/lieu/{lieu.uid}/separer/{vence.B1.pk}/"
    assert client.get(LISTE).status_code == 302 and client.post(url, {"decision": "meme"}).status_code == 302
    assert client.post(separer).status_code == 302

    personne = User.objects.create_user("sans-droit", password="x", is_staff=True)
    client.force_login(personne)
    assert client.get(LISTE).status_code == 403 and client.get(url).status_code == 403
    assert client.post(url, {"decision": "meme"}).status_code == 403
    assert client.post(separer).status_code == 403
    assert client.get("/admin/lieux/decisionrapprochement/").status_code == 403

    # allowed to look, not to decide
    personne.user_permissions.add(Permission.objects.get(codename="view_pairerapprochement"))
    coordinateur(personne, national=True)  # every pair in its territory: only the right to decide is missing
    personne = User.objects.get(pk=personne.pk)
    client.force_login(personne)
    page = client.get(url).content.decode()
    assert "pas la trancher" in page and 'value="meme"' not in page
    assert client.post(url, {"decision": "meme"}).status_code == 403
    assert lieu_de(vence.A2) != lieu_de(vence.B2) and not DecisionRapprochement.objects.exists()
    assert lieu_de(vence.A1) == lieu_de(vence.B1)
