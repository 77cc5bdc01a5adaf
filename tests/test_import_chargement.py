"""A first import much larger than the table: the indexes and foreign keys of lieux_lieu and lieux_provenance are
dropped for the insert and built again, identical, in the same transaction."""

import pytest
from django.db import connection

from imports import application
from lieux.models import Lieu, Provenance
from tests.outils_import import importe  # noqa: F401
from tests.outils_import import fichier, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def structure(table):
    """{index or constraint name: (oid, definition)} of the secondary indexes and foreign keys of `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select i.relname, i.oid, pg_get_indexdef(x.indexrelid) from pg_index x
               join pg_class i on i.oid = x.indexrelid
               where x.indrelid = %s::regclass and not x.indisunique and not x.indisprimary
               union all
               select conname, oid, pg_get_constraintdef(oid) from pg_constraint
               where conrelid = %s::regclass and contype = 'f'""",
            [table, table],
        )
        return {nom: (oid, definition) for nom, oid, definition in cursor.fetchall()}


@pytest.mark.parametrize("suspendre", [True, False])
def test_gros_premier_import_index_reconstruits(tmp_path, monkeypatch, suspendre):
    if suspendre:  # three lieux stand for a file larger than the table
        monkeypatch.setattr(application, "SUSPENSION_SEUIL", 0.0)
        monkeypatch.setattr(application, "SUSPENSION_MINIMUM", 1)
    avant = {table: structure(table) for table in ("lieux_lieu", "lieux_provenance")}
    run = importe(fichier(tmp_path, [lieu(1), lieu(2), lieu(3, services="Aide aux démarches administratives")]), "gros")
    assert run.crees == 3 and run.statut == "applique"
    assert Lieu.objects.filter(provenances__source="gros", commune_officielle_id="49007").count() == 3
    assert Provenance.objects.filter(source="gros").count() == 3
    for table, definitions in avant.items():
        apres = structure(table)
        assert len(definitions) >= 2 and {n: d for n, (_, d) in apres.items()} == {
            n: d for n, (_, d) in definitions.items()
        }
        reconstruits = {n for n, (oid, _) in apres.items() if oid != definitions[n][0]}
        assert reconstruits == (set(definitions) if suspendre else set())
    with connection.cursor() as cursor:  # the rebuilt indexes serve the map queries
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("explain select count(*) from lieux_lieu where services @> %s::varchar[]",
                       [["Aide aux démarches administratives"]])
        assert "lieu_services_gin" in " ".join(ligne for (ligne,) in cursor.fetchall())
