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

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

BORDEAUX = {"code_insee": "33063", "commune": "Bordeaux", "code_postal": "33000",
            "localisation": Point(-0.5792, 44.8378, srid=4326)}
LISTE_LIEUX = reverse("admin:lieux_lieu_changelist")


def _coordinateur(nom, **territoires):
    utilisateur = User.objects.create_user(nom, f"{nom}@example.org", "x", is_staff=True)
    utilisateur.groups.add(groupe_des_coordinateurs())
    coordinateur(utilisateur, **territoires)
    return utilisateur


def _paire(p, q, score):
    a, b = sorted((p, q), key=lambda x: x.pk)
    return PaireRapprochement.objects.create(a=a, b=b, score=score, decision=PaireRapprochement.Decision.DOUTEUX,
                                             distance_m=10.0)


@pytest.fixture
def terrain(geographie):
    t = SimpleNamespace()
    t.angers = creer_lieu(nom="Médiathèque d'Angers")
    t.saumur = creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                          localisation=Point(-0.0769, 47.26, srid=4326))
    t.bordeaux = creer_lieu(nom="Bibliothèque de Bordeaux", **BORDEAUX)
    t.merignac = creer_lieu(nom="Tiers-lieu de Mérignac", code_insee="33281", code_postal="33700",
                            commune="Mérignac", localisation=Point(-0.6436, 44.8386, srid=4326))
    Source.objects.create(nom="hub-49"), Source.objects.create(nom="hub-33")
    t.p_angers = creer_provenance(t.angers, source="hub-49", valeurs={"nom": t.angers.nom, "commune": "Angers"})
    t.p_saumur = creer_provenance(t.saumur, source="hub-49", valeurs={"nom": t.saumur.nom, "commune": "Saumur"})
    t.p_bordeaux = creer_provenance(t.bordeaux, source="hub-33", valeurs={"nom": t.bordeaux.nom,
                                                                          "commune": "Bordeaux"})
    t.p_merignac = creer_provenance(t.merignac, source="hub-33", valeurs={"nom": t.merignac.nom,
                                                                          "commune": "Mérignac"})
    t.s_angers = Signalement.objects.create(lieu=t.angers, rubriques=["horaires"], message="Fermé le lundi à Angers",
                                            empreinte_client="a")
    t.s_bordeaux = Signalement.objects.create(lieu=t.bordeaux, rubriques=["horaires"],
                                              message="Fermé le mardi à Bordeaux", empreinte_client="b")
    t.paire49 = _paire(t.p_angers, t.p_saumur, 0.7)
    t.paire33 = _paire(t.p_bordeaux, t.p_merignac, 0.9)
    t.paire_mixte = _paire(t.p_angers, t.p_bordeaux, 0.5)
    t.decision33 = DecisionRapprochement.objects.create(
        source_a="hub-33", id_a=t.p_bordeaux.id_source, source_b="hub-33", id_b=t.p_merignac.id_source,
        decision=DecisionRapprochement.Decision.DIFFERENTS, motif="deux bâtiments girondins")
    t.c49 = _coordinateur("coordinatrice-49", departements=["49"])
    t.c33 = _coordinateur("coordinateur-33", departements=["33"])
    t.national = _coordinateur("nationale", national=True)
    return t


def _refuse(client, url, *textes, methode="get", donnees=None):
    reponse = getattr(client, methode)(url, donnees or {})
    assert reponse.status_code == 403, (url, reponse.status_code)
    contenu = reponse.content.decode()
    assert "Vous n'avez pas l'autorisation d'ouvrir cette page." in contenu  # the site's French 403 page
    for texte in textes:
        assert texte not in contenu
    return reponse


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
