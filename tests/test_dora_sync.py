"""DORA synchronisation end to end: fake data·inclusion API on 127.0.0.1 → ImportRun → lieux, and every failure
ending in a clear report with nothing written (neither new lieux nor archived ones)."""

import datetime as dt
import json

import pytest
from django.db.models import Count

from imports.dora.application import synchronise
from imports.dora.client import ClientDataInclusion
from imports.dora.lecteurs import ClientFichiers
from imports.models import ImportRun
from lieux.models import Lieu, Provenance
from tests.outils_dora import JETON, FauxDataInclusion, Reponse, jeu, service, structure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.reseau_local]


@pytest.fixture
def faux(settings):
    structures, services = jeu(3)
    with FauxDataInclusion(structures, services) as serveur:
        settings.DATA_INCLUSION_API_URL = serveur.url
        settings.DATA_INCLUSION_API_TOKEN = JETON
        yield serveur


def client(faux, **options):
    return ClientDataInclusion(url=faux.url, jeton=JETON, pause=0, attendre=lambda _: None, **options)


def lieux_dora():
    return Lieu.objects.filter(provenances__source="dora")


def runs_dora():
    return ImportRun.objects.filter(source__nom="dora")


def etat_des_lieux():
    """Everything a failed run must leave as it was."""
    return (list(lieux_dora().order_by("uid").values_list("uid", "statut", "modifie_le")),
            list(Provenance.objects.filter(source="dora").order_by("id").values_list("id", "empreinte", "donnees_brutes")))


def textes(run):
    return [r["texte"] for r in run.remarques]


def test_synchronisation_complete(faux):
    run = synchronise()
    assert run.statut == ImportRun.Statut.APPLIQUE, run.erreur
    assert (run.lignes_lues, run.crees, run.rejetes, run.archives) == (3, 3, 0, 0)
    assert run.url == f"{faux.url}/api/v1/services?sources=dora&thematiques=numerique"
    assert run.nom_fichier.startswith("dora-") and run.source.nom == "dora"
    assert faux.pages_demandees("services") == [1] and faux.pages_demandees("structures") == [1]

    lieu = lieux_dora().get(id=structure(1)["id"])
    assert lieu.source == "dora" and lieu.nom == "Espace numérique n° 1"
    assert lieu.commune_officielle_id == "35238" and lieu.departement_id == "35"  # structure 1 is in Rennes
    assert lieu.services == ["Maîtrise des outils numériques du quotidien", "Aide aux démarches administratives"]
    assert lieu.dispositif_programmes_nationaux == ["France Services", "Conseillers numériques"]
    assert lieu.modalites_accompagnement == ["Accompagnement individuel", "À distance"]
    assert lieu.modalites_acces == ["Se présenter", "Téléphoner", "Prendre un RDV en ligne"]
    assert lieu.publics_specifiquement_adresses == ["Seniors", "Jeunes"] and lieu.frais_a_charge == ["Gratuit"]
    assert (lieu.horaires, lieu.prise_rdv, lieu.pivot) == ("Mo-Fr 09:00-12:00,14:00-17:00",
                                                           "https://rdv.exemple.fr/espace", "13002526500013")
    assert lieu.fiche_acces_libre.startswith("https://acceslibre.beta.gouv.fr/")
    assert lieu.typologie == ["RFS"] and str(lieu.date_maj) == "2025-06-02"
    provenance = lieu.provenances.get()
    assert provenance.id_source == structure(1)["id"]
    assert provenance.donnees_brutes["doublons_data_inclusion"] == []
    assert [e["id"] for e in provenance.donnees_brutes["enregistrements_data_inclusion"]] == [
        structure(1)["id"], service(1, 1)["id"]]
    assert not lieux_dora().filter(nom="Plateforme mobilité").exists()  # no numérique service: not a lieu
    assert textes(run)[0] == ("data·inclusion : 3 services et 4 structures reçus ; 3 services numériques DORA, "
                              "rattachés à 3 lieux.")  # the API filtered thematiques=numerique
    assert "3 des 3 services numériques DORA (100.0 %) sont dans un lieu valide ; 0 dans un lieu rejeté " \
           "(raisons dans le rapport ligne à ligne)." in textes(run)


