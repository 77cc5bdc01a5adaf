"""The coordinators' space scoped to territories, tested by URL: a coordinator of the Maine-et-Loire (49) cannot list,
read, change, archive or act on what belongs to the Gironde (33), and the other way round; a national account sees
both. Lieux, reports, review pairs, decisions, sources, imports, the home page's tasks, and the coordinators' admin."""

import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun, Source
from lieux.admin_coordinateurs import groupe_des_coordinateurs
from lieux.notifications import destinataires_signalements
from lieux.models import Coordinateur, DecisionRapprochement, Lieu, PaireRapprochement, Signalement
from tests.factories import coordinateur, creer_lieu, creer_provenance
from tests.outils_import import fichier, importe, lieu
from tests.outils_perimetres import LISTE_LIEUX, _coordinateur, _refuse, terrain  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

# --- lieux ------------------------------------------------------------------------------------------------------


def _liste(client, terme):
    """The changelist searched for `terme` (lieux committed by browser tests may share the database): its table of
    results, and the uids of every lieu the list holds (all its pages)."""
    reponse = client.get(LISTE_LIEUX, {"q": terme})
    page = reponse.content.decode()
    debut = page.find('id="result_list"')
    tableau = page[debut:page.index("</table>", debut)] if debut >= 0 else ""
    return tableau, set(reponse.context["cl"].queryset.values_list("uid", flat=True))


def test_chacun_sa_liste_de_lieux(client, terrain):
    client.force_login(terrain.c49)
    page, uids = _liste(client, "")
    assert {terrain.angers.uid, terrain.saumur.uid} <= uids and not {terrain.bordeaux.uid, terrain.merignac.uid} & uids
    assert "Médiathèque d&#x27;Angers" in _liste(client, "Angers")[0]
    page, uids = _liste(client, "Bordeaux")
    assert "Bibliothèque de Bordeaux" not in page and not uids & {terrain.bordeaux.uid}
    client.force_login(terrain.c33)
    assert "Bibliothèque de Bordeaux" in _liste(client, "Bordeaux")[0]
    assert "Médiathèque d&#x27;Angers" not in _liste(client, "Angers")[0]
    client.force_login(terrain.national)
    assert "Bibliothèque de Bordeaux" in _liste(client, "Bordeaux")[0]
    assert "Médiathèque d&#x27;Angers" in _liste(client, "Angers")[0]


def test_les_pages_d_un_lieu_d_un_autre_territoire_sont_refusees(client, terrain):
    client.force_login(terrain.c49)
    uid = terrain.bordeaux.uid
    for nom in ("change", "history", "delete"):
        _refuse(client, reverse(f"admin:lieux_lieu_{nom}", args=[uid]), "Bibliothèque de Bordeaux")
    assert client.get(reverse("admin:lieux_lieu_change", args=[terrain.angers.uid])).status_code == 200
    # its own: the page; a lieu that does not exist at all: the admin's usual redirect
    assert client.get(reverse("admin:lieux_lieu_change", args=[999999999])).status_code == 302

    client.force_login(terrain.national)
    reponse = client.get(reverse("admin:lieux_lieu_change", args=[uid]))
    formset = reponse.context["inline_admin_formsets"][0].formset
    donnees = {formset.management_form.add_prefix(n): v for n, v in formset.management_form.initial.items()}
    form = reponse.context["adminform"].form
    for nom in form.fields:
        valeur = form[nom].value()
        if valeur is not None:
            donnees[nom] = valeur if isinstance(valeur, list) else str(valeur)
    donnees["nom"] = "Renommé depuis Angers"

    client.force_login(terrain.c49)
    _refuse(client, reverse("admin:lieux_lieu_change", args=[uid]), methode="post", donnees=donnees)
    _refuse(client, reverse("admin:lieux_lieu_delete", args=[uid]), methode="post", donnees={"post": "yes"})
    separer = reverse("admin:lieux_lieu_separer", args=[uid, terrain.p_bordeaux.pk])
    assert client.post(separer).status_code == 403
    terrain.bordeaux.refresh_from_db()
    assert terrain.bordeaux.nom == "Bibliothèque de Bordeaux" and terrain.bordeaux.statut == Lieu.Statut.ACTIF


