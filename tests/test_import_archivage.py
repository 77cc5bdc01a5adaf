"""The archiving of a full import is safe: a file without any row of data is refused and archives nothing (preview,
apply button, server side, command); archiving more than half of a source's active lieux waits for an explicit
confirmation (checkbox of the preview, `--confirmer-archivage`)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from imports.application import ApplicationImpossible, appliquer, archivage_a_confirmer
from imports.models import ImportRun, Source
from lieux.models import Lieu
from tests.outils_import import importe  # noqa: F401
from tests.outils_import import fichier, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
IMPORTER = "/admin/imports/importrun/importer/"


def lieux_du_hub():
    return Lieu.objects.filter(provenances__source="hub")


@pytest.fixture
def hub_de_quatre(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1), lieu(2), lieu(3), lieu(4)], nom="depart.csv"), "hub")
    assert run.statut == ImportRun.Statut.APPLIQUE and lieux_du_hub().actifs().count() == 4
    return Source.objects.get(nom="hub")


def envoie(admin_client, source, chemin, **donnees):
    contenu = SimpleUploadedFile(chemin.name, chemin.read_bytes(), content_type="text/csv")
    admin_client.post(IMPORTER, {"fichier": contenu, "source": source.pk, **donnees})
    return ImportRun.objects.latest("cree_le")


@pytest.mark.parametrize("archives, actifs, attendu", [
    (0, 10, False), (0, 0, False), (1, 10, False), (5, 10, False), (6, 10, True), (1, 1, True), (3, 0, True),
])
def test_regle_de_confirmation(archives, actifs, attendu):
    assert archivage_a_confirmer(archives, actifs) is attendu


def test_seuil_configurable(settings):
    settings.IMPORT_SEUIL_ARCHIVAGE = 0.2
    assert archivage_a_confirmer(2, 10) is False and archivage_a_confirmer(3, 10) is True


def test_fichier_d_en_tete_seule_refuse_sans_bouton(admin_client, hub_de_quatre, tmp_path):
    run = envoie(admin_client, hub_de_quatre, fichier(tmp_path, []))
    assert run.statut == ImportRun.Statut.REFUSE and run.archives == 0 and run.lignes_lues == 0
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert "fichier refusé" in page
    assert ("Le fichier ne contient aucune ligne de données (seulement la ligne d&#x27;en-tête) : rien à importer. "
            "Aucun lieu de la source « hub » ne sera archivé.") in page
    assert "à archiver" not in page and "Appliquer l" not in page and "rien ne sera archivé" not in page
    # refused on the server too: a forged POST archives nothing
    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", follow=True)
    assert "ne peut pas être appliqué" in reponse.content.decode()
    assert lieux_du_hub().actifs().count() == 4


def test_json_sans_enregistrement_refuse(hub_de_quatre, tmp_path):
    vide = tmp_path / "vide.json"
    vide.write_text("[]", encoding="utf-8")
    run = importe(vide, "hub")
    assert run.statut == ImportRun.Statut.REFUSE
    assert run.erreur.startswith("Le fichier ne contient aucun enregistrement : rien à importer.")
    assert lieux_du_hub().actifs().count() == 4


def test_application_refusee_sans_ligne_meme_si_analyse(hub_de_quatre):
    """Defence in depth: a run marked analysed without any row (an older analysis) is not applied."""
    run = ImportRun.objects.create(source=hub_de_quatre, statut=ImportRun.Statut.ANALYSE, lignes_lues=0, archives=4,
                                   base=hub_de_quatre.derniere_application())
    with pytest.raises(ApplicationImpossible, match="aucune ligne de données"):
        appliquer(run)
    assert lieux_du_hub().actifs().count() == 4


def test_commande_refuse_le_fichier_d_en_tete_seule(hub_de_quatre, tmp_path):
    with pytest.raises(CommandError, match="fichier refusé. Le fichier ne contient aucune ligne de données") as erreur:
        call_command("import_lieux", str(fichier(tmp_path, [])), "--source", "hub", "--confirmer-archivage",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert erreur.value.returncode == 1
    assert lieux_du_hub().actifs().count() == 4


def test_une_ligne_sur_quatre_demande_confirmation_dans_l_apercu(admin_client, hub_de_quatre, tmp_path):
    run = envoie(admin_client, hub_de_quatre, fichier(tmp_path, [lieu(1)]))
    assert run.statut == ImportRun.Statut.ANALYSE and run.archives == 3
    suivi = f"/admin/imports/importrun/{run.pk}/suivi/"
    page = admin_client.get(suivi).content.decode()
    assert "<strong>3</strong> à archiver" in page
    assert "3 lieux de la source absents du fichier seront archivés." in page
    assert "Cet import archiverait 3 des 4 lieux actifs de la source « hub » (75 %) : plus de la moitié." in page
    assert ('<input type="checkbox" name="confirmer_archivage" value="oui" id="confirmer-archivage" required '
            'aria-describedby="confirmation-explication">') in page
    assert "Je confirme l'archivage de 3 des 4 lieux actifs de la source « hub »" in page

    # without the box: refused, nothing written, still applicable
    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", follow=True)
    assert "Cet import archiverait 3 des 4 lieux actifs" in reponse.content.decode()
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ANALYSE and lieux_du_hub().actifs().count() == 4

    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", {"confirmer_archivage": "oui"},
                                follow=True)
    assert "Import appliqué : les lieux sont à jour." in reponse.content.decode()
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.APPLIQUE and run.archives == 3
    assert list(lieux_du_hub().actifs().values_list("id", flat=True)) == ["L1"]


def test_moins_de_la_moitie_sans_confirmation(admin_client, hub_de_quatre, tmp_path):
    run = envoie(admin_client, hub_de_quatre, fichier(tmp_path, [lieu(1), lieu(2), lieu(3)]))
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert "1 lieu de la source absent du fichier sera archivé." in page and "confirmer_archivage" not in page
    admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/")
    assert lieux_du_hub().actifs().count() == 3


def test_commande_demande_confirmer_archivage(hub_de_quatre, tmp_path):
    un_seul = fichier(tmp_path, [lieu(1)])
    with pytest.raises(CommandError, match="Cet import archiverait 3 des 4 lieux actifs") as erreur:
        call_command("import_lieux", str(un_seul), "--source", "hub", stdout=io.StringIO(), stderr=io.StringIO())
    assert erreur.value.returncode == 1 and lieux_du_hub().actifs().count() == 4
    sortie = io.StringIO()
    call_command("import_lieux", str(un_seul), "--source", "hub", "--confirmer-archivage", stdout=sortie,
                 stderr=io.StringIO())
    assert "3 archivés" in sortie.getvalue() and lieux_du_hub().actifs().count() == 1


def test_tache_de_fond_transmet_la_confirmation(hub_de_quatre, tmp_path):
    from imports.tasks import appliquer_import

    run = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    appliquer_import.call(run.pk)
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ANALYSE and "3 des 4" in run.erreur
    ImportRun.objects.filter(pk=run.pk).update(erreur="")
    appliquer_import.call(run.pk, True)
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.APPLIQUE and run.archives == 3


def test_ancienne_analyse_sans_ligne_ni_bouton_ni_archivage(admin_client, hub_de_quatre):
    """A run analysed before header-only files were refused (0 rows, 4 « to archive »): the preview says nothing will
    be archived, shows no button, and a forged POST is refused with the reason."""
    run = ImportRun.objects.create(source=hub_de_quatre, statut=ImportRun.Statut.ANALYSE, lignes_lues=0, archives=4,
                                   progression=1.0, base=hub_de_quatre.derniere_application(), nom_fichier="vide.csv")
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert "Aucune ligne lue : rien ne sera importé, aucun lieu de la source ne sera archivé." in page
    assert "à archiver" not in page and "Appliquer l" not in page
    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", follow=True)
    assert "Le fichier ne contient aucune ligne de données : rien à importer" in reponse.content.decode()
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ANALYSE and lieux_du_hub().actifs().count() == 4


@pytest.mark.reseau_local
def test_synchronisation_dora_qui_archiverait_la_plupart(settings):
    """A data·inclusion answer with 1 of the 3 DORA lieux: the nightly command does not archive the 2 others on its
    own (exit code 1, run analysed with the reason); `--confirmer-archivage` applies it."""
    from tests.outils_dora import JETON, FauxDataInclusion, jeu, service, structure

    structures, services = jeu(3)
    with FauxDataInclusion(structures, services) as faux:
        settings.DATA_INCLUSION_API_URL, settings.DATA_INCLUSION_API_TOKEN = faux.url, JETON
        call_command("sync_dora", stdout=io.StringIO(), stderr=io.StringIO())
        dora = Lieu.objects.filter(provenances__source="dora")
        assert dora.actifs().count() == 3
        faux.structures, faux.services = [structure(1, code_insee="35238")], [service(1, 1)]
        with pytest.raises(CommandError, match="non appliqué. Cet import archiverait 2 des 3 lieux actifs") as erreur:
            call_command("sync_dora", stdout=io.StringIO(), stderr=io.StringIO())
        assert erreur.value.returncode == 1 and dora.actifs().count() == 3
        assert ImportRun.objects.filter(source__nom="dora").latest("cree_le").statut == ImportRun.Statut.ANALYSE
        sortie = io.StringIO()
        call_command("sync_dora", "--confirmer-archivage", stdout=sortie, stderr=io.StringIO())
        assert "2 archivés" in sortie.getvalue() and dora.actifs().count() == 1
