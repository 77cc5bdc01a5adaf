"""A coordinator's imports stay in their territory: another territory's import pages are refused, and the rows of a
file outside the territory are refused at analysis (docs/perimetres.md)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun, Source
from tests.outils_import import fichier, importe, lieu
from lieux.models import Lieu
from tests.outils_perimetres import BORDEAUX, _coordinateur, _refuse, terrain  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- sources and imports -----------------------------------------------------------------------------------------


@pytest.fixture
def import33(terrain, tmp_path):
    girondin = lieu(1, commune="Bordeaux", code_postal="33000", latitude="44.8378", longitude="-0.5792",
                    nom="Lieu girondin")
    run = importe(fichier(tmp_path, [girondin]), "hub-33", appliquer=False, utilisateur=terrain.c33,
                  partiel=True)
    assert run.statut == ImportRun.Statut.ANALYSE and run.crees == 1
    return run


def test_les_imports_d_un_autre_territoire_sont_refuses(client, terrain, import33):
    client.force_login(terrain.c49)
    pk = import33.pk
    liste = client.get(reverse("admin:imports_importrun_changelist")).content.decode()
    assert f"/admin/imports/importrun/{pk}/" not in liste and "hub-33" not in liste  # nor in the source filter
    for nom in ("suivi", "progression", "rapport"):
        _refuse(client, reverse(f"admin:imports_importrun_{nom}", args=[pk]), "Lieu girondin")
    for nom in ("appliquer", "relancer"):
        _refuse(client, reverse(f"admin:imports_importrun_{nom}", args=[pk]), methode="post")
    assert client.get(reverse("admin:imports_importrun_change", args=[pk])).status_code == 302  # → suivi, refused
    assert ImportRun.objects.get(pk=pk).statut == ImportRun.Statut.ANALYSE

    source = Source.objects.get(nom="hub-33")
    assert "hub-33" not in client.get(reverse("admin:imports_source_changelist")).content.decode()
    _refuse(client, reverse("admin:imports_source_change", args=[source.pk]), "hub-33")
    _refuse(client, reverse("admin:imports_source_profil_export", args=[source.pk]))
    _refuse(client, reverse("admin:imports_source_profil_import", args=[source.pk]))
    assert client.get(reverse("admin:imports_importrun_synchroniser_dora")).status_code == 403

    client.force_login(terrain.c33)
    assert f"/admin/imports/importrun/{pk}/" in client.get(reverse("admin:imports_importrun_changelist")).text
    assert client.get(reverse("admin:imports_importrun_suivi", args=[pk])).status_code == 200
    reponse = client.post(reverse("admin:imports_importrun_appliquer", args=[pk]), follow=True)
    assert ImportRun.objects.get(pk=pk).statut == ImportRun.Statut.APPLIQUE, reponse.content.decode()[-3000:]
    client.force_login(terrain.national)
    assert client.get(reverse("admin:imports_importrun_suivi", args=[pk])).status_code == 200


def test_un_coordinateur_importe_seulement_les_lieux_de_son_territoire(client, terrain, tmp_path):
    client.force_login(terrain.c49)
    lignes = [lieu(1, nom="Lieu angevin"),
              lieu(2, commune="Bordeaux", code_postal="33000", latitude="44.8378", longitude="-0.5792",
                   nom="Lieu girondin")]
    contenu = fichier(tmp_path, lignes).read_bytes()
    importer = reverse("admin:imports_importrun_importer")
    # a source holding lieux of the Gironde is not offered, and refused if posted
    page = client.get(importer).content.decode()
    assert "hub-49" in page and "hub-33" not in page
    reponse = client.post(importer, {"fichier": SimpleUploadedFile("lieux.csv", contenu, content_type="text/csv"),
                                     "source": Source.objects.get(nom="hub-33").pk})
    assert reponse.status_code == 200 and not ImportRun.objects.filter(source__nom="hub-33").exists()

    reponse = client.post(importer, {"fichier": SimpleUploadedFile("lieux.csv", contenu, content_type="text/csv"),
                                     "nouvelle_source": "hub-anjou"})
    assert reponse.status_code == 302
    run = ImportRun.objects.get(source__nom="hub-anjou")
    assert (run.utilisateur, run.crees, run.rejetes) == (terrain.c49, 1, 1)
    page = client.get(reverse("admin:imports_importrun_suivi", args=[run.pk])).content.decode()
    assert "hors de votre territoire : ligne refusée" in page
    client.post(reverse("admin:imports_importrun_appliquer", args=[run.pk]))
    assert ImportRun.objects.get(pk=run.pk).statut == ImportRun.Statut.APPLIQUE
    assert list(Lieu.objects.filter(provenances__source="hub-anjou").values_list("nom", flat=True)) == ["Lieu angevin"]
    assert not Lieu.objects.filter(nom="Lieu girondin").exists()


# --- coordinators and accounts ------------------------------------------------------------------------------------
