"""Manual edits survive re-imports, through the real path: a standard file imported, `horaires` changed by a
coordinator in the admin, files imported again; the import's page lists the conflict and « Prendre la valeur du
fichier » gives the field back to the file. Only a coordinator of the lieu's territory sees and settles it.

The rule (lieux/verrous.py): the edited field keeps the person's value until the source changes that field's value.
- the same file again: every row « inchangé », nothing re-read, nothing reported;
- a file with other fields changed and the same `horaires` as before the edit: the edit stays, and the import lists
  the conflict « horaires : valeur saisie le … conservée, le fichier dit « … » »;
- a file whose `horaires` changed since the edit: the lock is lifted, the file's value applies, reported as
  « verrou levé : le fichier a changé la valeur ».
"""

import html as html_
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import formats, timezone

from imports.models import ConflitImport
from lieux.models import Coordinateur, Departement, VerrouChamp
from tests.outils_import import fichier, importe, lieu, lieux, statuts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]

HORAIRES, SAISIE, NOUVELLES = "Mo-Fr 09:00-12:00", "Mo-Fr 09:00-17:00", "Tu-Sa 10:00-18:00"
TOUSSAINT = lieu(1, id="hub-1", nom="Médiathèque Toussaint", horaires=HORAIRES, telephone="+33241000001")


def texte_visible(page: str) -> str:
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return html_.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _donnees_postees(*forms):
    """What a browser sends back for unchanged forms (values as rendered, lists as repeated keys)."""
    donnees = {}
    for form in forms:
        for nom in form.fields:
            valeur = form[nom].value()
            if valeur is not None:
                donnees[form.add_prefix(nom)] = valeur if isinstance(valeur, list) else str(valeur)
    return donnees


def modifier_dans_l_admin(client, le_lieu, **champs):
    url = reverse("admin:lieux_lieu_change", args=[le_lieu.uid])
    reponse = client.get(url)
    inlines = [inline.formset for inline in reponse.context["inline_admin_formsets"]]  # provenances, fermetures
    donnees = _donnees_postees(reponse.context["adminform"].form,
                               *[f for formset in inlines for f in (formset.management_form, *formset.forms)])
    reponse = client.post(url, {**donnees, **champs})
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    le_lieu.refresh_from_db()


def suivi(client, run) -> str:
    return texte_visible(client.get(reverse("admin:imports_importrun_suivi", args=[run.pk])).content.decode())


def importe_puis_modifie(tmp_path, client):
    premier = fichier(tmp_path, [TOUSSAINT], "hub.csv")
    importe(premier, "hub")
    le_lieu = lieux("hub").get()
    modifier_dans_l_admin(client, le_lieu, horaires=SAISIE)
    assert le_lieu.horaires == SAISIE
    return premier, le_lieu


def aujourd_hui() -> str:
    return formats.date_format(timezone.localtime(), "j F Y")


def test_the_admins_edit_is_locked_and_shown_on_the_lieus_page(tmp_path, admin_client):
    _, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    verrou = VerrouChamp.objects.get(lieu=le_lieu)
    assert (verrou.champ, verrou.valeur_saisie, verrou.valeur_des_sources) == ("horaires", SAISIE, HORAIRES)
    assert verrou.origine == "espace des coordinateurs" and verrou.pose_par.username == "admin"
    page = texte_visible(admin_client.get(reverse("admin:lieux_lieu_change", args=[le_lieu.uid])).content.decode())
    assert "Champs protégés contre les imports" in page
    assert f"Horaires {SAISIE} {HORAIRES} protégé contre les imports depuis le {aujourd_hui()}" in page
    assert "Lever la protection" in page and "{%" not in page and "{{" not in page


def test_the_same_file_again_keeps_the_edit_and_reports_nothing(tmp_path, admin_client):
    premier, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    run = importe(premier, "hub")
    assert run.statut == "applique" and statuts(run) == {"inchange": 1}
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == SAISIE
    assert not ConflitImport.objects.filter(run=run).exists()
    assert "Champs modifiés à la main" not in suivi(admin_client, run)


def test_a_file_changing_other_fields_keeps_the_edit_and_lists_the_conflict(tmp_path, admin_client):
    _, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    run = importe(fichier(tmp_path, [{**TOUSSAINT, "telephone": "+33241000002"}], "hub-2.csv"), "hub")
    assert statuts(run) == {"modifie": 1}
    le_lieu.refresh_from_db()
    assert (le_lieu.horaires, le_lieu.telephone) == (SAISIE, "+33241000002")  # the edit kept, the rest follows
    assert le_lieu.lignee["horaires"] == ["saisie manuelle"]
    conflit = ConflitImport.objects.get(run=run)
    assert (conflit.champ, conflit.nature, conflit.valeur_conservee, conflit.valeur_du_fichier) == (
        "horaires", "conflit", SAISIE, HORAIRES)
    page = suivi(admin_client, run)
    assert f"horaires : valeur saisie le {aujourd_hui()} conservée, le fichier dit « {HORAIRES} »" in page
    assert "Prendre la valeur du fichier" in page

    # « Prendre la valeur du fichier »: the lock goes, the file's value is written
    url = reverse("admin:imports_importrun_prendre_valeur", args=[run.pk, conflit.pk])
    assert admin_client.get(url).status_code == 405  # POST only
    reponse = admin_client.post(url, follow=True)
    assert f"Médiathèque Toussaint » : horaires prend la valeur du fichier (« {HORAIRES} »)" in texte_visible(
        reponse.content.decode())
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == HORAIRES and "horaires" not in le_lieu.lignee
    assert not VerrouChamp.objects.filter(lieu=le_lieu).exists()
    conflit.refresh_from_db()
    assert conflit.resolu and conflit.resolu_par.username == "admin"
    page = suivi(admin_client, run)
    assert "Valeur du fichier reprise le" in page and "Prendre la valeur du fichier" not in page

    # the field follows the file again
    importe(fichier(tmp_path, [{**TOUSSAINT, "horaires": NOUVELLES}], "hub-3.csv"), "hub")
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == NOUVELLES


