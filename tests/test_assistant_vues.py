"""The mapping wizard by URL, with a real hub export (Normandie: its own column names, no address column): upload →
columns (samples, suggestion, evidence) → a field fed by several columns confirmed → values → dry run → apply, the
lieux imported and the profile saved; then the next file of the source starts from the profile and says what
changed. Validation errors in French, in a focused summary. Without JavaScript (the test client runs none)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.assistant.etat import CLE_SESSION
from imports.models import ImportRun, Source
from lieux.models import Lieu
from tests.factories import compte
from tests.outils_import import DONNEES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
NORMANDIE = DONNEES / "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv"
ASSISTANT = "/admin/imports/source/assistant/"
MANQUANTE = "variable de gabarit manquante"
ADRESSE = ("N_VOIE", "N_VOIE_COM", "TYPE_VOIE", "NOM_VOIE")  # joined by the suggestion itself
COMPLEMENT = ("COMPLEMENT", "LIEU_DIT")  # the person adds a column: the page asks how to combine them


def envoi(contenu: bytes, nom="normandie.csv"):
    return SimpleUploadedFile(nom, contenu, content_type="text/csv")


def donnees_du_formulaire(form) -> dict:
    """What a browser would send back without touching anything: each field's shown value."""
    donnees = {}
    for champ in form:
        valeur = champ.value()
        if valeur is None:
            continue
        donnees[champ.html_name] = [str(v) for v in valeur] if isinstance(valeur, (list, tuple)) else str(valeur)
    return donnees


def numero(form, colonne: str) -> str:
    return next(c.html_name for c in form.lignes() if c.label == colonne)


def avec_complement(form, donnees: dict) -> dict:
    return {**donnees, **{numero(form, c): "complement_adresse" for c in COMPLEMENT}}


def demarre(client, contenu=None, **champs) -> str:
    reponse = client.post(ASSISTANT, {"fichier": envoi(contenu or NORMANDIE.read_bytes()), **champs})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert re.fullmatch(r"/admin/imports/source/assistant/[\w-]+/colonnes/", reponse["Location"])
    return reponse["Location"]


def jusqu_a_l_essai(client, colonnes_url: str):
    page = client.get(colonnes_url)
    form = page.context["form"]
    reponse = client.post(colonnes_url, avec_complement(form, donnees_du_formulaire(form)))
    form = reponse.context["form"]  # asked to confirm how to combine the two complement columns
    reponse = client.post(colonnes_url, donnees_du_formulaire(form))
    assert reponse.status_code == 302 and reponse["Location"].endswith("/valeurs/")
    page = client.get(reponse["Location"])
    reponse = client.post(reponse["Location"], donnees_du_formulaire(page.context["form"]))
    assert reponse.status_code == 302 and reponse["Location"].endswith("/essai/")
    return reponse["Location"]


def test_l_assistant_de_bout_en_bout(admin_client):
    page = admin_client.get(ASSISTANT).content.decode()
    assert "Lire le fichier" in page and 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert "Dictionnaire des codes (facultatif)" in page and MANQUANTE not in page

    colonnes_url = demarre(admin_client, nouvelle_source="normandie")
    page = admin_client.get(colonnes_url)
    html = page.content.decode()
    assert "Les 25 colonnes du fichier" in html and "2. Les colonnes" in html
    assert '<label for="id_colonne_2">REF</label>' in html and "<li>EPN - Bayeux-Argouges</li>" in html
    assert "<strong>Code postal</strong> — confiance 94 %" in html
    assert "100 % des valeurs sont des codes postaux" in html and "— ignorer cette colonne —" in html
    assert MANQUANTE not in html and "{{" not in html and "{%" not in html

    form = page.context["form"]
    reponse = admin_client.post(colonnes_url, avec_complement(form, donnees_du_formulaire(form)))
    html = reponse.content.decode()
    assert reponse.status_code == 200 and 'id="resume-erreurs" tabindex="-1" autofocus' in html
    assert ("« Complément d'adresse » reçoit maintenant 2 colonnes : vérifiez comment les combiner, puis validez à "
            "nouveau.") in html.replace("&#x27;", "'")
    assert '<option value="jointure" selected>les colonnes mises bout à bout' in html

    reponse = admin_client.post(colonnes_url, donnees_du_formulaire(reponse.context["form"]))
    valeurs_url = reponse["Location"]
    html = admin_client.get(valeurs_url).content.decode()
    assert "Typologie" in html and "« EPN »" in html and "118 lignes" in html
    assert '<option value="EPN" selected>EPN — ' in html and MANQUANTE not in html
    page = admin_client.get(valeurs_url)
    reponse = admin_client.post(valeurs_url, donnees_du_formulaire(page.context["form"]))
    essai_url = reponse["Location"]

    run = ImportRun.objects.get(source__nom="normandie")
    assert run.essai and run.statut == ImportRun.Statut.ANALYSE and run.origine_profil == "assistant"
    assert run.profil["regles"][[r["champ"] for r in run.profil["regles"]].index("adresse")]["colonnes"] == \
        list(ADRESSE)
    html = admin_client.get(essai_url).content.decode()
    assert "Ce que l&#x27;import ferait" in html or "Ce que l'import ferait" in html
    assert f"<strong>{run.crees}</strong> lieux à créer" in html and run.crees >= 110
    assert "Appliquer l&#x27;import et enregistrer le profil" in html or "Appliquer l'import et enregistrer" in html
    assert not Lieu.objects.filter(provenances__source="normandie").exists()  # a dry run writes nothing

    reponse = admin_client.post(essai_url.replace("/essai/", "/appliquer/"), follow=True)
    assert "Profil de correspondance enregistré pour la source « normandie »" in reponse.content.decode()
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.APPLIQUE
    assert Lieu.objects.filter(provenances__source="normandie").count() == run.crees
    bayeux = Lieu.objects.get(provenances__source="normandie", provenances__id_source="14046-22")
    assert bayeux.nom == "EPN - Bayeux-Argouges" and bayeux.adresse == "48 bis rue de Beauvais"  # N_VOIE_COM joined
    source = Source.objects.get(nom="normandie")
    profil = source.profil_de_correspondance()
    assert profil.regle("adresse").colonnes == ADRESSE and profil.regle("nom").colonnes == ("NOM",)
    assert source.profil_modifie_le is not None
    assert admin_client.session.get(CLE_SESSION) == {}  # the wizard is done, its state forgotten