def test_les_actions_en_masse_restent_dans_le_territoire(client, terrain):
    client.force_login(terrain.c49)
    client.post(LISTE_LIEUX, {"action": "archiver", "_selected_action": [terrain.angers.uid, terrain.bordeaux.uid]})
    client.post(LISTE_LIEUX, {"action": "archiver", "select_across": "1", "index": "0",
                              "_selected_action": [terrain.angers.uid]})
    statuts = {l.uid: l.statut for l in Lieu.objects.filter(provenances__source__in=["hub-49", "hub-33"])}
    assert statuts[terrain.angers.uid] == statuts[terrain.saumur.uid] == Lieu.Statut.ARCHIVE
    assert statuts[terrain.bordeaux.uid] == statuts[terrain.merignac.uid] == Lieu.Statut.ACTIF


def _ajout(commune_officielle, code_insee, **autres):
    return {
        "id": f"lieu-{code_insee}", "pivot": "", "nom": "Nouvelle médiathèque", "adresse": "1 place du Marché",
        "code_postal": "49000", "commune": "Quelque part", "code_insee": code_insee,
        "localisation": json.dumps({"type": "Point", "coordinates": [-0.5536, 47.4739]}),
        "precision_localisation": "adresse", "commune_officielle": commune_officielle,
        "services": ["Aide aux démarches administratives"], "statut": "actif", "date_maj": "15/03/2025",
        "provenances-TOTAL_FORMS": "0", "provenances-INITIAL_FORMS": "0",
        "fermetures-TOTAL_FORMS": "0", "fermetures-INITIAL_FORMS": "0", **autres,
    }


def test_un_coordinateur_ne_cree_un_lieu_que_dans_son_territoire(client, terrain):
    client.force_login(terrain.c49)
    ajout = reverse("admin:lieux_lieu_add")
    reponse = client.post(ajout, _ajout("33063", "33063"))
    assert reponse.status_code == 200
    assert ("Bordeaux (33063) est hors de votre territoire (Maine-et-Loire (49)) : vous ne pouvez enregistrer que "
            "des lieux de votre territoire.") in reponse.content.decode()
    reponse = client.post(ajout, _ajout("", "33063"))  # the commune told by its code INSEE only
    assert "hors de votre territoire" in reponse.content.decode()
    assert not Lieu.objects.filter(nom="Nouvelle médiathèque").exists()

    reponse = client.post(ajout, _ajout("", "49007", departement="33"))
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    cree = Lieu.objects.get(nom="Nouvelle médiathèque")
    assert (cree.commune_officielle_id, cree.departement_id, cree.region_id) == ("49007", "49", "52")


def test_un_coordinateur_ne_deplace_pas_un_lieu_hors_de_son_territoire(client, terrain):
    client.force_login(terrain.c49)
    url = reverse("admin:lieux_lieu_change", args=[terrain.angers.uid])
    form = client.get(url).context["adminform"].form
    donnees = {"provenances-TOTAL_FORMS": "1", "provenances-INITIAL_FORMS": "1",
               "provenances-0-id": str(terrain.p_angers.pk), "provenances-0-lieu": str(terrain.angers.uid)}
    for nom in form.fields:
        valeur = form[nom].value()
        if valeur is not None:
            donnees[nom] = valeur if isinstance(valeur, list) else str(valeur)
    donnees.update(commune_officielle="33063", code_insee="33063")
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "est hors de votre territoire" in reponse.content.decode()
    terrain.angers.refresh_from_db()
    assert terrain.angers.commune_officielle_id == "49007"


def test_l_autocompletion_des_communes_du_formulaire_de_lieu(client, terrain):
    client.force_login(terrain.c49)
    reponse = client.get("/admin/autocomplete/", {"term": "Bordeaux", "app_label": "lieux", "model_name": "lieu",
                                                  "field_name": "commune_officielle"})
    assert reponse.status_code == 200 and reponse.json()["results"] == []
    reponse = client.get("/admin/autocomplete/", {"term": "Angers", "app_label": "lieux", "model_name": "lieu",
                                                  "field_name": "commune_officielle"})
    assert "Angers (49007)" in [r["text"] for r in reponse.json()["results"]]


# --- reports ----------------------------------------------------------------------------------------------------


