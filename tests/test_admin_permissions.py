"""Permissions of the coordinators' space, tested by URL: a view-only account cannot act, an import-only account
cannot write into a source it may not change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun, Source
from lieux.models import Signalement
from tests.factories import compte, creer_lieu
from tests.outils_import import fichier, importe, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_un_compte_en_lecture_ne_peut_pas_lancer_les_actions_des_signalements(client, geographie):
    signalement = Signalement.objects.create(lieu=creer_lieu(), rubriques=["horaires"], empreinte_client="x")
    compte(client, "lecteur", "lieux.view_signalement")
    liste = reverse("admin:lieux_signalement_changelist")
    assert "marquer_rejetes" not in client.get(liste).content.decode()
    client.post(liste, {"action": "marquer_rejetes", "_selected_action": [signalement.pk]})
    signalement.refresh_from_db()
    assert signalement.statut == Signalement.Statut.NOUVEAU and signalement.traite_le is None


def test_un_moderateur_peut_lancer_les_actions(client, geographie):
    signalement = Signalement.objects.create(lieu=creer_lieu(), rubriques=["horaires"], empreinte_client="x")
    compte(client, "moderatrice", "lieux.view_signalement", "lieux.change_signalement")
    client.post(reverse("admin:lieux_signalement_changelist"),
                {"action": "marquer_rejetes", "_selected_action": [signalement.pk]})
    signalement.refresh_from_db()
    assert signalement.statut == Signalement.Statut.REJETE


def test_un_compte_d_import_seul_n_importe_pas_dans_une_source_existante(client, geographie, tmp_path):
    source = Source.objects.create(nom="hub-du-sud")
    compte(client, "importeur", "imports.add_importrun", "imports.view_importrun")
    contenu = fichier(tmp_path, [lieu(1)]).read_bytes()
    reponse = client.post(reverse("admin:imports_importrun_importer"), {
        "fichier": SimpleUploadedFile("lieux.csv", contenu, content_type="text/csv"), "source": source.pk})
    assert reponse.status_code == 200
    assert "ne peut pas importer dans la source « hub-du-sud »" in reponse.content.decode()
    reponse = client.post(reverse("admin:imports_importrun_importer"), {
        "fichier": SimpleUploadedFile("lieux.csv", contenu, content_type="text/csv"), "nouvelle_source": "autre"})
    assert "ne peut pas créer de source" in reponse.content.decode()
    assert not ImportRun.objects.exists() and not Source.objects.filter(nom="autre").exists()


def test_appliquer_demande_le_droit_de_modifier_la_source(client, geographie, tmp_path):
    run = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    assert run.applicable
    compte(client, "importeur", "imports.add_importrun", "imports.view_importrun")
    assert client.post(reverse("admin:imports_importrun_appliquer", args=[run.pk])).status_code == 403
    page = client.get(reverse("admin:imports_importrun_suivi", args=[run.pk])).content.decode()
    assert "Appliquer l" not in page
    assert ImportRun.objects.get(pk=run.pk).statut == ImportRun.Statut.ANALYSE


def test_un_coordinateur_avec_les_droits_importe_et_applique(client, geographie, tmp_path):
    source = Source.objects.create(nom="hub-du-sud")
    compte(client, "coordinatrice", "imports.add_importrun", "imports.view_importrun", "imports.change_source")
    contenu = fichier(tmp_path, [lieu(1)]).read_bytes()
    reponse = client.post(reverse("admin:imports_importrun_importer"), {
        "fichier": SimpleUploadedFile("lieux.csv", contenu, content_type="text/csv"), "source": source.pk})
    assert reponse.status_code == 302
    run = ImportRun.objects.get(source=source)
    assert run.statut == ImportRun.Statut.ANALYSE
    client.post(reverse("admin:imports_importrun_appliquer", args=[run.pk]))
    assert ImportRun.objects.get(pk=run.pk).statut == ImportRun.Statut.APPLIQUE
