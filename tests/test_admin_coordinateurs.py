"""The coordinators' space (/admin/) in French, their tasks first: « Vos tâches » on the home page (import a file,
synchronise DORA, error reports to handle, latest imports), no « Django » titles, the background tasks named in
French, and the lieux filterable by the import source a hub chose."""

import html as html_
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max

from imports.models import ImportRun, Source
from lieux.models import Signalement
from tests.factories import coordinateur, creer_lieu, creer_provenance

pytestmark = pytest.mark.django_db
ACCUEIL = "/admin/"


def texte_visible(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return html_.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_accueil_commence_par_vos_taches(admin_client):
    lieu = creer_lieu(nom="Espace du Lac")
    for _ in range(3):
        Signalement.objects.create(lieu=lieu, rubriques=["horaires"], message="fermé le lundi", empreinte_client="x")
    Signalement.objects.create(lieu=lieu, rubriques=["horaires"], statut="traite", empreinte_client="x")
    html = admin_client.get(ACCUEIL).content.decode()
    texte = texte_visible(html)
    assert "Django" not in texte
    assert "<title>Accueil de l&#x27;espace des coordinateurs | Espace des coordinateurs" in html
    assert '<div id="site-name"><a href="/admin/">Espace des coordinateurs</a></div>' in html
    # the tasks come before the list of all the data
    assert html.index('id="vos-taches"') < html.index("Toutes les données") < html.index("Lieux de médiation")
    # the coordinators' data before the accounts and the background tasks
    assert html.index("Lieux de médiation") < html.index("Imports de fichiers") < html.index("Authentification")
    assert html.index("Authentification") < html.index("Tâches de fond")
    assert f'<a href="{reverse("admin:imports_importrun_importer")}">Importer un fichier</a>' in html
    assert f'<a href="{reverse("admin:imports_importrun_synchroniser_dora")}">Synchroniser DORA</a>' in html
    signalements = reverse("admin:lieux_signalement_changelist") + "?statut__exact=nouveau"
    assert f'<a href="{signalements}">Signalements à traiter</a> — <strong>3</strong> en attente' in html
    assert len(admin_client.get(signalements).context["cl"].result_list) == 3  # the link shows those three


def test_derniers_imports_sur_l_accueil(admin_client):
    source = Source.objects.create(nom="hub-du-lac")
    run = ImportRun.objects.create(source=source, statut=ImportRun.Statut.REFUSE, nom_fichier="lieux-du-lac.csv")
    html = admin_client.get(ACCUEIL).content.decode()
    assert '<caption id="derniers-imports-titre">Derniers imports</caption>' in html
    assert f'<td><a href="/admin/imports/importrun/{run.pk}/suivi/">n° {run.pk}</a></td>' in html
    assert "<td>hub-du-lac</td>" in html and "<td>lieux-du-lac.csv</td>" in html and "<td>fichier refusé</td>" in html


def test_chacun_ne_voit_que_ses_taches(client, django_user_model):
    moderatrice = django_user_model.objects.create_user("moderatrice", password="x", is_staff=True)
    moderatrice.user_permissions.add(Permission.objects.get(codename="view_signalement"))
    coordinateur(moderatrice, national=True)  # she sees every report: the count is of all of France
    client.force_login(moderatrice)
    html = client.get(ACCUEIL).content.decode()
    assert "Signalements à traiter</a> — aucun en attente" in html
    assert "Importer un fichier" not in html and "Synchroniser DORA" not in html and "Derniers imports" not in html
    sans_droit = django_user_model.objects.create_user("visiteur", password="x", is_staff=True)
    client.force_login(sans_droit)
    assert 'id="vos-taches"' not in client.get(ACCUEIL).content.decode()


def test_taches_de_fond_en_francais(admin_client):
    DBTaskResult.objects.create(task_path="imports.tasks.analyser_import", args_kwargs={"args": [1], "kwargs": {}},
                                backend_name="default", run_after=get_date_max(), status="READY")
    texte = texte_visible(admin_client.get(ACCUEIL).content.decode())
    assert "Tâches de fond" in texte and "Tasks" not in texte and "Backend" not in texte
    liste = texte_visible(admin_client.get("/admin/django_tasks_database/dbtaskresult/").content.decode())
    for colonne in ("Tâche", "État", "Mise en file le", "Commencée le", "Terminée le", "Priorité", "File"):
        assert colonne in liste
    assert "analyse d'un import" in liste and "en attente" in liste and "Par état" in liste
    assert "Task" not in liste and "Enqueued" not in liste and "Status" not in liste


def test_filtre_par_source_d_import(admin_client):
    Source.objects.create(nom="hub-a")
    Source.objects.create(nom="hub-b")
    # the standard's own `source` column says anything: the import source is what a hub chose at import
    du_hub_a = creer_lieu(nom="Lieu du hub A", source="Conseil départemental")
    du_hub_b = creer_lieu(nom="Lieu du hub B", source="Conseil départemental")
    creer_provenance(du_hub_a, source="hub-a")
    creer_provenance(du_hub_b, source="hub-b")
    liste = reverse("admin:lieux_lieu_changelist")
    reponse = admin_client.get(liste, {"source_import": "hub-a"})
    assert {lieu.nom for lieu in reponse.context["cl"].result_list} == {"Lieu du hub A"}
    # the list shows each lieu's import source next to the source its file declared
    assert '<th scope="col" class="column-sources_import">' in reponse.content.decode()
    assert '<td class="field-sources_import">hub-a</td><td class="field-source">Conseil départemental</td>' in (
        reponse.content.decode())
    html = admin_client.get(liste).content.decode()
    assert "Par source d’import" in html or "Par source d&#x27;import" in html
    assert '<a href="?source_import=hub-a">hub-a</a>' in html
    assert "Par source déclarée dans le fichier" in html