def test_les_signalements_de_son_territoire(client, terrain):
    liste = reverse("admin:lieux_signalement_changelist")
    client.force_login(terrain.c49)
    page = client.get(liste).content.decode()
    assert "Fermé le lundi à Angers" in page and "Bordeaux" not in page
    _refuse(client, reverse("admin:lieux_signalement_change", args=[terrain.s_bordeaux.pk]), "Fermé le mardi")
    _refuse(client, reverse("admin:lieux_signalement_history", args=[terrain.s_bordeaux.pk]), "Fermé le mardi")
    _refuse(client, reverse("admin:lieux_signalement_change", args=[terrain.s_bordeaux.pk]), methode="post",
            donnees={"statut": "traite", "note_moderation": "vu"})
    client.post(liste, {"action": "marquer_traites",
                        "_selected_action": [terrain.s_angers.pk, terrain.s_bordeaux.pk]})
    assert Signalement.objects.get(pk=terrain.s_angers.pk).statut == Signalement.Statut.TRAITE
    assert Signalement.objects.get(pk=terrain.s_bordeaux.pk).statut == Signalement.Statut.NOUVEAU
    client.force_login(terrain.national)
    page = client.get(liste).content.decode()
    assert "Fermé le lundi à Angers" in page and "Fermé le mardi à Bordeaux" in page


def test_un_signalement_n_est_envoye_qu_aux_coordinateurs_du_territoire(terrain, settings):
    settings.SIGNALEMENTS_DESTINATAIRES = []
    nos_comptes = {"coordinatrice-49@example.org", "coordinateur-33@example.org", "nationale@example.org"}

    def destinataires(lieu):
        return [a for a in destinataires_signalements(lieu) if a in nos_comptes]  # other tests' accounts aside
    assert destinataires(terrain.angers) == ["coordinatrice-49@example.org", "nationale@example.org"]
    assert destinataires(terrain.bordeaux) == ["coordinateur-33@example.org", "nationale@example.org"]
    assert destinataires(creer_lieu(code_insee="", commune="Nulle part")) == ["nationale@example.org"]


def test_l_accueil_compte_dans_le_territoire(client, terrain):
    Signalement.objects.filter(statut=Signalement.Statut.NOUVEAU).exclude(
        pk__in=[terrain.s_angers.pk, terrain.s_bordeaux.pk]).delete()  # other tests' committed reports aside
    Signalement.objects.create(lieu=terrain.merignac, rubriques=["adresse"], empreinte_client="c")
    client.force_login(terrain.c49)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Signalements à traiter</a> — <strong>1</strong> en attente" in page
    assert "Synchroniser DORA" not in page
    client.force_login(terrain.c33)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Signalements à traiter</a> — <strong>2</strong> en attente" in page
    client.force_login(terrain.national)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Signalements à traiter</a> — <strong>3</strong> en attente" in page and "Synchroniser DORA" in page


# --- review pairs and decisions ----------------------------------------------------------------------------------


def test_les_paires_a_verifier_du_territoire(client, terrain):
    liste = reverse("admin:lieux_pairerapprochement_changelist")
    client.force_login(terrain.c49)
    page = client.get(liste).content.decode()
    assert "EPN de Saumur" in page and "Médiathèque d&#x27;Angers" in page  # its pair, and the mixed one
    assert "Tiers-lieu de Mérignac" not in page
    _refuse(client, reverse("admin:lieux_pairerapprochement_change", args=[terrain.paire33.pk]), "Mérignac")
    _refuse(client, reverse("admin:lieux_pairerapprochement_change", args=[terrain.paire33.pk]), methode="post",
            donnees={"decision": "meme"})
    # the mixed pair: seen, not decided (it would regroup a lieu of the Gironde)
    mixte = reverse("admin:lieux_pairerapprochement_change", args=[terrain.paire_mixte.pk])
    page = client.get(mixte).content.decode()
    assert "Un des deux lieux est hors de votre territoire" in page and 'value="meme"' not in page
    assert client.post(mixte, {"decision": "meme"}).status_code == 403
    assert not DecisionRapprochement.objects.exclude(pk=terrain.decision33.pk).exists()


def test_un_national_avec_territoire_voit_d_abord_ses_paires(client, terrain):
    liste = reverse("admin:lieux_pairerapprochement_changelist")
    client.force_login(terrain.national)
    nos_paires = {terrain.paire49, terrain.paire33, terrain.paire_mixte}  # other tests' committed pairs aside

    def paires(**filtres):
        return [p for p in client.get(liste, filtres).context["cl"].queryset if p in nos_paires]
    # the Gironde's own pair is decided already (decision33): the queue holds the two others
    assert paires() == [terrain.paire49, terrain.paire_mixte]  # best score first
    coordinateur(terrain.national, national=True, departements=["33"])
    assert paires() == [terrain.paire_mixte, terrain.paire49]  # the pair with a lieu of the Gironde first
    assert paires(etat="toutes") == [terrain.paire33, terrain.paire_mixte, terrain.paire49]


