"""« Signaler une erreur »: the form's error summary and ARIA, the e-mail to the moderators (background task), the
reporter told what happens next, and the admin of reports (French labels, filters by département and région)."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from lieux.models import Signalement
from lieux.notifications import destinataires_signalements
from tests.factories import coordinateur, creer_lieu

pytestmark = pytest.mark.django_db


def _signaler(client, lieu, donnees, **kwargs):
    return client.post(f"/lieux/{lieu.uid}/signaler/", donnees, **kwargs)


def test_the_hint_is_shown_from_the_start_and_no_error_is_in_the_page(client, geographie):
    lieu = creer_lieu()
    fiche = client.get(f"/lieux/{lieu.uid}/")
    # the sheet itself links to the form and carries no CSRF token: the page cache can serve it to everyone
    assert "csrfmiddlewaretoken" not in fiche.content.decode() and "csrftoken" not in fiche.cookies
    assert "?signaler=1#signaler" in fiche.content.decode()
    html = client.get(f"/lieux/{lieu.uid}/?signaler=1").content.decode()
    assert 'id="aide-rubriques">Cochez au moins une rubrique.' in html
    assert 'id="erreur-rubriques"' not in html and 'id="resume-erreurs"' not in html
    assert 'aria-invalid' not in html and "<title>Erreur" not in html
    assert 'aria-describedby="aide-message"' in html and 'aria-describedby="aide-courriel"' in html
    assert "Elle vérifie l'information avec le lieu" in html  # what will happen, before sending


def test_empty_report_gives_a_summary_at_the_top_linking_to_the_fields(client, geographie):
    lieu = creer_lieu()
    reponse = _signaler(client, lieu, {"message": "?", "courriel": "pas-une-adresse"})
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "<title>Erreur : " in html
    resume = html.index('id="resume-erreurs"')
    assert resume < html.index('id="nom-lieu"')  # at the top, not below the sheet
    assert 'href="#rubrique-1">Cochez au moins une rubrique.' in html
    assert 'href="#id_courriel">Saisissez une adresse électronique valide' in html
    assert html.count('aria-invalid="true" aria-describedby="erreur-rubriques"') == len(Signalement.Rubrique)
    assert 'aria-labelledby="legende-rubriques erreur-rubriques"' in html
    assert 'aria-describedby="aide-courriel erreur-courriel" aria-invalid="true"' in html
    assert 'id="erreur-courriel"' in html and 'id="erreur-message"' not in html
    assert "<details open" in html and 'value="pas-une-adresse"' in html  # the form stays open, input kept


def test_report_keeps_the_back_link_and_distance_of_the_sheet(client, geographie):
    lieu = creer_lieu()
    retour = "/orientation/resultats/?services=Aide"
    parametres = {"retour": retour, "de": "47.49,-0.5536"}
    page = client.get(f"/lieux/{lieu.uid}/", parametres | {"signaler": "1"}).content.decode()
    assert f'action="/lieux/{lieu.uid}/signaler/?retour=%2Forientation%2Fresultats%2F%3Fservices%3DAide' in page
    erreur = client.post(f"/lieux/{lieu.uid}/signaler/?retour={retour.replace('?', '%3F')}&de=47.49,-0.5536", {})
    assert 'id="retour-resultats"' in erreur.content.decode() and "À 1,8 km" in erreur.content.decode()
    envoye = client.post(f"/lieux/{lieu.uid}/signaler/?retour={retour.replace('?', '%3F')}", {"rubriques": ["autre"]})
    assert envoye.status_code == 302 and envoye["Location"].startswith(f"/lieux/{lieu.uid}/?retour=%2Forientation")


def test_moderators_are_emailed_and_the_reporter_told_what_happens(client, geographie, settings,
                                                                    django_user_model,
                                                                    django_capture_on_commit_callbacks):
    settings.SIGNALEMENTS_DESTINATAIRES = ["moderation@example.org"]
    settings.SITE_URL = "https://carto.example.org"
    moderatrice = django_user_model.objects.create_user("moderatrice", "moderatrice@example.org", "x", is_staff=True)
    moderatrice.user_permissions.add(Permission.objects.get(codename="change_signalement"))
    coordinateur(moderatrice, national=True)
    django_user_model.objects.create_user("sans-droit", "sans-droit@example.org", "x", is_staff=True)
    django_user_model.objects.create_user("public", "public@example.org", "x")
    lieu = creer_lieu(nom="Médiathèque d'Angers")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = _signaler(client, lieu, {"rubriques": ["horaires", "ferme"], "message": "Fermé le lundi.",
                                           "courriel": "visiteur@example.net"}, follow=True)
    assert "Vous recevrez une réponse à l&#x27;adresse indiquée." in reponse.content.decode()
    assert "vérifie les informations avec le lieu" in reponse.content.decode()
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == ["moderation@example.org", "moderatrice@example.org"]
    assert courriel.reply_to == ["visiteur@example.net"]
    assert courriel.subject == "Signalement d'erreur : Médiathèque d'Angers (Angers)"
    assert "Rubriques : Horaires, Le lieu n'existe plus" in courriel.body and "Fermé le lundi." in courriel.body
    signalement = Signalement.objects.get()
    assert f"https://carto.example.org/admin/lieux/signalement/{signalement.pk}/change/" in courriel.body


def test_no_recipient_no_email_and_no_reply_promise_without_an_address(client, geographie,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = _signaler(client, creer_lieu(), {"rubriques": ["autre"]}, follow=True)
    assert "transmis à l&#x27;équipe de modération" in reponse.content.decode()
    assert "Vous recevrez une réponse" not in reponse.content.decode()
    assert mail.outbox == [] and Signalement.objects.count() == 1


def test_recipients_without_repeats_inactive_or_addressless_staff(settings, django_user_model):
    settings.SIGNALEMENTS_DESTINATAIRES = ["Equipe@example.org", " ", "equipe@example.org"]
    django_user_model.objects.create_superuser("admin", "equipe@EXAMPLE.org", "x")
    django_user_model.objects.create_superuser("ancien", "ancien@example.org", "x", is_active=False)
    django_user_model.objects.create_superuser("muet", "", "x")
    assert destinataires_signalements() == ["Equipe@example.org"]


def _signalement(lieu, rubriques=("adresse",)):
    return Signalement.objects.create(lieu=lieu, rubriques=list(rubriques), message="m", empreinte_client="x" * 64)


def test_admin_shows_french_labels_and_the_territory(admin_client, geographie):
    signalement = _signalement(creer_lieu(nom="Lieu fermé"), ["horaires", "ferme"])
    fiche = admin_client.get(f"/admin/lieux/signalement/{signalement.pk}/change/").content.decode()
    assert "Horaires, Le lieu n&#x27;existe plus" in fiche and "horaires, ferme" not in fiche
    assert "Pays de la Loire (52) › Maine-et-Loire (49)" in fiche
    liste = admin_client.get("/admin/lieux/signalement/").content.decode()
    assert "Horaires, Le lieu n&#x27;existe plus" in liste and "Maine-et-Loire (49)" in liste


def test_admin_filters_reports_by_departement_region_and_rubrique(admin_client, geographie):
    _signalement(creer_lieu(nom="Lieu à Angers"), ["horaires"])
    _signalement(creer_lieu(nom="Lieu à Rennes", code_insee="35238", commune="Rennes", code_postal="35000"),
                 ["adresse"])
    _signalement(creer_lieu(nom="Lieu à Nice", code_insee="06088", commune="Nice", code_postal="06000"), ["ferme"])

    def lieux(parametres):
        reponse = admin_client.get("/admin/lieux/signalement/", parametres)
        assert reponse.status_code == 200
        return {s.lieu.nom for s in reponse.context["cl"].result_list}

    assert lieux({"departement": "49"}) == {"Lieu à Angers"}
    assert lieux({"region": "53"}) == {"Lieu à Rennes"}
    assert lieux({"region": "93"}) == {"Lieu à Nice"}
    assert lieux({"rubrique": "ferme"}) == {"Lieu à Nice"}
    assert lieux({}) == {"Lieu à Angers", "Lieu à Rennes", "Lieu à Nice"}
    html = admin_client.get("/admin/lieux/signalement/").content.decode()
    assert "Par département" in html and "Maine-et-Loire (49)" in html and "Bretagne (53)" in html
    assert "Ille-et-Vilaine (35)" in html and "Gironde" not in html  # only territories with reports


def test_admin_filter_reads_the_commune_when_the_lieu_has_no_departement_link(admin_client, geographie):
    _signalement(creer_lieu(nom="Sans lien direct", departement=None, region=None))
    reponse = admin_client.get("/admin/lieux/signalement/", {"departement": "49"})
    assert [s.lieu.nom for s in reponse.context["cl"].result_list] == ["Sans lien direct"]


def test_a_refused_report_is_said_at_the_top_too(client, geographie):
    lieu = creer_lieu()
    for _ in range(2):
        assert _signaler(client, lieu, {"rubriques": ["autre"]}).status_code == 302
    refuse = _signaler(client, lieu, {"rubriques": ["autre"]})
    html = refuse.content.decode()
    assert refuse.status_code == 429 and "<title>Erreur : " in html
    assert html.index('id="resume-erreurs"') < html.index("plusieurs signalements récemment") < html.index(
        'id="nom-lieu"')


def test_the_email_is_a_background_task_not_sent_by_the_request(client, geographie, settings,
                                                                 django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.SIGNALEMENTS_DESTINATAIRES = ["moderation@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        assert _signaler(client, creer_lieu(), {"rubriques": ["autre"]}).status_code == 302
    assert mail.outbox == []  # the worker sends it
    taches = [r.task.name for r in default_task_backend.results]
    assert taches == ["notifier_signalement"]
    assert default_task_backend.results[0].args == [Signalement.objects.get().pk]