def test_essai_a_blanc_n_ecrit_rien(faux):
    run = synchronise(essai=True)
    assert run.statut == ImportRun.Statut.ANALYSE and run.crees == 3
    assert lieux_dora().count() == 0 and run.lignes.filter(statut="cree").count() == 3


def test_resynchronisation_doublons_a_jour_et_absents_archives(faux):
    premier = synchronise()
    deuxieme = structure(2, code_insee="59350", doublons=[{"source": "soliguide", "id": "soliguide--99"}])
    faux.structures = [structure(1, code_insee="35238"), deuxieme]
    faux.services = [service(1, 1), service(2, 2)]
    avant = dict(lieux_dora().values_list("id", "modifie_le"))
    run = synchronise()
    assert run.statut == ImportRun.Statut.APPLIQUE and run.base_id == premier.pk
    assert (run.lignes_lues, run.crees, run.modifies, run.inchanges, run.archives) == (2, 0, 0, 2, 1)
    apres = dict(lieux_dora().values_list("id", "modifie_le"))
    assert apres[structure(1)["id"]] == avant[structure(1)["id"]]  # unchanged lieux are not rewritten
    provenance = Provenance.objects.get(source="dora", id_source=deuxieme["id"])
    assert provenance.donnees_brutes["doublons_data_inclusion"] == [{"source": "soliguide", "id": "soliguide--99"}]
    archive = Lieu.objects.get(id=structure(3)["id"])
    assert archive.statut == Lieu.Statut.ARCHIVE and archive.provenances.exists()  # archived, never deleted


def test_depuis_une_date_synchronisation_partielle(faux):
    synchronise()
    faux.structures = [structure(1, code_insee="35238", nom="Espace numérique Rennes", date_maj="2025-07-01")]
    faux.services = [service(1, 1)]
    run = synchronise(depuis=dt.date(2025, 7, 1))
    assert run.partiel and run.statut == ImportRun.Statut.APPLIQUE
    assert (run.lignes_lues, run.modifies, run.archives) == (1, 1, 0)
    assert lieux_dora().actifs().count() == 3
    assert Lieu.objects.get(id=structure(1)["id"]).nom == "Espace numérique Rennes"
    rien = synchronise(depuis=dt.date(2026, 1, 1))
    assert rien.statut == ImportRun.Statut.APPLIQUE and rien.lignes_lues == 0 and not rien.lignes.exists()
    assert "1 lieux DORA non modifiés depuis le 01/01/2026 laissés de côté" in textes(rien)[-1]


@pytest.mark.parametrize("panne, attendu", [
    ("401", "HTTP 401"),
    ("500", "est en erreur (HTTP 500) pour la page 1 de /structures, après 3 tentatives"),
    ("delai", "ne répond pas : pas de réponse en 0.3 s"),
    ("json", "JSON mal formé"),
    ("incomplet", "Téléchargement incomplet de /structures : 3 enregistrements annoncés, 1 reçus"),
])
def test_panne_rapport_clair_et_rien_d_ecrit(faux, panne, attendu):
    synchronise()
    avant = etat_des_lieux()
    faux.structures, faux.services = [structure(1, code_insee="35238", nom="Nouveau nom")], [service(1, 1)]
    if panne == "401":
        faux.jeton = "un-autre-jeton"
    elif panne == "500":
        faux.force("structures", *[Reponse(500, b"oups")] * 3)
    elif panne == "delai":
        faux.force("services", *[Reponse(200, {"items": []}, delai=1.0)] * 3)
    elif panne == "incomplet":  # one page said to be the last, short of the total: the 2 others would be archived
        structure_1 = structure(1, code_insee="35238")
        faux.force("structures", Reponse(200, {"items": [structure_1], "total": 3, "page": 1, "size": 1, "pages": 1}))
    else:  # the structures' second page is cut in the middle, after the services and a first page were read
        faux.structures = [structure(1, code_insee="35238"), structure(2, code_insee="59350"), structure(3)]
        faux.force("structures", Reponse(200, b'{"items": [{"source": "dora", "id": "dora--'), page=2)
    run = synchronise(client=client(faux, tentatives=3, timeout=0.3, taille_page=2))
    assert run.statut == ImportRun.Statut.ECHOUE
    assert attendu in run.erreur and run.erreur.endswith("Rien n'a été importé.")
    assert not run.lignes.exists() and not run.fichier
    assert etat_des_lieux() == avant  # no lieu created, updated or archived


