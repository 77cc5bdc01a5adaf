"""/lieux/<uid>/: the lieu sheet, its opening hours in words, and « Signaler une erreur »."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lieux import affichage_horaires as ah
from lieux import visite
from lieux.models import Signalement
from lieux.models.signalement import MAX_PAR_HEURE
from tests.factories import creer_lieu

PARIS = ZoneInfo("Europe/Paris")
HORAIRES = "Mo-Fr 09:00-12:00,14:00-17:30; PH off"


@pytest.mark.parametrize("instant, attendu", [
    (dt.datetime(2026, 11, 23, 10, 0), "Ouvert · ferme à 12:00"),
    (dt.datetime(2026, 11, 23, 15, 0), "Ouvert · ferme à 17:30"),
    (dt.datetime(2026, 11, 23, 12, 30), "Fermé · ouvre à 14:00"),
    (dt.datetime(2026, 11, 23, 18, 0), "Fermé · ouvre demain à 09:00"),
    (dt.datetime(2026, 11, 21, 10, 0), "Fermé · ouvre lundi à 09:00"),
    (dt.datetime(2026, 12, 24, 18, 0), "Fermé · ouvre lundi à 09:00"),  # not Friday: Christmas day (PH off)
    (dt.datetime(2026, 12, 21, 18, 0), "Fermé · ouvre demain à 09:00"),
    (dt.datetime(2026, 7, 31, 18, 0), "Fermé · ouvre lundi à 09:00"),
])
def test_open_state_in_french(instant, attendu):
    assert ah.etat(HORAIRES, instant.replace(tzinfo=PARIS)).texte == attendu


def test_open_state_uses_the_local_time_of_the_lieu():
    instant = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)  # 09:00 in Paris, 12:00 in La Réunion
    assert ah.etat("Mo-Fr 09:00-11:00", instant).ouvert is True
    assert ah.etat("Mo-Fr 09:00-11:00", instant, ah.fuseau("97411")).texte == "Fermé · ouvre demain à 09:00"


def test_next_opening_more_than_a_week_away_gives_the_date():
    assert ah.etat("Jan 05 09:00-12:00", dt.datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)).texte == (
        "Fermé · ouvre le 05/01 à 09:00")


def test_unknown_hours_and_week_table():
    assert ah.etat("", None).texte == "Horaires inconnus"
    assert ah.etat("n'importe quoi", None).ouvert is None
    semaine = ah.semaine(HORAIRES + "; Sa 22:00-02:00", dt.datetime(2026, 11, 25, 10, 0, tzinfo=PARIS))
    assert [j["jour"] for j in semaine] == ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    assert semaine[0]["plages"] == ["09:00 – 12:00", "14:00 – 17:30"] and semaine[2]["aujourd_hui"]
    assert semaine[5]["plages"] == ["22:00 – 24:00"] and semaine[6]["plages"] == ["00:00 – 02:00"]


@pytest.mark.django_db
def test_sheet_shows_every_standard_field_contacts_and_links(client, geographie):
    lieu = creer_lieu(
        nom="EPN <b>Toussaint</b>", telephone="+33241000000", courriels=["contact@epn.example.fr"],
        site_web=["https://epn.example.fr/", "javascript:alert(1)"], prise_rdv="https://rdv.example.fr/",
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/erp/epn/", horaires=HORAIRES, typologie=["EPN"],
        date_maj=timezone.localdate() - dt.timedelta(days=30), presentation_resume="Ateliers & aide",
    )
    reponse = client.get(f"/lieux/{lieu.uid}/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "EPN &lt;b&gt;Toussaint&lt;/b&gt;" in html and "<b>Toussaint</b>" not in html
    assert html.count('<tr data-champ="') == 32
    assert 'href="tel:+33241000000"' in html and "02 41 00 00 00" in html
    assert 'href="mailto:contact@epn.example.fr"' in html
    assert 'href="https://rdv.example.fr/"' in html and 'id="lien-acces-libre"' in html
    assert 'href="javascript:' not in html  # an unsafe link from the data is shown as text only
    assert "openstreetmap.org/directions?route=%3B47.473900%2C-0.553600" in html
    assert 'id="table-horaires"' in html and "14:00 – 17:30" in html
    assert any(mot in html for mot in ("Ouvert · ferme", "Fermé · ouvre"))
    assert "Espace Public Numérique (EPN)" in html  # typologie in plain French
    assert f"Mis à jour le {lieu.date_maj:%d/%m/%Y}" in html and 'id="alerte-ancien"' not in html
    assert 'media="print"' in html and "Copier le lien" in html and 'id="mini-carte"' in html
    assert "Signaler une erreur" in html


@pytest.mark.django_db
def test_old_data_warning_and_unknown_or_archived_lieu(client, geographie):
    ancien = creer_lieu(date_maj=timezone.localdate() - dt.timedelta(days=400))
    assert 'id="alerte-ancien"' in client.get(f"/lieux/{ancien.uid}/").content.decode()
    archive = creer_lieu(statut="archive")
    assert client.get(f"/lieux/{archive.uid}/").status_code == 404
    assert client.get("/lieux/987654321/").status_code == 404


@pytest.mark.django_db
def test_report_is_stored_for_moderators_without_any_email_set_up(client, geographie, mailoutbox):
    lieu = creer_lieu()
    reponse = client.post(f"/lieux/{lieu.uid}/signaler/", {"rubriques": ["horaires", "ferme"],
                                                           "message": "Fermé depuis juin."}, follow=True)
    assert reponse.status_code == 200
    assert "Merci, votre signalement a été transmis" in reponse.content.decode()
    signalement = Signalement.objects.get()
    assert signalement.lieu == lieu and signalement.rubriques == ["horaires", "ferme"]
    assert signalement.statut == "nouveau" and len(signalement.empreinte_client) == 64
    assert "127.0.0.1" not in signalement.empreinte_client
    assert mailoutbox == []


@pytest.mark.django_db
def test_report_needs_a_section_and_ignores_robots(client, geographie):
    lieu = creer_lieu()
    reponse = client.post(f"/lieux/{lieu.uid}/signaler/", {"message": "?"})
    assert reponse.status_code == 400 and "Cochez au moins une rubrique." in reponse.content.decode()
    robot = client.post(f"/lieux/{lieu.uid}/signaler/", {"rubriques": ["autre"], "site_internet": "http://spam"})
    assert robot.status_code == 302
    assert Signalement.objects.count() == 0
    assert client.get(f"/lieux/{lieu.uid}/signaler/").status_code == 405


@pytest.mark.django_db
def test_reports_are_rate_limited_per_address(client, geographie):
    lieux = [creer_lieu() for _ in range(MAX_PAR_HEURE + 1)]
    for lieu in lieux[:MAX_PAR_HEURE]:
        assert client.post(f"/lieux/{lieu.uid}/signaler/", {"rubriques": ["autre"]}).status_code == 302
    refuse = client.post(f"/lieux/{lieux[-1].uid}/signaler/", {"rubriques": ["autre"]})
    assert refuse.status_code == 429 and "plusieurs signalements récemment" in refuse.content.decode()
    autre_adresse = client.post(f"/lieux/{lieux[-1].uid}/signaler/", {"rubriques": ["autre"]},
                                REMOTE_ADDR="192.0.2.7")
    assert autre_adresse.status_code == 302
    assert Signalement.objects.count() == MAX_PAR_HEURE + 1


@pytest.mark.django_db
def test_same_lieu_twice_a_day_at_most(client, geographie):
    lieu = creer_lieu()
    codes = [client.post(f"/lieux/{lieu.uid}/signaler/", {"rubriques": ["autre"]}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_reports_are_listed_and_handled_in_the_admin(admin_client, geographie):
    lieu = creer_lieu(nom="Médiathèque signalée")
    Signalement.objects.create(lieu=lieu, rubriques=["adresse"], message="Mauvaise rue", empreinte_client="x" * 64)
    liste = admin_client.get("/admin/lieux/signalement/")
    assert liste.status_code == 200
    html = liste.content.decode()
    assert "Médiathèque signalée" in html and "Mauvaise rue" in html and "Adresse ou position" in html
    signalement = Signalement.objects.get()
    reponse = admin_client.post("/admin/lieux/signalement/", {"action": "marquer_traites",
                                                              "_selected_action": [signalement.pk]})
    assert reponse.status_code == 302
    signalement.refresh_from_db()
    assert signalement.statut == "traite" and signalement.traite_le is not None


@pytest.mark.django_db
def test_what_a_person_needs_comes_before_the_32_fields_which_are_folded(client, geographie):
    lieu = creer_lieu(telephone="+33241000000", horaires=HORAIRES, prise_rdv="https://rdv.example.fr/")
    html = client.get(f"/lieux/{lieu.uid}/").content.decode()
    ordre = [html.index(m) for m in ('id="lien-signaler"', 'id="etat-ouverture"', 'id="adresse-lieu"',
                                     'id="lien-telephone"', 'id="lien-itineraire"', 'id="lien-rdv"',
                                     'id="table-horaires"', '<details class="fiche-lieu__details', 'id="table-standard"',
                                     'id="signaler"')]
    assert ordre == sorted(ordre)
    assert 'href="?signaler=1#signaler"' in html and "<details open" not in html
    assert "<details open" in client.get(f"/lieux/{lieu.uid}/?signaler=1").content.decode()


@pytest.mark.parametrize("valeur, attendu", [
    ("/orientation/resultats/?services=Aide&page=2", "/orientation/resultats/?services=Aide&page=2"),
    ("/", "/"),
    ("https://evil.example/", ""),
    ("http://testserver/orientation/", ""),  # same host but absolute: not a relative path
    ("//evil.example/x", ""),
    ("/\\evil.example", ""),
    ("javascript:alert(1)", ""),
    (" javascript:alert(1)", ""),
    ("/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"),  # stays percent-encoded, harmless in an href
    ("/\r\nSet-Cookie:x", ""),
    ("/\tjavascript:alert(1)", ""),
    ("orientation/", ""),
    ("", ""),
    (None, ""),
    ("/" + "a" * 3000, ""),
])
def test_back_link_only_for_a_relative_path_of_this_site(valeur, attendu):
    assert visite.retour_sur(valeur, "testserver") == attendu


@pytest.mark.parametrize("valeur, attendu", [
    ("47.4739,-0.5536", (47.4739, -0.5536)),
    (" -20.88 , 55.45 ", (-20.88, 55.45)),
    ("91,0", None), ("0,181", None), ("nan,1", None), ("inf,1", None), ("1", None), ("1,2,3", None),
    ("a,b", None), ("", None), (None, None),
])
def test_starting_point_reads_latitude_then_longitude(valeur, attendu):
    point = visite.point_de_depart(valeur)
    assert (None if point is None else (point.y, point.x)) == attendu


@pytest.mark.parametrize("metres, texte", [(42, "40 m"), (850, "850 m"), (2345, "2,3 km"), (23456, "23 km")])
def test_distance_in_french(metres, texte):
    assert visite.distance_lisible(metres) == texte


@pytest.mark.django_db
def test_back_to_results_and_distance_from_the_orientation_link(client, geographie):
    lieu = creer_lieu()
    html = client.get(f"/lieux/{lieu.uid}/", {"retour": "/orientation/resultats/?services=Aide&b=<x>",
                                              "de": "47.4949,-0.5536"}).content.decode()
    assert '<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/orientation/resultats/?services=Aide' \
           '&amp;b=&lt;x&gt;" id="retour-resultats">Retour aux résultats</a>' in html
    assert "À 2,3 km du point de départ" in html
    assert html.index('id="retour-resultats"') < html.index('id="nom-lieu"')


@pytest.mark.django_db
@pytest.mark.parametrize("retour", ["https://evil.example/", "javascript:alert(1)", "//evil.example",
                                    "/\\evil.example", "java\nscript:alert(1)"])
def test_hostile_back_link_and_bad_point_are_never_reflected(client, geographie, retour):
    lieu = creer_lieu()
    html = client.get(f"/lieux/{lieu.uid}/", {"retour": retour, "de": "<script>,1"}).content.decode()
    assert 'id="retour-resultats"' not in html and 'id="distance-lieu"' not in html
    assert "evil" not in html and "javascript:" not in html and "&lt;script&gt;" not in html
    assert 'href="?signaler=1#signaler"' in html  # nothing carried over


@pytest.mark.django_db
def test_horaires_communiques_par_la_source_quand_ils_ont_ete_convertis(client):
    """Issue 19 item 7: hours read from a French text show the producer's words too (what was set aside stays
    visible); OSM hours given as such, or no raw text, show nothing more."""
    from tests.factories import creer_provenance

    lieu = creer_lieu(horaires="Mo-Fr 09:00-12:00")
    creer_provenance(lieu, donnees_brutes={"nom": lieu.nom,
                                           "Horaires d'ouverture": "du lundi au vendredi 9h-12h, 1er samedi sur RDV"})
    page = client.get(f"/lieux/{lieu.uid}/").content.decode()
    assert ('id="horaires-communiques">Horaires communiqués par la source : « du lundi au vendredi 9h-12h, 1er samedi '
            "sur RDV »") in page
    osm = creer_lieu(horaires="Mo-Fr 09:00-12:00")
    creer_provenance(osm, donnees_brutes={"horaires": "Mo-Fr 09:00-12:00"})
    assert 'id="horaires-communiques"' not in client.get(f"/lieux/{osm.uid}/").content.decode()
