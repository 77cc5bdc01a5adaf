"""One lieu per place, through the importer: real overlapping files merged, doubtful pairs kept for a person, distinct
places kept apart, decisions and splits that survive re-imports, archiving one source that does not hide a lieu another
still describes, field priorities and lineage, the commands, and a national export valid against the standard."""

import csv
import json

import pytest
from django.core.management import call_command
from frictionless import Resource, Schema

from lieux.consolidation.execution import consolider
from lieux.models import DecisionRapprochement, Lieu, PaireRapprochement, PrioriteSource, Provenance
from tests.outils_import import PACA_16, PACA_17, STANDARD, fichier, importe, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]

# one place, as two sources write it: another name for the same médiathèque, another id, another date
MEDIATHEQUE_HUB = lieu(1, id="hub-1", nom="Médiathèque Rochefoucauld", adresse="14 rue Toussaint",
                       horaires="Mo-Fr 09:00-12:00", date_maj="2024-01-10", telephone="0241000001")
MEDIATHEQUE_NATIONAL = lieu(1, id="nat-77", nom="Bibliothèque municipale Rochefoucauld", adresse="14 r. Toussaint",
                            horaires="Mo-Sa 10:00-18:00", date_maj="2024-06-01",
                            services="Aide aux démarches administratives|Accès internet et matériel informatique")
# same street and number, another organisation; a mairie and its médiathèque at one address
ASSOCIATION = lieu(2, id="hub-2", nom="Association Les Petits Débrouillards", adresse="30 rue Toussaint")
AUTRE_ASSOCIATION = lieu(2, id="nat-78", nom="Secours populaire", adresse="30 rue Toussaint")
MAIRIE = lieu(3, id="hub-3", nom="Mairie d'Angers", adresse="1 place Maurice Sailland")
MEDIATHEQUE_MAIRIE = lieu(3, id="nat-79", nom="Médiathèque Annie Ernaux", adresse="1 place Maurice Sailland")


def actifs_de(*sources):
    return Lieu.objects.filter(provenances__source__in=sources, statut="actif").distinct()


def lieu_de(source, id_source):
    return Provenance.objects.get(source=source, id_source=id_source).lieu


def deux_sources(tmp_path, hub=(MEDIATHEQUE_HUB, ASSOCIATION, MAIRIE),
                 national=(MEDIATHEQUE_NATIONAL, AUTRE_ASSOCIATION, MEDIATHEQUE_MAIRIE)):
    importe(fichier(tmp_path, list(hub), "hub.csv"), "hub")
    return importe(fichier(tmp_path, list(national), "national.csv"), "national")


def test_the_same_place_from_two_sources_is_one_lieu_and_distinct_places_stay_apart(tmp_path):
    run = deux_sources(tmp_path)
    assert "même lieu" in run.consolidation
    mediatheque = lieu_de("hub", "hub-1")
    assert lieu_de("national", "nat-77") == mediatheque
    assert mediatheque.statut == "actif" and mediatheque.provenances.count() == 2
    absorbe = Lieu.objects.get(provenances__isnull=True, fusionne_dans=mediatheque)
    assert absorbe.statut == "fusionne"
    # same street and number, other organisations; a mairie and its médiathèque: never merged
    assert lieu_de("hub", "hub-2") != lieu_de("national", "nat-78")
    assert lieu_de("hub", "hub-3") != lieu_de("national", "nat-79")
    assert actifs_de("hub", "national").count() == 5


def test_values_are_derived_field_by_field_with_their_lineage(tmp_path):
    deux_sources(tmp_path)
    mediatheque = lieu_de("hub", "hub-1")
    hub, national = (Provenance.objects.get(source=s, id_source=i) for s, i in (("hub", "hub-1"), ("national", "nat-77")))
    # freshest first (the national list is newer), lists joined, a field only one source gives kept
    assert mediatheque.nom == "Bibliothèque municipale Rochefoucauld"
    assert mediatheque.horaires == "Mo-Sa 10:00-18:00"
    assert mediatheque.services == ["Aide aux démarches administratives", "Accès internet et matériel informatique"]
    assert mediatheque.telephone == "+33241000001"
    assert str(mediatheque.date_maj) == "2024-06-01"
    assert mediatheque.lignee["nom"] == [national.pk] and mediatheque.lignee["telephone"] == [hub.pk]
    assert set(mediatheque.lignee["services"]) == {hub.pk, national.pk}
    assert mediatheque.id == "hub-1"  # the lieu's own id stays its first record's


def test_a_source_priority_per_field_wins_over_freshness(tmp_path):
    PrioriteSource.objects.create(champ="horaires", source="hub", rang=1)
    deux_sources(tmp_path)
    mediatheque = lieu_de("hub", "hub-1")
    assert mediatheque.horaires == "Mo-Fr 09:00-12:00"  # the hub's hours, though older
    assert mediatheque.nom == "Bibliothèque municipale Rochefoucauld"  # no priority: freshest


def test_everything_reads_the_consolidated_lieu(client, tmp_path):
    deux_sources(tmp_path)
    mediatheque = lieu_de("hub", "hub-1")
    absorbe = Lieu.objects.get(fusionne_dans=mediatheque)
    noms = [r["nom"] for r in client.get("/api/v1/lieux/", {"commune": "49007", "page_size": 100}).json()["results"]]
    assert noms.count("Bibliothèque municipale Rochefoucauld") == 1 and "Médiathèque Rochefoucauld" not in noms
    assert client.get(f"/api/v1/lieux/{absorbe.uid}/").status_code == 404
    assert Lieu.objects.actifs().filter(nom__in=["Médiathèque Rochefoucauld", "Bibliothèque municipale Rochefoucauld"]
                                        ).count() == 1


