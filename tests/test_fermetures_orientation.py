"""Temporary closures seen by people and re-users (frozen time, real PostGIS): « A lieu closed from Saturday to
Monday is absent from « ouvert samedi matin » results that Saturday and back the next week », in the orientation's
results and the map/API filter; the banner on the lieu page; the API's `fermetures`; the standard export unchanged;
the lieu's own declaration through its invitation link."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from contributions.models import Invitation
from contributions.invitations import creer_jeton
from imports.export import exporte
from lieux.models import FermetureTemporaire, Lieu
from tests.outils_orientation import DEMARCHES, autour_de_quimper, html

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
JEUDI_AVANT = dt.datetime(2026, 12, 3, 18, 0, tzinfo=PARIS)
SAMEDI = dt.datetime(2026, 12, 5, 10, 0, tzinfo=PARIS)
JEUDI_APRES = dt.datetime(2026, 12, 10, 18, 0, tzinfo=PARIS)
SAMEDI_APRES = dt.datetime(2026, 12, 12, 10, 0, tzinfo=PARIS)
SAMEDI_MATIN = "sa-09:00-12:00"


@pytest.fixture
def conges(finistere):
    """Concarneau (open « Sa 10:00-12:00 ») closed from Saturday 5 to Monday 7 December 2026."""
    FermetureTemporaire.objects.create(lieu=finistere["concarneau"], debut=dt.date(2026, 12, 5),
                                       fin=dt.date(2026, 12, 7), message="congés")
    return finistere


def resultats(client, **parametres) -> str:
    return html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES, **parametres)))


def noms_api(client, **parametres) -> list[str]:
    reponse = client.get("/api/v1/lieux/", {"commune": "29039", **parametres})
    assert reponse.status_code == 200
    return [ligne["nom"] for ligne in reponse.json()["results"]]


@pytest.mark.parametrize("instant", [JEUDI_AVANT, SAMEDI])
def test_absent_des_resultats_samedi_matin_ce_samedi_la(client, conges, instant):
    with time_machine.travel(instant, tick=False):
        texte = resultats(client, creneau=SAMEDI_MATIN)
        assert "Médiathèque de Concarneau" not in texte
        assert "Aucun" not in texte or "Concarneau" not in texte
        assert noms_api(client, creneau=SAMEDI_MATIN) == []


@pytest.mark.parametrize("instant", [JEUDI_APRES, SAMEDI_APRES])
def test_de_retour_la_semaine_suivante(client, conges, instant):
    with time_machine.travel(instant, tick=False):
        assert "Médiathèque de Concarneau" in resultats(client, creneau=SAMEDI_MATIN)
        assert noms_api(client, creneau=SAMEDI_MATIN) == ["Médiathèque de Concarneau"]


def test_ouvert_maintenant_carte_et_api(client, conges):
    with time_machine.travel(SAMEDI, tick=False):
        assert noms_api(client, ouvert_actuellement="true") == []
        assert "Médiathèque de Concarneau" not in resultats(client, ouvert_actuellement="true")
    with time_machine.travel(SAMEDI_APRES, tick=False):
        assert noms_api(client, ouvert_actuellement="true") == ["Médiathèque de Concarneau"]


def test_la_liste_dit_ferme_exceptionnellement(client, conges):
    with time_machine.travel(SAMEDI, tick=False):
        texte = resultats(client)
    bloc = texte[texte.index("Médiathèque de Concarneau"):][:3000]
    assert "Fermé exceptionnellement" in bloc


def test_bandeau_sur_la_page_du_lieu_pendant_et_peu_avant(client, conges):
    adresse = f"/lieux/{conges['concarneau'].uid}/"
    annonce = "Fermé du samedi 5 au lundi 7 décembre 2026 : congés"
    with time_machine.travel(JEUDI_AVANT, tick=False):
        assert annonce in html(client.get(adresse))
    with time_machine.travel(SAMEDI, tick=False):
        texte = html(client.get(adresse))
        assert annonce in texte and "Fermé exceptionnellement" in texte
    with time_machine.travel(JEUDI_APRES, tick=False):
        assert "Fermé du samedi" not in html(client.get(adresse))


def test_l_api_expose_la_fermeture(client, conges):
    uid = conges["concarneau"].uid
    with time_machine.travel(JEUDI_AVANT, tick=False):
        detail = client.get(f"/api/v1/lieux/{uid}/").json()
        liste = client.get("/api/v1/fermetures/", {"lieu": uid}).json()
    attendu = {"debut": "2026-12-05", "fin": "2026-12-07", "type": "fermeture", "horaires": "", "message": "congés"}
    assert detail["fermetures"] == [attendu]
    assert liste == [{"lieu": uid, **attendu}]
    with time_machine.travel(JEUDI_APRES, tick=False):
        assert client.get(f"/api/v1/lieux/{uid}/").json()["fermetures"] == []
    assert "fermetures" not in client.get("/api/v1/lieux/", {"commune": "29039"}).json()["results"][0]
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/fermetures/" in schema and "horaires_exceptionnels" in schema


def test_export_standard_inchange(finistere):
    lieux = Lieu.objects.filter(uid__in=[lieu.uid for lieu in finistere.values()]).order_by("uid")
    avant = "".join(exporte(lieux, "csv"))
    FermetureTemporaire.objects.create(lieu=finistere["concarneau"], debut=dt.date(2026, 12, 5),
                                       fin=dt.date(2026, 12, 7), message="congés")
    assert "".join(exporte(lieux, "csv")) == avant and "congés" not in avant


def test_le_lieu_declare_sa_fermeture_avec_son_invitation(client, finistere):
    lieu = finistere["brest"]
    invitation = Invitation.objects.create(lieu=lieu, courriel="accueil@brest.example.fr")
    adresse = f"/lieux/{lieu.uid}/fermeture/"
    assert client.get(adresse).status_code == 403
    assert "plus valable" in client.get(adresse, {"invitation": "faux"}).content.decode()
    jeton = creer_jeton(invitation)
    page = html(client.get(adresse, {"invitation": jeton}))
    assert '<label class="fr-label" for="id_debut">Premier jour' in page and "<legend" in page
    erreur = client.post(adresse, {"invitation": jeton, "debut": "2026-12-09", "fin": "2026-12-08",
                                   "type": "fermeture"})
    assert erreur.status_code == 400
    assert "Le dernier jour doit être le premier jour ou après." in erreur.content.decode()
    assert 'id="resume-erreurs"' in erreur.content.decode()
    with time_machine.travel(JEUDI_AVANT, tick=False):
        reponse = client.post(adresse, {"invitation": jeton, "debut": "2026-12-08", "fin": "2026-12-08",
                                        "type": "fermeture", "message": "<travaux>"})
        assert "sans &lt; ni &gt;" in reponse.content.decode()
        reponse = client.post(adresse, {"invitation": jeton, "debut": "2026-12-08", "fin": "2026-12-08",
                                        "type": "fermeture", "message": "travaux"})
        assert "C'est enregistré : Fermé le mardi 8 décembre 2026 : travaux." in reponse.content.decode()
    fermeture = FermetureTemporaire.objects.get(lieu=lieu)
    assert fermeture.courriel_declarant == "accueil@brest.example.fr" and fermeture.cree_par is None
    with time_machine.travel(dt.datetime(2026, 12, 8, 10, 0, tzinfo=PARIS), tick=False):
        assert noms_api(client, ouvert_actuellement="true", commune="29019") == []
    with time_machine.travel(JEUDI_AVANT, tick=False):
        assert re.search(r"Fermé le mardi 8 décembre 2026 : travaux", html(client.get(f"/lieux/{lieu.uid}/")))


def test_un_coordinateur_declare_pour_les_lieux_de_son_territoire(client, finistere, geographie):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from lieux.admin_coordinateurs import groupe_des_coordinateurs
    from tests.factories import coordinateur, creer_lieu

    compte = User.objects.create_user("coordinatrice-29", "c29@example.org", "x", is_staff=True)
    compte.groups.add(groupe_des_coordinateurs())
    coordinateur(compte, departements=["29"])
    client.force_login(compte)
    brest = finistere["brest"]
    url = reverse("admin:lieux_lieu_change", args=[brest.uid])
    reponse = client.get(url)
    assert reponse.status_code == 200
    inlines = [inline.formset for inline in reponse.context["inline_admin_formsets"]]
    assert "Fermetures temporaires et horaires exceptionnels (congés" in reponse.content.decode()
    donnees = {}
    for form in (reponse.context["adminform"].form,
                 *[f for formset in inlines for f in (formset.management_form, *formset.forms)]):
        for nom in form.fields:
            valeur = form[nom].value()
            if valeur is not None:
                donnees[form.add_prefix(nom)] = valeur if isinstance(valeur, list) else str(valeur)
    donnees |= {"fermetures-0-debut": "2026-12-24", "fermetures-0-fin": "2026-12-24",
                "fermetures-0-type": "horaires_exceptionnels", "fermetures-0-horaires": "09:00-12:00",
                "fermetures-0-message": "réveillon"}
    assert client.post(url, donnees).status_code == 302
    fermeture = FermetureTemporaire.objects.get(lieu=brest)
    assert fermeture.cree_par == compte and fermeture.horaires == "09:00-12:00"
    # a lieu outside the territory: its page (and so its closures) is refused
    angers = creer_lieu(nom="Médiathèque d'Angers")
    assert client.get(reverse("admin:lieux_lieu_change", args=[angers.uid])).status_code == 403