def test_les_decisions_du_territoire(client, terrain):
    liste = reverse("admin:lieux_decisionrapprochement_changelist")
    client.force_login(terrain.c49)
    assert "deux bâtiments girondins" not in client.get(liste).content.decode()
    _refuse(client, reverse("admin:lieux_decisionrapprochement_change", args=[terrain.decision33.pk]),
            "girondins")
    _refuse(client, reverse("admin:lieux_decisionrapprochement_delete", args=[terrain.decision33.pk]),
            methode="post", donnees={"post": "yes"})
    assert DecisionRapprochement.objects.filter(pk=terrain.decision33.pk).exists()
    client.force_login(terrain.c33)
    assert "deux bâtiments girondins" in client.get(liste).content.decode()


def test_les_taches_de_fond_pour_les_comptes_nationaux(client, terrain):
    terrain.c49.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    client.force_login(terrain.c49)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403
    terrain.national.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    client.force_login(terrain.national)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200


def test_les_priorites_des_sources_par_un_national_seulement(client, terrain):
    client.force_login(terrain.c49)
    assert client.get(reverse("admin:lieux_prioritesource_changelist")).status_code == 200
    assert client.get(reverse("admin:lieux_prioritesource_add")).status_code == 403


def test_un_superutilisateur_cree_un_coordinateur_et_ses_territoires(admin_client, geographie):
    ajout = reverse("admin:lieux_coordinateur_add")
    page = admin_client.get(ajout).content.decode()
    assert "Identifiant de connexion" in page and "Territoires" in page and "admin-autocomplete" in page
    reponse = admin_client.post(ajout, {"identifiant": "claire.anjou", "prenom": "Claire", "nom": "Anjou",
                                        "courriel": "claire@example.org", "mot_de_passe": "un-mot-de-passe-solide-49",
                                        "confirmation": "un-mot-de-passe-solide-49", "departements": ["49"]})
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    ligne = Coordinateur.objects.get(utilisateur__username="claire.anjou")
    assert list(ligne.departements.values_list("code", flat=True)) == ["49"] and not ligne.national
    compte = ligne.utilisateur
    assert compte.is_staff and not compte.is_superuser and compte.check_password("un-mot-de-passe-solide-49")
    assert compte.has_perm("lieux.change_lieu") and compte.has_perm("imports.add_importrun")

    reponse = admin_client.post(ajout, {"identifiant": "sans.territoire", "courriel": "s@example.org",
                                        "mot_de_passe": "un-mot-de-passe-solide-49",
                                        "confirmation": "un-mot-de-passe-solide-49"})
    assert "Choisissez au moins un territoire" in reponse.content.decode()
    assert not User.objects.filter(username="sans.territoire").exists()


def test_un_coordinateur_n_elargit_pas_son_territoire(client, terrain):
    client.force_login(terrain.c49)
    ligne = terrain.c49.coordinateur
    assert client.get(reverse("admin:lieux_coordinateur_changelist")).status_code == 403
    assert client.get(reverse("admin:lieux_coordinateur_change", args=[ligne.pk])).status_code == 403
    client.post(reverse("admin:lieux_coordinateur_change", args=[ligne.pk]), {"national": "on", "departements": ["33"]})
    ligne.refresh_from_db()
    assert not ligne.national and list(ligne.departements.values_list("code", flat=True)) == ["49"]
    assert "Coordinateurs" not in client.get(reverse("admin:index")).content.decode().split("Toutes les données")[1]


def test_un_compte_equipe_ne_s_attribue_pas_de_droits(client, terrain):
    compte = terrain.c49
    for code in ("view_user", "change_user", "add_user", "change_group", "view_group"):
        compte.user_permissions.add(Permission.objects.get(content_type__app_label="auth", codename=code))
    compte = User.objects.get(pk=compte.pk)
    client.force_login(compte)
    url = reverse("admin:auth_user_change", args=[compte.pk])
    assert client.get(url).status_code == 200  # may look
    client.post(url, {"username": compte.username, "is_active": "on", "is_staff": "on", "is_superuser": "on",
                      "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00"})
    assert client.post(reverse("admin:auth_user_add"), {"username": "x", "password1": "a-b-c-d-e-f-1",
                                                        "password2": "a-b-c-d-e-f-1"}).status_code == 403
    groupe = groupe_des_coordinateurs()
    client.post(reverse("admin:auth_group_change", args=[groupe.pk]),
                {"name": groupe.name, "permissions": list(Permission.objects.values_list("pk", flat=True))})
    compte.refresh_from_db()
    assert not compte.is_superuser and not compte.has_perm("auth.delete_user")
    assert not User.objects.get(pk=compte.pk).has_perm("lieux.delete_lieu")