def test_429_puis_succes(faux):
    faux.force("services", Reponse(429, {"detail": "Too Many Requests"}, {"Retry-After": "1"}))
    attentes = []
    run = synchronise(client=ClientDataInclusion(url=faux.url, jeton=JETON, attendre=attentes.append))
    assert run.statut == ImportRun.Statut.APPLIQUE and run.crees == 3
    assert attentes == [1.0] and faux.pages_demandees("services") == [1, 1]


def test_structure_absente_ligne_rejetee_et_expliquee(faux):
    faux.services.append(service(50, 50))  # its structure is not in data·inclusion's structures
    run = synchronise()
    assert (run.lignes_lues, run.crees, run.rejetes) == (4, 3, 1)
    ligne = run.lignes.get(statut="rejete")
    assert ligne.id_source == service(50, 50)["structure_id"]
    assert {m[0] for m in ligne.messages if m[1] == "erreur"} == {"nom", "adresse"}
    assert "absente des données reçues de data·inclusion" in ligne.donnees_brutes["probleme_dora"]
    assert any(t.startswith("1 structures DORA (1 services numériques) absentes des structures reçues") for t in textes(run))
    assert "3 des 4 services numériques DORA (75.0 %) sont dans un lieu valide ; 1 dans un lieu rejeté " \
           "(raisons dans le rapport ligne à ligne)." in textes(run)


def test_aucun_lieu_recu_n_archive_rien(faux):
    synchronise()
    faux.services = [service(900, 900, thematiques=["mobilite--preparer-un-permis"])]
    run = synchronise()
    assert run.statut == ImportRun.Statut.ECHOUE and "aucun lieu DORA" in run.erreur
    assert lieux_dora().actifs().count() == 3


def test_fichiers_open_data_toutes_sources_sans_boucle(tmp_path):
    structures, services = jeu(2)
    structures.append(structure(7, source="mediation-numerique", id="mediation-numerique--7"))
    services.append(service(7, 7, source="mediation-numerique", id="mediation-numerique--s7",
                            structure_id="mediation-numerique--7"))
    services.append(service(8, 8, source="soliguide", id="soliguide--8", structure_id="soliguide--8"))
    for nom, donnees in (("structures", structures), ("services", services)):
        (tmp_path / f"{nom}.json").write_text(json.dumps(donnees, ensure_ascii=False), encoding="utf-8")
    run = synchronise(client=ClientFichiers(tmp_path / "services.json", tmp_path / "structures.json"))
    assert run.statut == ImportRun.Statut.APPLIQUE and run.crees == 2
    assert run.nom_fichier.startswith("services.json + structures.json → dora-")
    assert set(lieux_dora().values_list("id", flat=True)) == {structure(1)["id"], structure(2)["id"]}
    assert "1 services d'autres sources que DORA ignorés (soliguide : 1)." in textes(run)
    assert any(t.startswith("1 services et 0 structures repris de la cartographie nationale") for t in textes(run))


def test_les_lieux_gardent_leur_statut_par_run(faux):
    synchronise(essai=True)
    synchronise()
    assert dict(runs_dora().values_list("statut").annotate(n=Count("id"))) == {"analyse": 1, "applique": 1}
