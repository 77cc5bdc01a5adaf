"""What the import preview says about the file itself: an honest format (a file with no column of the standard is
« format inconnu », not « standard 1.x »), the required columns it lacks, and the encoding it was read with."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.colonnes import INCONNU, V1, correspond
from imports.models import ImportRun
from lieux import standard
from tests.outils_import import STANDARD  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
IMPORTER = "/admin/imports/importrun/importer/"


def apercu(admin_client, nom, contenu: bytes, source="essai") -> tuple[ImportRun, str]:
    fichier = SimpleUploadedFile(nom, contenu, content_type="text/csv")
    admin_client.post(IMPORTER, {"fichier": fichier, "nouvelle_source": source})
    run = ImportRun.objects.latest("cree_le")
    return run, admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()


def test_aucune_colonne_reconnue_format_inconnu():
    correspondance = correspond(["foo", "bar", "baz"])
    assert correspondance.version == INCONNU
    assert correspondance.manquantes == list(standard.CHAMPS_REQUIS)
    assert "Format inconnu : aucune colonne du standard reconnue." in correspondance.message_bloquant()
    assert correspond(["id", "nom", "foo"]).version == V1  # some columns of the standard: its current version


def test_apercu_foo_bar_baz_dit_format_inconnu_et_les_colonnes_manquantes(admin_client):
    run, page = apercu(admin_client, "foo.csv", b"foo;bar;baz\n1;2;3\n4;5;6\n")
    assert run.statut == ImportRun.Statut.REFUSE and run.version_standard == INCONNU
    assert "format inconnu : aucune colonne du standard reconnue" in page and "standard 1.x" not in page
    assert "Colonnes obligatoires du standard absentes du fichier :" in page
    for colonne in ("id", "nom", "commune", "code_postal", "adresse"):
        assert (f'<li><code>{colonne}</code> — <span class="niveau-erreur">bloquante</span> : aucune ligne ne peut '
                "être importée sans elle</li>") in page
    assert "<li><code>pivot</code> — SIRET inconnu (00000000000000) pour tous les lieux</li>" in page
    assert ("Colonnes non reconnues, gardées dans la ligne d'origine seulement : <code>foo</code>, "
            "<code>bar</code>, <code>baz</code>.") in page
    assert "Appliquer l" not in page


def test_apercu_d_un_fichier_standard_sans_pivot(admin_client):
    contenu = ("id;nom;adresse;code_postal;commune;date_maj;frais_a_charge\n"
               "A1;EPN;1 rue Toussaint;49000;Angers;2024-04-02;Gratuit\n").encode()
    run, page = apercu(admin_client, "lieux.csv", contenu)
    assert run.statut == ImportRun.Statut.ANALYSE
    assert ", standard 1.x" in page and "format inconnu" not in page
    assert "<li><code>pivot</code> — SIRET inconnu (00000000000000) pour tous les lieux</li>" in page
    assert "bloquante" not in page


def test_apercu_complet_toutes_les_colonnes(admin_client):
    _, page = apercu(admin_client, "exemple.csv", (STANDARD / "exemple-valide-v1.csv").read_bytes())
    assert '<p id="colonnes-manquantes">Toutes les colonnes obligatoires du standard sont présentes.</p>' in page