def test_archiving_one_source_keeps_the_lieu_another_still_describes(tmp_path):
    deux_sources(tmp_path)
    mediatheque = lieu_de("hub", "hub-1")
    # the national list drops the médiathèque: its record is archived, the lieu stays, from the hub's values alone
    importe(fichier(tmp_path, [AUTRE_ASSOCIATION, MEDIATHEQUE_MAIRIE], "national-2.csv"), "national")
    mediatheque.refresh_from_db()
    assert mediatheque.statut == "actif"
    assert not Provenance.objects.get(source="national", id_source="nat-77").actif
    assert mediatheque.nom == "Médiathèque Rochefoucauld" and mediatheque.horaires == "Mo-Fr 09:00-12:00"
    assert mediatheque.lignee == {}
    # the hub drops it too: nobody describes it any more, it is archived (never deleted)
    importe(fichier(tmp_path, [ASSOCIATION, MAIRIE], "hub-2.csv"), "hub")
    mediatheque.refresh_from_db()
    assert mediatheque.statut == "archive"


def test_a_split_survives_a_re_import(tmp_path):
    deux_sources(tmp_path)
    mediatheque = lieu_de("hub", "hub-1")
    national = Provenance.objects.get(source="national", id_source="nat-77")
    for autre in mediatheque.provenances.exclude(pk=national.pk):
        DecisionRapprochement.enregistre(national, autre, DecisionRapprochement.Decision.DIFFERENTS)
    consolider(lieux=[mediatheque.uid])
    separe = lieu_de("national", "nat-77")
    assert separe != mediatheque and separe.statut == "actif"
    mediatheque.refresh_from_db()
    assert mediatheque.nom == "Médiathèque Rochefoucauld" and mediatheque.statut == "actif"
    # both sources send their files again, changed: still two lieux; and a full re-run keeps the decision too
    deux_sources(tmp_path, hub=(dict(MEDIATHEQUE_HUB, date_maj="2024-09-01"), ASSOCIATION, MAIRIE),
                 national=(dict(MEDIATHEQUE_NATIONAL, date_maj="2024-09-02"), AUTRE_ASSOCIATION, MEDIATHEQUE_MAIRIE))
    assert lieu_de("national", "nat-77") != lieu_de("hub", "hub-1")
    call_command("consolider", tout=True, verbosity=0)
    assert lieu_de("national", "nat-77") != lieu_de("hub", "hub-1")


def test_a_person_s_same_merges_what_the_score_kept_apart(tmp_path):
    deux_sources(tmp_path)
    a, b = (Provenance.objects.get(source=s, id_source=i) for s, i in (("hub", "hub-2"), ("national", "nat-78")))
    DecisionRapprochement.enregistre(a, b, DecisionRapprochement.Decision.MEME)
    consolider(lieux=[a.lieu_id, b.lieu_id])
    assert lieu_de("hub", "hub-2") == lieu_de("national", "nat-78")


def test_export_groupes_one_row_per_record(tmp_path):
    deux_sources(tmp_path)
    chemin = tmp_path / "groupes.csv"
    call_command("export_groupes", str(chemin), verbosity=0)
    with open(chemin, encoding="utf-8", newline="") as f:
        lignes = {(l["source"], l["id_source"]): l for l in csv.DictReader(f)
                  if l["source"] in ("hub", "national")}  # other tests' committed records may be there too
    assert list(next(iter(lignes.values()))) == ["lieu", "source", "id_source", "statut"]
    assert len(lignes) == 6
    assert lignes[("hub", "hub-1")]["lieu"] == lignes[("national", "nat-77")]["lieu"] == "hub-1"
    assert lignes[("hub", "hub-1")]["statut"] == "fusionne"
    assert {lignes[k]["statut"] for k in (("hub", "hub-2"), ("national", "nat-78"))} <= {"seul", "a_verifier"}


def valide(chemin):
    schema = Schema.from_descriptor(json.loads((STANDARD / "schema-v1.0.2.json").read_text(encoding="utf-8")))
    rapport = Resource(path=chemin.name, basepath=str(chemin.parent), schema=schema).validate()
    return rapport.valid, [e.message for t in rapport.tasks for e in t.errors][:5]


@pytest.mark.slow
def test_two_real_files_with_overlapping_ids_give_a_valid_national_export(tmp_path):
    """The PACA hub's files of 16 and 17 May 2023 imported as two sources: 646 ids in common."""
    importe(PACA_16, "hub-du-sud-16")
    run = importe(PACA_17, "hub-du-sud-17")
    assert run.crees == 646
    # most records of the 17th join the lieu of the same record on the 16th; some pairs wait for a person
    du_17 = dict(Provenance.objects.filter(source="hub-du-sud-17").values_list("id_source", "lieu_id"))
    communs = sum(du_17.get(i) == lieu for i, lieu in
                  Provenance.objects.filter(source="hub-du-sud-16").values_list("id_source", "lieu_id"))
    assert communs >= 600
    assert PaireRapprochement.objects.filter(decision="douteux").exists()
    national = tmp_path / "national.csv"
    call_command("export_lieux", str(national), verbosity=0)
    with open(national, encoding="utf-8", newline="") as f:
        ids = [l["id"] for l in csv.DictReader(f)]
    # (other tests' committed lieux may be in the export too)
    assert len(ids) == len(set(ids)) >= actifs_de("hub-du-sud-16", "hub-du-sud-17").count()
    assert actifs_de("hub-du-sud-16", "hub-du-sud-17").count() < 792
    assert valide(national) == (True, [])
    # the per-source export keeps each source's own ids and rows
    par_source = tmp_path / "hub-du-sud-17.csv"
    call_command("export_lieux", str(par_source), source="hub-du-sud-17", verbosity=0)
    with open(par_source, encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 646
    assert valide(par_source) == (True, [])
