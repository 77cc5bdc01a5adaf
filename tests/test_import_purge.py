"""imports/purge.py and `manage.py purger_imports`: staged values dropped once a run is finished, the line-by-line
detail of old runs deleted, nothing else touched, a purged dry run never applied."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from imports.application import ApplicationImpossible, appliquer
from imports.models import ImportRun
from imports.purge import purger
from tests.outils_import import importe  # noqa: F401
from tests.outils_import import fichier, lieu, lieux

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def test_les_valeurs_en_attente_partent_le_detail_des_vieux_imports_aussi(tmp_path):
    applique = importe(fichier(tmp_path, [lieu(1), lieu(2, nom="")]), "hub")
    essai = importe(fichier(tmp_path, [lieu(1), lieu(3)], nom="autre.csv"), "hub", appliquer=False)
    assert applique.lignes.filter(valeurs__isnull=False).exists()
    premiere = purger()
    assert premiere.valeurs_videes >= 1 and premiere.imports == 0
    assert not applique.lignes.filter(valeurs__isnull=False).exists()
    assert essai.lignes.filter(valeurs__isnull=False).exists()  # still to be applied: kept
    assert applique.lignes.count() == 2 and lieux("hub").count() == 1

    ImportRun.objects.filter(pk=applique.pk).update(cree_le=timezone.now() - dt.timedelta(days=400))
    seconde = purger(jours=365)
    assert (seconde.imports, seconde.lignes_supprimees) == (1, 2)
    applique.refresh_from_db()
    assert applique.detail_purge_le and applique.crees == 1 and applique.rejetes == 1  # the counts stay
    assert lieux("hub").count() == 1 and essai.lignes.count() == 2  # lieux and the recent run untouched
    assert purger(jours=365).imports == 0  # already done


def test_un_essai_purge_ne_peut_plus_etre_applique(tmp_path, admin_client):
    essai = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    ImportRun.objects.filter(pk=essai.pk).update(cree_le=timezone.now() - dt.timedelta(days=40))
    assert purger(jours=30).imports == 1
    essai.refresh_from_db()
    assert not essai.applicable
    with pytest.raises(ApplicationImpossible):
        appliquer(essai)
    assert lieux("hub").count() == 0
    page = admin_client.get(reverse("admin:imports_importrun_suivi", args=[essai.pk])).content.decode()
    assert 'id="detail-purge"' in page and "Appliquer l&#x27;import" not in page


def test_commande(tmp_path, capsys):
    importe(fichier(tmp_path, [lieu(1)]), "hub")
    call_command("purger_imports", "--jours", "30")
    assert "1 ligne(s) allégée(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="au moins un jour"):
        call_command("purger_imports", "--jours", "0")
