"""`make sauvegarde` / `make restauration` (sauvegardes/): a dump of the real test database restored into a fresh
database holds the same rows; a restore never goes over an existing database."""

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sauvegardes.outils import compter
from tests.donnees_navigateur import creer_lieux_committes, supprimer_lieux_committes


@pytest.fixture
def base_commitee(geographie, django_db_blocker):
    with django_db_blocker.unblock():
        deja = compter()["lieux_lieu"]
        creees = [] if deja else creer_lieux_committes()
        yield
        if creees:
            supprimer_lieux_committes()


def _supprimer_base(nom):
    r = connection.settings_dict
    with psycopg.connect(host=r["HOST"] or "127.0.0.1", port=r["PORT"], user=r["USER"],
                         password=r.get("PASSWORD") or None, dbname="postgres", autocommit=True) as cnx:
        cnx.execute(f'drop database if exists "{nom}" with (force)')


def test_sauvegarde_puis_restauration_dans_une_base_neuve(base_commitee, django_db_blocker, tmp_path, capsys):
    nom = f"{connection.settings_dict['NAME']}_restauree_test"
    _supprimer_base(nom)
    fichier = tmp_path / "base.dump"
    try:
        with django_db_blocker.unblock():
            call_command("sauvegarder", "--fichier", str(fichier))
            assert "Sauvegarde écrite" in capsys.readouterr().out
            assert fichier.stat().st_size > 100_000 and not (tmp_path / "base.dump.partiel").exists()
            avant = compter()
            assert avant["lieux_lieu"] > 0
            call_command("restaurer", str(fichier), "--base", nom)
            assert f"restaurée dans la base « {nom} »" in capsys.readouterr().out
            assert compter(nom) == avant
            with pytest.raises(CommandError, match="existe déjà"):  # never over an existing database
                call_command("restaurer", str(fichier), "--base", nom)
            with pytest.raises(CommandError, match="introuvable"):
                call_command("restaurer", str(tmp_path / "absent.dump"), "--base", "autre_nom")
    finally:
        _supprimer_base(nom)