def test_le_fichier_suivant_repart_du_profil_et_dit_ce_qui_a_change(admin_client):
    essai_url = jusqu_a_l_essai(admin_client, demarre(admin_client, nouvelle_source="normandie"))
    admin_client.post(essai_url.replace("/essai/", "/appliquer/"))
    source = Source.objects.get(nom="normandie")
    assert source.profil is not None

    lignes = NORMANDIE.read_text(encoding="utf-8").splitlines()
    entete = lignes[0].replace("CRANT", "HORAIRES").replace(",VISIBLE", "")
    autre = "\n".join([entete] + [",".join(ligne.rsplit(",", 1)[:-1]) if ligne.endswith(",") or
                                  ligne.endswith(",O") else ligne for ligne in lignes[1:]]).encode()
    colonnes_url = demarre(admin_client, autre, source=source.pk)
    page = admin_client.get(colonnes_url)
    html = page.content.decode()
    assert "Vos choix enregistrés pour cette source sont repris." in html
    assert "2 colonnes ont disparu : « CRANT » et « VISIBLE » ; 1 nouvelle colonne : « HORAIRES »." in html
    form = page.context["form"]
    assert {c.label: c.value() for c in form.lignes()}["NOM_VOIE"] == "adresse"  # the saved choice, not a guess


def test_erreurs_des_colonnes_en_francais(admin_client):
    colonnes_url = demarre(admin_client, nouvelle_source="normandie")
    form = admin_client.get(colonnes_url).context["form"]
    donnees = donnees_du_formulaire(form)
    sans_nom = {**donnees, numero(form, "NOM"): ""}
    sans_lieu = {k: ("" if k.startswith("colonne_") else v) for k, v in donnees.items()}
    sans_lieu[numero(form, "NOM")] = "nom"
    html = admin_client.post(colonnes_url, sans_nom).content.decode()
    assert 'id="resume-erreurs" tabindex="-1" autofocus' in html and 'role="alert"' in html
    assert "Choisissez la colonne qui donne le nom du lieu : sans nom, aucune ligne ne peut être importée." in html
    html = admin_client.post(colonnes_url, sans_lieu).content.decode()
    assert "Choisissez au moins une colonne pour situer les lieux" in html
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("donnees, message", [
    ({}, "Choisissez une source existante ou donnez le nom court d&#x27;une nouvelle source."),
    ({"nouvelle_source": "Normandie !"}, "Nom court attendu : minuscules, chiffres, tirets"),
])
def test_erreurs_de_l_envoi(admin_client, donnees, message):
    html = admin_client.post(ASSISTANT, {"fichier": envoi(NORMANDIE.read_bytes()), **donnees}).content.decode()
    assert message in html and 'id="resume-erreurs"' in html and not Source.objects.exists()


def test_fichier_illisible(admin_client):
    html = admin_client.post(ASSISTANT, {"fichier": envoi(b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
                                         "nouvelle_source": "x"}).content.decode()
    assert "contenu binaire" in html and not Source.objects.exists()


def test_un_assistant_perdu_renvoie_a_l_envoi(admin_client):
    reponse = admin_client.get(f"{ASSISTANT}inconnu/valeurs/", follow=True)
    assert "Cet assistant n&#x27;existe plus" in reponse.content.decode()
    assert reponse.redirect_chain[-1][0] == ASSISTANT


def test_un_compte_sans_droit_sur_les_sources_ne_peut_rien(client, admin_client):
    colonnes_url = demarre(admin_client, nouvelle_source="normandie")
    compte(client, "importeur", "imports.add_importrun", "imports.view_importrun", "imports.view_source")
    for url in (ASSISTANT, colonnes_url, colonnes_url.replace("colonnes", "valeurs"),
                colonnes_url.replace("colonnes", "essai")):
        assert client.get(url).status_code == 403
    assert client.post(colonnes_url.replace("colonnes", "appliquer")).status_code == 403