def test_a_file_changing_the_locked_field_lifts_the_lock_and_applies(tmp_path, admin_client):
    _, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    run = importe(fichier(tmp_path, [{**TOUSSAINT, "horaires": NOUVELLES}], "hub-2.csv"), "hub")
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == NOUVELLES
    assert not VerrouChamp.objects.filter(lieu=le_lieu).exists()
    leve = ConflitImport.objects.get(run=run)
    assert (leve.nature, leve.valeur_conservee, leve.valeur_du_fichier) == ("levee", SAISIE, NOUVELLES)
    page = suivi(admin_client, run)
    assert (f"horaires : verrou levé : le fichier a changé la valeur, « {NOUVELLES} » remplace la valeur saisie le "
            f"{aujourd_hui()} (« {SAISIE} »)") in page
    assert "Prendre la valeur du fichier" not in page
    # the next file that goes back to the old value is followed too: no lock any more
    importe(fichier(tmp_path, [TOUSSAINT], "hub-3.csv"), "hub")
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == HORAIRES


def test_unlocking_on_the_lieus_page_gives_the_field_back_to_the_sources(tmp_path, admin_client):
    _, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    url = reverse("admin:lieux_lieu_deverrouiller", args=[le_lieu.uid, "horaires"])
    reponse = admin_client.post(url, follow=True)
    assert "Protection levée : « Horaires » reprend la valeur des sources" in texte_visible(reponse.content.decode())
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == HORAIRES and not VerrouChamp.objects.filter(lieu=le_lieu).exists()


def _coordinateur(client, nom, departement):
    compte = User.objects.create_user(nom, password="x", is_staff=True)
    for code in ("view_importrun", "view_lieu", "change_lieu"):
        compte.user_permissions.add(Permission.objects.get(codename=code))
    Coordinateur.objects.create(utilisateur=compte).departements.add(Departement.objects.get(code=departement))
    client.force_login(compte)
    return compte


def test_only_a_coordinator_of_the_lieus_territory_sees_and_settles_the_conflict(tmp_path, admin_client, client):
    _, le_lieu = importe_puis_modifie(tmp_path, admin_client)
    run = importe(fichier(tmp_path, [{**TOUSSAINT, "telephone": "+33241000002"}], "hub-2.csv"), "hub")
    conflit = ConflitImport.objects.get(run=run)
    url = reverse("admin:imports_importrun_prendre_valeur", args=[run.pk, conflit.pk])

    _coordinateur(client, "gironde", "33")
    assert "Champs modifiés à la main" not in suivi(client, run)
    assert client.post(url).status_code == 403  # the import itself lies outside the territory
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == SAISIE

    _coordinateur(client, "maine-et-loire", "49")
    assert f"le fichier dit « {HORAIRES} »" in suivi(client, run)
    assert client.post(url).status_code == 302
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == HORAIRES


def test_a_lieu_of_two_sources_keeps_the_edit_and_its_lineage_says_saisie_manuelle(tmp_path, admin_client):
    hub = lieu(1, id="hub-1", nom="Médiathèque Rochefoucauld", adresse="14 rue Toussaint", horaires=HORAIRES,
               date_maj="2024-01-10")
    national = lieu(1, id="nat-77", nom="Bibliothèque municipale Rochefoucauld", adresse="14 r. Toussaint",
                    horaires=NOUVELLES, date_maj="2024-06-01", telephone="+33241000001")
    importe(fichier(tmp_path, [hub], "hub.csv"), "hub")
    importe(fichier(tmp_path, [national], "national.csv"), "national")
    le_lieu = lieux("hub").get()
    assert le_lieu.provenances.count() == 2 and le_lieu.horaires == NOUVELLES  # the freshest record's
    modifier_dans_l_admin(admin_client, le_lieu, horaires=SAISIE)
    assert VerrouChamp.objects.get(lieu=le_lieu).valeur_des_sources == NOUVELLES

    run = importe(fichier(tmp_path, [{**national, "telephone": "+33241000002"}], "national-2.csv"), "national")
    le_lieu.refresh_from_db()
    assert (le_lieu.horaires, le_lieu.telephone) == (SAISIE, "+33241000002")
    assert ConflitImport.objects.get(run=run).valeur_du_fichier == NOUVELLES
    page = texte_visible(admin_client.get(reverse("admin:lieux_lieu_change", args=[le_lieu.uid])).content.decode())
    assert "Horaires saisie manuelle (protégée contre les imports)" in page
    assert "Téléphone national (nat-77)" in page  # the other fields keep their source


def test_the_import_summary_of_the_command_line_tells_the_conflict(tmp_path, admin_client):
    from imports.rapport import resume

    importe_puis_modifie(tmp_path, admin_client)
    run = importe(fichier(tmp_path, [{**TOUSSAINT, "telephone": "+33241000002"}], "hub-2.csv"), "hub")
    assert (f"[champ modifié à la main] Médiathèque Toussaint (Angers) — horaires : valeur saisie le {aujourd_hui()} "
            f"conservée, le fichier dit « {HORAIRES} »") in resume(run)
